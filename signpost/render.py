"""Stage 4, render: the Catalog -> {output path: bytes}, through Jinja2 templates.

One Jinja2 environment with StrictUndefined (a missing variable is a bug, not an empty string)
and autoescape; Markdown arrives already converted and is marked safe in one place, `body`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Token

from .markup import TocEntry
from .model import Catalog, Goal, Page, Pairing, UseCase
from .parallel import parallel_map

CATALOG_SCHEMA_VERSION = 1
# Templates of the pages the engine fills (model.GENERATED_PAGES).
PAGE_TEMPLATES = {"index": "overview.html", "guide": "guide.html", "decide": "decide.html", "plan": "plan.html",
                  "reference": "reference.html", "events": "events.html"}
# WCAG AA contrast in both themes (the accessible-pygments package).
HIGHLIGHT_STYLES = {"light": "a11y-light", "dark": "a11y-dark"}


@dataclass(frozen=True)
class SiteConfig:
    name: str = "Documentation"
    description: str = ""
    base_url: str = "/"  # where the site is served; a full URL also gives sitemap.xml its host
    language: str = "en"
    repo_url: str = ""
    edit_branch: str = "main"
    feedback_url: str = ""
    colors: tuple[tuple[str, str], ...] = ()
    preview: bool = False  # set by `build.py serve`: pages load the error overlay

    @classmethod
    def from_settings(cls, data: dict) -> "SiteConfig":
        """From validated signpost.yaml settings."""
        settings = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "colors"}
        return cls(**settings, colors=tuple(sorted((data.get("colors") or {}).items())))

    @property
    def content_security_policy(self) -> str:
        """No inline script, no third-party origin: only the site itself (and the feedback
        endpoint, when one is configured). Pagefind needs 'wasm-unsafe-eval' for its WebAssembly."""
        feedback = urlsplit(self.feedback_url)
        extra = f" {feedback.scheme}://{feedback.netloc}" if feedback.netloc else ""
        return ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
                f"font-src 'self'; connect-src 'self'{extra}; form-action 'self'{extra}; base-uri 'self'; "
                "object-src 'none'")

    def edit_url(self, edit_path: str) -> str:
        return f"{self.repo_url.rstrip('/')}/edit/{self.edit_branch}/{edit_path}" if self.repo_url and edit_path else ""

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def absolute_root(self) -> str:
        """The full URL of the site's root when known ('' otherwise)."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{self.base_path}" if parts.scheme and parts.netloc else ""


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str | None  # None for the current page


def build_assets(assets_dir: Path, config: SiteConfig) -> dict[str, tuple[str, bytes]]:
    """Every asset under a content-hashed name, so browsers may cache it forever."""
    out = {}
    for path in sorted(p for p in assets_dir.rglob("*") if p.is_file()):
        logical = path.relative_to(assets_dir).as_posix()
        out[logical] = _hashed(logical, path.read_bytes())
    out["css/highlight.css"] = _hashed("css/highlight.css", _highlight_css().encode())
    if config.colors:
        out["css/colors.css"] = _hashed("css/colors.css", _colors_css(config).encode())
    return out


def _hashed(logical: str, data: bytes) -> tuple[str, bytes]:
    stem, dot, ext = logical.rpartition(".")
    return f"assets/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}", data


def _highlight_css() -> str:
    """Code colours for both themes in one rule per token, switched by CSS light-dark().

    Pygments writes one stylesheet per style; merging two by hand halves the bytes and lets
    the theme toggle and the system preference both apply without a second copy.
    """
    light, dark = (get_style_by_name(HIGHLIGHT_STYLES[mode]) for mode in ("light", "dark"))
    text = {mode: style.style_for_token(Token.Text)["color"] or fallback
            for mode, style, fallback in (("light", light, "000000"), ("dark", dark, "ffffff"))}
    rules = [f".highlight {{ background: light-dark({light.background_color}, {dark.background_color}); "
             f"color: light-dark(#{text['light']}, #{text['dark']}); }}"]
    for token, css_class in sorted(STANDARD_TYPES.items(), key=lambda item: item[1]):
        if not css_class:
            continue
        lt, dk = light.style_for_token(token), dark.style_for_token(token)
        declarations = []
        if (lt["color"], dk["color"]) != (text["light"], text["dark"]) and (lt["color"] or dk["color"]):
            declarations.append(f"color: light-dark(#{lt['color'] or text['light']}, #{dk['color'] or text['dark']})")
        if lt["bold"]:
            declarations.append("font-weight: bold")
        if lt["italic"]:
            declarations.append("font-style: italic")
        if declarations:
            rules.append(f".highlight .{css_class} {{ {'; '.join(declarations)}; }}")
    return f"/* Generated from the Pygments styles {HIGHLIGHT_STYLES}. */\n" + "\n".join(rules) + "\n"


def _colors_css(config: SiteConfig) -> str:
    """The accent colours chosen in signpost.yaml, as overrides of the theme's custom properties."""
    names = {"accent": "--accent", "accent_dark": "--accent-dark"}
    return ":root {\n" + "".join(f"  {names[key]}: {value};\n" for key, value in config.colors) + "}\n"


# Beyond this many use cases a goal's list in the navigation shows a window around the current
# page and a link to the rest, so a page's size does not grow with the catalog.
NAV_LIMIT = 24
# Up to this many pairings, the navigation lists every goal's use cases on every page.
NAV_SHOW_ALL = 40


def nav_usecases(goal: Goal, current_url: str) -> tuple[list[UseCase], int]:
    """The use cases the navigation lists under `goal`, and how many it leaves out."""
    items = goal.usecases
    if len(items) <= NAV_LIMIT:
        return items, 0
    index = next((i for i, u in enumerate(items) if u.url == current_url), 0)
    start = max(0, min(index - NAV_LIMIT // 2, len(items) - NAV_LIMIT))
    return items[start:start + NAV_LIMIT], len(items) - NAV_LIMIT


def make_environment(templates_dir: Path, config: SiteConfig, assets: dict[str, tuple[str, bytes]]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        # Compiled templates are kept in the system's temporary folder between builds
        # (Jinja2 checks each template's source before reusing its compiled form).
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        site=config,
        url=lambda path="": config.base_path + path,
        asset=lambda logical: config.base_path + assets[logical][0],
        has_asset=lambda logical: logical in assets,
        nav_usecases=nav_usecases,
    )
    env.filters["body"] = lambda doc: Markup(doc.html)  # the one place rendered Markdown is trusted
    return env


class SiteRenderer:
    """Renders every page of one catalog; each render_* method returns (output path, text)."""

    def __init__(self, catalog: Catalog, config: SiteConfig, env: jinja2.Environment):
        self.catalog, self.config, self.env = catalog, config, env
        self.guide = catalog.page("guide")

    # -- shared pieces -------------------------------------------------------------------------

    def _render(self, template: str, url: str, title: str, **context) -> tuple[str, str]:
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
        html = self.env.get_template(template).render(
            catalog=self.catalog, page_url=url, title=title, **context)
        return (url + "index.html" if url.endswith("/") or url == "" else url), html

    def _crumbs(self, *trail) -> tuple[Crumb, ...]:
        """Home / guide / ... / current; the last entry is the current page and is not linked."""
        crumbs = [Crumb("Home", ""), *trail]
        return tuple(Crumb(c.title, None) if i == len(crumbs) - 1 else c for i, c in enumerate(crumbs))

    def _guide_crumb(self) -> Crumb:
        return Crumb(self.guide.title, self.guide.url)

    @staticmethod
    def _neighbours(items: list, item) -> tuple:
        i = items.index(item)
        return (items[i - 1] if i > 0 else None, items[i + 1] if i + 1 < len(items) else None)

    # -- pages ---------------------------------------------------------------------------------

    def render_free_page(self, page: Page) -> tuple[str, str]:
        template = PAGE_TEMPLATES.get(page.slug, "page.html")
        extra = self._generated_toc(template)
        crumbs = () if page.slug == "index" else self._crumbs(Crumb(page.title, page.url))
        data = browser_data(self.catalog, self.config) if template in ("decide.html", "plan.html") else None
        return self._render(template, page.url, page.title, page=page, entry=page, description=page.description,
                            toc=tuple(page.doc.toc) + tuple(extra), crumbs=crumbs, data=data)

    def _generated_toc(self, template: str) -> list[TocEntry]:
        """"On this page" entries for the sections a page template generates after the body."""
        goals = [TocEntry(g.slug, g.title) for g in self.catalog.goals]
        if template == "overview.html":
            return [TocEntry("overview-goals", "Business goals")]
        if template in ("guide.html", "decide.html"):
            return goals
        if template == "reference.html":
            return [TocEntry("matrix", "Goals and use cases"), TocEntry("all-pairings", "Every pairing")] + goals
        if template == "events.html":
            return [TocEntry("all-events", "All events")] + [TocEntry(e.anchor, e.name) for e in self.catalog.events]
        return []

    def render_goal_page(self, goal: Goal) -> tuple[str, str]:
        previous, following = self._neighbours(self.catalog.goals, goal)
        toc = tuple(goal.doc.toc) + (TocEntry("considerations", "Key considerations"), TocEntry("use-cases", "Use cases"))
        return self._render("goal.html", goal.url, goal.title, goal=goal, entry=goal, description=goal.summary, toc=toc,
                            crumbs=self._crumbs(self._guide_crumb(), Crumb(goal.title, goal.url)),
                            pagers=[("Goals", previous, following)], open_goals=(goal.slug,), search_meta=goal.title)

    def render_usecase_page(self, usecase: UseCase) -> tuple[str, str]:
        first_goal = usecase.goals[0] if usecase.goals else None
        trail = [self._guide_crumb()] + ([Crumb(first_goal.title, first_goal.url)] if first_goal else [])
        toc = tuple(usecase.doc.toc) + tuple(TocEntry(p.anchor, f"For {p.goal.title}") for p in usecase.pairings)
        pagers = [(p.goal.title, *self._neighbours(p.goal.usecases, usecase)) for p in usecase.pairings]
        return self._render("usecase.html", usecase.url, usecase.title, usecase=usecase, entry=usecase, description=usecase.summary,
                            toc=toc, crumbs=self._crumbs(*trail, Crumb(usecase.title, usecase.url)),
                            pagers=pagers, open_goals=tuple(g.slug for g in usecase.goals),
                            current_goal=first_goal.slug if first_goal else "",
                            search_meta=", ".join(g.title for g in usecase.goals))

    def render_404_page(self) -> tuple[str, str]:
        return self._render("404.html", "404.html", "Page not found")

    # -- machine-readable files ----------------------------------------------------------------

    def render_sitemap(self, urls: list[str]) -> tuple[str, str]:
        root = self.config.absolute_root or self.config.base_path
        return "sitemap.xml", self.env.get_template("sitemap.xml").render(locations=[root + u for u in urls])

    def render_robots(self) -> tuple[str, str]:
        sitemap = f"Sitemap: {self.config.absolute_root}sitemap.xml\n" if self.config.absolute_root else ""
        return "robots.txt", f"User-agent: *\nAllow: /\n{sitemap}"

    def render_catalog_json(self) -> tuple[str, str]:
        text = json.dumps(catalog_as_json(self.catalog, self.config), indent=2, ensure_ascii=False)
        # Same data, but no "<", ">" or "&" anywhere: safe even if a page or a proxy treats it as HTML.
        for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
            text = text.replace(char, escaped)
        return "catalog.json", text + "\n"


def _pairing_json(p: Pairing, base: str) -> dict:
    return {
        "goal": p.goal.slug,
        "use_case": p.usecase.slug,
        "url": f"{base}{p.usecase.url}#{p.anchor}",
        "description": p.description,
        "helps_you": p.helps_you,
        "events": [{"name": e.name, "properties": list(e.properties)} for e in p.events],
        "sources": list(p.sources),
        "destinations": list(p.destinations),
    }


def browser_data(catalog: Catalog, config: SiteConfig) -> dict:
    """What the decision flow and the plan builder need, embedded in their pages as JSON."""
    base = config.base_path
    return {
        "goals": [{"slug": g.slug, "title": g.title,
                   "considerations": [{"question": c.question, "use_cases": list(c.usecase_slugs)} for c in g.considerations]}
                  for g in catalog.goals],
        "pairings": [{"id": p.reference_anchor, "goal": p.goal.slug, "goal_title": p.goal.title,
                      "use_case": p.usecase.slug, "title": p.usecase.title,
                      "url": f"{base}{p.usecase.url}#{p.anchor}", "description": p.description,
                      "events": [{"name": e.name, "properties": list(e.properties)} for e in p.events],
                      "sources": list(p.sources), "destinations": list(p.destinations)}
                     for p in catalog.pairings],
    }


def catalog_as_json(catalog: Catalog, config: SiteConfig) -> dict:
    """The whole model as plain data; the shape is documented in docs/catalog.md."""
    base = config.base_path
    return {
        "schema_version": CATALOG_SCHEMA_VERSION,
        "site": {"name": config.name, "base_url": base},
        "goals": [{"slug": g.slug, "title": g.title, "url": base + g.url, "order": g.order, "helps_you": g.helps_you,
                   "summary": g.summary, "use_cases": [u.slug for u in g.usecases],
                   "considerations": [{"question": c.question, "use_cases": list(c.usecase_slugs)} for c in g.considerations]}
                  for g in catalog.goals],
        "use_cases": [{"slug": u.slug, "title": u.title, "url": base + u.url, "summary": u.summary,
                       "goals": [g.slug for g in u.goals]} for u in catalog.usecases],
        "pairings": [_pairing_json(p, base) for p in catalog.pairings],
        "events": [{"name": e.name, "url": f"{base}{catalog.page('events').url}#{e.anchor}", "properties": e.properties,
                    "used_by": [{"goal": p.goal.slug, "use_case": p.usecase.slug} for p in e.pairings]}
                   for e in catalog.events],
        "pages": [{"slug": p.slug, "title": p.title, "url": base + p.url} for p in catalog.pages],
    }


@dataclass
class Theme:
    """Compiled templates and hashed assets for one configuration; the preview reuses it."""

    env: jinja2.Environment
    assets: dict[str, tuple[str, bytes]]


def load_theme(templates_dir: Path, assets_dir: Path, config: SiteConfig) -> Theme:
    assets = build_assets(assets_dir, config)
    return Theme(make_environment(templates_dir, config, assets), assets)


def render_files(catalog: Catalog, config: SiteConfig, theme: Theme, wanted: Callable[[object], bool] | None = None,
                 parallel: bool = True, site_files: bool = True) -> Iterator[tuple[str, bytes]]:
    """Every output file as (path inside the output folder, bytes), as it is rendered.

    `wanted(item)` picks which pages (Page, Goal or UseCase) to render; the default is all.
    `site_files` adds the sitemap, catalog.json, 404 page, robots.txt and assets.
    """
    wanted = wanted or (lambda item: True)
    renderer = SiteRenderer(catalog, config, theme.env)
    pages = [renderer.render_free_page(p) for p in catalog.pages if wanted(p)]
    pages += [renderer.render_goal_page(g) for g in catalog.goals if wanted(g)]
    for path, text in pages:
        yield path, text.encode("utf-8")
    for path, text in parallel_map(renderer.render_usecase_page, [u for u in catalog.usecases if wanted(u)], parallel):
        yield path, text.encode("utf-8")
    if not site_files:
        return
    urls = [item.url for item in [*catalog.pages, *catalog.goals, *catalog.usecases]]
    for path, text in (renderer.render_404_page(), renderer.render_sitemap(urls), renderer.render_robots(),
                       renderer.render_catalog_json()):
        yield path, text.encode("utf-8")
    yield from theme.assets.values()


def render_site(catalog: Catalog, config: SiteConfig, theme: Theme, wanted: Callable[[object], bool] | None = None,
                parallel: bool = True, site_files: bool = True) -> dict[str, bytes]:
    """render_files as a dict, for the preview, which keeps the last output to compare with."""
    return dict(render_files(catalog, config, theme, wanted, parallel, site_files))
