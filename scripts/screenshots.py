#!/usr/bin/env python3
"""Write screenshots of the home, a goal, a use case and the reference page, on a desktop and a
phone, in light and dark mode, for a reviewer to look at: screenshots/<page>-<width>-<mode>.png.

    .venv/bin/python scripts/screenshots.py [--content content] [--out screenshots]

Uses Debian's chromium (scripts/setup --test installs it). `build.py` does not need this.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from signpost import pipeline

SIZES = [(1280, 800), (390, 844)]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()

    catalog, _, _ = pipeline.read_project(args.content)
    goal = catalog.goals[0]
    pages = {"home": "", "goal": goal.url, "usecase": goal.usecases[0].url, "reference": catalog.page("reference").url}
    site = Path(tempfile.mkdtemp()) / "site"
    pipeline.build(args.content, site)

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for mode in ("light", "dark"):
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=mode)
                page = context.new_page()
                for name, url in pages.items():
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{url}")
                    target = args.out / f"{name}-{width}-{mode}.png"
                    page.screenshot(path=str(target))
                    print(target)
                context.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
