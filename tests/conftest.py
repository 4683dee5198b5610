"""Shared fixtures: scratch projects in tmp_path and a site built once from our own content."""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT))

import build  # noqa: E402  (the CLI module, called in-process)
from signpost import pipeline  # noqa: E402


@dataclass
class Run:
    code: int
    out: str
    err: str


class Project:
    """A copy of a fixture project that a test may break; paths in messages are relative to it."""

    def __init__(self, root: Path, capsys):
        self.root = root
        self.content = root / "content"
        self.site = root / "site"
        self._capsys = capsys

    def write(self, rel: str, text: str) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def run(self, *args: str) -> Run:
        """Run the CLI in-process, as `python build.py ARGS` from the project folder."""
        self._capsys.readouterr()
        code = build.main(list(args))
        captured = self._capsys.readouterr()
        return Run(code, captured.out, captured.err)


@pytest.fixture
def bakery(tmp_path, monkeypatch, capsys) -> Project:
    """The made-up bakery catalog, copied so a test can break it; cwd is its folder."""
    root = tmp_path / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    monkeypatch.chdir(root)
    return Project(root, capsys)


@pytest.fixture(scope="session")
def our_site(tmp_path_factory) -> Path:
    """Our real content built once; tests only read it."""
    out = tmp_path_factory.mktemp("our") / "site"
    pipeline.build(ROOT / "content", out)
    return out
