"""The bad-input corpus: each folder in tests/bad_inputs/ is a small project with one mistake
(or one oddity that must build) and `expected.txt`: the exit code, then the exact lines the
build prints on stderr. Every case also checks that nothing is traced back, nothing is written
outside --out, and a previous output folder survives a failed build byte for byte.

Some cases are too big or too odd to keep in git, so the test makes them (see GENERATED).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from signpost.write import MARKER, MARKER_TEXT

CASES = sorted(p for p in (Path(__file__).parent / "bad_inputs").iterdir() if p.is_dir())


def _ten_thousand_properties(content: Path) -> None:
    path = content / "usecases/plant.md"
    names = ", ".join(f"p{i}" for i in range(10_000))
    path.write_text(path.read_text().replace("properties: [seed_id, bed]", f"properties: [{names}]"))


def _five_megabytes(content: Path) -> None:
    (content / "pages").mkdir(exist_ok=True)  # git keeps no empty folder
    (content / "pages/huge.md").write_text("---\ntitle: Huge\ndescription: Too big.\n---\n" + "grow " * 1_000_000)


def _sparse_gigabyte(content: Path) -> None:
    with open(content / "usecases/data.zip", "wb") as stream:  # takes no disk space: only its size is read
        stream.truncate(1_000_000_000)


def _copy_of_plant(content: Path, name: str | bytes) -> None:
    text = (content / "usecases/plant.md").read_bytes()
    Path(os.fsdecode(os.path.join(os.fsencode(content / "usecases"), os.fsencode(name)))).write_bytes(text)


GENERATED = {
    "24-symlink-outside-content": lambda content: (content / "usecases/secrets.md").symlink_to("/etc/hostname"),
    "27-five-megabyte-file": _five_megabytes,
    "28-ten-thousand-items": _ten_thousand_properties,
    "44-file-name-not-utf8": lambda content: _copy_of_plant(content, b"pl\xe4nt.md"),  # Latin-1, as an old system writes it
    "45-slug-too-long": lambda content: _copy_of_plant(content, "plant-" + "ab" * 120 + ".md"),
    "46-linked-file-too-big": _sparse_gigabyte,
}


# What must be true of the output of the cases that build.
BUILT = {
    "05-utf8-bom": lambda out: "Plant" in (out / "usecases/plant/index.html").read_text(),
    "06-crlf-line-endings": lambda out: "\r" not in (out / "goals/grow/index.html").read_text(),
    "28-ten-thousand-items": lambda out: "p9999" in (out / "usecases/plant/index.html").read_text(),
    "29-unicode-and-emoji-titles": lambda out: (
        "Plánt 🌱 — Ünïcode ✓" in (out / "usecases/plant/index.html").read_text() and (out / "uber-uns/index.html").is_file()
    ),
    "31-raw-html-is-escaped": lambda out: (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "usecases/plant/index.html").read_text()
        and "<iframe" not in (out / "usecases/plant/index.html").read_text()
    ),
}


def snapshot(folder: Path, skip: str) -> dict[str, bytes | tuple[int, int]]:
    """Each file's bytes; a file over 10 MB (the sparse gigabyte) by size and modification time,
    which a write changes too, rather than reading a gigabyte of zeros twice."""
    return {
        str(p.relative_to(folder)): (
            b""
            if not p.is_file() or p.is_symlink()
            else (p.stat().st_size, p.stat().st_mtime_ns)
            if p.stat().st_size > 10_000_000
            else p.read_bytes()
        )
        for p in folder.rglob("*")
        if skip not in p.relative_to(folder).parts
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, tmp_path):
    work = tmp_path / "project"
    shutil.copytree(case / "content", work / "content", symlinks=True)
    if (case / "signpost.yaml").is_file():
        shutil.copy(case / "signpost.yaml", work)
    GENERATED.get(case.name, lambda content: None)(work / "content")
    expected_code, *expected_lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    out = work / "out"
    out.mkdir()
    (out / MARKER).write_bytes(MARKER_TEXT)  # a site Signpost wrote, so a build may replace it
    (out / "sentinel.txt").write_bytes(b"from the previous build\n")
    previous_output = snapshot(out, "-")
    outside_before = snapshot(work, "out")

    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--out", "out"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert "Traceback" not in run.stderr
    assert f"exit {run.returncode}" == expected_code
    assert run.stderr.splitlines() == expected_lines
    assert snapshot(work, "out") == outside_before  # nothing written outside --out
    assert sorted(p.name for p in work.iterdir()) == sorted({"content", "out"} | {p.name for p in case.glob("*.yaml")})
    if run.returncode == 0:
        assert (out / "index.html").is_file() and not (out / "sentinel.txt").exists()
        assert BUILT[case.name](out)
    else:
        assert snapshot(out, "-") == previous_output
        for line in expected_lines[:-1]:
            assert re.match(r"^(content(/\S+?)?|signpost\.yaml)(:\d+)?: ", line), (
                line
            )  # names the file, and the line where there is one
