"""The live preview: incremental rebuilds equal full ones, and the server as an author uses it."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from signpost import pipeline
from signpost.markup import conversions
from signpost.preview.incremental import IncrementalBuilder


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file() and "pagefind" not in p.parts}


@pytest.fixture
def project(tmp_path):
    shutil.copytree(FIXTURES / "bakery", tmp_path / "bakery")
    return tmp_path / "bakery"


# What the preview adds to every HTML page, and nothing else (templates/base.html, messages.browser):
# with `preview` set, base.html loads the preview's client after the theme's scripts, and the
# page's interface strings (the signpost-messages JSON, sorted by key) gain the overlay's
# PREVIEW_KEYS. The preview also always shows drafts, like `build --drafts`.
OVERLAY_TAG = b'<script type="module" src="/__signpost__/overlay.js"></script>\n'


def preview_messages(project: Path) -> bytes:
    """The exact entries the preview adds to the signpost-messages JSON, as Jinja's tojson writes them."""
    from jinja2.utils import htmlsafe_json_dumps

    from signpost.messages import PREVIEW_KEYS, messages_for

    config = pipeline.load_project(project / "content", drafts=True).config
    shown = messages_for(replace(config, preview=True)).browser()
    return "".join(f"{htmlsafe_json_dumps(key)}: {htmlsafe_json_dumps(shown[key])}, " for key in sorted(PREVIEW_KEYS)).encode()


def without_preview_additions(project: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """The preview's output with exactly what the preview adds taken out of every page; each
    addition must be there once per page, so a page the preview failed to mark fails too."""
    messages = preview_messages(project)
    plain = {}
    for name, data in files.items():
        if name.endswith(".html"):
            for added in (OVERLAY_TAG, messages):
                assert data.count(added) == 1, (name, added)
                data = data.replace(added, b"")
        plain[name] = data
    return plain


def full_build(project: Path, out: Path) -> dict[str, bytes]:
    """What `build.py build --drafts` writes for the same content: the reference the preview's
    output must equal once the preview's own additions are taken out (see above). Pagefind's
    index is left out by tree(): the preview indexes in the background, not in build()."""
    pipeline.build(project / "content", out, drafts=True)
    return tree(out)


EDITS = {
    "body": ("usecases/rainy-day-offers.md", "People stay in", "People stay at home"),
    "title": ("usecases/rainy-day-offers.md", "title: Rainy day offers", "title: Wet weather offers"),
    "pairing": ("usecases/loyalty-stamp-reminders.md", "destinations: [Pigeon Post]", "destinations: [Pigeon Post, Chalkboard]"),
    "goal": ("goals/keep-regulars.md", "Regulars are the backbone", "Regular customers are the backbone"),
    "page": ("pages/guide.md", "Read the goals below", "Read the two goals below"),
    "draft": ("usecases/rainy-day-offers.md", "title: Rainy day offers\n", "title: Rainy day offers\ndraft: true\n"),
}


@pytest.fixture
def no_source_date(monkeypatch):
    """A build dates pages no later than SOURCE_DATE_EPOCH, the preview ignores it: unset, both read the same dates."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.mark.usefixtures("no_source_date")
@pytest.mark.parametrize("kind", sorted(EDITS))
def test_incremental_output_equals_a_full_build(project, tmp_path, kind):
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    rel, old, new = EDITS[kind]
    path = project / "content" / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    builder.build()
    assert without_preview_additions(project, tree(tmp_path / "live")) == full_build(project, tmp_path / "fresh")


def refuse_full_loads(*args: object, **kwargs: object) -> None:
    raise AssertionError("the whole content was loaded again")


@pytest.mark.usefixtures("no_source_date")
@pytest.mark.parametrize(
    "rel, old, new",
    [
        EDITS["body"],
        EDITS["page"],
        ("usecases/morning-pastry-alerts.md", "\n## ", "\nSee [the offers](rainy-day-offers.md#why-rain).\n\n## "),
    ],
    ids=["use case body", "page body", "a new link with an anchor"],
)
def test_a_body_edit_the_watcher_reports_takes_the_short_way_to_a_full_builds_output(project, tmp_path, rel, old, new):
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    path = project / "content" / rel
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.MonkeyPatch.context() as patch:  # a rebuild that loads every file again fails
        patch.setattr(pipeline, "load_project", refuse_full_loads)
        result = builder.build(paths={path.resolve()})
    assert result.rendered == 1
    assert without_preview_additions(project, tree(tmp_path / "live")) == full_build(project, tmp_path / "fresh")


@pytest.mark.usefixtures("no_source_date")
@pytest.mark.parametrize("kind", ["title", "pairing", "goal", "draft"])
def test_an_edit_of_more_than_a_body_takes_the_full_way(project, tmp_path, kind):
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    rel, old, new = EDITS[kind]
    path = project / "content" / rel
    path.write_text(path.read_text().replace(old, new))
    loads = []
    original = pipeline.load_project
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "load_project", lambda *a, **k: loads.append(1) or original(*a, **k))
        builder.build(paths={path})
    assert loads == [1]
    assert without_preview_additions(project, tree(tmp_path / "live")) == full_build(project, tmp_path / "fresh")


def test_after_a_failed_rebuild_the_next_one_checks_every_file_again(project, tmp_path):
    """A broken link in one body fails the rebuild; an edit of another file must not build from
    the last good model, which still holds the broken file's old body."""
    from signpost.problems import ContentError

    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    broken = project / "content/usecases/rainy-day-offers.md"
    broken.write_text(broken.read_text() + "\nSee [nothing](no-such-file.md).\n")
    with pytest.raises(ContentError):
        builder.build(paths={broken})
    other = project / "content/usecases/morning-pastry-alerts.md"
    other.write_text(other.read_text() + "\nAnother sentence.\n")
    with pytest.raises(ContentError) as error:
        builder.build(paths={other})
    assert "no-such-file.md" in str(error.value.problems[0])


def test_a_link_to_an_anchor_the_rendered_page_lacks_stops_a_rebuild(project, tmp_path, monkeypatch):
    from signpost.problems import ContentError

    monkeypatch.chdir(project)  # paths in messages are relative to the working folder
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    before = tree(tmp_path / "live")
    index = project / "content/pages/index.md"
    good = index.read_text()
    index.write_text(good.replace("Start with", "See [the use cases](../goals/keep-regulars.md#usecases). Start with"))
    with pytest.raises(ContentError) as error:
        builder.build()
    assert [str(p) for p in error.value.problems] == [
        "content/pages/index.md:6: link: '../goals/keep-regulars.md#usecases': content/goals/keep-regulars.md has no "
        "heading '#usecases' (did you mean 'use-cases'?)"
    ]
    assert tree(tmp_path / "live") == before
    index.write_text(good.replace("Start with", "See [the use cases](../goals/keep-regulars.md#use-cases). Start with"))
    assert builder.build().written == ["index.html", "index.md", "llms-full.txt"]  # the page, its Markdown, all of them


@pytest.mark.usefixtures("no_source_date")
def test_adding_and_removing_files_matches_a_full_build(project, tmp_path):
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    (project / "content/pages/extra.md").write_text("---\ntitle: Extra\ndescription: An added page.\n---\nHello.\n")
    builder.build()
    assert without_preview_additions(project, tree(tmp_path / "live")) == full_build(project, tmp_path / "fresh1")
    (project / "content/pages/extra.md").unlink()
    builder.build()
    assert not (tmp_path / "live/extra/index.html").exists()
    assert without_preview_additions(project, tree(tmp_path / "live")) == full_build(project, tmp_path / "fresh2")


def test_a_use_case_body_edit_renders_only_the_pages_that_show_it(project, tmp_path):
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    assert builder.build().rendered == 13
    rel, old, _ = EDITS["body"]
    path = project / "content" / rel
    misses = conversions()
    path.write_text(path.read_text().replace(old, f"People stay in at {time.time()}"))  # text no test converted yet
    result = builder.build()
    assert result.rendered == 1  # only its own page shows a use case's body
    assert result.written == ["llms-full.txt", "usecases/rainy-day-offers/index.html", "usecases/rainy-day-offers/index.md"]
    assert conversions() == misses + 1  # Markdown converted once, for the edited file only


def test_a_use_case_front_matter_edit_renders_its_goals_and_the_catalog_pages(project, tmp_path):
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    rel, old, new = EDITS["pairing"]
    path = project / "content" / rel
    path.write_text(path.read_text().replace(old, new))
    result = builder.build()
    # The use case, its goal, and guide, decide, plan, compare, reference, events: not the other use cases.
    assert result.rendered == 8
    assert "usecases/rainy-day-offers/index.html" not in result.written
    assert {"usecases/loyalty-stamp-reminders/index.html", "reference/index.html", "events/index.html", "catalog.json"} <= set(
        result.written
    )


def test_a_template_change_rerenders_everything(project, tmp_path):
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    assert builder.build(theme_changed=True).rendered == 13


def test_content_error_keeps_the_last_good_output(project, tmp_path):
    from signpost.problems import ContentError

    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    before = tree(tmp_path / "live")
    path = project / "content/usecases/rainy-day-offers.md"
    path.write_text(path.read_text().replace("title: Rainy day offers", "title: [oops"))
    with pytest.raises(ContentError):
        builder.build()
    assert tree(tmp_path / "live") == before


# -- the server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeProcess:
    """`build.py serve` in a subprocess; a thread keeps reading its output so it never blocks."""

    def __init__(self, project: Path, port: int, *extra: str):
        import threading

        self.port = port
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), *extra],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self._reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self._reader.start()
        self.seen = 0
        self.wait_for("(Ctrl-C to stop)")

    def wait_for(self, text: str, timeout: float = 20) -> str:
        """Wait for a line containing `text` printed after the last line this method returned."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index in range(self.seen, len(self.lines)):
                if text in self.lines[index]:
                    self.seen = index + 1
                    return self.lines[index]
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"{text!r} not printed; output so far:\n{''.join(self.lines)}")

    def get(self, path: str) -> str:
        return urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5).read().decode()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self._reader.join(timeout=5)
        return self.process.returncode


@pytest.fixture
def server(project):
    running = ServeProcess(project, free_port())
    yield running
    if running.process.poll() is None:
        running.process.terminate()  # handled like Ctrl-C: the temporary output folder is removed
        try:
            running.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            running.process.kill()


def test_edit_break_and_fix_without_restarting(server, project):
    page = "/usecases/rainy-day-offers/"
    assert "People stay in" in server.get(page)
    assert 'src="/__signpost__/overlay.js"' in server.get(page)
    path = project / "content/usecases/rainy-day-offers.md"
    good = path.read_text()
    path.write_text(good.replace("People stay in", "People stay at home"))
    server.wait_for("Rendered ")
    assert "People stay at home" in server.get(page)

    path.write_text(good.replace("title: Rainy day offers", "title: [oops"))
    server.wait_for("Rebuild failed")
    problems = json.loads(server.get("/__signpost__/status"))["problems"]
    assert problems[0].startswith("content/usecases/rainy-day-offers.md:3: front matter: not valid YAML")
    assert "People stay at home" in server.get(page)  # the last good site is still served

    path.write_text(good)
    server.wait_for("Rendered ")
    assert json.loads(server.get("/__signpost__/status")) == {"problems": []}
    assert "People stay in" in server.get(page)
    assert server.stop() == 0, "".join(server.lines)
    assert "Stopped." in "".join(server.lines)


def test_a_burst_of_saves_gives_one_rebuild(server, project):
    path = project / "content/usecases/rainy-day-offers.md"
    text = path.read_text()
    for i in range(6):  # as fast as an editor or `git checkout` writes
        path.write_text(text.replace("People stay in", f"People stay in ({i})"))
    burst = server.wait_for("Rendered ")
    assert "People stay in (5)" in server.get("/usecases/rainy-day-offers/")
    # Rather than waiting "long enough" for a second rebuild of the burst: one more edit, of
    # another file, whose rebuild looks different (a goal's text is on every page, so all pages
    # are rendered), and wait for that. The watcher rebuilds one group of changes at a time, in
    # order, so a second rebuild for the burst would be printed between the two.
    goal = project / "content/goals/keep-regulars.md"
    goal.write_text(goal.read_text().replace("backbone", "heart"))
    after = server.wait_for("Rendered ")
    assert "the heart of a bakery" in server.get("/goals/keep-regulars/")
    assert server.stop() == 0, "".join(server.lines)
    rebuilds = [line for line in server.lines if line.startswith("Rendered ")]
    # The first build, one rebuild for the whole burst (its one page), then the goal edit's (all pages).
    assert rebuilds[1:] == [burst, after], "".join(server.lines)
    assert rebuilds[0].startswith("Rendered 13 pages") and burst.startswith("Rendered 1 pages")
    assert after.startswith("Rendered 13 pages")


def test_browsers_are_told_to_reload_after_a_rebuild(server, project):
    from concurrent.futures import ThreadPoolExecutor

    from tornado.websocket import websocket_connect

    async def reload_message():
        socket_ = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
        socket_.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        await socket_.read_message()  # the server's hello
        socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{server.port}/"}))
        await asyncio.to_thread(server.wait_for, "Browser Connected")  # registered: the edit cannot be missed
        path = project / "content/goals/keep-regulars.md"
        path.write_text(path.read_text().replace("backbone", "heart"))
        message = json.loads(await socket_.read_message())
        socket_.close()
        return message

    # Its own thread and event loop: the browser tests' Playwright owns this thread's loop.
    with ThreadPoolExecutor(1) as pool:
        message = pool.submit(lambda: asyncio.run(asyncio.wait_for(reload_message(), 20))).result()
    assert message["command"] == "reload"


def test_unknown_path_serves_the_404_page(server):
    with pytest.raises(urllib.error.HTTPError) as error:
        server.get("/no/such/page/")
    assert error.value.code == 404
    assert "Page not found" in error.value.read().decode()


def test_a_port_in_use_is_a_usage_error(server, project):
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(server.port)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 2
    assert run.stderr == f"build.py serve: error: Port {server.port} on 127.0.0.1 is already in use; pick another with --port.\n"


# -- the server under attack and under load ---------------------------------------------------------

TRAVERSALS = [
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2fetc/passwd",
    "//etc/passwd",
    "/assets/../../../etc/hostname",
    "/%2F%2Fetc/passwd",
    "/secret-link",
]


def raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET a path exactly as written (urllib would normalise the dots away)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_paths_outside_the_output_folder_get_404_and_read_nothing(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    out = tmp_path / "served"
    server = ServeProcess(project, free_port(), "--out", str(out))
    try:
        (out / "secret-link").symlink_to(secret)
        for path in TRAVERSALS:
            status, body = raw_get(server.port, path)
            assert status == 404, path
            assert b"TOP SECRET" not in body and b"root:" not in body
    finally:
        server.stop()


def test_under_load_while_rebuilding_every_request_is_answered_whole(server, project):
    import http.client
    import threading
    from concurrent.futures import ThreadPoolExecutor

    css = next(line for line in server.get("/").splitlines() if "site." in line and ".css" in line).split('"')[3]
    paths = ["/", "/guide/", "/usecases/rainy-day-offers/", "/reference/", css, "/catalog.json", "/nope/", "/../etc/passwd"]
    stop = threading.Event()

    def keep_rebuilding():  # more often than the once a second: this load is over in seconds
        path = project / "content/usecases/rainy-day-offers.md"
        text = path.read_text()
        round_ = 0
        while not stop.is_set():
            round_ += 1
            path.write_text(text.replace("People stay in", f"People stay in (round {round_})"))
            stop.wait(0.25)

    def client(worker: int) -> list[tuple[str, int, bytes]]:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        answers = []
        for i in range(40):  # 50 clients x 40 requests = 2,000
            path = paths[(worker + i) % len(paths)]
            connection.putrequest("GET", path)
            connection.endheaders()
            response = connection.getresponse()
            answers.append((path, response.status, response.read()))
            time.sleep(0.01)  # spread the 2,000 requests over a few seconds of rebuilds
        connection.close()
        return answers

    editor = threading.Thread(target=keep_rebuilding, daemon=True)
    editor.start()
    with ThreadPoolExecutor(50) as pool:
        answers = [a for batch in pool.map(client, range(50)) for a in batch]
    stop.set()
    editor.join()
    assert len(answers) == 2000
    assert {status for _, status, _ in answers} <= {200, 304, 404}
    for path, status, body in answers:
        if status == 200 and path.endswith("/"):
            assert body.rstrip().endswith(b"</html>"), path  # never a partial page
        if status == 200 and path == "/catalog.json":
            json.loads(body)
    assert server.stop() == 0, "".join(server.lines)
    log = "".join(server.lines)
    assert "Traceback" not in log and "ERROR" not in log
    assert log.count("Rendered ") >= 3, log  # the rebuilds really happened during the load


def test_the_browser_shows_a_content_error_and_clears_it_after_the_fix(server, project, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    violations = []  # the overlay works under the site's Content-Security-Policy
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.goto(f"http://127.0.0.1:{server.port}/usecases/rainy-day-offers/")
    server.wait_for("Browser Connected")
    path = project / "content/usecases/rainy-day-offers.md"
    good = path.read_text()
    path.write_text(good.replace("title: Rainy day offers", "title: [oops"))
    overlay = page.get_by_role("alertdialog")
    expect(overlay).to_contain_text("content/usecases/rainy-day-offers.md:3: front matter: not valid YAML", timeout=15000)
    expect(overlay).to_contain_text("The last rebuild failed with 1 content error; showing the last good site")  # messages
    expect(page.locator("h1")).to_have_text("Rainy day offers")  # the last good page, under the overlay
    path.write_text(good.replace("People stay in", "People happily stay in"))
    expect(page.locator("main")).to_contain_text("People happily stay in", timeout=15000)
    expect(overlay).to_have_count(0)
    page.close()
    assert violations == []


def test_a_page_whose_file_name_is_not_its_slug_is_rerendered(project, tmp_path):
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    (project / "content/pages/About Us.md").write_text("---\ntitle: About\ndescription: Us.\n---\nFirst.\n")
    builder.build()
    (project / "content/pages/About Us.md").write_text("---\ntitle: About\ndescription: Us.\n---\nSecond.\n")
    assert builder.build().written == ["about-us/index.html", "about-us/index.md", "llms-full.txt"]
    assert "Second." in (tmp_path / "live/about-us/index.html").read_text()


def test_search_reindexes_are_coalesced_and_a_queued_one_is_dropped_on_stop(project, monkeypatch):
    """Each edit asks for a re-index; at 3,000 pages one Pagefind run takes seconds, so edits in
    a row queue at most one more, and stopping waits only for the one running."""
    import threading

    from signpost.preview import serve

    running, release, calls = threading.Event(), threading.Event(), []

    def refresh_index(site):
        calls.append(site)
        running.set()
        assert release.wait(10)

    monkeypatch.setattr(serve, "refresh_index", refresh_index)
    preview = serve.Preview(project / "content", project / "out")
    preview.start_reindex()
    assert running.wait(10)  # the first is running
    for _ in range(5):
        preview.start_reindex()  # one queued, four dropped
    assert len([t for t in preview._reindexers if t.is_alive()]) == 2
    stopper = threading.Thread(target=preview.wait_for_search_index)
    stopper.start()
    assert preview.stopping.wait(10)  # the stop has begun
    release.set()
    stopper.join(10)
    assert not stopper.is_alive() and len(calls) == 1  # the queued one did not run after the stop


def test_the_background_reindex_runs_pagefind_at_a_lower_priority_and_a_build_does_not(tmp_path, monkeypatch):
    """The preview's re-index takes every core for seconds on a large guide: it must yield them
    to the rebuild of the author's next edit. A build has nothing to yield to."""
    from signpost import search

    site = tmp_path / "site"
    nice = shutil.which("nice")
    assert nice is not None  # Debian's coreutils: the machines this runs on have it
    background = search.index_command(site, "en", tmp_path / "fresh", background=True)
    assert background[:3] == [nice, "-n", "10"] and background[3].endswith("pagefind")
    assert background[-2:] == ["--output-path", str(tmp_path / "fresh")]
    assert search.index_command(site)[0].endswith("pagefind")

    asked: list[bool] = []

    def index_site(folder: Path, language: str = "en", output: Path | None = None, background: bool = False) -> None:
        if folder == site:  # a re-index thread left by another test may call it too
            asked.append(background)
        if output is not None:
            output.mkdir(parents=True)

    monkeypatch.setattr(search, "index_site", index_site)
    site.mkdir()
    search.refresh_index(site)
    assert asked == [True]


@pytest.mark.usefixtures("no_source_date")
@pytest.mark.parametrize("told", [True, False], ids=["the watcher's paths", "no paths"])
def test_a_body_an_override_shows_on_other_pages_rerenders_those_pages_too(project, tmp_path, told):
    """A theme override makes each goal page show its use cases' bodies: a use case body edit
    must render those goal pages again, which the preview learns from what each page read."""
    templates = project / "theme/templates"
    templates.mkdir(parents=True)
    (templates / "goal.html").write_text(
        '{% extends "builtin/goal.html" %}\n{% block content %}{{ super() }}'
        "{% for usecase in goal.usecases %}{{ usecase.doc | body }}{% endfor %}{% endblock content %}\n"
    )
    builder = IncrementalBuilder(project / "content", tmp_path / "live")
    builder.build()
    rel, old, new = EDITS["body"]
    path = project / "content" / rel
    path.write_text(path.read_text().replace(old, new))
    result = builder.build(paths={path} if told else None)
    assert result.rendered == 2  # the use case and its one goal
    assert new in (tmp_path / "live/goals/grow-weekday-footfall/index.html").read_text()
    assert without_preview_additions(project, tree(tmp_path / "live")) == full_build(project, tmp_path / "fresh")
