"""The pages the engine fills, and every name the build writes, declared once.

A generated page has a template that adds sections after the body of its file in
content/pages/ (or stands alone when there is no such file). Rendering, validation and the
preview all read this registry, so a new generated page is one entry here and a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from collections.abc import Callable

from .document import MEDIA_FOLDER, TocEntry
from .messages import Messages
from .slugs import KIND_FOLDERS, slugify

if TYPE_CHECKING:  # the model reads this registry to add the pages that have no file
    from .declaration import ModelDeclaration
    from .model import Catalog


def _goals(catalog: Catalog) -> list[TocEntry]:
    return [TocEntry(g.slug, g.title) for g in catalog.goals]


@dataclass(frozen=True)
class GeneratedPage:
    slug: str
    template: str
    title: str  # when content/pages/ has no file for the page
    toc: Callable[[Catalog], list[TocEntry]] = lambda catalog: []  # "On this page" for the template's sections
    embeds_data: bool = False  # the JSON the browser widgets read (exports.browser_data)
    gathers_usecases: bool = True  # shows every use case's front matter: re-rendered when one changes


def generated_pages(model: ModelDeclaration, text: Callable[..., str] | None = None) -> dict[str, GeneratedPage]:
    """The generated pages of a catalog model, by slug: the items list's catalog page is named
    after its key. Titles are in the words of `text` (a Messages.text; English by default)."""
    text = text or Messages("en", (), model).text
    goals, usecases = model.goal.plural, model.usecase.plural
    pages = [
        GeneratedPage(
            "index",
            "overview.html",
            text("pages.overview"),
            toc=lambda catalog: [TocEntry("overview-goals", goals)],
            gathers_usecases=False,
        ),
        GeneratedPage("guide", "guide.html", text("pages.guide"), toc=_goals),
        # No "On this page": its per-goal sections stand in for the flow without JavaScript only
        # (decide.js hides them), so entries pointing at them would lead nowhere.
        GeneratedPage("decide", "decide.html", text("pages.decide"), embeds_data=True),
        GeneratedPage("plan", "plan.html", model.plan, embeds_data=True),
        GeneratedPage("compare", "compare.html", text("pages.compare"), embeds_data=True),
        GeneratedPage(
            "reference",
            "reference.html",
            text("pages.reference"),
            toc=lambda catalog: [
                TocEntry("matrix", f"{goals} × {usecases}"),
                TocEntry("all-pairings", text("reference.all_pairings")),
                *_goals(catalog),
            ],
        ),
    ]
    if model.items:
        key, plural = model.items.key, model.items.plural
        pages.append(
            GeneratedPage(
                key,
                "items.html",
                plural,
                toc=lambda catalog: [TocEntry(f"all-{key}", plural), *(TocEntry(e.anchor, e.name) for e in catalog.items)],
            )
        )
    return {page.slug: page for page in pages}


# What the build writes at the top of the site besides free pages' folders.
OUTPUT_NAMES = (
    f"{KIND_FOLDERS['goal']}/",
    f"{KIND_FOLDERS['usecase']}/",
    "assets/",
    MEDIA_FOLDER,
    "pagefind/",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "catalog.schema.json",
    "catalog.json",
    "_redirects",
    "llms.txt",
    "llms-full.txt",
)  # catalog.json last of the two: a page named catalog is told of it
# A free page `pages/<slug>.md` is written to <slug>/: these slugs would land inside, or be
# mistaken for, something the build writes (a name no slug can spell, like _redirects, needs no entry).
RESERVED_PAGE_SLUGS = {key: name for name in OUTPUT_NAMES if slugify(key := name.partition(".")[0].strip("/")) == key}
