"""Rendered pages kept between builds, so that a build after an edit renders only the pages the
edit can change (the Markdown cache, cache.py, already spares converting the unchanged files).

A page's HTML is a function of two things. The first is the same for every page: the front
matter of every file, the settings, the git dates, the templates and assets, the content
folder's path and the versions of Signpost and its libraries; it is hashed into one *site key*,
so that any change to it renders every page again. The second is the Markdown bodies the page
shows: its own, and those of any other file a template reads. Which ones those are is not
guessed from the built-in templates (an override may show any body anywhere): while a page is
rendered, every entry's `doc` is a `WatchedDocument`, which notes whose body was read. An
entry keeps the page with those bodies' fingerprints, and is used only while all of them are
unchanged.

One slot per page and content folder, overwritten by the next build that renders the page: the
cache holds at most one copy of each site. A slot is a line of JSON (the keys and the SHA-256 of
the page), then the page's bytes; one that does not read back whole (truncated, garbage,
another version) is ignored with one warning and replaced, so the output is always exactly what
a build without the cache writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from .cache import engine_fingerprint, unusable, write_atomically
from .load import Record
from .document import Document, linked_sizes
from .model import Catalog, Entry
from .settings import SiteConfig
from .slugs import page_file
from .theme import Theme

FORMAT = 1  # of a slot's header line

_reads: set[str] | None = None  # content files whose body the page being rendered has read


class WatchedDocument:
    """A Document that notes, while a page is rendered, that the page read its `source`'s body."""

    __slots__ = ("_document", "_source")

    def __init__(self, document: Document, source: str):
        self._document, self._source = document, source

    def __getattr__(self, name: str) -> Any:
        if _reads is not None:
            _reads.add(self._source)
        return getattr(self._document, name)


def site_key(records: Iterable[Record], catalog: Catalog, config: SiteConfig, theme: Theme, content_dir: Path) -> str:
    """The hash of everything every page may show apart from the Markdown bodies: the model is
    built from `records`' front matter, plus what git says of each file (in the entries)."""
    digest = hashlib.sha256()
    entries: list[Entry] = [*catalog.pages, *catalog.goals, *catalog.usecases]
    loader = theme.env.loader
    assert loader is not None  # theme.make_environment always sets one
    templates = {name: _template_source(theme.env, loader, name) for name in loader.list_templates()}
    fixed = [
        FORMAT,
        engine_fingerprint(),
        jinja2.__version__,
        # MarkupSafe escapes what templates print; its __version__ is deprecated, its code is not.
        hashlib.sha256(Path(markupsafe.__file__ or "").read_bytes()).hexdigest(),
        str(content_dir.resolve()),
        repr(config),
        [[e.kind, e.slug, str(e.last_modified), e.edit_path, e.image, e.draft, e.hidden] for e in entries],
        sorted(templates.items()),
        sorted((logical, path) for logical, (path, _) in theme.assets.items()),  # asset names carry their hash
    ]
    digest.update(json.dumps(fixed).encode("utf-8", "surrogatepass"))
    for record in records:  # every page may show any file's front matter: a title, a goal, an order
        plain = [record.kind, record.rel, record.slug, record.meta]
        digest.update(json.dumps(plain, sort_keys=True, default=str).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _template_source(env: jinja2.Environment, loader: jinja2.BaseLoader, name: str) -> str | None:
    """A template's text; None for a file in a templates folder that no page can use as one
    (not UTF-8, as a .DS_Store is): rendering with it would fail before anything is kept."""
    try:
        return loader.get_source(env, name)[0]
    except (UnicodeDecodeError, jinja2.TemplateNotFound):
        return None


def body_fingerprints(records: Iterable[Record], documents: dict[str, Document], content_dir: Path) -> dict[str, str]:
    """For each content file, the hash of what its converted body depends on beyond the site
    key: its text and the sizes of the images it links (markup.convert reads those)."""
    fingerprints = {}
    for record in records:
        sizes = linked_sizes(documents[record.rel], str(content_dir))
        digest = hashlib.sha256(json.dumps(sizes).encode())
        digest.update(record.body.encode("utf-8", "surrogatepass"))
        fingerprints[record.rel] = digest.hexdigest()
    return fingerprints


@dataclass
class PageCache:
    """Rendered pages under `folder`/pages, valid for one site key and one set of bodies."""

    folder: Path
    site: str  # site_key()
    bodies: dict[str, str]  # body_fingerprints()
    namespace: str  # the content folder's path: two guides sharing the cache keep their own slots
    hits: int = 0
    misses: int = 0
    warning: str | None = None
    _unwritable: bool = False

    def _path(self, entry: Entry) -> Path:
        key = f"{self.namespace}\0{entry.kind}\0{entry.slug}"
        slot = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / "pages" / slot[:2] / f"{slot}.page"

    def _fingerprint(self, source: str) -> str:
        return self.bodies.get(source, "")  # "" for a generated page's empty document

    def get(self, entry: Entry) -> tuple[str, bytes, frozenset[str]] | None:
        """The entry's output path and bytes as an earlier build rendered them, if still true,
        and the content files whose bodies the page shows."""
        path = self._path(entry)
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as err:
            self._unusable(path, err.strerror or str(err))
            return None
        header, newline, page = raw.partition(b"\n")
        try:
            slot = json.loads(header)
            if not newline or not isinstance(slot, dict) or slot.get("format") != FORMAT:
                raise ValueError("not a page written by this version")
            if hashlib.sha256(page).hexdigest() != slot["sha256"]:
                raise ValueError("the page does not match its checksum")
            reads = slot["reads"]
            if not isinstance(reads, dict):
                raise ValueError("wrong types")
        except (ValueError, KeyError, TypeError, RecursionError) as err:
            self._unusable(path, str(err) or type(err).__name__)
            return None
        if slot.get("site") != self.site or any(self._fingerprint(source) != value for source, value in reads.items()):
            return None  # rendered from other content: render again
        self.hits += 1
        # The page's file follows from its URL, never from the cache: a crafted slot must not
        # be able to name a file outside the output folder.
        return page_file(entry.url), page, frozenset(reads)

    def put(self, entry: Entry, page: bytes, reads: set[str]) -> None:
        self.misses += 1
        if self._unwritable:
            return
        header = {
            "format": FORMAT,
            "site": self.site,
            "reads": {source: self._fingerprint(source) for source in sorted(reads)},
            "sha256": hashlib.sha256(page).hexdigest(),
        }
        path = self._path(entry)
        try:
            write_atomically(path, json.dumps(header, ensure_ascii=True).encode() + b"\n", page)
        except OSError as err:  # a full disk or a read-only cache costs speed, never the build
            self._unwritable = True
            self._unusable(path, err.strerror or str(err), writing=True)

    def _unusable(self, path: Path, reason: str, writing: bool = False) -> None:
        self.warning = self.warning or unusable(path, reason, writing)


@contextlib.contextmanager
def watching(catalog: Catalog) -> Iterator[None]:
    """Every entry's `doc` watched for the duration, then put back as it was."""
    entries: list[Entry] = [*catalog.pages, *catalog.goals, *catalog.usecases]
    originals = [entry.doc for entry in entries]
    for entry, document in zip(entries, originals, strict=True):
        entry.doc = WatchedDocument(document, entry.source)  # type: ignore[assignment]  # a stand-in with the same attributes
    try:
        yield
    finally:
        for entry, document in zip(entries, originals, strict=True):
            entry.doc = document


def reading(render: Callable[[Entry], tuple[str, str]]) -> Callable[[Entry], tuple[str, str, set[str]]]:
    """`render`, also returning the content files whose bodies it read (in a forked worker too)."""

    def rendered(entry: Entry) -> tuple[str, str, set[str]]:
        global _reads
        _reads = set()
        try:
            output, text = render(entry)
            return output, text, _reads
        finally:
            _reads = None

    return rendered
