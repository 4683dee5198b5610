"""Signpost's benchmark: full builds at about 30, 300 and 3,000 pages, and the preview's rebuild.

    .venv/bin/python bench/run.py [--sizes 30,300,3000] [--runs 3] [--no-hugo] [--mkdocs] [--out bench/out]

For each size it generates a synthetic catalog (bench/generate.py) and reports:
  - full build time (median of --runs, interpreter start included): wall, and CPU (user + sys)
    of the whole process tree (forked workers and Pagefind included), and ms per page; cold
    (an empty build cache) and warm (the cache of the previous build, one use case's body changed);
  - peak memory (resident): of the build process, of its helpers (Pagefind, forked workers),
    and the larger of the two, the peak of the whole build;
  - output bytes per page (all files / pages) and the size of a use case page;
  - the preview: edit one use case, then time until the page is rewritten and until the
    browser reload message arrives on the livereload websocket (median of 5 edits).
Our builds get --base-url https://example.com/, so that ours writes sitemap.xml and canonical
links as Hugo does (without a full base_url it writes neither).
With `hugo` on PATH (Debian's package `hugo`; --no-hugo skips it) it builds the same pages with
Hugo and minimal layouts (bench/generate.py says what they lack), then runs Pagefind over its
output exactly as Signpost runs it, in the same runs as ours (alternating), and reports our
time divided by Hugo + Pagefind's, wall and CPU. With --mkdocs it also builds the same pages
with MkDocs + Material, installed into a throw-away virtual environment under --out, and reports
our time divided by MkDocs'. CPU times and peaks come from os.wait4 on each child: Linux counts
the descendants the child waited for, which covers our workers and Pagefind. A peak is that of
the largest single process in the tree, not a sum.
Results are printed as a table and saved to OUT/results.json. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate, generate_hugo, generate_mkdocs  # noqa: E402

BASE_URL = "https://example.com/"  # Hugo's too (bench/generate.py)

MEASURE = """
import resource, sys, json
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from signpost import pipeline
result = pipeline.build(Path(sys.argv[1]), Path(sys.argv[2]), base_url=sys.argv[4])
print(json.dumps({"pages": result.pages, "files": result.files,
                  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measured(command: list[str], cwd: Path | None = None) -> dict:
    """Run a command; its wall time, and the CPU time and peak memory of its process tree.

    os.wait4 returns the child's resource use including that of every descendant it waited for
    (Linux): our forked workers (the pool joins them) and Pagefind (subprocess.run waits)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            print(message, file=sys.stderr)
            raise subprocess.CalledProcessError(child.returncode, command, stderr=message)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def summary(runs: list[dict]) -> dict:
    """Medians of wall and CPU time, and the largest peak, over runs of `measured`."""
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
    }


def our_build(project: Path, cache: Path | None = None) -> dict:
    """A cold build (an empty build cache, as on a fresh machine), or with `cache` as it is."""
    content, out = project / "content", project / "site"
    cold = cache is None
    cache = cache or project / "cold-cache"
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out)]
    return measured([*command, "--base-url", BASE_URL, "--cache-dir", str(cache)])


def warm_builds(project: Path, runs: int) -> dict:
    """Builds after one use case's body changed, with the cache the previous build left."""
    cache = project / "warm-cache"
    shutil.rmtree(cache, ignore_errors=True)
    our_build(project, cache)  # fills it
    source = sorted((project / "content/usecases").glob("*.md"))[0]
    original = source.read_text()
    times = []
    try:
        for turn in range(runs):
            source.write_text(original.replace("## How it works", f"Changed for warm build {turn}.\n\n## How it works", 1))
            times.append(our_build(project, cache))
    finally:
        source.write_text(original)
    return summary(times) | {"runs": times}


def pagefind_command() -> list[str]:
    """Pagefind as signpost.search.index_site runs it (same executable and options), over public/."""
    from pagefind_bin import get_executable

    return [str(get_executable()), "--site", "public", "--silent", "--force-language", "en", "--exclude-selectors", ".headerlink"]


def hugo_build(project: Path) -> dict:
    """`hugo` then Pagefind over its output: one figure for both, and each part."""
    shutil.rmtree(project / "public", ignore_errors=True)
    started = time.perf_counter()
    hugo = measured(["hugo", "--quiet", "--destination", "public"], cwd=project)
    pagefind = measured(pagefind_command(), cwd=project)
    return {
        "wall": time.perf_counter() - started,
        "cpu": hugo["cpu"] + pagefind["cpu"],
        "peak_mb": max(hugo["peak_mb"], pagefind["peak_mb"]),
        "hugo": hugo,
        "pagefind": pagefind,
    }


def full_build(project: Path, runs: int, hugo_project: Path | None) -> dict:
    """Our build (and Hugo + Pagefind's, alternating with ours) `runs` times, then the details."""
    out = project / "site"
    ours, peers = [], []
    for _ in range(runs):
        ours.append(our_build(project))
        if hugo_project is not None:
            peers.append(hugo_build(hugo_project))
    memory = json.loads(
        subprocess.run(
            [sys.executable, "-c", MEASURE, str(project / "content"), str(out), str(ROOT), BASE_URL],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    files = [p for p in out.rglob("*") if p.is_file()]
    output_bytes = sum(p.stat().st_size for p in files)  # now: the warm builds below replace the site
    usecase_page_bytes = statistics.median(p.stat().st_size for p in sorted((out / "usecases").glob("*/index.html")))
    mine = summary(ours)
    warm = warm_builds(project, runs)
    row = {
        "warm_seconds": warm["wall"],
        "warm_cpu_seconds": warm["cpu"],
        "warm": warm,
        "pages": memory["pages"],
        "seconds": mine["wall"],
        "cpu_seconds": mine["cpu"],
        "ms_per_page": mine["wall"] * 1000 / memory["pages"],
        "peak_mb": memory["self_mb"],
        "helpers_peak_mb": memory["children_mb"],
        "build_peak_mb": max(memory["self_mb"], memory["children_mb"]),
        "tree_peak_mb": mine["peak_mb"],  # the same peak, from the timed runs
        "bytes_per_page": output_bytes / memory["pages"],
        "usecase_page_bytes": usecase_page_bytes,
        "runs": ours,
    }
    if peers:
        assert hugo_project is not None
        both, hugo, pagefind = summary(peers), summary([r["hugo"] for r in peers]), summary([r["pagefind"] for r in peers])
        row["hugo"] = {
            "pages": len(list((hugo_project / "public").rglob("*.html"))),
            "seconds": both["wall"],
            "cpu_seconds": both["cpu"],
            "peak_mb": both["peak_mb"],
            "hugo": hugo,
            "pagefind": pagefind,
            "runs": peers,
        }
        row["ratio_to_hugo"] = mine["wall"] / both["wall"]
        row["warm_ratio_to_hugo"] = warm["wall"] / both["wall"]
        row["cpu_ratio_to_hugo"] = mine["cpu"] / both["cpu"]
    return row


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def preview_rebuild(project: Path, edits: int = 5) -> dict:
    """Edit one use case while `build.py serve` runs; time the file write and the reload message."""
    from tornado.websocket import websocket_connect

    port = free_port()
    out = project / "preview-site"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--out", str(out)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in server.stdout:
            if "(Ctrl-C to stop)" in line:
                break
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()  # keep the pipe drained
        source = sorted((project / "content/usecases").glob("*.md"))[len(list((project / "content/usecases").glob("*.md"))) // 2]
        page = out / "usecases" / source.stem / "index.html"
        original = source.read_text()

        async def measure() -> tuple[list[float], list[float]]:
            ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
            ws.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
            await ws.read_message()
            ws.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
            await asyncio.sleep(0.5)
            written, reloaded = [], []
            for i in range(edits):
                marker = f"Edited for the benchmark, round {i} {time.time()}"
                started = time.perf_counter()
                source.write_text(original.replace("## How it works", f"{marker}\n\n## How it works", 1))
                reload_message = asyncio.ensure_future(ws.read_message())
                while marker not in page.read_text():
                    await asyncio.sleep(0.002)
                written.append(time.perf_counter() - started)
                await reload_message
                reloaded.append(time.perf_counter() - started)
                await asyncio.sleep(0.5)
            ws.close()
            return written, reloaded

        written, reloaded = asyncio.run(measure())
        source.write_text(original)
        return {"edit_to_written_s": statistics.median(written), "edit_to_reload_s": statistics.median(reloaded)}
    finally:
        server.terminate()
        server.wait(timeout=120)  # it first lets the search re-indexes the edits started finish


def mkdocs_build(project: Path, venv: Path, runs: int) -> dict:
    if not (venv / "bin/mkdocs").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin/pip"), "install", "--quiet", "mkdocs", "mkdocs-material"], check=True)
    return summary(
        [measured([str(venv / "bin/mkdocs"), "build", "--quiet", "--site-dir", "site"], cwd=project) for _ in range(runs)]
    )


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(results: dict, mkdocs: bool) -> str:
    """The results as a Markdown table: a column for our catalog, then one per size."""
    sizes = results["sizes"]
    hugo = any("hugo" in row for row in sizes.values())
    real = results["real_catalog"]
    head = ["", "our catalog"] + [f"~{size:,} pages" for size in sizes]

    def line(label: str, first: str, cell) -> list[str]:
        return [label, first] + [cell(row) for row in sizes.values()]

    rows = [
        line("Pages (ours)", f"{real['pages']} files", lambda r: f"{r['pages']:,}"),
        line("Ours, cold, wall", seconds(real["wall"]), lambda r: seconds(r["seconds"])),
        line("Ours, cold, CPU", seconds(real["cpu"]), lambda r: seconds(r["cpu_seconds"])),
        line(
            "Ours, warm (one file changed; our catalog: none), wall",
            seconds(results["real_catalog_warm"]["wall"]),
            lambda r: seconds(r["warm_seconds"]),
        ),
        line("Ours, warm, CPU", seconds(results["real_catalog_warm"]["cpu"]), lambda r: seconds(r["warm_cpu_seconds"])),
    ]
    if hugo:
        rows += [
            line("Hugo + Pagefind, pages", "", lambda r: f"{r['hugo']['pages']:,}"),
            line(
                "Hugo + Pagefind, wall (Hugo + Pagefind)",
                "",
                lambda r: (
                    f"{seconds(r['hugo']['seconds'])} ({r['hugo']['hugo']['wall']:.2f} + {r['hugo']['pagefind']['wall']:.2f})"
                ),
            ),
            line(
                "Hugo + Pagefind, CPU (Hugo + Pagefind)",
                "",
                lambda r: (
                    f"{seconds(r['hugo']['cpu_seconds'])} ({r['hugo']['hugo']['cpu']:.2f} + {r['hugo']['pagefind']['cpu']:.2f})"
                ),
            ),
            line("ours ÷ Hugo + Pagefind, wall", "", lambda r: f"**{r['ratio_to_hugo']:.1f}**"),
            line("ours ÷ Hugo + Pagefind, CPU", "", lambda r: f"**{r['cpu_ratio_to_hugo']:.1f}**"),
            line("ours warm ÷ Hugo + Pagefind cold, wall", "", lambda r: f"**{r['warm_ratio_to_hugo']:.2f}**"),
        ]
    if mkdocs:
        rows += [
            line("MkDocs + Material, wall", "", lambda r: seconds(r["mkdocs"]["wall"])),
            line("MkDocs + Material, CPU", "", lambda r: seconds(r["mkdocs"]["cpu"])),
            line("ours ÷ MkDocs, wall", "", lambda r: f"**{r['ratio_to_mkdocs']:.3f}**"),
            line("ours ÷ MkDocs, CPU", "", lambda r: f"**{r['cpu_ratio_to_mkdocs']:.3f}**"),
        ]
    rows.append(
        line(
            "Peak memory, ours (build process / helpers)",
            "",
            lambda r: f"{r['build_peak_mb']:.0f} MB ({r['peak_mb']:.0f} / {r['helpers_peak_mb']:.0f})",
        )
    )
    if hugo:
        rows.append(
            line(
                "Peak memory, Hugo + Pagefind (Hugo / Pagefind)",
                "",
                lambda r: (
                    f"{r['hugo']['peak_mb']:.0f} MB ({r['hugo']['hugo']['peak_mb']:.0f} / {r['hugo']['pagefind']['peak_mb']:.0f})"
                ),
            )
        )
    if mkdocs:
        rows.append(line("Peak memory, MkDocs", "", lambda r: f"{r['mkdocs']['peak_mb']:.0f} MB"))
    rows += [
        line("Output bytes per page, ours", "", lambda r: f"{r['bytes_per_page'] / 1024:.0f} KB"),
        line("A use case page's HTML, ours", "", lambda r: f"{r['usecase_page_bytes'] / 1024:.1f} KB"),
        line("Preview: edit → page rewritten", "", lambda r: f"{r['edit_to_written_s'] * 1000:.0f} ms"),
        line("Preview: edit → reload message", "", lambda r: f"{r['edit_to_reload_s'] * 1000:.0f} ms"),
    ]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [head, ["---"] * len(head), *rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30,300,3000", help="about this many pages each, comma-separated (up to 30000)")
    parser.add_argument("--runs", type=int, default=3, help="full builds per size; the median is reported")
    parser.add_argument(
        "--hugo",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also build the same pages with Hugo, then Pagefind (default: when `hugo` is on PATH)",
    )
    parser.add_argument("--mkdocs", action="store_true", help="also build the same pages with MkDocs + Material")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    hugo = args.hugo is not False and shutil.which("hugo") is not None
    if args.hugo is not False and not hugo:
        print("hugo is not on PATH (Debian: apt-get install hugo): no Hugo + Pagefind column.", flush=True)
    results: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "sizes": {}}
    if hugo:
        results["hugo_version"] = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    results["pagefind_version"] = subprocess.run(
        [pagefind_command()[0], "--version"], capture_output=True, text=True
    ).stdout.strip()
    real = ROOT / "content"
    # Every build here keeps its cache under --out: nothing is read from or left in ~/.cache.
    os.environ["XDG_CACHE_HOME"] = str((args.out / "xdg-cache").absolute())
    real_command = [sys.executable, str(ROOT / "build.py"), "build", "--out", str(args.out / "real-site")]
    real_cache = args.out / "real-cache"
    real_runs, real_warm = [], []
    for _ in range(max(args.runs, 5)):
        shutil.rmtree(real_cache, ignore_errors=True)
        real_runs.append(measured([*real_command, "--cache-dir", str(real_cache)], cwd=ROOT))  # cold
        real_warm.append(measured([*real_command, "--cache-dir", str(real_cache)], cwd=ROOT))  # nothing changed
    results["real_catalog"] = {**summary(real_runs), "pages": len(list(real.rglob("*.md"))), "runs": real_runs}
    results["real_catalog_warm"] = {**summary(real_warm), "runs": real_warm}
    results["real_catalog_seconds"] = results["real_catalog"]["wall"]
    print(
        f"Our catalog ({results['real_catalog']['pages']} files): {seconds(results['real_catalog']['wall'])} wall, "
        f"{seconds(results['real_catalog']['cpu'])} CPU cold; {seconds(results['real_catalog_warm']['wall'])} wall, "
        f"{seconds(results['real_catalog_warm']['cpu'])} CPU warm",
        flush=True,
    )
    for size in (int(s) for s in args.sizes.split(",")):
        project = args.out / f"catalog-{size}"
        plan = generate(size, project)
        hugo_project = None
        if hugo:
            hugo_project = args.out / f"hugo-{size}"
            generate_hugo(plan, hugo_project)
        row = full_build(project, args.runs if size < 3000 else max(1, args.runs - 1), hugo_project)
        row.update(preview_rebuild(project))
        if args.mkdocs:
            generate_mkdocs(plan, args.out / f"mkdocs-{size}")
            row["mkdocs"] = mkdocs_build(args.out / f"mkdocs-{size}", args.out / "mkdocs-venv", args.runs if size < 3000 else 1)
            row["mkdocs_seconds"] = row["mkdocs"]["wall"]
            row["ratio_to_mkdocs"] = row["seconds"] / row["mkdocs"]["wall"]
            row["cpu_ratio_to_mkdocs"] = row["cpu_seconds"] / row["mkdocs"]["cpu"]
        results["sizes"][size] = row
        print(
            f"{row['pages']:>5} pages: {seconds(row['seconds'])} wall, {seconds(row['cpu_seconds'])} CPU "
            f"({row['ms_per_page']:.1f} ms/page), peak {row['build_peak_mb']:.0f} MB "
            f"(build {row['peak_mb']:.0f}, helpers {row['helpers_peak_mb']:.0f}), "
            f"{row['bytes_per_page'] / 1024:.1f} KB/page, use case page {row['usecase_page_bytes'] / 1024:.1f} KB, "
            f"preview: written {row['edit_to_written_s'] * 1000:.0f} ms, reload {row['edit_to_reload_s'] * 1000:.0f} ms"
            + (
                f"; Hugo + Pagefind {seconds(row['hugo']['seconds'])} wall, {seconds(row['hugo']['cpu_seconds'])} CPU, "
                f"peak {row['hugo']['peak_mb']:.0f} MB, ours/Hugo wall {row['ratio_to_hugo']:.2f}, CPU {row['cpu_ratio_to_hugo']:.2f}"
                if hugo
                else ""
            )
            + (
                f"; MkDocs {seconds(row['mkdocs']['wall'])} wall, {seconds(row['mkdocs']['cpu'])} CPU, "
                f"ours/MkDocs wall {row['ratio_to_mkdocs']:.3f}, CPU {row['cpu_ratio_to_mkdocs']:.3f}"
                if args.mkdocs
                else ""
            ),
            flush=True,
        )
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results, args.mkdocs))
    print(f"\nSaved {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
