"""The wheel as a user installs it: into a fresh virtual environment outside the repository,
then `signpost new`, `build --strict`, `linkcheck` and the preview, with nothing read from here.

The wheel is built from a copy of the sources, so the build leaves nothing in the checkout.
Its dependencies come from the test environment through a .pth file rather than from the
network: this test is about what the wheel carries (code, templates, assets, messages, the
starter, the preview overlay); CI's `package` job installs it with its dependencies from PyPI.
"""

from __future__ import annotations

import shutil
import site
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

import signpost
from conftest import ROOT

SOURCES = ["pyproject.toml", "README.md", "signpost", "templates", "assets"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", dist, src],
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("signpost_guides-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/ folder."""
    env = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", env], check=True)
    python = env / "bin/python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], check=True, capture_output=True, text=True
    ).stdout.strip()
    # The dependencies, from the environment running the tests (see the module docstring).
    Path(purelib, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return env / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_wheel_carries_templates_assets_messages_and_the_starter(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, prefix in (("templates", "signpost/builtin/templates/"), ("assets", "signpost/builtin/assets/")):
        expected = {prefix + str(p.relative_to(ROOT / folder)) for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert expected and expected <= names, sorted(expected - names)[:5]
    assert {"signpost/messages/en.yaml", "signpost/messages/fr.yaml", "signpost/default_model.yaml"} <= names
    assert "signpost/preview/overlay.js" in names
    assert "signpost/starter/files/dot-github/workflows/site.yml" in names
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "content/"))]


def test_the_installed_command_starts_builds_and_checks_a_new_guide(venv, tmp_path):
    where = run(venv, "python", "-c", "import signpost; print(signpost.__file__)", cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv.parent), where  # the wheel's copy, not the checkout's
    assert run(venv, "signpost", "--version", cwd=tmp_path).stdout == f"signpost {signpost.__version__}\n"
    assert run(venv, "python", "-m", "signpost", "--version", cwd=tmp_path).stdout == (
        f"python -m signpost {signpost.__version__}\n"
    )

    assert run(venv, "signpost", "new", "guide", cwd=tmp_path).returncode == 0
    guide = tmp_path / "guide"
    built = run(venv, "signpost", "build", "--strict", cwd=guide)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert (guide / "site/decide/index.html").is_file()
    assert list((guide / "site/assets").rglob("*.css")) and list((guide / "site/assets").rglob("*.js"))
    assert (guide / "site/pagefind/pagefind.js").is_file()
    checked = run(venv, "signpost", "linkcheck", "site", cwd=guide)
    assert checked.returncode == 0, checked.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_installed_preview_serves_pages_with_its_overlay(venv, tmp_path):
    assert run(venv, "signpost", "new", "guide", cwd=tmp_path).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [str(venv / "signpost"), "serve", "--port", str(port)],
        cwd=tmp_path / "guide",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, page = time.monotonic() + 60, None
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.1)  # polling for the server to listen, bounded by the deadline
        assert page is not None, server.stdout.read() if server.poll() is not None else "no answer in 60 s"
        overlay = next(part.split('"')[0] for part in page.split('src="')[1:] if "overlay" in part.split('"')[0])
        script = urllib.request.urlopen(f"http://127.0.0.1:{port}{overlay}", timeout=5).read().decode()
        assert script == (ROOT / "signpost/preview/overlay.js").read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
