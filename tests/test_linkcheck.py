"""signpost.linkcheck: the base URL from signpost.yaml, and external links checked against a local
server (nothing here touches the network): HEAD then GET, timeouts, retries, the per-host pace and
the 24-hour cache."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from conftest import ROOT
from signpost import linkcheck
from signpost.external_links import Checker, Result


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    """No proxy (the local server must be asked directly) and no cache in the real home folder."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "*")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def guide(bakery):
    """The bakery built with `base_url: /guide/` in its signpost.yaml (cwd is its folder)."""
    with (bakery.root / "signpost.yaml").open("a") as settings:
        settings.write("base_url: /guide/\n")
    assert bakery.run("build").code == 0
    return bakery


def check(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = linkcheck.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- the base URL -------------------------------------------------------------------------------------


def test_the_base_url_comes_from_signpost_yaml(guide, capsys):
    assert check(capsys, "site") == (0, "All internal links of 13 pages resolve.\n", "")


def test_a_wrong_base_url_option_reports_broken_links(guide, capsys):
    code, _, err = check(capsys, "site", "--base-url", "/other/")
    assert code == 1
    assert "index.html: /guide/guide/ (outside the base URL /other/)\n" in err
    assert err.endswith(" pages.\n") and " broken links in 13 pages." in err


def test_the_project_folder_can_be_named(guide, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert check(capsys, str(guide.site), "--project", str(guide.root))[0] == 0
    assert check(capsys, str(guide.site))[0] == 1  # here there is no signpost.yaml: the base is /


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--base-url", "docs/"],
            "--base-url must be '/', a path such as /docs/ or a full address such as https://example.com/docs/, got 'docs/'",
        ),
        (["--project", "nowhere"], "--project nowhere: no such folder"),
        (
            ["--external", "--cache", "site/links.json"],
            "--cache site/links.json: the cache must not be inside the site it checks",
        ),
    ],
)
def test_usage_errors_are_one_line(guide, capsys, args, message):
    assert check(capsys, "site", *args) == (2, "", f"python -m signpost.linkcheck: error: {message}\n")


@pytest.mark.parametrize(
    "command", [["build.py", "build"], ["build.py", "check"], ["build.py", "serve"], ["-m", "signpost.linkcheck"]]
)
def test_help_says_where_defaults_come_from(command):
    script = [str(ROOT / command[0]), *command[1:]] if command[0] == "build.py" else command
    run = subprocess.run(
        [sys.executable, *script, "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=60,
    )
    assert run.returncode == 0
    assert "signpost.yaml" in run.stdout
    if command[-1] != "check":  # check has no --base-url
        assert "(default: base_url in signpost.yaml" in run.stdout


# -- external links -----------------------------------------------------------------------------------


class LinkServer:
    """A local web server whose paths answer as sites do; it counts every request."""

    def __init__(self):
        import http.server

        self.requests: Counter[tuple[str, str]] = Counter()
        self.arrivals: list[tuple[str, float]] = []  # path and time of each request
        self.release = threading.Event()  # ends the slow answers
        lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, method: str):
                with lock:
                    server.requests[method, self.path] += 1
                    server.arrivals.append((self.path, time.monotonic()))
                    count = sum(n for (_, path), n in server.requests.items() if path == self.path)
                path = self.path.partition("?")[0]
                if path == "/slow":
                    server.release.wait(30)  # past any timeout the tests give
                if path == "/garbage":
                    self.wfile.write(b"not HTTP at all\r\n\r\n")
                    return
                status, headers = {
                    "/ok": (200, {}),
                    "/caf%C3%A9": (200, {}),
                    "/moved": (301, {"Location": "/ok"}),
                    "/gone": (404, {}),
                    "/nohead": (405 if method == "HEAD" else 200, {}),  # a server refusing HEAD
                    "/flaky": (503 if count <= 2 else 200, {}),
                    "/busy": (429, {"Retry-After": "0"}) if count == 1 else (200, {}),
                }.get(path, (404, {}))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                if method == "GET":
                    self.wfile.write(b"ok")

            def do_HEAD(self):
                self.answer("HEAD")

            def do_GET(self):
                self.answer("GET")

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def times(self, path: str) -> list[float]:
        return [at for asked, at in self.arrivals if asked == path]

    def count(self, path: str) -> int:
        return sum(n for (_, p), n in self.requests.items() if p == path)

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def web():
    server = LinkServer()
    yield server
    server.close()


@pytest.fixture
def linked(bakery, web):
    """The bakery built with links to the local server; /gone is used on two pages."""
    bakery.edit(
        "pages/guide.md",
        "Read the goals below and pick one.",
        f"Read the goals below and pick one. See [a]({web.url}/ok), [b]({web.url}/moved#part), "
        f"[c]({web.url}/gone), [d]({web.url}/slow) and [e]({web.url}/nohead).",
    )
    bakery.edit("pages/index.md", "Start with", f"Not [this]({web.url}/gone). Start with")
    assert bakery.run("build").code == 0
    return bakery


FAST = ["--external", "--timeout", "0.5", "--retries", "0", "--interval", "0"]


def test_external_links_are_checked_and_broken_ones_listed_with_their_pages(linked, web, capsys, tmp_path):
    cache = tmp_path / "cache/links.json"
    code, out, err = check(capsys, "site", *FAST, "--cache", str(cache))
    assert code == 1
    assert err.splitlines() == [
        f"{web.url}/gone: 404 Not Found (in guide/index.html, index.html)",
        f"{web.url}/slow: no answer within 0.5 s (in guide/index.html)",
        "2 broken external links (5 external links on 1 host, 0 answered from the cache).",
    ]
    assert out == "All internal links of 13 pages resolve.\n"
    assert web.requests[("HEAD", "/gone")] == web.requests[("GET", "/gone")] == 1  # HEAD, then GET
    assert web.requests[("HEAD", "/nohead")] == web.requests[("GET", "/nohead")] == 1  # refused HEAD, GET works
    assert web.requests[("HEAD", "/moved")] == 1 and web.requests[("HEAD", "/ok")] == 2  # the redirect followed

    before = web.requests.copy()
    code, out, err = check(capsys, "site", *FAST, "--cache", str(cache))
    assert code == 1
    assert err.splitlines()[-1] == "2 broken external links (5 external links on 1 host, 4 answered from the cache)."
    assert web.requests - before == Counter({("HEAD", "/slow"): 1})  # only what may be passing is asked again

    # An answer older than 24 hours is asked again.
    saved = json.loads(cache.read_text())
    saved["links"][f"{web.url}/ok"]["checked"] -= 25 * 3600
    cache.write_text(json.dumps(saved))
    before = web.requests.copy()
    assert check(capsys, "site", *FAST, "--cache", str(cache))[0] == 1
    assert web.requests - before == Counter({("HEAD", "/slow"): 1, ("HEAD", "/ok"): 1})


def test_the_cache_defaults_to_xdg_cache_home_and_no_cache_asks_again(linked, web, capsys, tmp_path):
    check(capsys, "site", *FAST)
    saved = json.loads((tmp_path / "xdg-cache/signpost/links.json").read_text())
    assert sorted(saved["links"]) == sorted(f"{web.url}/{p}" for p in ("ok", "moved", "gone", "nohead"))
    before = web.count("/ok")
    check(capsys, "site", *FAST, "--no-cache")
    assert web.count("/ok") == before + 2


def test_an_unreadable_cache_is_a_warning_and_is_written_afresh(linked, web, capsys, tmp_path):
    cache = tmp_path / "links.json"
    cache.write_text("{not json")
    code, _, err = check(capsys, "site", *FAST, "--cache", str(cache))
    assert code == 1 and err.startswith(f"warning: cache {cache} not used (")
    assert len(json.loads(cache.read_text())["links"]) == 4


def test_timeouts_5xx_and_429_are_retried_with_growing_pauses(web):
    checker = Checker(timeout=0.2, retries=2, interval=0, backoff=0.1)
    results = checker.check([f"{web.url}/flaky", f"{web.url}/busy", f"{web.url}/slow"])
    assert results[f"{web.url}/flaky"].ok and results[f"{web.url}/busy"].ok
    assert web.requests[("HEAD", "/flaky")] == 1 and web.requests[("GET", "/flaky")] == 2  # 503, 503, then 200
    assert web.requests[("HEAD", "/busy")] == 2 and web.requests[("GET", "/busy")] == 0  # 429 is not a refused HEAD
    assert results[f"{web.url}/slow"] == Result(False, None, "no answer within 0.2 s")
    first, second, third = web.times("/slow")  # each after the timeout and a pause: 0.1 s, then 0.2 s
    assert second - first >= 0.29 and third - second >= 0.39


def test_accented_links_are_escaped_and_a_garbled_answer_is_a_broken_link(web):
    results = Checker(retries=0, interval=0).check([f"{web.url}/café", f"{web.url}/garbage"])
    assert results[f"{web.url}/café"].ok
    assert results[f"{web.url}/garbage"] == Result(False, None, "not a valid HTTP answer (BadStatusLine)")


def test_requests_to_one_host_are_spaced_by_the_interval(web):
    urls = [f"{web.url}/ok?{n}" for n in range(4)]
    assert all(result.ok for result in Checker(interval=0.2, retries=0).check(urls).values())
    times = [at for _, at in web.arrivals]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) == 3 and min(gaps) >= 0.19, gaps


def test_ci_checks_external_links_weekly_and_on_demand_only():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text())
    assert workflow[True]["schedule"][0]["cron"]  # YAML 1.1 reads the key `on` as true
    assert "workflow_dispatch" in workflow[True]
    job = workflow["jobs"]["external-links"]
    assert job["if"] == "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    assert job["needs"] == "build"
    assert job["steps"][-1]["run"] == '.venv/bin/python -m signpost.linkcheck site --base-url "$BASE_URL" --external'
