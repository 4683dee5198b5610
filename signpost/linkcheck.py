"""Check a built site: every internal link and asset points at a file, and every #fragment at an id.

    python -m signpost.linkcheck SITE_DIR [--project DIR] [--base-url URL] [--external ...]

Content links are already checked before rendering; this checks what the templates produced,
so CI can prove the deployable artifact has no broken link. The base URL is the one the build
used: base_url in the project's signpost.yaml unless --base-url says otherwise. --external also
asks the web about every http(s) link (see external_links.py). Exit 1 lists every broken link.
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from .external_links import Checker, check_links, default_cache_file
from .problems import ContentError, UsageError, printable
from .settings import read_settings


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)  # a value is None for an attribute written without one
        if id_value := attributes.get("id"):
            self.ids.add(id_value)
        for name in ("href", "src"):
            value = attributes.get(name)
            if value and not (tag == "link" and attributes.get("rel") == "canonical"):
                self.links.append(value)


@cache
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
                target = site / unquote(parts.path[len(base) :])
                if parts.path.endswith("/"):
                    target = target / "index.html"
            if not target.is_file():
                problems.append(f"{shown} (no such file)")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
                problems.append(f"{shown} (no #{parts.fragment} there)")
    return problems


def external_links(site: Path) -> dict[str, list[str]]:
    """Every http(s) link of the site's pages (without its #fragment), with the pages using it."""
    pages: dict[str, list[str]] = {}
    for page_path in sorted(site.rglob("*.html")):
        for href in _parse(page_path).links:
            if urlsplit(href).scheme in ("http", "https"):
                users, page = pages.setdefault(urldefrag(href).url, []), str(page_path.relative_to(site))
                if not users or users[-1] != page:  # pages come in order: a repeat is the last one
                    users.append(page)
    return pages


def _count_of(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _seconds(text: str, least: float = 0.0) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not least <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds ({least:g} to 3600)")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or int(text) > 10:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to 10")
    return int(text)


def parse_args(argv: list[str] | None, prog: str = "python -m signpost.linkcheck") -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, metavar="SITE", help="the built site folder")
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder, whose signpost.yaml gives the base URL (default: the current folder)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="the base URL the site was built with (default: base_url in signpost.yaml in the project folder, else /)",
    )
    web = parser.add_argument_group("external links", "with --external, every http(s) link is asked for too")
    web.add_argument("--external", action="store_true", help="also check http(s) links on the web (default: off)")
    web.add_argument(
        "--timeout",
        type=lambda text: _seconds(text, least=0.01),
        default=10.0,
        metavar="SECONDS",
        help="seconds to wait for an answer (default: 10)",
    )
    web.add_argument(
        "--retries",
        type=_count,
        default=2,
        metavar="N",
        help="further tries after no answer, a 5xx or a 429, with pauses of 2, 4, ... s (default: 2)",
    )
    web.add_argument(
        "--interval",
        type=_seconds,
        default=1.0,
        metavar="SECONDS",
        help="least seconds between two requests to one host (default: 1)",
    )
    web.add_argument(
        "--cache",
        type=Path,
        metavar="FILE",
        help="the JSON file remembering answers for 24 hours (default: $XDG_CACHE_HOME/signpost/"
        "links.json, else ~/.cache/signpost/links.json)",
    )
    web.add_argument("--no-cache", action="store_true", help="ask about every link again, and remember nothing")
    return parser.parse_args(argv)


def base_path(project: Path, base_url: str | None) -> str:
    """The path the site's links start with: the same rule the build used."""
    if not project.is_dir():
        raise UsageError(f"--project {project}: no such folder")
    config, problems = read_settings(project, base_url)
    if problems:
        raise ContentError(problems)
    return config.base_path


def main(argv: list[str] | None = None, prog: str = "python -m signpost.linkcheck") -> int:
    """`prog` is how the user called it: `signpost linkcheck` runs this too."""
    args = parse_args(argv, prog)
    try:
        base = base_path(args.project, args.base_url)
        cache = None if args.no_cache else (args.cache or default_cache_file())
        if cache and cache.resolve().is_relative_to(args.site.resolve()):
            raise UsageError(f"--cache {cache}: the cache must not be inside the site it checks")
    except UsageError as err:
        print(printable(f"{prog}: error: {err}"), file=sys.stderr)
        return 2
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    if not (args.site / "index.html").is_file():
        print(printable(f"{args.site}: no index.html; is this a built site?"), file=sys.stderr)
        return 1
    problems = broken_links(args.site, base)
    for broken in problems:
        print(printable(broken), file=sys.stderr)
    pages = len(list(args.site.rglob("*.html")))
    if problems:
        print(f"{len(problems)} broken links in {pages} pages.", file=sys.stderr)
    else:
        print(f"All internal links of {pages} pages resolve.")
    broken_web = args.external and _check_external(args, cache)
    return 1 if problems or broken_web else 0


def _check_external(args: argparse.Namespace, cache: Path | None) -> bool:
    """Prints one line per broken web link with the pages using it; True when there is one."""
    links = external_links(args.site)
    checker = Checker(timeout=args.timeout, retries=args.retries, interval=args.interval)
    report = check_links(sorted(links), checker, cache)
    for warning in report.warnings:
        print(printable(f"warning: {warning}"), file=sys.stderr)
    broken = {url: result for url, result in report.results.items() if not result.ok}
    for url, result in sorted(broken.items()):
        users = links[url]
        shown = ", ".join(users[:5]) + (f" and {len(users) - 5} more" if len(users) > 5 else "")
        print(printable(f"{url}: {result.reason} (in {shown})"), file=sys.stderr)
    hosts = len({urlsplit(url).netloc for url in links})
    summary = f"{_count_of(len(links), 'external link')} on {_count_of(hosts, 'host')}, {report.cached} answered from the cache"
    if broken:
        print(f"{_count_of(len(broken), 'broken external link')} ({summary}).", file=sys.stderr)
    else:
        print(f"All external links work ({summary}).")
    return bool(broken)


if __name__ == "__main__":
    sys.exit(main())
