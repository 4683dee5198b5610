"""The command line as an author meets it: help, defaults, summary line, exit codes."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["check", "--help"], ["serve", "--help"]])
def test_help_for_every_command(args):
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True)
    assert run.returncode == 0
    assert run.stdout.startswith("usage: build.py")
    assert "--content" in run.stdout or args == ["--help"]


def test_plain_invocation_builds_into_site_with_a_summary(bakery):
    run = bakery.run()
    assert run.code == 0
    assert re.fullmatch(r"Built 12 pages \(\d+ files\) into site in \d+\.\d\d s\.\n", run.out)
    assert (bakery.site / "index.html").is_file()


def test_out_folder_option(bakery):
    assert bakery.run("build", "--out", "public").code == 0
    assert (bakery.root / "public/guide/index.html").is_file()
    assert not bakery.site.exists()


def test_check_writes_nothing(bakery):
    before = sorted(p.relative_to(bakery.root) for p in bakery.root.rglob("*"))
    assert bakery.run("check").code == 0
    assert sorted(p.relative_to(bakery.root) for p in bakery.root.rglob("*")) == before


def test_content_error_from_a_real_process_has_no_traceback(bakery):
    bakery.edit("goals/keep-regulars.md", "order: 2", "order: [2]")
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], capture_output=True, text=True, cwd=bakery.root)
    assert run.returncode == 1
    assert run.stderr == ("content/goals/keep-regulars.md:3: order: must be a whole number, got a list\n"
                          "Aborted with 1 content error; nothing was written.\n")
    assert not bakery.site.exists()


def test_unknown_command_is_a_usage_error(bakery):
    with pytest.raises(SystemExit) as exit_info:
        bakery.run("publish")
    assert exit_info.value.code == 2
