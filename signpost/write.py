"""Stage 5, write: put the rendered files in place without ever leaving a half-written site.

Files go into a fresh temporary folder beside the target; only when every file is written is
it swapped in. On Linux the swap is one atomic renameat2(RENAME_EXCHANGE) call, so a server
reading the folder sees the old site or the new one, never neither. Elsewhere it falls back
to two renames. Temporary folders left by a killed build are removed by the next build.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc_renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


_renameat2 = _libc_renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False when the platform cannot."""
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _temp_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.tmp-"


def write_site(files: Iterable[tuple[str, bytes]], out_dir: Path, before_swap: Callable[[Path], None] | None = None,
               mtime: int | None = None) -> None:
    """Write (path, bytes) pairs into a new folder, let `before_swap` add to it (the search
    index), and swap it in as out_dir. Pairs may come from a generator: a large site is
    written as it is rendered, never held in memory whole.

    With `mtime` (SOURCE_DATE_EPOCH) every file and folder gets that modification time, so an
    archive of the site is reproducible too.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=_temp_prefix(out_dir), dir=out_dir.parent))
    try:
        made = set()
        for rel, data in files:
            target = staging / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        if before_swap:
            before_swap(staging)
        staging.chmod(0o755)  # mkdtemp makes it private; a site is for everyone to read
        if mtime is not None:
            for path in [*staging.rglob("*"), staging]:
                os.utime(path, (mtime, mtime))
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_in(new: Path, target: Path) -> None:
    """Replace the folder `target` with `new`, atomically where the platform allows."""
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new)  # now holds the previous folder
    else:
        _swap_by_rename(new, target)


def _swap_by_rename(staging: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=_temp_prefix(out_dir), dir=out_dir.parent))
        os.rename(out_dir, old / "previous")
    os.rename(staging, out_dir)
    if old:
        shutil.rmtree(old)


def _remove_stale_temporaries(out_dir: Path) -> None:
    for leftover in out_dir.parent.glob(_temp_prefix(out_dir) + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
