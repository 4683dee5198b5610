"""Rebuild only what an edit affects, for the live preview.

The preview keeps the last good output in memory. After an edit every file is validated again
(unchanged files come from the load cache, Markdown from its cache), then only the pages whose
HTML can have changed are rendered, and only files whose bytes differ are written, each one
atomically. Anything that other pages show (a title, a goal membership, the set of event
names, a goal, a template, an asset, the configuration) changes every page: then all pages
are rendered, and still only the changed files are written.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import pipeline
from ..cache import MarkdownCache
from ..generated import generated_pages
from ..load import LoadCache, Record, load_history, reload_files
from ..markup import convert
from ..pagecache import PageCache
from ..problems import ContentError, sort_problems
from ..model import Entry, History, Page, UseCase
from ..render import render_site
from ..settings import SiteConfig
from ..theme import Theme
from ..validate import rendered_ids
from ..write import MARKER, MARKER_TEXT


def shared_signature(records: list[Record], items: frozenset[str]) -> dict[str, object]:
    """What of each file other pages show; a change here means every page may change."""
    signature: dict[str, object] = {"__files__": tuple(r.rel for r in records), "__items__": items}
    for r in records:
        if r.kind == "goal":
            signature[r.rel] = r.text
        elif r.kind == "usecase":
            goals = r.meta.get("goals") or []
            signature[r.rel] = (r.meta.get("title"), tuple(g.get("goal") for g in goals if isinstance(g, dict)))
        else:
            signature[r.rel] = (r.meta.get("title"), r.meta.get("nav_order"))
    return signature


@dataclass
class Rebuild:
    rendered: int  # pages rendered
    written: list[str]  # output files whose bytes changed
    seconds: float
    notices: list[str] = field(default_factory=list)  # about the build cache


@dataclass
class IncrementalBuilder:
    content_dir: Path
    out_dir: Path
    files: dict[str, bytes] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    signature: dict[str, object] = field(default_factory=dict)
    cache: LoadCache = field(default_factory=dict)
    history: History | None = None
    theme: tuple[SiteConfig, Theme] | None = None  # of the last build
    ids: dict[str, tuple[bytes, frozenset[str]]] = field(default_factory=dict)  # a page's bytes and their ids
    base_url: str | None = None  # `serve --base-url`: overrides signpost.yaml's
    cache_dir: Path | None = None  # the build cache (cache.py), read by the first build only
    project: pipeline.Project | None = None  # of the last build, when it succeeded
    # For each page by (kind, slug), the content files whose bodies its last render showed.
    reads: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def build(self, theme_changed: bool = False, paths: set[Path] | None = None) -> Rebuild:
        """Validate everything, render what changed since the last good build, write the difference.

        `paths`, the files the watcher reported changed, allow a shorter way when they are use case
        or page files whose front matter is as it was (_bodies_only). Raises ContentError and
        keeps the last good output when the content has mistakes.
        """
        started = time.perf_counter()
        last, self.project = self.project, None  # kept again only when this build succeeds
        if last is not None and paths and not theme_changed:
            rebuild = self._bodies_only(last, paths, started)
            if rebuild is not None:
                return rebuild
        if theme_changed or self.history is None:
            self.history = History(*load_history(self.content_dir))
        # No forked workers here: the preview server runs threads, and forking those is unsafe.
        # Drafts too: the preview is where an author reads them (each page says it is a draft).
        # The build cache serves a fresh start; later rebuilds have convert()'s own memory, which
        # is faster than reading every entry back from disk.
        build_cache = MarkdownCache(self.cache_dir) if self.cache_dir and not self.files else None
        project = pipeline.load_project(
            self.content_dir,
            base_url=self.base_url,
            cache=self.cache,
            history=self.history,
            parallel=False,
            drafts=True,
            build_cache=build_cache,
        )
        project.config = replace(project.config, preview=True)
        records = {r.rel: r for r in project.records}
        signature = shared_signature(project.records, project.item_names)
        changed = {rel for rel, r in records.items() if self.records.get(rel) is not r}
        meta_changed = {rel for rel in changed if rel not in self.records or self.records[rel].meta != records[rel].meta}
        if theme_changed or not self.files or signature != self.signature:
            wanted = None  # everything
        else:
            wanted = self._affected(project, {rel: records[rel] for rel in changed}, meta_changed)
        if theme_changed or self.theme is None or self.theme[0] != project.config:
            self.theme = (project.config, pipeline.project_theme(self.content_dir, project.config))
            wanted = None
        # catalog.json, the sitemap and the other site-wide files only show front matter.
        site_files = wanted is None or bool(meta_changed)
        # A fresh start reads back the pages the last preview of this content rendered (pagecache.py).
        pages = (
            pipeline.page_cache(build_cache.folder, project, self.theme[1], self.content_dir, "preview") if build_cache else None
        )
        rebuild = self._render_and_write(project, wanted, site_files, pages, started)
        self.records, self.signature = records, signature
        warning = (build_cache and build_cache.warning) or (pages and pages.warning)  # one is enough
        rebuild.notices = [f"warning: {warning}"] if warning else []
        return rebuild

    def _bodies_only(self, last: pipeline.Project, paths: set[Path], started: float) -> Rebuild | None:
        """The rebuild after edits of use case and page bodies alone, without loading, checking
        and modelling every file again: the last build's model gets the new bodies. None when
        an edit did more (front matter, a goal, another file), for a full rebuild.

        At ~3,000 pages this is most of a rebuild's time (docs/performance.md). Goals are left to
        the full way, which renders every page after a goal edit (shared_signature).
        """
        reloaded = reload_files(self.content_dir, paths, self.cache)
        if reloaded is None:
            return None
        before = {r.rel: r for r in last.records}
        if any(r.kind == "goal" or r.rel not in before or before[r.rel].meta != r.meta for r in reloaded):
            return None
        config, model = last.config, last.config.model
        items_page = model.items.key if model.items else ""
        documents = dict(last.documents)
        for record in reloaded:
            documents[record.rel] = convert(
                record.body, record.rel, config.base_path, last.item_names, items_page, str(self.content_dir)
            )
        new = {r.rel: r for r in reloaded}
        records = [new.get(r.rel, r) for r in last.records]
        problems = pipeline.check_bodies(records, documents, model, self.content_dir)
        errors = [p for p in problems if not p.warning]
        if errors:
            raise ContentError(errors)
        entries: list[Page | UseCase] = [*last.catalog.pages, *last.catalog.usecases]
        for entry in entries:
            if entry.source in new:
                entry.doc = documents[entry.source]
        project = replace(
            last,
            records=records,
            documents=documents,
            warnings=sort_problems(last.front_matter_warnings + problems),
            media=pipeline.linked_media(records, documents, self.content_dir),
        )
        rebuild = self._render_and_write(project, self._affected(project, new, set()), False, None, started)
        self.records = {**self.records, **new}
        return rebuild

    def _render_and_write(
        self,
        project: pipeline.Project,
        wanted: Callable[[Entry], bool] | None,
        site_files: bool,
        pages: PageCache | None,
        started: float,
    ) -> Rebuild:
        assert self.theme is not None  # set by the first build
        reads = {} if wanted is None else dict(self.reads)  # kept only if this build succeeds
        files = (
            render_site(
                project.catalog,
                project.config,
                self.theme[1],
                wanted,
                parallel=False,
                site_files=site_files,
                pages=pages,
                reads=reads,
            )
            | project.media
        )
        if wanted is None:
            files[MARKER] = MARKER_TEXT  # so that a later build may replace this folder
            stale = set(self.files) - set(files)
        else:
            stale = set()
            files = {**self.files, **files}
        pipeline.check_rendered(project, lambda path: self._ids(path, files.get(path, b"")), strict=False)
        written = write_changed(self.out_dir, files, self.files, stale)
        self.files, self.project, self.reads = files, project, reads
        rendered = sum(1 for name in files if name.endswith(".html")) if wanted is None else _count(project, wanted)
        return Rebuild(rendered, written, time.perf_counter() - started)

    def _ids(self, path: str, page: bytes) -> frozenset[str]:
        """The ids of a rendered page, parsed again only when its bytes changed."""
        known = self.ids.get(path)
        if known is None or known[0] is not page:
            known = self.ids[path] = (page, rendered_ids(page))
        return known[1]

    def _affected(self, project: pipeline.Project, changed: dict[str, Record], meta_changed: set[str]) -> Callable[[Entry], bool]:
        """A predicate picking the pages an edit of `changed` files can alter.

        A body shows on its own page and on the pages whose last render read it (the built-in
        templates read no other; an override may: `self.reads`), so a body-only edit renders
        those alone; a use case whose front matter changed also renders its goals and the
        catalog pages. (A goal edit changes the shared signature, so every page is rendered then.)
        """
        usecases = {u.source: u for u in project.catalog.usecases}
        pages: set[tuple[str, str]] = {(record.kind, record.slug) for record in changed.values()}
        pages |= {page for page, shown in self.reads.items() if not shown.isdisjoint(changed)}
        for rel in meta_changed & usecases.keys():
            pages |= {("goal", g.slug) for g in usecases[rel].goals} | {
                ("page", p.slug) for p in generated_pages(project.config.model).values() if p.gathers_usecases
            }
        return lambda item: (item.kind, item.slug) in pages


def _count(project: pipeline.Project, wanted: Callable[[Entry], bool]) -> int:
    catalog = project.catalog
    every_page: list[Entry] = [*catalog.pages, *catalog.goals, *catalog.usecases]
    return sum(1 for item in every_page if wanted(item))


def write_changed(out_dir: Path, files: dict[str, bytes], previous: dict[str, bytes], stale: set[str]) -> list[str]:
    """Write files whose bytes differ, each by an atomic rename, and remove stale ones."""
    written = []
    for rel, data in sorted(files.items()):
        if previous.get(rel) == data:
            continue  # written by an earlier build of this preview, unchanged since
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)  # a reader sees the old file or the new one, never half of one
        written.append(rel)
    for rel in sorted(stale):
        (out_dir / rel).unlink(missing_ok=True)
    return written
