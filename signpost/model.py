"""Stage 3, model: validated records -> plain dataclasses every page and table is rendered from.

Because the guide, the goal and use case pages, the reference tables, the events catalog and
catalog.json all read this one model, they cannot disagree with each other.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from .generated import GENERATED_PAGES
from .load import Record
from .markup import Document
from .slugs import event_anchor, page_url, pairing_anchor, reference_anchor

@dataclass(frozen=True)
class History:
    """Where the content folder sits in its repository, and each file's last commit date."""

    prefix: str  # e.g. "content/"
    dates: dict[str, datetime.date]
    source_date: datetime.date | None = None  # from SOURCE_DATE_EPOCH: latest date a page may show


@dataclass(frozen=True)
class TrackedEvent:
    """An event as one pairing asks for it: its name and the properties to send."""

    name: str
    properties: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return event_anchor(self.name)


@dataclass(frozen=True)
class Consideration:
    question: str
    usecase_slugs: tuple[str, ...]


@dataclass(eq=False)
class Page:
    kind: ClassVar[str] = "page"
    slug: str
    title: str
    description: str
    nav_order: int
    doc: Document
    source: str  # content-relative path, '' for a generated page with no file
    last_modified: datetime.date | None = None
    edit_path: str = ""  # path from the repository root, for "Edit this page"

    @property
    def url(self) -> str:
        return page_url(self.kind, self.slug)


@dataclass(eq=False)
class Goal:
    kind: ClassVar[str] = "goal"
    slug: str
    title: str
    order: int
    helps_you: str
    summary: str
    considerations: list[Consideration]
    doc: Document
    source: str
    pairings: list["Pairing"] = field(default_factory=list, repr=False)
    last_modified: datetime.date | None = None
    edit_path: str = ""

    @property
    def url(self) -> str:
        return page_url(self.kind, self.slug)

    @property
    def usecases(self) -> list["UseCase"]:
        return [p.usecase for p in self.pairings]


@dataclass(eq=False)
class UseCase:
    kind: ClassVar[str] = "usecase"
    slug: str
    title: str
    summary: str
    doc: Document
    source: str
    pairings: list["Pairing"] = field(default_factory=list, repr=False)
    last_modified: datetime.date | None = None
    edit_path: str = ""

    @property
    def url(self) -> str:
        return page_url(self.kind, self.slug)

    @property
    def goals(self) -> list[Goal]:
        return [p.goal for p in self.pairings]

    def pairing_for(self, goal: Goal) -> "Pairing | None":
        return next((p for p in self.pairings if p.goal is goal), None)


@dataclass(eq=False)
class Pairing:
    """One use case serving one goal, with the data that is specific to the two together."""

    goal: Goal
    usecase: UseCase
    description: str
    helps_you: str
    events: tuple[TrackedEvent, ...]
    sources: tuple[str, ...]
    destinations: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return pairing_anchor(self.goal.slug)

    @property
    def reference_anchor(self) -> str:
        return reference_anchor(self.goal.slug, self.usecase.slug)

    def tracked(self, event_name: str) -> TrackedEvent:
        return next(e for e in self.events if e.name == event_name)


@dataclass(eq=False)
class Event:
    """An event across the catalog: every property any pairing sends, and who needs it."""

    name: str
    properties: list[str]
    pairings: list[Pairing]

    @property
    def anchor(self) -> str:
        return event_anchor(self.name)

    @property
    def goal_titles(self) -> list[str]:
        return _unique(p.goal.title for p in self.pairings)

    @property
    def sources(self) -> list[str]:
        return _unique(s for p in self.pairings for s in p.sources)

    @property
    def destinations(self) -> list[str]:
        return _unique(d for p in self.pairings for d in p.destinations)


def _unique(items) -> list:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))


@dataclass(eq=False)
class Catalog:
    goals: list[Goal]
    usecases: list[UseCase]
    pairings: list[Pairing]
    events: list[Event]
    pages: list[Page]

    def page(self, slug: str) -> Page:
        return next(p for p in self.pages if p.slug == slug)

    @cached_property
    def _usecases_by_slug(self) -> dict[str, UseCase]:
        return {u.slug: u for u in self.usecases}

    def find_usecase(self, slug: str) -> UseCase:
        return self._usecases_by_slug[slug]


def build_catalog(records: list[Record], documents: dict[str, Document], history: History | None = None) -> Catalog:
    """Assemble the model from records that passed validation."""
    by_kind: dict[str, list[Record]] = {"goal": [], "usecase": [], "page": []}
    for r in records:
        by_kind[r.kind].append(r)

    goals = sorted(
        (Goal(r.slug, m["title"], m["order"], m["helps_you"], m["summary"],
              [Consideration(c["question"], tuple(c["use_cases"])) for c in m["considerations"]],
              documents[r.rel], r.rel)
         for r in by_kind["goal"] for m in [r.meta]),
        key=lambda g: (g.order, g.title),
    )
    usecases = sorted(
        (UseCase(r.slug, r.meta["title"], r.meta["summary"], documents[r.rel], r.rel) for r in by_kind["usecase"]),
        key=lambda u: (u.title.casefold(), u.slug),
    )
    usecase_by_slug = {u.slug: u for u in usecases}
    entries = {(r.slug, e["goal"]): e for r in by_kind["usecase"] for e in r.meta["goals"]}
    goal_listing = {r.slug: r.meta["use_cases"] for r in by_kind["goal"]}

    pairings = []
    for goal in goals:  # the goal's use_cases list sets the order pairings are shown in
        for slug in goal_listing[goal.slug]:
            e = entries[(slug, goal.slug)]
            usecase = usecase_by_slug[slug]
            events = tuple(TrackedEvent(ev["name"], tuple(ev["properties"])) for ev in e["events"])
            pairing = Pairing(goal, usecase, e["description"], e["helps_you"], events,
                              tuple(e["sources"]), tuple(e["destinations"]))
            goal.pairings.append(pairing)
            pairings.append(pairing)
    for pairing in pairings:  # a use case lists its goals in goal order
        pairing.usecase.pairings.append(pairing)

    events: dict[str, Event] = {}
    for pairing in pairings:
        for tracked in pairing.events:
            event = events.setdefault(tracked.name, Event(tracked.name, [], []))
            event.properties += [p for p in tracked.properties if p not in event.properties]
            event.pairings.append(pairing)

    pages = [Page(r.slug, r.meta["title"], r.meta["description"], r.meta.get("nav_order", 100), documents[r.rel], r.rel)
             for r in by_kind["page"]]
    present = {p.slug for p in pages}
    empty = Document("", (), frozenset())
    pages += [Page(slug, page.title, "", 100, empty, "") for slug, page in GENERATED_PAGES.items() if slug not in present]
    pages.sort(key=lambda p: (p.nav_order, p.title.casefold()))

    history = history or History("", {})
    meta = {r.rel: r.meta for r in records}
    for item in [*goals, *usecases, *pages]:
        if item.source:
            # The commit date is the truth; front matter speaks only for files git does not know.
            date = history.dates.get(item.source) or meta[item.source].get("last_modified") or history.source_date
            if date and history.source_date and date > history.source_date:
                date = history.source_date  # reproducible-builds convention: nothing newer than the epoch
            item.last_modified = date
            item.edit_path = history.prefix + item.source
    return Catalog(goals, usecases, pairings, sorted(events.values(), key=lambda e: e.name.casefold()), pages)
