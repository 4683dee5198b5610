"""Full-text search: Pagefind indexes the written pages before the new site is swapped in.

Pagefind (the `pagefind[bin]` package) ships a native indexer; calling it directly instead of
through `python -m pagefind` saves an interpreter start on every build. Its output is
deterministic, so rebuilds stay byte-identical.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class SearchIndexError(RuntimeError):
    """Pagefind failed; this is a bug or a broken install, not a content mistake."""


def index_site(folder: Path, language: str = "en", output: Path | None = None) -> None:
    """Write the search index into folder/pagefind/ (or into `output`)."""
    from pagefind_bin import get_executable  # the indexer is only needed once pages exist

    command = [
        str(get_executable()),
        "--site",
        str(folder),
        "--silent",
        "--force-language",
        language,
        "--exclude-selectors",
        ".headerlink",
    ]
    if output is not None:
        command += ["--output-path", str(output.absolute())]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {folder}: {run.stderr.strip() or run.stdout.strip()}")


def refresh_index(site: Path, language: str = "en") -> None:
    """Rebuild the index of a site that is being served, swapping the new index in whole."""
    from .write import swap_in

    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent)) / "pagefind"
    try:
        index_site(site, language, output=fresh)
        swap_in(fresh, site / "pagefind")
    finally:
        shutil.rmtree(fresh.parent, ignore_errors=True)
