"""The preview server against hostile pages and requests: malformed paths, DNS rebinding, foreign
origins on its reload socket; restarts at once, keeps the site's Content-Security-Policy, and says
in one line when --host cannot be used."""

from __future__ import annotations

import base64
import os
import re
import contextlib
import socket
import subprocess
import sys

import pytest

from conftest import ROOT, csp_violations
import test_preview
from test_preview import ServeProcess, free_port, raw_get

# The preview tests' fixtures, shared by name so pytest finds them in this module too.
project = test_preview.project
server = test_preview.server

LOGGED = ("Traceback", "Uncaught exception", "tornado.application", "ERROR", "GET /")  # no line per request


def request(port: int, path: str, host: str) -> int:
    """The status of a GET sent with this exact Host header."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def open_reload_socket(port: int, host: str | None = None, origin: str | None = None) -> tuple[int, socket.socket]:
    """A WebSocket handshake on /livereload; returns its status and the connection (101: left open)."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    host = f"127.0.0.1:{port}" if host is None else host
    head = (
        f"GET /livereload HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
    )
    connection.sendall((head + (f"Origin: {origin}\r\n" if origin else "") + "\r\n").encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = connection.recv(4096)
        if not chunk:
            break
        answer += chunk
    return int(answer.split()[1]), connection


# -- 1. malformed paths -------------------------------------------------------------------------------

MALFORMED = [
    "/%00",
    "/a%00b/",
    "/index.html%00.txt",
    "/%ff",
    "/%c0%ae%c0%ae/etc/passwd",
    "/%",
    "/%zz",
    "/..%5c..%5cetc/passwd",
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/..%00/etc/passwd",
    "/" + "a" * 5000,
    "/" + "a/" * 3000,
    "/" + "x" * 300 + "/index.html",
    "/assets/",
    "/assets",
    "//",
    "/?%ff",
]


def test_malformed_paths_get_400_or_the_404_page_and_nothing_is_logged(server):
    for path in MALFORMED:
        status, body = raw_get(server.port, path)
        assert status in (200, 301, 400, 404), (path, status)  # 200: /?%ff; 301: /assets to /assets/
        if status == 404:
            assert b"Page not found" in body, path
    # A request head over tornado's 64 KB limit: the connection is closed, unanswered and unlogged.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(b"GET /" + b"a" * 70_000 + f" HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        with contextlib.suppress(ConnectionResetError):
            assert connection.recv(100) in (b"", b"HTTP/1.1 400 Bad Request\r\n\r\n")
    assert server.stop() == 0
    log = "".join(server.lines)
    assert not any(text in log for text in LOGGED), log


# -- 2. DNS rebinding: the Host header ----------------------------------------------------------------


def test_only_requests_naming_the_server_are_answered(server):
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}", f"[::1]:{port}"):
        assert request(port, "/", host) == 200, host
        assert request(port, "/__signpost__/status", host) == 200, host
    for host in (
        f"evil.example:{port}",
        f"localhost.evil.example:{port}",
        "127.0.0.1",
        f"127.0.0.1:{port + 1}",
        f"127.0.0.1:{port}.evil.example",
        "",
        f"0.0.0.0:{port}",
    ):
        for path in (
            "/",
            "/guide/",
            "/no/such/page/",
            "/__signpost__/status",
            "/__signpost__/overlay.js",
            "/livereload.js",
            "/livereload",
        ):
            assert request(port, path, host) == 400, (host, path)
        status, connection = open_reload_socket(port, host=host)
        connection.close()
        assert status == 400, host


# -- 3. the reload socket checks Origin ---------------------------------------------------------------


def test_the_reload_socket_accepts_only_the_preview_s_own_origins(server):
    port = server.port
    for origin in (None, f"http://127.0.0.1:{port}", f"http://localhost:{port}", f"http://[::1]:{port}"):
        status, connection = open_reload_socket(port, origin=origin)
        connection.close()
        assert status == 101, origin
    # (tornado itself lets through any scheme with this host and port: such a page is this server's own.)
    for origin in (
        "http://evil.example",
        f"http://evil.example:{port}",
        f"http://127.0.0.1:{port + 1}",
        f"http://localhost:{port + 1}",
        "null",
        f"http://127.0.0.1:{port}.evil.example",
        "file://",
    ):
        status, connection = open_reload_socket(port, origin=origin)
        connection.close()
        assert status == 403, origin


# -- 4. restarting on the same port -------------------------------------------------------------------


@pytest.fixture
def start(project):
    """Starts previews of the project; any a failing test leaves running is stopped."""
    started = []
    yield lambda port: started.append(ServeProcess(project, port)) or started[-1]
    for running in started:
        if running.process.poll() is None:
            running.process.terminate()
            running.process.wait(timeout=10)


def test_the_preview_restarts_at_once_on_the_port_a_browser_was_connected_to(start):
    first = start(free_port())
    status, browser_tab = open_reload_socket(first.port, origin=f"http://127.0.0.1:{first.port}")
    assert status == 101
    assert first.stop() == 0
    while browser_tab.recv(4096):  # the server closed first: its side of the connection is in TIME-WAIT
        pass
    browser_tab.close()
    second = start(first.port)  # waits for "(Ctrl-C to stop)"
    assert second.stop() == 0, "".join(second.lines)


def test_a_restarted_preview_is_reconnected_to_and_reloads_the_page(start, browser):
    first = start(free_port())
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{first.port}/guide/")
    first.wait_for("Browser Connected")
    page.evaluate("window.beforeRestart = true")
    assert first.stop() == 0
    second = start(first.port)  # at once, on the port the tab was connected to
    page.wait_for_function("() => window.beforeRestart === undefined", timeout=15000)  # reloaded
    second.wait_for("Browser Connected")
    page.close()
    assert second.stop() == 0


# -- 5. the preview's pages carry the site's Content-Security-Policy ----------------------------------


def test_preview_pages_carry_the_built_site_s_csp_and_no_inline_script(server, project, tmp_path):
    from signpost import pipeline

    pipeline.build(project / "content", tmp_path / "site")
    meta = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]+">')
    built = meta.findall((tmp_path / "site/usecases/rainy-day-offers/index.html").read_text())
    page = server.get("/usecases/rainy-day-offers/")
    assert meta.findall(page) == built and len(built) == 1
    # Every script is a file: none is injected (JSON and JSON-LD blocks are data, which the CSP does not run).
    assert re.findall(r'<script(?![^>]*\b(?:src=|type="application/(?:ld\+)?json"))[^>]*>', page) == []


def test_reload_works_under_the_csp(server, project, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    violations = csp_violations(page)
    page.goto(f"http://127.0.0.1:{server.port}/usecases/rainy-day-offers/")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    server.wait_for("Browser Connected")  # the page's reload socket is open and registered
    path = project / "content/usecases/rainy-day-offers.md"
    path.write_text(path.read_text().replace("People stay in", "People gladly stay in"))
    expect(page.locator("main")).to_contain_text("People gladly stay in", timeout=15000)
    page.close()
    assert violations == []


# -- 6. a --host that cannot be used (a port in use: test_preview.py) --------------------------------


@pytest.mark.parametrize("host", ["nope.invalid", "203.0.113.254"])  # a name that does not resolve; not ours
def test_a_host_that_cannot_be_listened_on_is_a_usage_error(project, host):
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "serve", "--host", host, "--port", str(free_port())],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 2
    assert re.fullmatch(rf"build.py serve: error: --host {re.escape(host)}: cannot listen there \([^\n]+\)\n", run.stderr), (
        run.stderr
    )
    assert run.stdout == ""  # said before building anything
