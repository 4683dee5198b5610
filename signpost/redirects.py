"""Old addresses: `aliases:` in any file's front matter, checked, then written as redirects.

Each alias gets a small HTML page at the old URL (a meta refresh, a canonical link and a visible
link, so it works without JavaScript and on any static host) and one `_redirects` file lists them
all in the syntax Netlify and Cloudflare Pages read, so those hosts answer with a real 301.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING
from collections.abc import Iterator
from urllib.parse import urlsplit

from .generated import OUTPUT_NAMES, generated_pages
from .load import Record
from .problems import Problem, field_name
from .slugs import KIND_FOLDERS, page_url

if TYPE_CHECKING:  # settings imports validate, which reads alias_targets from here
    import jinja2

    from .declaration import ModelDeclaration
    from .settings import SiteConfig

_SAFE_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@%/-]+\Z")  # RFC 3986 path characters, nothing to escape


def alias_path(value: str) -> str | None:
    """An alias as a site-relative folder URL ('usecases/old-name/'), or None when it is not a
    plain path on this site (a full URL, a query, '..', or the home page itself)."""
    parts = urlsplit(value.strip())
    if parts.scheme or parts.netloc or parts.query or parts.fragment or not _SAFE_PATH.match(parts.path):
        return None
    path = parts.path.strip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")].rstrip("/")
    if not path or posixpath.normpath(path) != path or path.startswith("."):
        return None
    return path + "/"


def _aliases(record: Record) -> list[tuple[int, str]]:
    value = record.meta.get("aliases")
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def check_aliases(records: list[Record], model: ModelDeclaration) -> list[Problem]:
    """Every alias is a path of this site that no page, generated file or other alias takes."""
    problems = []
    taken = {page_url(r.kind, r.slug): f"the address of {r.path}" for r in records if r.slug}
    for slug in generated_pages(model):
        taken.setdefault(page_url("page", slug), f"the address of the generated page '{slug}'")
    # The build's own files and folders: an alias may live under goals/ or usecases/, not in assets/.
    reserved = {name.strip("/").partition(".")[0] for name in OUTPUT_NAMES} | set(KIND_FOLDERS.values())
    written_folders = {name.strip("/") for name in OUTPUT_NAMES if name.endswith("/")} - set(KIND_FOLDERS.values())
    claimed: dict[str, tuple[Record, int | None]] = {}
    for r in records:
        for i, value in _aliases(r):
            at = ("aliases", i)
            path = alias_path(value)
            if path is None:
                problems.append(
                    Problem(
                        r.path,
                        r.line(at),
                        field_name(at),
                        f"'{value}' is not a path of this site; write the old address as a path, such as /usecases/old-name/",
                    )
                )
            elif path in taken:
                problems.append(
                    Problem(r.path, r.line(at), field_name(at), f"'{value}' is {taken[path]}; an alias cannot take it")
                )
            elif path in claimed:
                other, line = claimed[path]
                where = f"{other.path}:{line}" if line else str(other.path)
                problems.append(
                    Problem(
                        r.path,
                        r.line(at),
                        field_name(at),
                        f"'{value}' is also an alias in {where}; an old address can lead to one page only",
                    )
                )
            elif path.rstrip("/") in reserved or path.split("/")[0] in written_folders:
                problems.append(
                    Problem(
                        r.path, r.line(at), field_name(at), f"'{value}' is a folder the build writes; an alias cannot take it"
                    )
                )
            else:
                claimed[path] = (r, r.line(at))
    return problems


def alias_targets(records: list[Record]) -> dict[str, Record]:
    """The record each valid alias leads to, by the alias's site-relative URL."""
    return {path: r for r in records for _, value in _aliases(r) if (path := alias_path(value))}


def redirect_files(targets: dict[str, str], config: SiteConfig, env: jinja2.Environment) -> Iterator[tuple[str, bytes]]:
    """A redirect page per alias and the _redirects file, from {alias URL: page URL} (site-relative)."""
    if not targets:
        return
    base, root = config.base_path, config.absolute_root or config.base_path
    template = env.get_template("redirect.html")
    for alias, target in sorted(targets.items()):
        html = template.render(target=base + target, canonical=root + target)
        yield alias + "index.html", html.encode("utf-8")
    lines = [f"{base}{alias} {base}{target} 301" for alias, target in sorted(targets.items())]
    yield "_redirects", ("\n".join(lines) + "\n").encode("utf-8")
