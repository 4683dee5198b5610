"""What a converted Markdown body is (Document, its headings, its links) and where its links
lead: everything the stages after conversion need, without Python-Markdown.

Kept apart from markup.py so that a build whose bodies all come from the build cache never
imports the Markdown libraries (about 30 ms of each start).
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias
from urllib.parse import unquote, urlsplit

from .images import image_size
from .slugs import Kind, page_url, slugify


@dataclass(frozen=True)
class TocEntry:
    id: str
    title: str
    children: tuple[TocEntry, ...] = ()


# What a link points to: a page, an anchor of the same page, a file (copied to media/), or
# somewhere it may not: outside the content folder, or an unsafe URL.
LinkKind: TypeAlias = Literal["page", "anchor", "file", "outside", "unsafe"]


@dataclass(frozen=True)
class Link:
    href: str  # as the author wrote it
    target: str  # content-relative path of the linked file ('' for the same page)
    anchor: str
    kind: LinkKind = "page"


# Files that pages link to (images, downloads) are copied here, under their content path.
MEDIA_FOLDER = "media/"


@dataclass(frozen=True)
class BodyProblem:
    message: str
    needle: str = ""  # text to locate the line: the first body line containing it


@dataclass(frozen=True)
class Document:
    html: str
    toc: tuple[TocEntry, ...]
    ids: frozenset[str]
    links: tuple[Link, ...] = field(default=())
    h1_titles: tuple[str, ...] = ()
    images_without_alt: tuple[str, ...] = ()  # their src, for a warning
    problems: tuple[BodyProblem, ...] = ()
    markdown: str = ""  # the body as written, for the Markdown copies of the pages (machine.py)


def url_for_content_path(rel: str) -> str | None:
    """URL of the page built from a content-relative path like goals/x.md, if it is one."""
    folder, _, name = rel.partition("/")
    kinds: dict[str, Kind] = {"goals": "goal", "usecases": "usecase", "pages": "page"}
    if folder not in kinds or "/" in name or not name.endswith(".md"):
        return None
    return page_url(kinds[folder], slugify(name[:-3]))


def linked_file(href: str, source: str) -> Link | None:
    """What a path written in the file `source` points to, read as a link of its body is
    (front matter's `image`); None for a web address."""
    return classify_link(href, source)


SAFE_SCHEMES = {"http", "https", "mailto"}


def classify_link(href: str, source: str) -> Link | None:
    """The Link an href or src of the file `source` stands for; None for links that need no check."""
    url = html.unescape(href)  # what the browser follows: entities are decoded in attributes
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return Link(href, "", "", "unsafe")
    if parts.scheme:
        return None if parts.scheme.lower() in SAFE_SCHEMES else Link(href, "", "", "unsafe")
    if parts.netloc or url.startswith("/"):
        return None  # another host, or a site-absolute path: not ours to check
    if not parts.path:
        return Link(href, "", parts.fragment, "anchor")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
    if target == ".." or target.startswith("../") or posixpath.isabs(target):
        return Link(href, target, "", "outside")
    return Link(href, target, parts.fragment, "page" if target.endswith(".md") else "file")


def image_size_in(content_dir: str, target: str) -> tuple[int, int] | None:
    """The size of the image at content path `target`, as conversion reads it (cache.py compares it)."""
    try:
        root = Path(content_dir).resolve()
        path = (root / target).resolve()
    except (OSError, ValueError):  # a NUL in the link, a loop of symbolic links: validate reports it
        return None
    # Only a file inside the content folder: a symbolic link may lead out (validate reports it).
    return image_size(path) if path.is_relative_to(root) and path.is_file() else None


ImageSizes: TypeAlias = tuple[tuple[int, int] | None, ...]


def linked_sizes(document: Document, content_dir: str) -> ImageSizes:
    """The sizes, as conversion reads them, of the files a document links: the one input of a
    conversion that is not among convert()'s arguments."""
    return tuple(image_size_in(content_dir, link.target) for link in document.links if link.kind == "file")
