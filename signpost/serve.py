"""Live preview: build, serve the output on loopback, rebuild and reload on every change.

A thin wrapper over python-livereload that reuses the same pipeline as `build.py build`.
Content errors are printed and the last good site stays served, so the server never dies
because an author saved a half-edited file.
"""
from __future__ import annotations

import errno
import socket
import sys
from pathlib import Path

from . import pipeline
from .load import CONFIG_FILE, display_path
from .problems import ContentError


def rebuild(content_dir: Path, out_dir: Path) -> bool:
    """One build; prints the summary or the problems, never raises for content errors."""
    try:
        result = pipeline.build(content_dir, out_dir)
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"Rebuild failed with {len(err.problems)} content error(s); still serving the last good site.", file=sys.stderr)
        return False
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(f"Built {result.pages} pages in {result.seconds:.2f} s.")
    return True


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def serve(content_dir: Path, out_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    from livereload import Server  # only the preview needs it

    if not port_is_free(host, port):
        print(f"Port {port} on {host} is already in use; pick another with --port.", file=sys.stderr)
        return 1
    rebuild(content_dir, out_dir)
    if not out_dir.is_dir():
        print("Nothing to serve yet: fix the errors above and run again.", file=sys.stderr)
        return 1
    server = Server()
    watched = [content_dir, pipeline.TEMPLATES_DIR, pipeline.ASSETS_DIR, content_dir.parent / CONFIG_FILE]
    for path in watched:
        server.watch(str(path), lambda: rebuild(content_dir, out_dir))
    print(f"Serving {display_path(out_dir)} at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve(host=host, port=port, root=str(out_dir), open_url_delay=None, restart_delay=0)
    except KeyboardInterrupt:
        pass
    print("Stopped.")
    return 0
