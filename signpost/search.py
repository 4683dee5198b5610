"""Full-text search: Pagefind indexes the written pages before the new site is swapped in.

Pagefind (the `pagefind[bin]` package) ships a native indexer; calling it directly instead of
through `python -m pagefind` saves an interpreter start on every build. Its output is
deterministic, so rebuilds stay byte-identical.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


class SearchIndexError(RuntimeError):
    """Pagefind failed; this is a bug or a broken install, not a content mistake."""


def index_site(folder: Path, language: str = "en") -> None:
    """Write the search index into folder/pagefind/."""
    from pagefind_bin import get_executable  # the indexer is only needed once pages exist

    run = subprocess.run(
        [str(get_executable()), "--site", str(folder), "--silent", "--force-language", language,
         "--exclude-selectors", ".headerlink"],
        capture_output=True, text=True, timeout=600,
    )
    if run.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {folder}: {run.stderr.strip() or run.stdout.strip()}")
