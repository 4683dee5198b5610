"""Check a built site: every internal link and asset points at a file, and every #fragment at an id.

    python -m signpost.linkcheck SITE_DIR [--base-url /prefix/]

Content links are already checked before rendering; this checks what the templates produced,
so CI can prove the deployable artifact has no broken link. Exit 1 lists every broken link.
"""
from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .settings import SiteConfig


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) and not (tag == "link" and attributes.get("rel") == "canonical"):
                self.links.append(attributes[name])


@lru_cache(maxsize=None)
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, base: str = "/") -> list[str]:
    """Every internal link of every HTML page under `site` that points nowhere."""
    _parse.cache_clear()
    problems = []
    for page_path in sorted(site.rglob("*.html")):
        for href in _parse(page_path).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # external: not ours to check offline
            shown = f"{page_path.relative_to(site)}: {href}"
            if not parts.path:
                target = page_path
            elif not parts.path.startswith(base):
                problems.append(f"{shown} (outside the base URL {base})")
                continue
            else:
                target = site / unquote(parts.path[len(base):])
                if parts.path.endswith("/"):
                    target = target / "index.html"
            if not target.is_file():
                problems.append(f"{shown} (no such file)")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
                problems.append(f"{shown} (no #{parts.fragment} there)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m signpost.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--base-url", default="/", help="the base URL the site was built with (default: /)")
    args = parser.parse_args(argv)
    base = SiteConfig(base_url=args.base_url).base_path  # the same rule the build used
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html; is this a built site?", file=sys.stderr)
        return 1
    problems = broken_links(args.site, base)
    for problem in problems:
        print(problem, file=sys.stderr)
    pages = len(list(args.site.rglob("*.html")))
    if problems:
        print(f"{len(problems)} broken links in {pages} pages.", file=sys.stderr)
        return 1
    print(f"All internal links of {pages} pages resolve.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
