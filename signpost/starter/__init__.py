"""`signpost new DIR`: a new guide's project, copied from files/ beside this module.

files/ holds the project as it is written, with two differences: a name starting with `dot-`
becomes a dot file (packaging tools leave hidden files out of a wheel), and `{version}` in the
texts named in VERSIONED becomes this release.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from signpost import __version__
from signpost.load import display_path
from signpost.problems import UsageError

FILES = Path(__file__).with_name("files")
VERSIONED = {"README.md", "requirements.txt"}


def starter_files() -> dict[str, bytes]:
    """The new project's files by relative path, in a stable order."""
    files = {}
    for path in sorted(FILES.rglob("*")):
        if path.is_file():
            name = "/".join("." + part[4:] if part.startswith("dot-") else part for part in path.relative_to(FILES).parts)
            data = path.read_bytes()
            files[name] = data.replace(b"{version}", __version__.encode()) if name in VERSIONED else data
    return files


def write_starter(target: Path) -> list[str]:
    """Write the starter project into `target`, a new or empty folder, and return what was written.

    Everything goes into a fresh folder beside the target, renamed onto it at the end: an error
    halfway leaves nothing behind, and the rename itself refuses a folder that filled up meanwhile.
    """
    shown = display_path(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{shown} is not a folder; name a new or empty folder (nothing was changed)")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{shown} is not empty; name a new or empty folder (nothing was changed)")
    parent = target.absolute().parent
    if not parent.is_dir():
        raise UsageError(f"{display_path(parent)}: no such folder; create it first")
    files = starter_files()
    staging = parent / f".signpost-new-{secrets.token_hex(6)}"
    try:
        staging.mkdir()
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        os.rename(staging, target)  # POSIX: replaces an empty folder, fails on one that is not
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)  # only ever the folder made just above
        raise UsageError(f"{shown}: {err.strerror or err} (nothing was changed)") from None
    return list(files)
