"""Live preview: build, serve on loopback, rebuild what an edit affects, reload the browser.

tornado serves the files; python-livereload's socket tells browsers to reload, and
overlay.js listens to it (a file, not livereload's injected inline script, so the pages keep
their Content-Security-Policy). Watching is done with watchfiles instead of livereload's own
watcher, which polls and runs a task per changed path: watchfiles hands over a whole burst of
saves (an editor writing several files, a `git checkout`) as one set, so a burst gives one
rebuild. A content error keeps the last good site served; the error is printed and shown
in the browser by an overlay.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import ipaddress
import os
import json
import logging
import signal
import socket
import sys
import threading
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, NoReturn

from .. import pipeline
from .incremental import IncrementalBuilder
from ..load import CONFIG_FILE, display_path
from ..problems import ContentError, UsageError
from ..search import refresh_index
from ..settings import SiteConfig, read_settings
from ..theme import overrides_dir

OVERLAY_JS = Path(__file__).with_name("overlay.js")


class PreviewState:
    """What the browser overlay asks for: the problems of the last rebuild, if it failed."""

    def __init__(self) -> None:
        self.problems: list[str] = []


def _stop_like_ctrl_c(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


def listen(host: str, port: int) -> list[socket.socket]:
    """Binds the preview's sockets, before the first build, so a bad --host or --port is reported
    at once. tornado sets SO_REUSEADDR: connections of the last run's browser tabs, left in
    TIME-WAIT, do not keep the port from being used again right away."""
    from tornado.netutil import bind_sockets

    return bind_sockets(port, address=host)


def cannot_listen(host: str, port: int, err: OSError) -> str:
    """One line naming the option at fault: these are usage errors, not bugs."""
    if err.errno == errno.EADDRINUSE:
        return f"Port {port} on {host} is already in use; pick another with --port."
    if err.errno == errno.EACCES:  # a port below 1024, without the privilege
        return f"--port {port}: cannot listen there ({err.strerror})"
    # A name that does not resolve (socket.gaierror), an address that is not this machine's.
    return f"--host {host}: cannot listen there ({err.strerror or err})"


def in_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host  # an IPv6 address


def with_port(host: str, port: int) -> set[str]:
    """A host as Host and Origin headers name it (browsers leave out the default port)."""
    return {f"{in_url(host)}:{port}"} | ({in_url(host)} if port == 80 else set())


def own_hosts(host: str, port: int, sockets: list[socket.socket]) -> tuple[set[str], bool]:
    """The Host headers that name this server, and whether it listens on every address (then
    the address a connection arrived at names it too). Loopback has its usual names."""
    addresses = [ipaddress.ip_address(s.getsockname()[0]) for s in sockets]
    everywhere = any(address.is_unspecified for address in addresses)
    names = {host.lower()}
    if everywhere or all(address.is_loopback for address in addresses):
        names |= {"localhost", "127.0.0.1", "::1"}
    return {form for name in names for form in with_port(name, port)}, everywhere


class Preview:
    """One preview session: the incremental builder, the watched paths and the search index."""

    def __init__(self, content_dir: Path, out_dir: Path, base_url: str | None = None, cache_dir: Path | None = None):
        self.builder = IncrementalBuilder(content_dir, out_dir, base_url=base_url, cache_dir=cache_dir)
        self.state = PreviewState()
        self.theme_paths = [pipeline.TEMPLATES_DIR, pipeline.ASSETS_DIR, content_dir.parent / CONFIG_FILE]
        self.watched = [content_dir, pipeline.TEMPLATES_DIR, pipeline.ASSETS_DIR]
        # The project's theme overrides, as found at start (a folder made later needs a restart).
        try:
            config = read_settings(content_dir.parent, base_url)[0]  # a bad --base-url: UsageError
        except ContentError:  # a broken model:, which the first rebuild reports
            config = SiteConfig(base_url=base_url or "/")
        # Where the site is served: the path its links use, so the preview behaves as published.
        # Each good rebuild sets it again (an edit of base_url in signpost.yaml moves the site).
        self.base_path = config.base_path
        overrides = overrides_dir(content_dir.parent, config)
        if overrides:
            self.theme_paths.append(overrides)
            self.watched.append(overrides)
        if (content_dir.parent / CONFIG_FILE).is_file():
            self.watched.append(content_dir.parent / CONFIG_FILE)
        self.out_dir = out_dir
        self._search_lock = threading.Lock()
        self._reindexers: list[threading.Thread] = []
        self._reindex_waiting = threading.Event()  # a re-index is queued and has not started
        self.stopping = threading.Event()  # set on Ctrl-C: queued re-indexes are dropped

    def rebuild(self, changed: set[Path] | None = None) -> bool:
        """One rebuild; prints what happened and never raises for content errors."""
        theme_changed = changed is None or any(
            path == theme or theme in path.parents for path in changed for theme in self.theme_paths
        )
        try:
            result = self.builder.build(theme_changed=theme_changed, paths=changed)
        except ContentError as err:
            self.state.problems = [str(p) for p in err.problems]
            for problem in self.state.problems:
                print(problem, file=sys.stderr)
            print(
                f"Rebuild failed with {len(err.problems)} content error(s); still serving the last good site.",
                file=sys.stderr,
                flush=True,
            )
            return False
        except Exception as err:  # a bug, or a file vanishing mid-read: report it, keep serving
            traceback.print_exc()
            self.state.problems = [f"The rebuild stopped on an internal error: {err!r}"]
            return False
        self.state.problems = []
        for notice in result.notices:
            print(notice, file=sys.stderr)
        assert self.builder.theme is not None  # a good build sets it
        self.base_path = self.builder.theme[0].base_path
        print(
            f"Rendered {result.rendered} pages, wrote {len(result.written)} files in {result.seconds * 1000:.0f} ms.", flush=True
        )
        if result.written:
            self.start_reindex()
        return True

    def start_reindex(self) -> None:
        # One queued re-index is enough: when it starts it indexes the latest files. (Queuing one
        # per edit kept Pagefind busy for minutes at 3,000 pages, and stopping waited for all.)
        if self._reindex_waiting.is_set():
            return
        self._reindex_waiting.set()
        thread = threading.Thread(target=self.reindex, daemon=True)
        self._reindexers = [t for t in self._reindexers if t.is_alive()] + [thread]
        thread.start()

    def reindex(self) -> None:
        """Refresh the search index after the reload; one at a time, swapped in whole."""
        with self._search_lock:
            self._reindex_waiting.clear()
            if self.stopping.is_set():
                return
            try:
                refresh_index(self.out_dir)
            except Exception as err:  # the preview goes on without fresh search results
                print(f"Search index not updated: {err}", file=sys.stderr, flush=True)

    def wait_for_search_index(self, timeout: float = 30) -> None:
        """Let a running re-index finish (it must not write into a folder being removed); a
        queued one does not start."""
        self.stopping.set()
        for thread in self._reindexers:
            thread.join(timeout)

    def watch(self, on_rebuilt: Callable[[], object], stop: threading.Event, ready: threading.Event) -> None:
        """Rebuild once per burst of changes until `stop` is set; set `ready` once watching.

        watchfiles starts watching inside its generator and says nothing when it has; its first
        answer, even an empty one after `rust_timeout`, proves it is watching, so an edit made
        after `ready` cannot be missed.
        """
        from watchfiles import watch

        for changes in watch(
            *self.watched, stop_event=stop, debounce=1600, step=50, rust_timeout=200, yield_on_timeout=True, raise_interrupt=False
        ):
            ready.set()
            if changes:
                self.rebuild({Path(path) for _, path in changes})
                on_rebuilt()


def serve(
    content_dir: Path,
    out_dir: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    base_url: str | None = None,
    cache_dir: Path | None = None,
) -> int:
    """Run the preview until Ctrl-C. Without out_dir it builds into a temporary folder, as the
    preview's pages carry the error overlay script that a deployable site must not. The site is
    served under its base path (`base_url`, else signpost.yaml's), as it will be published."""
    if out_dir is None:
        with tempfile.TemporaryDirectory(prefix="signpost-preview-", ignore_cleanup_errors=True) as temporary:
            return serve(content_dir, Path(temporary) / "site", host, port, base_url, cache_dir)
    from livereload import Server  # only the preview needs it (and tornado with it)
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado import web
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop

    if cache_dir is not None:
        pipeline.checked_cache_dir(cache_dir, content_dir, out_dir)
    preview = Preview(content_dir, out_dir, base_url, cache_dir)
    try:
        sockets = listen(host, port)
    except OSError as err:
        raise UsageError(cannot_listen(host, port, err)) from None
    hosts, everywhere = own_hosts(host, port, sockets)
    if not preview.rebuild() and not (out_dir / "index.html").is_file():
        print("Nothing to serve yet: fix the errors above and run again.", file=sys.stderr)
        for listener in sockets:
            listener.close()
        return 1
    # What the first build leaves (the load cache's records, the converted Markdown) lives as long as the
    # server: moved out of the collector's sight, it is not traversed by every full collection,
    # which cost 0.12 s of every other rebuild at ~3,000 pages (docs/performance.md). The one
    # price: the first catalog's reference cycles are never freed, a few MB once.
    gc.freeze()
    preview.start_reindex()

    class PreviewHandler(web.RequestHandler):
        """What every handler of the preview does first.

        It answers only requests whose Host header names this server. A page of evil.example
        whose name is made to resolve to 127.0.0.1 (DNS rebinding) reaches the preview as its own
        origin, but its requests say `Host: evil.example:PORT`: they get 400 and read nothing.
        """

        def names_this_server(self, host: str) -> bool:
            if host in hosts:
                return True
            if not everywhere:
                return False
            # The address it arrived at. tornado types the connection as an interface that has no
            # stream; tornado's own HTTPServerRequest.get_ssl_certificate reads it the same way.
            here = self.request.connection.stream.socket.getsockname()[0]  # type: ignore[union-attr]
            return host in with_port(here, port)

        def prepare(self) -> None:
            if not self.names_this_server(self.request.headers.get("Host", "").lower()):
                raise web.HTTPError(400)

        def log_exception(self, typ: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
            if not isinstance(value, web.HTTPError):  # a bad request (`/%ff`) is no news for the author
                super().log_exception(typ, value, tb)

    class ReloadSocket(PreviewHandler, LiveReloadHandler):
        def check_origin(self, origin: str) -> bool:  # livereload's accepts every origin: any page could listen in
            scheme, _, host = origin.lower().partition("://")
            return scheme == "http" and self.names_this_server(host)

    class StatusHandler(PreviewHandler, web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", "no-store")
            self.write(json.dumps({"problems": preview.state.problems}))

    class OverlayHandler(PreviewHandler, web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "text/javascript; charset=utf-8")
            self.write(OVERLAY_JS.read_bytes())

    class SiteFiles(PreviewHandler, web.StaticFileHandler):
        """Serves the output folder under the base path and nothing else, each file as one
        consistent snapshot.

        `/` and the base path without its slash redirect to the base path; any other path
        outside it, and paths that resolve outside the folder (../, encoded forms, absolute
        paths, symbolic links), get the 404 page. A file is read once per request, so a rebuild
        replacing it mid-request cannot make the length and the bytes disagree.
        """

        async def get(self, path: str, include_body: bool = True) -> None:
            base = preview.base_path
            prefix = base[1:]  # the captured path has no leading slash
            if path.startswith(prefix):
                return await super().get(path[len(prefix) :], include_body)
            if path in ("", prefix[:-1]):
                return self.redirect(base)  # 302: a later base_url may serve / itself
            raise web.HTTPError(404)

        @classmethod
        def get_absolute_path(cls, root: str, path: str) -> str:
            try:
                return super().get_absolute_path(root, path)
            except web.HTTPError:  # tornado says 403 for ../; to a reader it simply does not exist
                raise web.HTTPError(404) from None

        def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
            if "\0" in absolute_path:  # %00: no file has that name (and os calls would raise)
                raise web.HTTPError(404)
            real_root = os.path.realpath(root)
            real = os.path.realpath(absolute_path)
            if real != real_root and not real.startswith(real_root + os.sep):
                raise web.HTTPError(404)
            try:
                path = super().validate_absolute_path(root, absolute_path)
            except web.HTTPError as err:  # 403 for a folder without index.html: to a reader, not there
                raise web.HTTPError(404 if err.status_code == 403 else err.status_code) from None
            if path is not None:  # None: redirected to the folder's URL with its slash
                try:
                    with open(path, "rb") as stream:
                        self._snapshot = stream.read()
                except OSError:  # removed by a rebuild since tornado found it
                    raise web.HTTPError(404) from None
            return path

        def get_content_size(self) -> int:
            return len(self._snapshot)

        # tornado declares a classmethod yielding a file's chunks; this serves the request's own
        # snapshot, so it must be the instance's, and tornado's get() takes bytes as well.
        def get_content(self, abspath: str, start: int | None = None, end: int | None = None) -> bytes:  # type: ignore[override]
            return self._snapshot[start:end]

        def compute_etag(self) -> str | None:
            return f'"{hashlib.sha256(self._snapshot).hexdigest()}"' if hasattr(self, "_snapshot") else None

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            page = preview.out_dir / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page.read_bytes())
            else:
                super().write_error(status_code, **kwargs)

    class PreviewServer(Server):
        def application(self, *args: Any, **kwargs: Any) -> None:
            """Instead of livereload's, which injects an inline script into every page (the CSP
            forbids it: overlay.js connects to /livereload instead), adds /forcereload (any page
            could make the preview reload) and binds its own sockets (bound above already)."""
            LiveReloadHandler.watcher = self.watcher  # reload_waiters reads it
            routes: list[tuple[str, type[web.RequestHandler]] | tuple[str, type[web.RequestHandler], dict[str, str]]] = [
                (r"/__signpost__/status", StatusHandler),
                (r"/__signpost__/overlay.js", OverlayHandler),
                (r"/livereload", ReloadSocket),
                (r"/(.*)", SiteFiles, {"path": str(out_dir), "default_filename": "index.html"}),
            ]
            HTTPServer(web.Application(routes)).add_sockets(sockets)

    class NoWatcher(Watcher):
        """livereload watches the working folder when it has nothing to watch; we watch instead."""

        def __init__(self) -> None:
            super().__init__()
            self._tasks = {"(watched by signpost)": None}

        def examine(self) -> tuple[None, None]:
            return None, None

    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # no line per request, not even a 404
    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # we print one line per rebuild
    for name in ("livereload", "tornado"):  # livereload gives both a handler: not the root's too
        logging.getLogger(name).propagate = False
    server = PreviewServer(watcher=NoWatcher())
    loop = IOLoop.current()
    stop = threading.Event()
    reload_browsers = lambda: loop.add_callback(LiveReloadHandler.reload_waiters)  # noqa: E731
    watching = threading.Event()
    threading.Thread(target=preview.watch, args=(reload_browsers, stop, watching), daemon=True).start()
    watching.wait(10)
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)  # `kill` and `timeout` stop it as cleanly as Ctrl-C
    # Printed once the loop runs, that is once the port is listening: scripts may wait for it.
    url = f"http://{in_url(host)}:{port}{preview.base_path}"
    loop.add_callback(print, f"Serving {display_path(out_dir)} at {url} (Ctrl-C to stop)", flush=True)
    try:
        server.serve(host=host, port=port, open_url_delay=None, restart_delay=0)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()  # ends the watcher's loop
        preview.wait_for_search_index()  # Pagefind must not write into a folder being removed
    print("Stopped.")
    return 0
