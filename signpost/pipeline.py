"""The stages strung together: read everything and check it, then render and write.

Nothing is rendered until every file has been loaded and validated (two phases, as in MkDocs),
and the old site is not replaced until every file of the new one is written and indexed.
"""

from __future__ import annotations

import datetime
import os
import time
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator

from .cache import MarkdownCache
from .pagecache import PageCache, body_fingerprints, site_key
from .load import LoadCache, Record, display_path, load_content, load_history
from .document import MEDIA_FOLDER, Document, linked_file
from .generated import generated_pages
from .declaration import ModelDeclaration
from .model import Catalog, History, build_catalog
from .parallel import parallel_map
from .redirects import check_aliases
from .problems import ContentError, Problem, UsageError, sort_problems
from .render import render_files
from .settings import SiteConfig, read_settings, relative_base_warning
from .slugs import KIND_FOLDERS
from .search import IndexCache, index_site
from .theme import Theme, load_theme, overrides_dir
from .validate import (
    anchor_targets,
    check_anchors,
    check_images,
    check_links,
    check_orphans,
    check_references,
    check_schema,
    item_names,
    rendered_ids,
)
from .write import claim_output, write_site

# The built-in templates and assets live at the repository's top level; the wheel ships them
# inside the package as signpost/builtin/ (see pyproject.toml), which wins when it is there.
_PACKAGE_DIR = Path(__file__).resolve().parent
THEME_DIR = _PACKAGE_DIR / "builtin" if (_PACKAGE_DIR / "builtin").is_dir() else _PACKAGE_DIR.parent
TEMPLATES_DIR = THEME_DIR / "templates"
ASSETS_DIR = THEME_DIR / "assets"


def project_theme(content_dir: Path, config: SiteConfig) -> Theme:
    """The built-in theme with the project's overrides (theme/ or theme_dir) laid over it."""
    # The social image goes with the theme's files: under a hashed name, a new image gets a new address.
    social = {config.social_asset: (content_dir.parent / config.social_image).read_bytes()} if config.social_image else {}
    return load_theme(TEMPLATES_DIR, ASSETS_DIR, config, overrides_dir(content_dir.parent, config), social)


@dataclass
class BuildResult:
    pages: int
    files: int
    seconds: float
    warnings: list[Problem]
    converted: int = 0  # Markdown files converted in this run
    reused: int = 0  # Markdown files taken from the build cache instead
    rendered: int = 0  # pages rendered, when the build cache kept pages (pagecache.py)
    kept: int = 0  # pages taken from the build cache instead
    index_kept: bool = False  # the search index was taken from the build cache (search.IndexCache)
    notices: list[str] = field(default_factory=list)  # about the build cache; never about content


def source_date_epoch() -> tuple[int | None, datetime.date | None]:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as seconds and as a UTC date, when set.

    A malformed value stops the build, as the specification asks, rather than being ignored.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None, None
    try:
        seconds = int(value) if value.isdigit() else None
        date = datetime.datetime.fromtimestamp(seconds, datetime.UTC).date() if seconds is not None else None
    except (OverflowError, OSError, ValueError):
        date = None
    if date is None:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={value[:40]!r} must be a whole number of seconds since 1970 "
            "before the year 10000, such as the output of: git log -1 --format=%ct"
        )
    return seconds, date


@dataclass
class Project:
    """Everything read and checked from a content folder: the input of rendering."""

    catalog: Catalog
    config: SiteConfig
    records: list[Record]
    warnings: list[Problem]
    media: dict[str, bytes]  # files pages link to, by output path (media/<content path>)
    item_names: frozenset[str]  # of the items list, for linking mentions in bodies
    documents: dict[str, Document]  # converted Markdown, by content path
    front_matter_warnings: list[Problem] = field(default_factory=list)  # the warnings not about bodies


def check_rendered(project: Project, ids: Callable[[str], frozenset[str]], strict: bool) -> None:
    """The second phase of checks, once the pages are rendered: link #fragments against the ids
    the pages really have (`ids(output file)`), and with --strict the warnings. Raises ContentError."""
    problems = check_anchors(project.records, project.documents, ids)
    if strict:
        problems += [replace(w, warning=False) for w in project.warnings]
    if problems:
        raise ContentError(problems)


def read_project(content_dir: Path, base_url: str | None = None) -> tuple[Catalog, SiteConfig, list[Problem]]:
    """Load and validate everything; raise ContentError listing every problem found."""
    project = load_project(content_dir, base_url)
    return project.catalog, project.config, project.warnings


def load_project(
    content_dir: Path,
    base_url: str | None = None,
    cache: LoadCache | None = None,
    history: History | None = None,
    parallel: bool = True,
    drafts: bool = False,
    build_cache: MarkdownCache | None = None,
) -> Project:
    """read_project, keeping the records (the preview compares them between builds).

    The preview passes a load `cache` and the git `history` it read once, to skip both. Files
    marked `draft: true` are left out unless `drafts` (the preview and `build --drafts`). With a
    `build_cache`, Markdown converted by an earlier run is read back instead of converted again.
    """
    config, problems = read_settings(content_dir.parent, base_url)
    records, load_problems, unreadable = load_content(content_dir, cache)
    left_out = [] if drafts else [r for r in records if r.meta.get("draft") is True]
    records = [r for r in records if r not in left_out]
    problems += load_problems
    model = config.model
    problems += check_schema(records, model)
    problems += check_references(records, model, unreadable, {(r.kind, r.slug): r for r in left_out})
    problems += check_aliases(records, model)
    names = item_names(records, model)
    items_page = model.items.key if model.items else ""  # the items catalog page is named after its list

    def convert_many(jobs: list[tuple[str, str]]) -> list[Document]:
        if not jobs:  # every body came from the build cache: Python-Markdown need not even be imported
            return []
        from .markup import convert  # 30 ms of imports (Python-Markdown, pymdown-extensions)

        return list(
            parallel_map(
                lambda job: convert(job[0], job[1], config.base_path, names, items_page, str(content_dir)), jobs, allowed=parallel
            )
        )

    jobs = [(r.body, r.rel) for r in records]
    if build_cache is None:
        converted = convert_many(jobs)
    else:
        settings = (config.base_path, sorted(names), items_page)  # with the text and path: all convert() reads
        converted = build_cache.convert_all(jobs, settings, str(content_dir), convert_many)
        if cache is not None:  # the preview (it keeps a load cache): its next rebuild converts from memory
            from .markup import remember

            for (text, source), document in zip(jobs, converted, strict=True):
                remember(document, text, source, config.base_path, names, items_page, str(content_dir))
    documents = {r.rel: doc for r, doc in zip(records, converted, strict=True)}
    problems += check_images(records, content_dir)
    front_matter = [p for p in problems if p.warning]  # what an edit of bodies alone leaves as it was
    problems += check_bodies(records, documents, model, content_dir, unreadable, {r.rel: r for r in left_out})
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors)
    history = history or History(*load_history(content_dir), source_date=source_date_epoch()[1])
    warnings = sort_problems([p for p in problems if p.warning])
    return Project(
        build_catalog(records, documents, model, history, config.wording.text),
        config,
        records,
        warnings,
        linked_media(records, documents, content_dir),
        names,
        documents,
        front_matter,
    )


def check_bodies(
    records: list[Record],
    documents: dict[str, Document],
    model: ModelDeclaration,
    content_dir: Path,
    unreadable: set[str] | frozenset[str] = frozenset(),
    left_out: dict[str, Record] | None = None,
) -> list[Problem]:
    """The checks of the converted bodies: their links, their headings and images, and pages
    nothing links to."""
    generated = {f"{KIND_FOLDERS['page']}/{slug}.md" for slug in generated_pages(model)}
    problems = check_links(records, documents, unreadable, content_dir, left_out or {}, generated)
    return problems + check_orphans(records, documents, model)


def linked_media(records: list[Record], documents: dict[str, Document], content_dir: Path) -> dict[str, bytes]:
    """The files pages link to (images, downloads) and link previews show, by output path."""
    images = [linked_file(r.meta["image"], r.rel) for r in records if r.meta.get("image")]  # link previews'
    media = {
        MEDIA_FOLDER + link.target: (content_dir / link.target).read_bytes()
        for link in [*images, *(link for doc in documents.values() for link in doc.links)]
        if link is not None and link.kind == "file"  # None only for an image check_images refused
    }
    return dict(sorted(media.items()))


def check(content_dir: Path, strict: bool = False, drafts: bool = False) -> list[Problem]:
    """Validate without writing (the pages are rendered in memory for the anchor check);
    returns warnings, raises ContentError on errors."""
    project = load_project(content_dir, drafts=drafts)
    theme = project_theme(content_dir, project.config)
    linked = anchor_targets(project.records, project.documents)
    ids = {path: rendered_ids(page) for path, page in render_files(project.catalog, project.config, theme) if path in linked}
    check_rendered(project, lambda path: ids.get(path, frozenset()), strict)
    return project.warnings


def build(
    content_dir: Path,
    out_dir: Path,
    base_url: str | None = None,
    strict: bool = False,
    drafts: bool = False,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Validate, render every page, and swap the new site in as out_dir. With `cache_dir`,
    Markdown conversions are kept there for the next build (cache.py)."""
    started = time.perf_counter()
    epoch = source_date_epoch()[0]
    with claim_output(out_dir, content_dir, content_dir.parent) as target:
        cache = None if cache_dir is None else MarkdownCache(checked_cache_dir(cache_dir, content_dir, out_dir))
        result = _build(content_dir, target, base_url, strict, epoch, started, drafts, cache)
    if cache is not None:
        result.converted, result.reused = cache.misses, cache.hits
        result.notices = [f"warning: {cache.warning}"] if cache.warning else result.notices  # one is enough
    return result


def page_cache(folder: Path, project: Project, theme: Theme, content_dir: Path, use: str = "build") -> PageCache:
    """The rendered pages kept in the build cache `folder` for this project, as built by `use`
    (the preview's pages differ from a build's: each use keeps its own copy)."""
    key = site_key(project.records, project.catalog, project.config, theme, content_dir)
    bodies = body_fingerprints(project.records, project.documents, content_dir)
    return PageCache(folder, key, bodies, f"{content_dir.resolve()}\0{use}")


def checked_cache_dir(cache_dir: Path, content_dir: Path, out_dir: Path) -> Path:
    """The cache folder, refused inside the content (the preview would watch it) or the output
    (the next build replaces that folder whole)."""
    where = cache_dir.resolve()
    for name, folder in (("content", content_dir), ("output", out_dir)):
        if where.is_relative_to(folder.resolve()):
            raise UsageError(f"--cache-dir {display_path(cache_dir)}: must be outside the {name} folder {display_path(folder)}")
    return cache_dir


def _build(
    content_dir: Path,
    out_dir: Path,
    base_url: str | None,
    strict: bool,
    epoch: int | None,
    started: float,
    drafts: bool = False,
    cache: MarkdownCache | None = None,
) -> BuildResult:
    project = load_project(content_dir, base_url, drafts=drafts, build_cache=cache)
    # Only a build knows its final base URL (--base-url), so only a build warns about it.
    project.warnings = sort_problems(project.warnings + relative_base_warning(content_dir.parent, project.config))
    catalog, config, warnings, media = project.catalog, project.config, project.warnings, project.media
    counts = {"files": 0, "pages": 0}
    ids: dict[str, frozenset[str]] = {}
    linked = anchor_targets(project.records, project.documents)  # the pages whose ids check_rendered needs

    search = None if cache is None else IndexCache(cache.folder, str(content_dir.resolve()))

    def counted(files: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
        for path, data in files:
            counts["files"] += 1
            counts["pages"] += path.endswith(".html")
            if path in linked:
                ids[path] = rendered_ids(data)
            if search is not None:
                search.add(path, data)
            yield path, data

    def before_swap(staging: Path) -> None:  # a problem here removes the new site, the old one stays
        check_rendered(project, lambda path: ids.get(path, frozenset()), strict)
        if search is None:
            index_site(staging, config.language)
        else:
            search.index(staging, config.language)

    theme = project_theme(content_dir, config)
    pages = None if cache is None else page_cache(cache.folder, project, theme, content_dir)
    files = chain(render_files(catalog, config, theme, pages=pages), media.items())
    write_site(counted(files), out_dir, before_swap=before_swap, mtime=epoch)
    result = BuildResult(
        counts["pages"], counts["files"], time.perf_counter() - started, warnings, converted=len(project.records)
    )
    if pages is not None and search is not None:
        result.rendered, result.kept, result.index_kept = pages.misses, pages.hits, search.hit
        warning = pages.warning or search.warning  # one is enough
        result.notices = [f"warning: {warning}"] if warning else []
    return result
