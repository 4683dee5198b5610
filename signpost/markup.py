"""Markdown in one place: Python-Markdown + pymdown-extensions, plus Signpost's link rewriting.

A link written as a relative path to another content file (`../usecases/x.md#events`) becomes
that page's URL; every such link is recorded so `validate` can check the target and anchor.
Conversion is cached by (file, text, base URL): the preview server converts each file once.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .slugs import event_anchor, markdown_slugify, page_url, slugify


@dataclass(frozen=True)
class TocEntry:
    id: str
    title: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True)
class Link:
    href: str  # as the author wrote it
    target: str  # content-relative path of the linked file ('' for the same page)
    anchor: str
    kind: str = "page"  # page, anchor (same page), file (copied to media/), outside, unsafe


# Files that pages link to (images, downloads) are copied here, under their content path.
MEDIA_FOLDER = "media/"


@dataclass(frozen=True)
class Document:
    html: str
    toc: tuple[TocEntry, ...]
    ids: frozenset[str]
    links: tuple[Link, ...] = field(default=())
    h1_titles: tuple[str, ...] = ()
    images_without_alt: tuple[str, ...] = ()  # their src, for a warning


def url_for_content_path(rel: str) -> str | None:
    """URL of the page built from a content-relative path like goals/x.md, if it is one."""
    folder, _, name = rel.partition("/")
    kinds = {"goals": "goal", "usecases": "usecase", "pages": "page"}
    if folder not in kinds or "/" in name or not name.endswith(".md"):
        return None
    return page_url(kinds[folder], slugify(name[:-3]))


SAFE_SCHEMES = {"http", "https", "mailto"}


class _LinkRewriter(Treeprocessor):
    """Rewrite and record every link: pages, anchors, files, and the ones that must not pass.

    Authors' Markdown is not trusted with markup: raw HTML is already escaped (see _markdown),
    and here attribute lists lose event handlers and inline styles, and a link or image whose
    URL has another scheme than http(s) or mailto (javascript:, data:, ...) or that leaves the
    content folder loses its URL and is reported by validate.
    """

    def __init__(self, md, base_url: str):
        super().__init__(md)
        self.base_url = base_url

    def run(self, root):
        source = self.md.signpost_source  # set by convert() before each run
        links = self.md.signpost_links
        self._link_event_mentions(root, self.md.signpost_events)
        self.md.signpost_images = [img.get("src", "") for img in root.iter("img") if not img.get("alt", "").strip()]
        for element in root.iter():
            for name in [n for n in element.attrib if n.lower().startswith("on") or n.lower() == "style"]:
                del element.attrib[name]
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute) is not None:
                link = self._classify(element.get(attribute), source)
                if link is None:
                    continue
                links.append(link)
                if link.kind in ("unsafe", "outside"):
                    del element.attrib[attribute]
                elif link.kind == "page" and url_for_content_path(link.target) is not None:
                    anchor = f"#{link.anchor}" if link.anchor else ""
                    element.set(attribute, self.base_url + url_for_content_path(link.target) + anchor)
                elif link.kind == "file":
                    element.set(attribute, self.base_url + MEDIA_FOLDER + link.target)

    @staticmethod
    def _classify(href: str, source: str) -> Link | None:
        """The Link an href or src stands for; None for links that need no check."""
        try:
            parts = urlsplit(href.strip())
        except ValueError:
            return Link(href, "", "", "unsafe")
        if parts.scheme:
            return None if parts.scheme.lower() in SAFE_SCHEMES else Link(href, "", "", "unsafe")
        if parts.netloc or href.startswith("/"):
            return None  # another host, or a site-absolute path: not ours to check
        if not parts.path:
            return Link(href, "", parts.fragment, "anchor")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
        if target == ".." or target.startswith("../") or posixpath.isabs(target):
            return Link(href, target, "", "outside")
        return Link(href, target, parts.fragment, "page" if target.endswith(".md") else "file")

    def _link_event_mentions(self, root, event_names: frozenset[str]) -> None:
        """An event name written as inline code (`Report Exported`) links to that event in the events catalog."""
        for parent in list(root.iter()):
            if parent.tag in ("a", "pre"):
                continue
            for index, child in enumerate(list(parent)):
                if child.tag == "code" and (child.text or "") in event_names:
                    link = etree.Element("a", {"href": f"{self.base_url}{page_url('page', 'events')}#{event_anchor(child.text)}"})
                    link.tail, child.tail = child.tail, None
                    parent.remove(child)
                    link.append(child)
                    parent.insert(index, link)


class _SignpostExtension(Extension):
    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url

    def extendMarkdown(self, md):
        # After inline links exist (priority 20 and above), before the toc collects headings.
        md.treeprocessors.register(_LinkRewriter(md, self.base_url), "signpost_links", 7)


_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


@lru_cache(maxsize=4)
def _markdown(base_url: str) -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=[
            "tables",
            "attr_list",
            "admonition",
            "toc",
            "pymdownx.superfences",
            "pymdownx.highlight",
            _SignpostExtension(base_url),
        ],
        extension_configs={
            "toc": {"toc_depth": "2-3", "slugify": markdown_slugify, "permalink": "#",
                    "permalink_class": "headerlink", "permalink_title": "Link to this section"},
            "pymdownx.highlight": {"guess_lang": False, "css_class": "highlight"},
        },
        output_format="html",
    )
    # Raw HTML in content is shown as text, never passed on as markup (the Python-Markdown
    # documentation's way to disable it), so no author can inject a script or a form.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def _toc(tokens: list[dict]) -> tuple[TocEntry, ...]:
    return tuple(TocEntry(t["id"], html.unescape(t["name"]), _toc(t["children"])) for t in tokens)


def _ids(tokens: list[dict]) -> set[str]:
    found = set()
    for t in tokens:
        found.add(t["id"])
        found |= _ids(t["children"])
    return found


@lru_cache(maxsize=4096)
def convert(text: str, source: str, base_url: str = "/", event_names: frozenset[str] = frozenset()) -> Document:
    """Convert one file's Markdown body; `source` is its content-relative path.

    Inline code naming one of `event_names` becomes a link to the events catalog.
    """
    md = _markdown(base_url)
    md.reset()
    md.signpost_source = source
    md.signpost_links = []
    md.signpost_events = event_names
    body = md.convert(text)
    # The page title is the page's only h1, so a body h1 is reported by validate.
    h1s = tuple(html.unescape(re.sub(r"<[^>]+>", "", _PERMALINK.sub("", m))) for m in _H1.findall(body))
    all_ids = _ids(md.toc_tokens) | _element_ids(body)
    return Document(body, _toc(md.toc_tokens), frozenset(all_ids), tuple(md.signpost_links), h1s,
                    tuple(md.signpost_images))


def _element_ids(body: str) -> set[str]:
    """Ids set by attribute lists on any element, so links may target them too."""
    found = set()
    start = body.find(' id="')
    while start != -1:
        end = body.find('"', start + 5)
        found.add(html.unescape(body[start + 5 : end]))
        start = body.find(' id="', end)
    return found
