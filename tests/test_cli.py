"""The command line as an author meets it: help, defaults, summary line, exit codes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--help"], "{build,check,serve,new,linkcheck}"),
        (["build", "--help"], "--content"),
        (["check", "--help"], "--content"),
        (["serve", "--help"], "--content"),
        (["new", "--help"], "DIR"),
        (["linkcheck", "--help"], "--external"),
    ],
)
def test_help_for_every_command(args, mentions):
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True)
    assert run.returncode == 0
    assert run.stdout.startswith(f"usage: build.py {args[0]}" if args[0] != "--help" else "usage: build.py")
    assert mentions in run.stdout


def test_plain_invocation_builds_into_site_with_a_summary(bakery):
    run = bakery.run()
    assert run.code == 0
    assert re.fullmatch(r"Built 13 pages \(\d+ files\) into site in \d+\.\d\d s\.\n", run.out)
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
    assert run.stderr == (
        "content/goals/keep-regulars.md:3: order: must be a whole number, got a list\n"
        "Aborted with 1 content error; nothing was written.\n"
    )
    assert not bakery.site.exists()


def test_unknown_command_is_a_usage_error(bakery):
    with pytest.raises(SystemExit) as exit_info:
        bakery.run("publish")
    assert exit_info.value.code == 2


@pytest.mark.parametrize("value", ["99999999999999", "abc", "-1", "1e9"])
def test_a_malformed_source_date_epoch_is_a_usage_error(bakery, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    run = bakery.run("build")
    assert (run.code, run.err) == (
        2,
        f"build.py build: error: SOURCE_DATE_EPOCH={value!r} must be a whole number of "
        "seconds since 1970 before the year 10000, such as the output of: "
        "git log -1 --format=%ct\n",
    )
    assert not bakery.site.exists()


@pytest.mark.parametrize(
    "url",
    ["http://[::1", "/\\evil.example", "//evil.example/", "docs/", "javascript:alert(1)", "https://example.com/?q=1", "/a/../b/"],
)
def test_a_bad_base_url_option_is_a_usage_error(bakery, url):
    run = bakery.run("build", "--base-url", url)
    assert (run.code, run.err) == (
        2,
        "build.py build: error: --base-url must be '/', a path such as /docs/ or a full "
        f"address such as https://example.com/docs/, got '{url}'\n",
    )
    assert not bakery.site.exists()


@pytest.mark.parametrize("url", ["/", "/docs/", "/docs", "https://example.com/docs/", "http://[::1]:8000/"])
def test_good_base_urls_build(bakery, url):
    assert bakery.run("build", "--base-url", url).code == 0


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_a_port_out_of_range_is_a_usage_error(bakery, port):
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", port],
        capture_output=True,
        text=True,
        cwd=bakery.root,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == f"build.py serve: error: argument --port: '{port}' is not a port number (1 to 65535)"


def test_an_unreadable_file_is_a_content_error(bakery, monkeypatch):
    from pathlib import Path

    real_read = Path.read_bytes

    def read_bytes(path):
        if path.name == "keep-regulars.md":
            raise PermissionError(13, "Permission denied")  # as for a file of another user (tests run as root)
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    run = bakery.run("build")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "content/goals/keep-regulars.md: the file cannot be read (Permission denied); check its permissions"
    )
    assert "Traceback" not in run.err


def test_version_is_the_latest_release_in_the_changelog():
    import signpost

    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--version"], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, f"build.py {signpost.__version__}\n")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d\d-\d\d$", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert released[0] == signpost.__version__
