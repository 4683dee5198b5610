"""Stage 5, write: put the rendered files in place without ever leaving a half-written site.

Files go into a fresh temporary folder beside the target; only when every file is written is
it swapped in. On Linux the swap is one atomic renameat2(RENAME_EXCHANGE) call, so a server
reading the folder sees the old site or the new one, never neither. Elsewhere it falls back
to two renames. Temporary folders left by a killed build are removed by the next build.

Replacing a folder whole is only safe for a folder Signpost wrote, so `claim_output` checks the
target before anything is read or written: never the content, the project or a folder that
contains them, never a file, a mount point, `/` or the home folder, and never a folder holding
files of someone else (every site Signpost writes carries a MARKER file). It also holds a lock
for the build, so two builds into the same folder cannot delete each other's staging folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator

from .load import display_path
from .problems import UsageError

# Written into every output folder: proof that the folder is a site Signpost may replace.
MARKER = ".signpost"
MARKER_TEXT = b"Written by Signpost: the next build replaces this folder whole. Keep no files of your own here.\n"

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc_renameat2() -> Callable[..., int] | None:  # a C function returns an int unless told otherwise
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


def _refusal(real: str, content_dir: Path, project_dir: Path) -> str | None:
    """Why the folder at `real` must not be replaced by a build, or None."""
    if os.path.lexists(real) and not os.path.isdir(real):
        return "is a file, not a folder; name a folder for the site"
    if os.path.dirname(real) == real:
        return "is the root folder; name a folder for the site, such as site"
    if real == os.path.realpath(Path.home()):
        return "is your home folder; name a folder for the site, such as site"
    for folder, role in ((content_dir, "the content folder"), (project_dir, "the project folder")):
        mine = os.path.realpath(folder)
        if real == mine or mine.startswith(real + os.sep):
            verb = "is" if real == mine else "contains"
            return f"{verb} {role} ({display_path(folder)}); name another folder, such as site"
    if real.startswith(os.path.realpath(content_dir) + os.sep):
        return f"is inside the content folder ({display_path(content_dir)}); put the site beside it"
    if os.path.ismount(real):
        return "is a mount point, which cannot be swapped for a new folder; name a folder inside it"
    if os.path.isdir(real) and os.listdir(real) and not os.path.isfile(os.path.join(real, MARKER)):
        return (
            f"holds files Signpost did not write (it has no {MARKER} file); name a new or empty folder, "
            "or remove this one yourself"
        )
    return None


@contextlib.contextmanager
def claim_output(out_dir: Path, content_dir: Path, project_dir: Path) -> Iterator[Path]:
    """Check that a build may replace `out_dir` and hold it for the build; yields the real path
    to write (a symbolic link is written through: the folder it points to is replaced).

    Raises UsageError, before touching anything, when `out_dir` is not Signpost's to replace or
    another build or preview is writing to it.
    """
    real = os.path.realpath(out_dir)
    try:
        refusal = _refusal(real, content_dir, project_dir)
    except OSError as err:
        refusal = f"cannot be read ({err.strerror})"
    if refusal:
        raise UsageError(f"--out {display_path(out_dir)} {refusal}")
    # The lock lives in the system's temporary folder, keyed by the real path, so it leaves
    # nothing in the project; the kernel releases it when the process ends, however it ends.
    key = hashlib.sha256(os.fsencode(real)).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"signpost-{key}.lock"
    while True:
        lock = open(lock_path, "a")  # noqa: SIM115 (held until the finally below)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise UsageError(
                f"--out {display_path(out_dir)}: another Signpost build or preview is writing to this "
                "folder; wait for it to finish, or name another folder"
            ) from None
        if os.path.exists(lock_path) and os.stat(lock_path).st_ino == os.fstat(lock.fileno()).st_ino:
            break
        lock.close()  # locked a file the previous build had just removed: lock the current one
    try:
        yield Path(real)
    finally:
        os.unlink(lock_path)  # while still locked, so no one can hold a lock on a stale file
        lock.close()


def write_site(
    files: Iterable[tuple[str, bytes]], out_dir: Path, before_swap: Callable[[Path], None] | None = None, mtime: int | None = None
) -> None:
    """Write (path, bytes) pairs into a new folder, let `before_swap` add to it (the search
    index), and swap it in as out_dir. Pairs may come from a generator: a large site is
    written as it is rendered, never held in memory whole.

    With `mtime` (SOURCE_DATE_EPOCH) every file and folder gets that modification time, so an
    archive of the site is reproducible too.
    """
    out_dir = out_dir.absolute()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=_temp_prefix(out_dir), dir=out_dir.parent))
    except OSError as err:
        raise UsageError(f"--out {display_path(out_dir)}: cannot create a folder there ({err.strerror})") from None
    try:
        (staging / MARKER).write_bytes(MARKER_TEXT)
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
