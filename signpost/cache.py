"""The build cache: Markdown conversions kept between runs, so `build` and a fresh `serve`
convert only the files that changed.

Content-addressed: an entry's name is a hash of everything `markup.convert` reads (the body,
its content path, the base path, the items list's names and page, the cache format, and the
versions of Signpost, Python-Markdown, pymdown-extensions and Pygments). Conversion also reads
linked image files for their width and height, so an entry records those sizes
(markup.linked_sizes) and is used only while they are still the same.

Entries are JSON files under DIR/markdown/, one per conversion, written under a temporary name
and renamed, so two builds at once never read half an entry. JSON, not pickle: loading a file
from a cache folder must never be able to run code. An entry that cannot be read back as one
(truncated, garbage, another format or version) is ignored with one warning per run and
replaced; the output is then exactly what a build without the cache writes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import pygments

from . import __version__
from .document import BodyProblem, Document, Link, LinkKind, TocEntry, linked_sizes

FORMAT = 1  # of an entry's JSON: change it whenever the Document's fields change


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/signpost/build (the XDG base directory rule), else ~/.cache/signpost/build."""
    root = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(root) if os.path.isabs(root) else Path.home() / ".cache") / "signpost" / "build"


def write_atomically(path: Path, *parts: bytes) -> None:
    """Write a cache file under a temporary name and rename it, so that two builds at once never
    read half of one; raises OSError, leaving nothing behind."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as stream:
            for part in parts:
                stream.write(part)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


def unusable(path: Path, reason: str, writing: bool = False) -> str:
    """The one warning a build gives about its cache."""
    what = "could not be written" if writing else "could not be read and was ignored"
    return f"build cache {path}: {what} ({reason}); the build is complete without it"


@functools.cache
def engine_fingerprint() -> str:
    """The versions of Signpost and its Markdown libraries, and a hash of Signpost's own files.

    The libraries' versions are read from their __meta__.py files, without importing them (a
    build whose bodies all come from the cache never needs Python-Markdown); importlib.metadata
    would scan every installed distribution. The hash of Signpost's code and messages (a few
    milliseconds) is there for a checkout, where the code changes without a new version.
    """
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yaml")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return json.dumps([FORMAT, __version__, _meta("markdown"), _meta("pymdownx"), pygments.__version__, digest.hexdigest()])


def _meta(package: str) -> str:
    """The hash of a package's __meta__.py, where Python-Markdown and pymdown-extensions keep
    their version, found without importing the package; its __version__ when there is no such
    file to read (an install laid out otherwise)."""
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.origin:
        with contextlib.suppress(OSError):
            return hashlib.sha256((Path(spec.origin).parent / "__meta__.py").read_bytes()).hexdigest()
    return str(importlib.import_module(package).__version__)


@dataclass
class MarkdownCache:
    """Conversions by key under `folder`; `warning` is set (once) when an entry was unusable."""

    folder: Path
    hits: int = 0
    misses: int = 0
    warning: str | None = None
    _unwritable: bool = False
    _engine: str = field(default_factory=engine_fingerprint)

    def key(self, text: str, source: str, settings: Sequence[object]) -> str:
        """The entry name for converting `text` (of content file `source`) with `settings`."""
        digest = hashlib.sha256(json.dumps([self._engine, source, [str(s) for s in settings]]).encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / "markdown" / key[:2] / f"{key}.json"

    def get(self, key: str, content_dir: str) -> Document | None:
        try:
            raw = self._path(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # not cached yet (a file in the way is found by put)
            return None
        except OSError as err:
            self._unusable(key, err.strerror or str(err))
            return None
        try:
            entry = json.loads(raw)
            if entry["engine"] != self._engine:
                raise ValueError("written by another version")
            document = _document(entry["document"])
            sizes = tuple((int(size[0]), int(size[1])) if size is not None else None for size in entry["sizes"])
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as err:
            self._unusable(key, str(err) or type(err).__name__)
            return None
        if linked_sizes(document, content_dir) != sizes:
            return None  # a linked image changed size: convert again
        return document

    def put(self, key: str, document: Document, content_dir: str) -> None:
        if self._unwritable:
            return
        entry = {"engine": self._engine, "sizes": linked_sizes(document, content_dir), "document": _plain(document)}
        try:
            write_atomically(self._path(key), json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        except OSError as err:  # a full disk or a read-only cache costs speed, never the build
            self._unwritable = True  # one failure says enough: no attempt per file
            self._unusable(key, err.strerror or str(err), writing=True)

    def _unusable(self, key: str, reason: str, writing: bool = False) -> None:
        self.warning = self.warning or unusable(self._path(key), reason, writing)

    def convert_all(
        self,
        jobs: Sequence[tuple[str, str]],
        settings: Sequence[object],
        content_dir: str,
        convert_many: Callable[[list[tuple[str, str]]], list[Document]],
    ) -> list[Document]:
        """Documents for (text, source) jobs: cached ones read, the rest converted (by
        `convert_many`, which may spread them over workers) and stored."""
        keys = [self.key(text, source, settings) for text, source in jobs]
        found = [self.get(key, content_dir) for key in keys]
        missing = [i for i, document in enumerate(found) if document is None]
        self.hits += len(jobs) - len(missing)
        self.misses += len(missing)
        for i, document in zip(missing, convert_many([jobs[i] for i in missing]), strict=True):
            found[i] = document
            self.put(keys[i], document, content_dir)
        return [document for document in found if document is not None]


def _plain(document: Document) -> dict[str, Any]:
    def toc(entries: tuple[TocEntry, ...]) -> list[Any]:
        return [[e.id, e.title, toc(e.children)] for e in entries]

    return {
        "html": document.html,
        "toc": toc(document.toc),
        "ids": sorted(document.ids),
        "links": [[link.href, link.target, link.anchor, link.kind] for link in document.links],
        "h1_titles": list(document.h1_titles),
        "images_without_alt": list(document.images_without_alt),
        "problems": [[p.message, p.needle] for p in document.problems],
        "markdown": document.markdown,
    }


def _document(plain: dict[str, Any]) -> Document:
    def toc(entries: list[Any]) -> tuple[TocEntry, ...]:
        return tuple(TocEntry(_text(i), _text(t), toc(children)) for i, t, children in entries)

    document = Document(
        _text(plain["html"]),
        toc(plain["toc"]),
        frozenset(_text(i) for i in plain["ids"]),
        tuple(_link(*link) for link in plain["links"]),
        tuple(_text(t) for t in plain["h1_titles"]),
        tuple(_text(s) for s in plain["images_without_alt"]),
        tuple(BodyProblem(_text(m), _text(n)) for m, n in plain["problems"]),
        _text(plain["markdown"]),
    )
    return document


def _link(href: object, target: object, anchor: object, kind: object) -> Link:
    for known in get_args(LinkKind):
        if kind == known:
            return Link(_text(href), _text(target), _text(anchor), known)
    raise ValueError(f"unknown link kind {kind!r}")


def _text(value: object) -> str:
    """A string from an entry, or ValueError: a garbage entry must not build a page of wrong types."""
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return value
