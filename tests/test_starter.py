"""`signpost new DIR`: a new guide that builds strictly and links cleanly, and never a write
into a folder that holds anything."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import signpost
from signpost import linkcheck, pipeline
from signpost.starter import starter_files


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Runs `build.py ARGS` in-process from tmp_path; returns (exit code, stdout, stderr)."""
    import build

    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = build.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under folder with its bytes (None for folders): what "changing nothing" compares."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else None) for p in folder.rglob("*")
    }


def test_new_writes_a_project_that_builds_strictly_and_links_cleanly(cli, tmp_path):
    code, out, err = cli("new", "guide")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Wrote a new guide into guide ({len(starter_files())} files)."
    guide = tmp_path / "guide"
    written = {str(p.relative_to(guide)) for p in guide.rglob("*") if p.is_file()}
    assert written == set(starter_files())
    assert {
        "signpost.yaml",
        "README.md",
        ".gitignore",
        "requirements.txt",
        ".github/workflows/site.yml",
        "content/pages/index.md",
        "content/pages/guide.md",
    } <= written
    assert len([n for n in written if n.startswith("content/goals/")]) == 1
    assert len([n for n in written if n.startswith("content/usecases/")]) == 2

    result = pipeline.build(guide / "content", guide / "site", strict=True)
    assert result.warnings == []
    assert (guide / "site/usecases/welcome-new-subscribers/index.html").is_file()
    assert linkcheck.main([str(guide / "site"), "--project", str(guide)]) == 0


def test_new_names_this_release_and_a_workflow_that_builds_strictly(tmp_path, cli):
    assert cli("new", "guide")[0] == 0
    guide = tmp_path / "guide"
    assert f"signpost-guides=={signpost.__version__}" in (guide / "requirements.txt").read_text().splitlines()
    assert "{version}" not in (guide / "README.md").read_text()
    workflow = yaml.safe_load((guide / ".github/workflows/site.yml").read_text())
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    for command in ("pip install -r requirements.txt", "signpost build --strict", "signpost linkcheck site"):
        assert command in steps


def test_new_fills_an_empty_folder(cli, tmp_path):
    (tmp_path / "guide").mkdir()
    assert cli("new", "guide")[0] == 0
    assert (tmp_path / "guide/signpost.yaml").is_file()


@pytest.mark.parametrize("occupant", ["a file", "a hidden file", "an empty folder", "a link"])
def test_new_refuses_a_folder_that_is_not_empty_and_changes_nothing(cli, tmp_path, occupant):
    guide = tmp_path / "guide"
    guide.mkdir()
    if occupant == "a file":
        (guide / "notes.md").write_text("mine")
    elif occupant == "a hidden file":
        (guide / ".git").write_text("gitdir: elsewhere")
    elif occupant == "an empty folder":
        (guide / "content").mkdir()
    else:
        (guide / "signpost.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    before = tree(tmp_path)
    code, out, err = cli("new", "guide")
    assert (code, out) == (2, "")
    assert err == "build.py new: error: guide is not empty; name a new or empty folder (nothing was changed)\n"
    assert tree(tmp_path) == before


def test_new_refuses_a_file_and_a_missing_parent(cli, tmp_path):
    (tmp_path / "guide").write_text("not a folder")
    before = tree(tmp_path)
    assert cli("new", "guide")[0] == 2
    code, _, err = cli("new", "missing/guide")
    assert code == 2 and "missing: no such folder" in err
    assert tree(tmp_path) == before


def test_new_leaves_nothing_behind_when_a_write_fails_halfway(cli, tmp_path, monkeypatch):
    written = []
    real_write = Path.write_bytes

    def fail_on_the_fourth(path, data):
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(path)
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", fail_on_the_fourth)
    (tmp_path / "guide").mkdir()
    before = tree(tmp_path)
    code, _, err = cli("new", "guide")
    assert len(written) == 3
    assert code == 2
    assert err == "build.py new: error: guide: No space left on device (nothing was changed)\n"
    assert tree(tmp_path) == before
