"""How long the decision flow takes to re-rank after an answer, in Chromium, at 1,000 use cases.

    .venv/bin/python bench/decide.py [--project DIR] [--answers 50]

Generates bench/generate.py's catalog of 50 goals and 1,000 use cases (or takes --project, a
folder with content/ and signpost.yaml), builds it, serves it on loopback and opens
/decide/?goal=<the goal with the most use cases> in Debian's chromium through Playwright.
Each answer is timed inside the page: performance.now(), a click on the next visible
consideration checkbox, a forced layout, performance.now() again; then the same for the
"already tracked" item checkboxes when the page has them. Prints median, p95 and max as a
Markdown table. The target is 50 ms or less per answer. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import math
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from generate import generate_counts  # noqa: E402
from signpost import pipeline  # noqa: E402

# Debian's chromium, as the browser tests use it; Playwright's own browser download is never used.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TARGET_MS = 50
KINDS = [("consideration", "form[data-decide] input[name=c]"), ("already tracked item", "form[data-decide] input[name=i]")]

# Visible boxes are looked up before the clock starts, so only the page's own answer handling
# and the layout it causes are timed. The two frames afterwards let anything the page deferred
# finish before the next answer, so that one answer's work is not billed to the next. Whether
# the results list changed is reported too: a click the page ignored would time as fast.
ANSWER = """async ([selector, turn]) => {
  const boxes = [...document.querySelectorAll(selector)].filter((box) => box.getClientRects().length > 0);
  if (!boxes.length) return null;
  const box = boxes[turn % boxes.length];
  const list = document.querySelector("[data-decide-list]");
  const before = list.innerHTML;
  const t0 = performance.now();
  box.click();
  document.body.offsetHeight;
  const ms = performance.now() - t0;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return { ms, changed: list.innerHTML !== before };
}"""


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[math.ceil(0.95 * len(ordered)) - 1], ordered[-1]


def measure(url: str, answers: int) -> tuple[str, dict[str, list[dict] | None], list[str]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url)
            page.wait_for_selector("[data-decide-list] > li")
            results = {}
            for kind, selector in KINDS:
                first = page.evaluate(ANSWER, [selector, 0])
                results[kind] = (
                    None if first is None else [first] + [page.evaluate(ANSWER, [selector, turn]) for turn in range(1, answers)]
                )
            return browser.version, results, errors
        finally:
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="a folder with content/ (default: generate 50 goals × 1,000 use cases)")
    parser.add_argument("--answers", type=int, default=50, help="answers timed per kind (default 50)")
    args = parser.parse_args()
    if not Path(CHROMIUM).is_file():
        parser.error(f"{CHROMIUM} is missing: run scripts/setup --test (it installs Debian's chromium)")

    with tempfile.TemporaryDirectory(prefix="signpost-decide-") as scratch:
        project = args.project or Path(scratch) / "project"
        if not args.project:
            generate_counts(50, 1000, project)
        site = Path(scratch) / "site"
        pipeline.build(project / "content", site)
        catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
        goal = max(catalog["goals"], key=lambda g: len(g["use_cases"]))
        httpd = serve(site)
        try:
            url = f"http://127.0.0.1:{httpd.server_address[1]}/decide/?goal={goal['slug']}"
            version, results, errors = measure(url, args.answers)
        finally:
            httpd.shutdown()
            httpd.server_close()

    print(
        f"\n{len(catalog['goals'])} goals, {len(catalog['use_cases'])} use cases; goal {goal['slug']} "
        f"({len(goal['use_cases'])} use cases, {len(goal['considerations'])} considerations); "
        f"Chromium {version}; {os.cpu_count()} cores\n"
    )
    print("| Answer | Clicks | Results changed | Median | p95 | Max |")
    print("| --- | --- | --- | --- | --- | --- |")
    worst = 0.0
    for kind, _selector in KINDS:
        clicks = results[kind]
        if clicks is None:
            continue
        figures = summary([c["ms"] for c in clicks])
        worst = max(worst, figures[1])
        print(
            f"| {kind} | {len(clicks)} | {sum(c['changed'] for c in clicks)} | "
            + " | ".join(f"{ms:.1f} ms" for ms in figures)
            + " |"
        )
    for kind, selector in KINDS:
        if results[kind] is None:
            print(f"\nNo visible `{selector}` on the page: {kind} answers not measured.")
    for error in errors:
        print(f"\nPage error: {error}")
    print(f"\nTarget: {TARGET_MS} ms or less per answer; p95 {'within' if worst <= TARGET_MS else 'OVER'} it.")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
