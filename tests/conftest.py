"""Shared fixtures: scratch projects in tmp_path and a site built once from our own content."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"  # the seed page and the facts file, beside the clone on our machines


def shared_required() -> bool:
    """Whether a missing ../shared fails the tests that read it, rather than letting them skip or
    fall back to tests/data: in CI (CI set), so CI can never silently not check. GitHub's runners
    have no ../shared; the workflow says so in the open with SIGNPOST_NO_SHARED=1."""
    return bool(os.environ.get("CI")) and not os.environ.get("SIGNPOST_NO_SHARED")


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


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path, monkeypatch):
    """Every test, and every process it starts, has its own XDG cache folder: the build cache
    and the link cache never leak between tests or into the user's ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


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


# -- browser tests -------------------------------------------------------------------------------
# Debian's chromium driven by the PyPI playwright package; Playwright's own browser download
# is never used (scripts/setup installs chromium with apt-get).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class SiteServer:
    """Serves a built site on loopback and records POSTs (the feedback endpoint)."""

    def __init__(self, directory: Path):
        import functools
        import http.server
        import threading

        posts = self.posts = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):  # keep test output readable
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                posts.append((self.path, self.rfile.read(length).decode()))
                self.send_response(204)
                self.end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def served_site(our_site):
    server = SiteServer(our_site)
    yield server
    server.close()


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Chromium (set on every test that uses the browser fixture)")


def pytest_collection_modifyitems(items):
    # Marked from the fixture closure, not by hand, so no browser test can miss the mark:
    # `scripts/test -m "not browser"` is then every test that needs no Chromium.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: run scripts/setup --test (it installs Debian's chromium)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no saved theme) at desktop size."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()


def site_urls() -> list[str]:
    """Every HTML page our content builds, as site-relative URLs (read from the model)."""
    from signpost.pipeline import read_project

    catalog, _, _ = read_project(ROOT / "content")
    return [p.url for p in catalog.pages] + [g.url for g in catalog.goals] + [u.url for u in catalog.usecases] + ["404.html"]


def csp_violations(page) -> list[str]:
    """The page's Content-Security-Policy reports and script errors, collected as they happen."""
    found: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and found.append(message.text))
    page.on("pageerror", lambda error: found.append(str(error)))
    return found
