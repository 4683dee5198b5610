"""What tools read besides the pages: a Markdown copy of each page, /llms.txt and /llms-full.txt
(llmstxt.org) for AI tools, the JSON Schema of catalog.json, and the breadcrumb trail as JSON-LD.

All come from the same model as the pages, in the site's language (its messages and its
model's names), so they cannot disagree with what readers see.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .exports import CATALOG_SCHEMA_VERSION
from .document import MEDIA_FOLDER, Link, url_for_content_path
from .model import Catalog, Entry, Goal, Pairing
from .settings import SiteConfig

if TYPE_CHECKING:  # render imports this module
    from .render import Crumb

SCHEMA_FILE = "catalog.schema.json"
MARKDOWN_TWIN = "index.md"  # beside each page's index.html


def breadcrumb_list(config: SiteConfig, crumbs: Iterable[Crumb], page_url: str) -> dict[str, Any]:
    """The visible breadcrumb trail (render.Crumb, the last one the page itself) as schema.org
    JSON-LD, so search results show the same trail."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": config.link(page_url if crumb.url is None else crumb.url),
            }
            for position, crumb in enumerate(crumbs, 1)
        ],
    }


def machine_files(catalog: Catalog, config: SiteConfig) -> Iterator[tuple[str, bytes]]:
    """llms.txt and catalog.schema.json, as (path, bytes): they show only front matter."""
    yield "llms.txt", MarkdownWriter(catalog, config).llms_txt().encode("utf-8")
    yield SCHEMA_FILE, (json.dumps(catalog_schema(catalog, config), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def markdown_files(
    catalog: Catalog, config: SiteConfig, kept: dict[str, str], wanted: Callable[[Entry], bool] | None = None
) -> Iterator[tuple[str, bytes]]:
    """The Markdown copy of every page (only of the `wanted` ones, when given) and llms-full.txt,
    which gathers them. `kept` holds the copies between the preview's renders: one that renders
    only the pages an edit alters leaves the others' copies as they were, since a copy shows
    nothing its page does not."""
    writer = MarkdownWriter(catalog, config)
    every_page: list[Entry] = [*catalog.pages, *catalog.goals, *catalog.usecases]
    for item in every_page:
        if wanted is None or wanted(item) or item.url not in kept:
            kept[item.url] = writer.page(item)
            yield item.url + MARKDOWN_TWIN, kept[item.url].encode("utf-8")
    listed: list[Entry] = [*catalog.listed_pages, *catalog.goals, *catalog.usecases]
    yield "llms-full.txt", "\n".join([writer.header().rstrip("\n") + "\n", *(kept[item.url] for item in listed)]).encode("utf-8")


# -- Markdown -----------------------------------------------------------------------------------

# A link's destination as Markdown writes it: inline, ](href, or in a reference definition, [x]: href.
_DESTINATION = re.compile(r"(?P<before>\]\([ \t]*|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*)(?P<href><[^>\n]*>|[^\s)]+)", re.M)
_PLAIN = re.compile(r"[^\s<&\\\[\]|*_`]*(?: [^\s<&\\\[\]|*_`]+)*")  # text that needs no escaping


def _text(text: str) -> str:
    """Front matter text as Markdown prose on one line. No markup: front matter is text on the
    pages, so '<' is written &lt; (a Markdown viewer would read it as HTML otherwise)."""
    return re.sub(r"&(?=#?\w+;)", "&amp;", " ".join(text.split())).replace("<", "&lt;")


def _escaped(text: str) -> str:
    """Front matter text inside a link's brackets or a table cell, where Markdown reads these too."""
    if _PLAIN.fullmatch(text):  # most names: skip the work (a copy of every page is made per build)
        return text
    return re.sub(r"([\\\[\]|*_`])", r"\\\1", _text(text))


def _code(name: str) -> str:
    """A property name as code, as the pages show it, unless it holds what a code span cannot."""
    return f"`{name}`" if _PLAIN.fullmatch(name.replace("_", "").replace("*", "")) else _escaped(name)


def _destination(url: str) -> str:
    """A link destination; one with spaces or parentheses (a media file's name) goes in <...>."""
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def _page_link(link: Link) -> str:
    """The URL of a link to a page, with its #fragment; validate.check_links made sure there is a page."""
    url = url_for_content_path(link.target)
    assert url is not None
    return url + (f"#{link.anchor}" if link.anchor else "")


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table of cells already escaped (_escaped) or made of links."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


class MarkdownWriter:
    """The site's pages and lists as Markdown, with links that work from anywhere (absolute when
    the base URL is)."""

    def __init__(self, catalog: Catalog, config: SiteConfig):
        self.catalog, self.config, self.model = catalog, config, catalog.model
        self.text = config.wording.text

    def link(self, title: str, url: str) -> str:
        return f"[{_escaped(title)}]({_destination(self.config.link(url))})"

    def header(self) -> str:
        """The site's name and description, as llms.txt opens."""
        summary = f"> {_text(self.config.description)}\n\n" if self.config.description else ""
        return f"# {_text(self.config.name)}\n\n{summary}"

    def body(self, item: Entry) -> str:
        """The file's Markdown as written, its links to content files made into the site's URLs
        (a relative path would point elsewhere from the copy's address)."""
        urls = {
            link.href: MEDIA_FOLDER + link.target if link.kind == "file" else _page_link(link)
            for link in item.doc.links
            if link.kind in ("page", "file")
        }
        if not urls:
            return item.doc.markdown.strip()

        def rewritten(match: re.Match[str]) -> str:
            url = urls.get(match["href"].removeprefix("<").removesuffix(">"))
            return match[0] if url is None else match["before"] + _destination(self.config.link(url))

        return _DESTINATION.sub(rewritten, item.doc.markdown).strip()

    def page(self, item: Entry) -> str:
        """The Markdown copy of a page: its title, summary and body, and the tables a goal or a
        use case page shows."""
        summary = item.description if item.kind == "page" else item.summary
        parts = [f"# {_text(item.title)}", f"> {_text(summary)}" if summary else ""]
        if item.kind == "goal":
            parts += [self.text("helps.sentence", text=_text(item.helps_you)), self.body(item), *self.goal_sections(item)]
        elif item.kind == "usecase":
            links = ", ".join(self.link(goal.title, goal.url) for goal in item.goals)
            parts += [self.text("usecase.serves", links=links), self.body(item)]
            parts += [section for pairing in item.pairings for section in self.pairing_sections(pairing)]
        else:
            parts.append(self.body(item))
        return "\n\n".join(part for part in parts if part) + "\n"

    def goal_sections(self, goal: Goal) -> list[str]:
        considerations = []
        for c in goal.considerations:
            links = ", ".join(self.link(u.title, u.url) for u in map(self.catalog.find_usecase, c.usecase_slugs))
            considerations.append(f"- {_escaped(c.question)} {self.text('considerations.points_to', links=links)}")
        rows = [[self.link(p.usecase.title, f"{p.usecase.url}#{p.anchor}"), _escaped(p.description)] for p in goal.pairings]
        header = [_escaped(self.model.usecase.singular), _escaped(self.text("table.description"))]
        return [
            f"## {_text(self.text('goal.considerations'))}",
            "\n".join(considerations),
            f"## {_text(self.model.usecase.plural)}",
            _table(header, rows),
        ]

    def pairing_sections(self, pairing: Pairing) -> list[str]:
        """A use case's section for one goal: its description and every list, the items and the
        tags as tables."""
        model = self.model
        parts = [
            f"## {_text(self.text('usecase.for_goal', title=pairing.goal.title))}",
            _text(pairing.description),
            self.text("helps.sentence", text=_text(pairing.helps_you)),
        ]
        if model.items:
            items = model.items
            none = _escaped(self.text("items.none", name=items.properties))
            rows = [[_escaped(e.name), ", ".join(map(_code, e.properties)) or none] for e in pairing.items]
            parts += [f"### {_text(items.label)}", _table([_escaped(items.singular), _escaped(items.properties)], rows)]
        if model.tags:
            label = model.tags_label or ", ".join(d.label for d in model.tags)
            row = [_escaped(", ".join(pairing.lists[d.key])) for d in model.tags]
            parts += [f"### {_text(label)}", _table([_escaped(d.label) for d in model.tags], [row])]
        for d in model.texts:
            if pairing.lists[d.key]:  # an optional list left empty shows nothing, as on the page
                parts += [f"### {_text(d.label)}", "\n".join(f"- {_text(t)}" for t in pairing.lists[d.key])]
        return parts

    def llms_txt(self) -> str:
        """llmstxt.org: the site's name, its summary, then a list of links per section."""

        def section(title: str, entries: list[tuple[str, str, str]]) -> str:
            lines = [f"- {self.link(name, url)}" + (f": {_text(note)}" if note else "") for name, url, note in entries]
            return f"## {_text(title)}\n\n" + "\n".join(lines) + "\n"

        catalog = self.catalog
        return "\n".join(
            [
                self.header() + self.text("llms.markdown", file=MARKDOWN_TWIN) + "\n",
                section(self.model.goal.plural, [(g.title, g.url, g.summary) for g in catalog.goals]),
                section(self.model.usecase.plural, [(u.title, u.url, u.summary) for u in catalog.usecases]),
                section(self.text("llms.pages"), [(p.title, p.url, p.description) for p in catalog.listed_pages]),
                section(
                    self.text("llms.files"),
                    [
                        ("llms-full.txt", "llms-full.txt", self.text("llms.full")),
                        ("catalog.json", "catalog.json", self.text("llms.catalog")),
                        (SCHEMA_FILE, SCHEMA_FILE, self.text("llms.schema")),
                    ],
                ),
            ]
        )


# -- JSON Schema of catalog.json ---------------------------------------------------------------


def catalog_schema(catalog: Catalog, config: SiteConfig) -> dict[str, Any]:
    """catalog.json's shape (docs/catalog.md) as a JSON Schema, with this site's lists. Objects
    stay open: new fields may be added without a new schema_version."""
    text, url, whole = {"type": "string"}, {"type": "string", "format": "uri-reference"}, {"type": "integer"}
    texts = {"type": "array", "items": text}

    def record(**properties: Any) -> dict[str, Any]:
        return {"type": "object", "properties": properties, "required": list(properties)}

    def array(items: dict[str, Any]) -> dict[str, Any]:
        return {"type": "array", "items": items}

    names = record(singular=text, plural=text)
    entry = record(name=text, properties=texts)
    lists = record(**{d.key: array(entry if d.kind == "items" else text) for d in catalog.model.lists})
    declared = record(
        key=text,
        kind={"enum": ["items", "tags", "text"]},
        label=text,
        singular=text,
        plural=text,
        required={"type": "boolean"},
        properties=text,
    )
    pair = record(goal=text, use_case=text)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": config.absolute_root + SCHEMA_FILE if config.absolute_root else None,
        "title": "catalog.json",
        **record(
            schema_version={"const": CATALOG_SCHEMA_VERSION},
            site=record(name=text, base_url=text),
            model=record(goal=names, use_case=names, plan=text, tags_label=text, lists=array(declared)),
            goals=array(
                record(
                    slug=text,
                    title=text,
                    url=url,
                    order=whole,
                    helps_you=text,
                    summary=text,
                    use_cases=texts,
                    considerations=array(record(question=text, use_cases=texts)),
                )
            ),
            use_cases=array(record(slug=text, title=text, url=url, summary=text, goals=texts)),
            pairings=array(record(goal=text, use_case=text, url=url, description=text, helps_you=text, lists=lists)),
            items=array(record(name=text, url=url, properties=texts, used_by=array(pair))),
            pages=array(record(slug=text, title=text, url=url)),
        ),
    }
    return {key: value for key, value in schema.items() if value is not None}
