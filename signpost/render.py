"""Stage 4, render: the Catalog -> {output path: bytes}, through Jinja2 templates.

The theme (templates, hashed assets) comes from `theme`, the JSON files from `exports`.
Jinja2 runs with StrictUndefined (a missing variable is a bug, not an empty string) and
autoescape; Markdown arrives already converted and is marked safe in one place, `body`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import jinja2

from .exports import browser_data, catalog_as_json
from .generated import generated_pages
from .machine import machine_files, markdown_files
from .document import TocEntry
from .model import Catalog, Entry, Goal, Page, UseCase
from .pagecache import PageCache, reading, watching
from .parallel import parallel_map
from .redirects import redirect_files
from .settings import SiteConfig
from .slugs import page_file
from .theme import NAV_SHOW_ALL, Theme

_T = TypeVar("_T")


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str | None  # None for the current page


class SiteRenderer:
    """Renders every page of one catalog; each render_* method returns (output path, text)."""

    def __init__(self, catalog: Catalog, config: SiteConfig, env: jinja2.Environment):
        self.catalog, self.config, self.env = catalog, config, env
        self.text = config.wording.text
        self.generated = generated_pages(catalog.model, self.text)
        self.guide = catalog.page("guide")

    # -- shared pieces -------------------------------------------------------------------------

    def _render(self, template: str, url: str, title: str, **context: Any) -> tuple[str, str]:
        context.setdefault("description", "")
        context.setdefault("toc", ())
        context.setdefault("crumbs", ())
        context.setdefault("pagers", ())
        # Goals whose use cases the navigation lists: all of them in a small catalog, else only
        # the goals of the current page, so that a page's size does not grow with the catalog.
        small = len(self.catalog.pairings) <= NAV_SHOW_ALL
        context["open_goals"] = tuple(g.slug for g in self.catalog.goals) if small else context.get("open_goals", ())
        context.setdefault("current_goal", "")  # a use case listed under several goals is current under this one
        context.setdefault("entry", None)  # the Goal, UseCase or Page the page is built from
        context.setdefault("data", None)  # JSON embedded for the browser widgets
        context.setdefault("search_meta", "")  # the goal(s) search results show for this page
        html = self.env.get_template(template).render(catalog=self.catalog, page_url=url, title=title, **context)
        return page_file(url), html

    def _crumbs(self, *trail: Crumb) -> tuple[Crumb, ...]:
        """Home / guide / ... / current; the last entry is the current page and is not linked."""
        crumbs = [Crumb(self.text("nav.home"), ""), *trail]
        return tuple(Crumb(c.title, None) if i == len(crumbs) - 1 else c for i, c in enumerate(crumbs))

    def _guide_crumb(self) -> Crumb:
        return Crumb(self.guide.title, self.guide.url)

    @staticmethod
    def _neighbours(items: Sequence[_T], item: _T) -> tuple[_T | None, _T | None]:
        i = items.index(item)
        return (items[i - 1] if i > 0 else None, items[i + 1] if i + 1 < len(items) else None)

    # -- pages ---------------------------------------------------------------------------------

    def render_free_page(self, page: Page) -> tuple[str, str]:
        generated = self.generated.get(page.slug)
        template = generated.template if generated else "page.html"
        extra = generated.toc(self.catalog) if generated else []
        crumbs = () if page.slug == "index" else self._crumbs(Crumb(page.title, page.url))
        data = browser_data(self.catalog, self.config) if generated and generated.embeds_data else None
        return self._render(
            template,
            page.url,
            page.title,
            page=page,
            entry=page,
            description=page.description,
            toc=tuple(page.doc.toc) + tuple(extra),
            crumbs=crumbs,
            data=data,
        )

    def render_goal_page(self, goal: Goal) -> tuple[str, str]:
        previous, following = self._neighbours(self.catalog.goals, goal)
        toc = tuple(goal.doc.toc) + (
            TocEntry("considerations", self.text("goal.considerations")),
            TocEntry("use-cases", self.catalog.model.usecase.plural),
        )
        return self._render(
            "goal.html",
            goal.url,
            goal.title,
            goal=goal,
            entry=goal,
            description=goal.summary,
            toc=toc,
            crumbs=self._crumbs(self._guide_crumb(), Crumb(goal.title, goal.url)),
            pagers=[(self.catalog.model.goal.plural, previous, following)],
            open_goals=(goal.slug,),
            search_meta=goal.title,
        )

    def render_usecase_page(self, usecase: UseCase) -> tuple[str, str]:
        first_goal = usecase.goals[0] if usecase.goals else None
        trail = [self._guide_crumb()] + ([Crumb(first_goal.title, first_goal.url)] if first_goal else [])
        toc = tuple(usecase.doc.toc) + tuple(
            TocEntry(p.anchor, self.text("usecase.for_goal", title=p.goal.title)) for p in usecase.pairings
        )
        pagers = [(p.goal.title, *self._neighbours(p.goal.usecases, usecase)) for p in usecase.pairings]
        return self._render(
            "usecase.html",
            usecase.url,
            usecase.title,
            usecase=usecase,
            entry=usecase,
            description=usecase.summary,
            toc=toc,
            crumbs=self._crumbs(*trail, Crumb(usecase.title, usecase.url)),
            pagers=pagers,
            open_goals=tuple(g.slug for g in usecase.goals),
            current_goal=first_goal.slug if first_goal else "",
            search_meta=", ".join(g.title for g in usecase.goals),
        )

    def render_entry(self, entry: Entry) -> tuple[str, str]:
        if entry.kind == "page":
            return self.render_free_page(entry)
        return self.render_goal_page(entry) if entry.kind == "goal" else self.render_usecase_page(entry)

    def render_404_page(self) -> tuple[str, str]:
        return self._render("404.html", "404.html", self.text("notfound.title"))

    # -- machine-readable files ----------------------------------------------------------------

    def render_sitemap(self, items: list[Entry]) -> list[tuple[str, str]]:
        """sitemap.xml, when the site's full address is known: the protocol wants absolute <loc>s."""
        root = self.config.absolute_root
        locations = [(root + item.url, item.last_modified) for item in items]
        return [("sitemap.xml", self.env.get_template("sitemap.xml").render(locations=locations))] if root else []

    def render_robots(self) -> tuple[str, str]:
        sitemap = f"Sitemap: {self.config.absolute_root}sitemap.xml\n" if self.config.absolute_root else ""
        return "robots.txt", f"User-agent: *\nAllow: /\n{sitemap}"

    def render_catalog_json(self) -> tuple[str, str]:
        text = json.dumps(catalog_as_json(self.catalog, self.config), indent=2, ensure_ascii=False)
        # Same data, but no "<", ">" or "&" anywhere: safe even if a page or a proxy treats it as HTML.
        for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
            text = text.replace(char, escaped)
        return "catalog.json", text + "\n"


def render_files(
    catalog: Catalog,
    config: SiteConfig,
    theme: Theme,
    wanted: Callable[[Entry], bool] | None = None,
    parallel: bool = True,
    site_files: bool = True,
    pages: PageCache | None = None,
    reads: dict[tuple[str, str], frozenset[str]] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every output file as (path inside the output folder, bytes), as it is rendered.

    `wanted(item)` picks which pages (Page, Goal or UseCase) to render; the default is all.
    The Markdown copies of those pages and llms-full.txt follow them (machine.py); `site_files`
    adds the sitemap, catalog.json, 404 page, robots.txt, llms.txt, catalog.schema.json and assets.
    With a page cache (`pages`), pages an earlier build rendered from the same content are read
    back instead of rendered. `reads` gets, for each page by (kind, slug), the content files
    whose bodies it shows (pagecache.WatchedDocument), for the preview to know what an edit alters.
    """
    wanted = wanted or (lambda item: True)
    renderer = SiteRenderer(catalog, config, theme.env)
    yield from _watched_pages(renderer, pages, wanted, parallel, {} if reads is None else reads)
    # Copies of the bodies too: a body-only edit renders them again, without the site files.
    yield from markdown_files(catalog, config, theme.markdown, None if site_files else wanted)
    if not site_files:
        return
    listed: list[Entry] = [*catalog.listed_pages, *catalog.goals, *catalog.usecases]
    for path, text in (
        renderer.render_404_page(),
        *renderer.render_sitemap(listed),
        renderer.render_robots(),
        renderer.render_catalog_json(),
    ):
        yield path, text.encode("utf-8")
    yield from machine_files(catalog, config)
    yield from redirect_files(catalog.aliases, config, theme.env)
    yield from theme.assets.values()


def _watched_pages(
    renderer: SiteRenderer,
    pages: PageCache | None,
    wanted: Callable[[Entry], bool],
    parallel: bool,
    reads: dict[tuple[str, str], frozenset[str]],
) -> Iterator[tuple[str, bytes]]:
    """The wanted pages, noting the bodies each one shows in `reads`: from the page cache where
    it holds them, else rendered (use cases over workers) and kept there.

    One page at a time: on a large catalog the whole-catalog pages are tens of MB each, and
    holding them all until the end was the largest part of a build's memory (measured)."""
    catalog = renderer.catalog
    render = reading(renderer.render_entry)

    def kept(item: Entry) -> tuple[str, bytes] | None:
        found = pages.get(item) if pages is not None else None
        if found is not None:
            reads[item.kind, item.slug] = found[2]
            return found[0], found[1]
        return None

    def rendered(item: Entry, path: str, text: str, shown: set[str]) -> tuple[str, bytes]:
        page = text.encode("utf-8")
        reads[item.kind, item.slug] = frozenset(shown)
        if pages is not None:
            pages.put(item, page, shown)
        return path, page

    with watching(catalog):
        pages_and_goals: list[Page | Goal] = [*catalog.pages, *catalog.goals]
        for item in filter(wanted, pages_and_goals):
            yield kept(item) or rendered(item, *render(item))
        missing = []
        for usecase in filter(wanted, catalog.usecases):
            found = kept(usecase)
            if found is None:
                missing.append(usecase)
            else:
                yield found
        for usecase, result in zip(missing, parallel_map(render, missing, parallel), strict=True):
            yield rendered(usecase, *result)


def render_site(
    catalog: Catalog,
    config: SiteConfig,
    theme: Theme,
    wanted: Callable[[Entry], bool] | None = None,
    parallel: bool = True,
    site_files: bool = True,
    pages: PageCache | None = None,
    reads: dict[tuple[str, str], frozenset[str]] | None = None,
) -> dict[str, bytes]:
    """render_files as a dict, for the preview, which keeps the last output to compare with."""
    return dict(render_files(catalog, config, theme, wanted, parallel, site_files, pages, reads))
