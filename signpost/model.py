"""Stage 3, model: validated records -> plain dataclasses every page and table is rendered from.

Because the guide, the goal and use case pages, the reference tables, the items catalog and
catalog.json all read this one model, they cannot disagree with each other. Which lists a
pairing carries comes from the declared model (declaration.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, ClassVar, Literal, TypeAlias, TypeVar
from collections.abc import Callable, Iterable

from .collation import collation_key
from .declaration import ModelDeclaration
from .generated import generated_pages
from .load import Record
from .document import Document, linked_file
from .redirects import alias_targets
from .slugs import Kind, item_anchor, page_url, pairing_anchor, reference_anchor

_T = TypeVar("_T")


@dataclass(frozen=True)
class History:
    """Where the content folder sits in its repository, and each file's last commit date."""

    prefix: str  # e.g. "content/"
    dates: dict[str, datetime.date]
    source_date: datetime.date | None = None  # from SOURCE_DATE_EPOCH: latest date a page may show


@dataclass(frozen=True)
class TrackedItem:
    """An entry of the items list as one pairing asks for it: its name and its properties."""

    name: str
    properties: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return item_anchor(self.name)


@dataclass(frozen=True)
class Consideration:
    question: str
    usecase_slugs: tuple[str, ...]


# Each kind of page has its own member of slugs.Kind, so that `entry.kind == "goal"` tells a
# Page, a Goal and a UseCase apart for mypy as it does at run time.
@dataclass(eq=False)
class Page:
    kind: ClassVar[Literal["page"]] = "page"
    slug: str
    title: str
    description: str
    nav_order: int
    doc: Document
    source: str  # content-relative path, '' for a generated page with no file
    last_modified: datetime.date | None = None
    edit_path: str = ""  # path from the repository root, for "Edit this page"
    image: str = ""  # content path of the image link previews show (front matter's `image`)
    draft: bool = False  # built only by `serve` and `build --drafts`, with a banner
    hidden: bool = False  # built, but out of the navigation, sitemap, search and listings

    @property
    def url(self) -> str:
        return page_url(self.kind, self.slug)


@dataclass(eq=False)
class Goal:
    kind: ClassVar[Literal["goal"]] = "goal"
    slug: str
    title: str
    order: int
    helps_you: str
    summary: str
    considerations: list[Consideration]
    doc: Document
    source: str
    image: str = ""
    pairings: list[Pairing] = field(default_factory=list, repr=False)
    last_modified: datetime.date | None = None
    edit_path: str = ""
    draft: bool = False
    hidden: bool = False  # pages only: the schema has no `hidden` for goals and use cases

    @property
    def url(self) -> str:
        return page_url(self.kind, self.slug)

    @property
    def usecases(self) -> list[UseCase]:
        return [p.usecase for p in self.pairings]


@dataclass(eq=False)
class UseCase:
    kind: ClassVar[Literal["usecase"]] = "usecase"
    slug: str
    title: str
    summary: str
    doc: Document
    source: str
    image: str = ""
    pairings: list[Pairing] = field(default_factory=list, repr=False)
    last_modified: datetime.date | None = None
    edit_path: str = ""
    draft: bool = False
    hidden: bool = False  # pages only: the schema has no `hidden` for goals and use cases

    @property
    def url(self) -> str:
        return page_url(self.kind, self.slug)

    @property
    def goals(self) -> list[Goal]:
        return [p.goal for p in self.pairings]

    def pairing_for(self, goal: Goal) -> Pairing | None:
        return next((p for p in self.pairings if p.goal is goal), None)


# What a page of the site is built from (render's `entry`).
Entry: TypeAlias = Page | Goal | UseCase


@dataclass(eq=False)
class Pairing:
    """One use case serving one goal, with the data that is specific to the two together."""

    goal: Goal
    usecase: UseCase
    description: str
    helps_you: str
    lists: dict[str, tuple[Any, ...]]  # by list key: TrackedItems for the items list, strings for the others
    items: tuple[TrackedItem, ...] = ()  # the items list's entries (also in `lists`)

    @property
    def anchor(self) -> str:
        return pairing_anchor(self.goal.slug)

    @property
    def reference_anchor(self) -> str:
        return reference_anchor(self.goal.slug, self.usecase.slug)

    def tracked(self, name: str) -> TrackedItem:
        return next(e for e in self.items if e.name == name)


@dataclass(eq=False)
class Item:
    """An entry of the items list across the catalog: every property any pairing gives it, and
    the pairings that list it."""

    name: str
    properties: list[str]
    pairings: list[Pairing]

    @property
    def anchor(self) -> str:
        return item_anchor(self.name)

    @property
    def goal_titles(self) -> list[str]:
        return _unique(p.goal.title for p in self.pairings)

    def tags(self, key: str) -> list[str]:
        """The entries of the tags list `key` across the pairings that list this item."""
        return _unique(t for p in self.pairings for t in p.lists[key])


def _unique(items: Iterable[_T]) -> list[_T]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))


@dataclass(eq=False)
class Catalog:
    goals: list[Goal]
    usecases: list[UseCase]
    pairings: list[Pairing]
    items: list[Item]
    pages: list[Page]
    model: ModelDeclaration
    aliases: dict[str, str] = field(default_factory=dict)  # old URL -> the page's URL (aliases:, redirects.py)

    def page(self, slug: str) -> Page:
        return next(p for p in self.pages if p.slug == slug)

    @property
    def listed_pages(self) -> list[Page]:
        """The pages the navigation, the sitemap and catalog.json list: all but the hidden ones."""
        return [p for p in self.pages if not p.hidden]

    @property
    def items_page(self) -> Page | None:
        """The catalog page of the items list, when the model has one."""
        return self.page(self.model.items.key) if self.model.items else None

    @cached_property
    def _usecases_by_slug(self) -> dict[str, UseCase]:
        return {u.slug: u for u in self.usecases}

    def find_usecase(self, slug: str) -> UseCase:
        return self._usecases_by_slug[slug]

    def tags(self, key: str) -> list[str]:
        """Every entry of the tags list `key` any pairing names, in first-seen order."""
        return _unique(t for p in self.pairings for t in p.lists[key])


@lru_cache(maxsize=1 << 16)
def _tracked(name: str, properties: tuple[str, ...]) -> TrackedItem:
    """One TrackedItem per name and properties: pairings repeat them (the same event in many
    use cases), and building a frozen dataclass was most of the model's time at ~3,000 pages."""
    return TrackedItem(name, properties)


def build_catalog(
    records: list[Record],
    documents: dict[str, Document],
    model: ModelDeclaration,
    history: History | None = None,
    text: Callable[..., str] | None = None,
) -> Catalog:
    """Assemble the model from records that passed validation; `text` (the site's messages)
    titles the generated pages that have no file."""
    by_kind: dict[Kind, list[Record]] = {"goal": [], "usecase": [], "page": []}
    for r in records:
        by_kind[r.kind].append(r)

    goals = sorted(
        (
            Goal(
                r.slug,
                m["title"],
                m["order"],
                m["helps_you"],
                m["summary"],
                [Consideration(c["question"], tuple(c["use_cases"])) for c in m["considerations"]],
                documents[r.rel],
                r.rel,
            )
            for r in by_kind["goal"]
            for m in [r.meta]
        ),
        key=lambda g: (g.order, g.slug),  # orders are unique (validate.check_references)
    )
    usecases = [UseCase(r.slug, r.meta["title"], r.meta["summary"], documents[r.rel], r.rel) for r in by_kind["usecase"]]
    usecase_by_slug = {u.slug: u for u in usecases}
    entries = {(r.slug, e["goal"]): e for r in by_kind["usecase"] for e in r.meta["goals"]}
    goal_listing = {r.slug: r.meta["use_cases"] for r in by_kind["goal"]}

    pairings = []
    items_key = model.items.key if model.items else None
    for goal in goals:  # the goal's use_cases list sets the order pairings are shown in
        for slug in goal_listing[goal.slug]:
            e = entries[(slug, goal.slug)]
            usecase = usecase_by_slug[slug]
            lists = {
                d.key: tuple(_tracked(entry["name"], tuple(entry["properties"])) for entry in e.get(d.key) or ())
                if d.kind == "items"
                else tuple(e.get(d.key) or ())
                for d in model.lists
            }
            pairing = Pairing(goal, usecase, e["description"], e["helps_you"], lists, lists[items_key] if items_key else ())
            goal.pairings.append(pairing)
            pairings.append(pairing)
    for pairing in pairings:  # a use case lists its goals in goal order
        pairing.usecase.pairings.append(pairing)

    items: dict[str, Item] = {}
    for pairing in pairings:
        for tracked in pairing.items:
            item = items.setdefault(tracked.name, Item(tracked.name, [], []))
            item.properties += [p for p in tracked.properties if p not in item.properties]
            item.pairings.append(pairing)

    pages = [
        Page(r.slug, r.meta["title"], r.meta["description"], r.meta.get("nav_order", 100), documents[r.rel], r.rel)
        for r in by_kind["page"]
    ]
    present = {p.slug for p in pages}
    empty = Document("", (), frozenset())
    pages += [
        Page(slug, page.title, "", 100, empty, "") for slug, page in generated_pages(model, text).items() if slug not in present
    ]
    # Titles and names in the order readers expect (collation.py), not by code point.
    title_key = collation_key([*(u.title for u in usecases), *items, *(p.title for p in pages)])
    usecases.sort(key=lambda u: (title_key(u.title), u.slug))
    pages.sort(key=lambda p: (p.nav_order, title_key(p.title)))

    history = history or History("", {})
    meta = {r.rel: r.meta for r in records}
    every_page: list[Entry] = [*goals, *usecases, *pages]
    for entry in every_page:
        if entry.source:
            # The commit date is the truth; front matter speaks only for files git does not know.
            date = history.dates.get(entry.source) or meta[entry.source].get("last_modified") or history.source_date
            if date and history.source_date and date > history.source_date:
                date = history.source_date  # reproducible-builds convention: nothing newer than the epoch
            entry.last_modified = date
            entry.edit_path = history.prefix + entry.source
            image = meta[entry.source].get("image")
            link = linked_file(image, entry.source) if image else None
            assert link is not None or not image  # validate.check_images: an image is a content file
            entry.image = link.target if link else ""
            entry.draft, entry.hidden = meta[entry.source].get("draft") is True, meta[entry.source].get("hidden") is True
    aliases = {old: page_url(r.kind, r.slug) for old, r in alias_targets(records).items()}
    return Catalog(goals, usecases, pairings, sorted(items.values(), key=lambda e: title_key(e.name)), pages, model, aliases)
