"""--out is only ever a folder Signpost may replace whole, and two builds never share one.

Every refusal happens before anything is read or written: the project is byte for byte the
same afterwards. (The atomic swap itself is tested in test_write.py and test_interrupted.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from signpost.write import MARKER, MARKER_TEXT, claim_output


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"" for p in sorted(folder.rglob("*"))}


REFUSED = {
    "content": "--out content is the content folder (content); name another folder, such as site",
    ".": "--out . contains the content folder (content); name another folder, such as site",
    "": "--out . contains the content folder (content); name another folder, such as site",
    "..": "--out .. contains the content folder (content); name another folder, such as site",
    "content/site": "--out content/site is inside the content folder (content); put the site beside it",
    "content/goals": "--out content/goals is inside the content folder (content); put the site beside it",
    "signpost.yaml": "--out signpost.yaml is a file, not a folder; name a folder for the site",
    "/": "--out / is the root folder; name a folder for the site, such as site",
    "/dev/null": "--out /dev/null is a file, not a folder; name a folder for the site",
    "/proc": "--out /proc is a mount point, which cannot be swapped for a new folder; name a folder inside it",
    "/proc/nope/site": "--out /proc/nope/site: cannot create a folder there (No such file or directory)",
    "notes": "--out notes holds files Signpost did not write (it has no .signpost file); name a new or empty folder, "
    "or remove this one yourself",
}


@pytest.mark.parametrize("out", list(REFUSED), ids=[o or "empty" for o in REFUSED])
def test_an_out_folder_that_is_not_ours_is_refused_before_anything_is_touched(bakery, out):
    (bakery.root / "notes").mkdir()
    (bakery.root / "notes/todo.txt").write_text("mine\n")
    before = tree(bakery.root)
    run = bakery.run("build", "--out", out)
    assert (run.code, run.err) == (2, f"build.py build: error: {REFUSED[out]}\n")
    assert tree(bakery.root) == before


def test_the_home_folder_is_refused(bakery, monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    run = bakery.run("build", "--out", str(home))
    assert (run.code, run.err) == (
        2,
        f"build.py build: error: --out {home} is your home folder; name a folder for the site, such as site\n",
    )
    assert list(home.iterdir()) == []


def test_serve_refuses_the_same_folders(bakery):
    before = tree(bakery.root)
    run = bakery.run("serve", "--out", "content")
    assert (run.code, run.err) == (2, f"build.py serve: error: {REFUSED['content']}\n")
    assert tree(bakery.root) == before


def test_an_empty_folder_and_an_earlier_site_are_replaced(bakery):
    (bakery.root / "empty").mkdir()
    assert bakery.run("build", "--out", "empty").code == 0
    assert (bakery.root / "empty/index.html").is_file()
    assert (bakery.root / "empty" / MARKER).read_bytes() == MARKER_TEXT
    (bakery.root / "empty/stale.html").write_text("from an older build")
    assert bakery.run("build", "--out", "empty").code == 0
    assert not (bakery.root / "empty/stale.html").exists()


def test_a_symbolic_link_is_written_through(bakery):
    (bakery.root / "real").mkdir()
    (bakery.root / "site").symlink_to("real")
    assert bakery.run("build").code == 0
    assert (bakery.root / "site").is_symlink()
    assert (bakery.root / "real/index.html").is_file()
    assert sorted(p.name for p in bakery.root.iterdir()) == ["content", "real", "signpost.yaml", "site"]


def test_a_symbolic_link_to_the_content_is_refused(bakery):
    (bakery.root / "site").symlink_to("content")
    run = bakery.run("build")
    assert (run.code, run.err) == (
        2,
        "build.py build: error: --out site is the content folder (content); name another folder, such as site\n",
    )
    assert (bakery.root / "content/goals/keep-regulars.md").is_file()


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_runs(bakery):
    with claim_output(bakery.site, bakery.content, bakery.root):  # as a running build holds it
        run = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "build"], cwd=bakery.root, capture_output=True, text=True, timeout=120
        )
    assert (run.returncode, run.stderr) == (
        2,
        "build.py build: error: --out site: another Signpost build or preview is "
        "writing to this folder; wait for it to finish, or name another folder\n",
    )
    assert not bakery.site.exists()
    assert bakery.run("build").code == 0  # released with the first build


def test_builds_started_together_never_publish_a_partial_site(bakery):
    reference = bakery.root / "reference"
    assert bakery.run("build", "--out", str(reference)).code == 0
    expected = tree(reference)
    command = [sys.executable, str(ROOT / "build.py"), "build"]
    for _ in range(3):
        builds = [
            subprocess.Popen(command, cwd=bakery.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        results = [(build.wait(120), build.stderr.read()) for build in builds]
        for build in builds:
            build.stdout.close()
            build.stderr.close()
        assert all(code == 0 or "another Signpost build or preview" in err for code, err in results), results
        assert any(code == 0 for code, _ in results)
        assert tree(bakery.site) == expected
        assert sorted(p.name for p in bakery.root.iterdir()) == ["content", "reference", "signpost.yaml", "site"]


def test_an_unwritable_parent_is_a_usage_error(bakery, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("signpost.write.tempfile.mkdtemp", refuse)
    run = bakery.run("build")
    assert (run.code, run.err) == (2, "build.py build: error: --out site: cannot create a folder there (Permission denied)\n")
    assert not bakery.site.exists()


def test_the_lock_leaves_nothing_behind(bakery):
    import hashlib
    import tempfile

    assert bakery.run("build").code == 0
    assert sorted(os.listdir(bakery.root)) == ["content", "signpost.yaml", "site"]
    key = hashlib.sha256(os.fsencode(os.path.realpath(bakery.site))).hexdigest()[:16]
    assert not (Path(tempfile.gettempdir()) / f"signpost-{key}.lock").exists()
