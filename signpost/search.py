"""Full-text search: Pagefind indexes the written pages before the new site is swapped in.

Pagefind (the `pagefind[bin]` package) ships a native indexer; calling it directly instead of
through `python -m pagefind` saves an interpreter start on every build. Its output is
deterministic, so rebuilds stay byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .cache import unusable, write_atomically

FORMAT = 1  # of a cached index's header line


class SearchIndexError(RuntimeError):
    """Pagefind failed; this is a bug or a broken install, not a content mistake."""


def index_command(folder: Path, language: str = "en", output: Path | None = None, background: bool = False) -> list[str]:
    """Pagefind's command line for index_site. In the `background`, Pagefind runs at a lower
    priority, through `nice` where there is one."""
    from pagefind_bin import get_executable  # the indexer is only needed once pages exist

    command = [str(get_executable()), "--site", str(folder), "--silent", "--force-language", language]
    command += ["--exclude-selectors", ".headerlink"]
    if background and (nice := shutil.which("nice")):
        # The preview's re-index (seconds, on every core, at ~3,000 pages) must not slow the
        # rebuild of the author's next edit, which waits for a core. `nice`, not os.nice in a
        # preexec_fn: the preview runs threads, and Pagefind's own threads inherit it from the start.
        command = [nice, "-n", "10", *command]
    if output is not None:
        command += ["--output-path", str(output.absolute())]
    return command


def index_site(folder: Path, language: str = "en", output: Path | None = None, background: bool = False) -> None:
    """Write the search index into folder/pagefind/ (or into `output`)."""
    run = subprocess.run(index_command(folder, language, output, background), capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {folder}: {run.stderr.strip() or run.stdout.strip()}")


def refresh_index(site: Path, language: str = "en") -> None:
    """Rebuild the index of a site that is being served, swapping the new index in whole."""
    from .write import swap_in

    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent)) / "pagefind"
    try:
        index_site(site, language, output=fresh, background=True)
        swap_in(fresh, site / "pagefind")
    finally:
        shutil.rmtree(fresh.parent, ignore_errors=True)


def _inside(name: str) -> bool:
    """A relative path that stays inside the folder it is joined to."""
    path = PurePosixPath(name)
    return bool(path.parts) and not path.is_absolute() and ".." not in path.parts


# Pagefind reads these besides the pages and its options (its documentation: "Configuring").
_CONFIG_FILES = ("pagefind.json", "pagefind.toml", "pagefind.yml", "pagefind.yaml")


@dataclass
class IndexCache:
    """The search index of the last build of a content folder, kept in the build cache: a build
    whose pages Pagefind would read are all the same bytes copies it instead of indexing again
    (Pagefind has no incremental mode: at ~3,000 pages it is 3.6 s of every build).

    The key is every HTML page's path and SHA-256, Pagefind's options, its executable (path,
    size, modification time), its configuration files in the working folder and PAGEFIND_*
    variables. A slot is a line of JSON (the key, each file's path, size and SHA-256), then the
    files' bytes; one that does not read back whole is ignored with one warning.
    """

    folder: Path  # the build cache's
    namespace: str  # the content folder's path
    pages: dict[str, str] = field(default_factory=dict)  # path in the site -> SHA-256 of the page
    warning: str | None = None
    hit: bool = False

    def add(self, path: str, data: bytes) -> None:
        if path.endswith(".html"):
            self.pages[path] = hashlib.sha256(data).hexdigest()

    def _key(self, language: str) -> str:
        command = index_command(Path("."), language)  # the site's folder is a new one each build
        status = Path(command[0]).stat()
        config = {name: Path(name).read_bytes().hex() for name in _CONFIG_FILES if Path(name).is_file()}
        variables = sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))
        fixed = [FORMAT, command[1:], command[0], status.st_size, status.st_mtime_ns, config, variables]
        return hashlib.sha256(json.dumps([fixed, sorted(self.pages.items())]).encode()).hexdigest()

    def _slot(self) -> Path:
        return self.folder / "search" / (hashlib.sha256(self.namespace.encode("utf-8", "surrogatepass")).hexdigest() + ".index")

    def index(self, site: Path, language: str) -> None:
        """site/pagefind/, from the cache when its key matches, else from Pagefind (then kept)."""
        key = self._key(language)
        if self._restore(key, site / "pagefind"):
            self.hit = True
            return
        index_site(site, language)
        self._keep(key, site / "pagefind")

    def _restore(self, key: str, target: Path) -> bool:
        try:
            with open(self._slot(), "rb") as stream:
                header = stream.readline()
                slot = json.loads(header)
                if not header.endswith(b"\n") or not isinstance(slot, dict) or slot.get("format") != FORMAT:
                    raise ValueError("not an index written by this version")
                if slot["key"] != key:
                    return False  # the index of other pages: the files are not even read
                body = stream.read()
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError as err:
            return self._unusable(err.strerror or str(err))
        except (ValueError, KeyError, TypeError, RecursionError) as err:
            return self._unusable(str(err) or type(err).__name__)
        try:
            files, at = [], 0
            for name, size, digest in slot["files"]:
                data = body[at : at + size]
                at += size
                if not isinstance(name, str) or not _inside(name) or len(data) != size:
                    raise ValueError("a file name or size is wrong")
                if hashlib.sha256(data).hexdigest() != digest:
                    raise ValueError("a file does not match its checksum")
                files.append((name, data))
            if at != len(body):
                raise ValueError("bytes after the last file")
        except (ValueError, KeyError, TypeError, RecursionError) as err:
            return self._unusable(str(err) or type(err).__name__)
        for name, data in files:
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return True

    def _keep(self, key: str, index: Path) -> None:
        files = sorted(p for p in index.rglob("*") if p.is_file())
        contents = [p.read_bytes() for p in files]
        listing = [
            [p.relative_to(index).as_posix(), len(d), hashlib.sha256(d).hexdigest()] for p, d in zip(files, contents, strict=True)
        ]
        header = json.dumps({"format": FORMAT, "key": key, "files": listing}).encode() + b"\n"
        try:
            write_atomically(self._slot(), header, *contents)
        except OSError as err:  # a full disk or a read-only cache costs speed, never the build
            self._unusable(err.strerror or str(err), writing=True)

    def _unusable(self, reason: str, writing: bool = False) -> bool:
        self.warning = self.warning or unusable(self._slot(), reason, writing)
        return False
