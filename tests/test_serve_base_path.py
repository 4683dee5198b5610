"""`build.py serve` serves the site under its base path, so links behave as they will when published."""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, csp_violations
from test_preview import ServeProcess, free_port


@pytest.fixture
def project(tmp_path):
    """The bakery, published under /guide/ (signpost.yaml says so)."""
    root = tmp_path / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    with (root / "signpost.yaml").open("a") as settings:
        settings.write("base_url: /guide/\n")
    return root


def fetch(port: int, path: str) -> tuple[int, str, str]:
    """Status, Location header and body of a GET, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    answer = response.status, response.getheader("Location", ""), response.read().decode("utf-8", "replace")
    connection.close()
    return answer


def assert_served_under(port: int, base: str) -> None:
    status, location, _ = fetch(port, "/")
    assert (status, location) in ((302, base), (307, base))
    assert fetch(port, base.rstrip("/"))[:2] == (302, base)
    status, _, home = fetch(port, base)
    assert status == 200 and home.lower().startswith("<!doctype html>")
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home).group(1)
    script = re.search(r'<script[^>]* src="([^"]+/assets/js/[^"]+)"', home).group(1)
    for asset in (stylesheet, script):
        assert asset.startswith(f"{base}assets/")
        assert fetch(port, asset)[0] == 200, asset
    assert fetch(port, f"{base}usecases/rainy-day-offers/")[0] == 200
    for outside in ("/nothing/", stylesheet[len(base) - 1 :]):  # the stylesheet's path without the base
        status, _, body = fetch(port, outside)
        assert status == 404 and "Page not found" in body, outside
    # The preview's own client stays at the root, where overlay.js asks for it.
    assert 'src="/__signpost__/overlay.js"' in home
    assert fetch(port, "/__signpost__/overlay.js")[0] == 200
    assert fetch(port, "/__signpost__/status")[:1] == (200,)


@pytest.fixture
def stop_at_end():
    running = []
    yield running.append
    for server in running:
        if server.process.poll() is None:
            server.stop()


def test_the_site_is_served_under_base_url_from_signpost_yaml(project, stop_at_end):
    server = ServeProcess(project, free_port())
    stop_at_end(server)
    assert server.lines[server.seen - 1].rstrip().endswith(f"at http://127.0.0.1:{server.port}/guide/ (Ctrl-C to stop)")
    assert_served_under(server.port, "/guide/")


def test_the_base_url_option_overrides_signpost_yaml(project, stop_at_end):
    server = ServeProcess(project, free_port(), "--base-url", "/other/")
    stop_at_end(server)
    assert_served_under(server.port, "/other/")
    assert fetch(server.port, "/guide/")[0] == 404


def test_a_full_address_serves_under_its_path(project, stop_at_end):
    server = ServeProcess(project, free_port(), "--base-url", "https://docs.example.org/bakery/")
    stop_at_end(server)
    assert_served_under(server.port, "/bakery/")


def test_without_a_base_url_the_site_is_at_the_root(project, stop_at_end):
    server = ServeProcess(project, free_port(), "--base-url", "/")
    stop_at_end(server)
    status, _, home = fetch(server.port, "/")
    assert status == 200 and 'href="/assets/css/' in home


def test_a_bad_base_url_option_is_a_usage_error(project):
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(free_port()), "--base-url", "docs/"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (run.returncode, run.stderr) == (
        2,
        "build.py serve: error: --base-url must be '/', a path such as /docs/ "
        "or a full address such as https://example.com/docs/, got 'docs/'\n",
    )


def test_in_the_browser_styles_apply_and_links_stay_under_the_base_path(project, stop_at_end, browser):
    from playwright.sync_api import expect

    server = ServeProcess(project, free_port())
    stop_at_end(server)
    page = browser.new_page()
    problems = csp_violations(page)
    page.goto(f"http://127.0.0.1:{server.port}/")  # redirected to /guide/
    assert page.url == f"http://127.0.0.1:{server.port}/guide/"
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # 8px without site.css
    server.wait_for("Browser Connected")  # the live-reload client connected from under the base path
    page.get_by_role("main").get_by_role("link", name="the guide").click()
    expect(page).to_have_url(f"http://127.0.0.1:{server.port}/guide/guide/")
    expect(page.locator("h1")).to_have_text("Picking a plan")
    page.close()
    assert problems == []
