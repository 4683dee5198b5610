"""Signpost's benchmark: full builds at about 30, 300 and 3,000 pages, and the preview's rebuild.

    .venv/bin/python bench/run.py [--sizes 30,300,3000] [--runs 3] [--mkdocs] [--out bench/out]

For each size it generates a synthetic catalog (bench/generate.py) and reports:
  - full build wall time (median of --runs, interpreter start included) and ms per page;
  - peak memory of the build process, and of its helpers (Pagefind, forked workers);
  - output bytes per page (all files / pages) and the size of a use case page;
  - the preview: edit one use case, then time until the page is rewritten and until the
    browser reload message arrives on the livereload websocket (median of 5 edits).
With --mkdocs it builds the same pages with MkDocs + Material, installed into a throw-away
virtual environment under --out, and prints our time divided by MkDocs' time.
Results are printed as a table and saved to OUT/results.json. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate, generate_mkdocs  # noqa: E402

MEASURE = """
import resource, sys, json
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from signpost import pipeline
result = pipeline.build(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"pages": result.pages, "files": result.files,
                  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def full_build(project: Path, runs: int) -> dict:
    out = project / "site"
    times = [
        timed([sys.executable, str(ROOT / "build.py"), "build", "--content", str(project / "content"), "--out", str(out)])
        for _ in range(runs)
    ]
    memory = json.loads(
        subprocess.run(
            [sys.executable, "-c", MEASURE, str(project / "content"), str(out), str(ROOT)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    files = [p for p in out.rglob("*") if p.is_file()]
    usecase_pages = sorted((out / "usecases").glob("*/index.html"))
    return {
        "pages": memory["pages"],
        "seconds": statistics.median(times),
        "ms_per_page": statistics.median(times) * 1000 / memory["pages"],
        "peak_mb": memory["self_mb"],
        "helpers_peak_mb": memory["children_mb"],
        "bytes_per_page": sum(p.stat().st_size for p in files) / memory["pages"],
        "usecase_page_bytes": statistics.median(p.stat().st_size for p in usecase_pages),
    }


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


def mkdocs_build(project: Path, venv: Path, runs: int) -> float:
    if not (venv / "bin/mkdocs").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin/pip"), "install", "--quiet", "mkdocs", "mkdocs-material"], check=True)
    return statistics.median(
        timed([str(venv / "bin/mkdocs"), "build", "--quiet", "--site-dir", "site"], cwd=project) for _ in range(runs)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30,300,3000")
    parser.add_argument("--runs", type=int, default=3, help="full builds per size; the median is reported")
    parser.add_argument("--mkdocs", action="store_true", help="also build the same pages with MkDocs + Material")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    results = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "sizes": {}}
    real = ROOT / "content"
    results["real_catalog_seconds"] = statistics.median(
        timed([sys.executable, str(ROOT / "build.py"), "build", "--out", str(args.out / "real-site")], cwd=ROOT)
        for _ in range(max(args.runs, 5))
    )
    print(f"Our catalog ({len(list(real.rglob('*.md')))} files): {results['real_catalog_seconds']:.3f} s")
    for size in (int(s) for s in args.sizes.split(",")):
        project = args.out / f"catalog-{size}"
        plan = generate(size, project)
        row = full_build(project, args.runs if size < 3000 else max(1, args.runs - 1))
        row.update(preview_rebuild(project))
        if args.mkdocs:
            generate_mkdocs(plan, args.out / f"mkdocs-{size}")
            row["mkdocs_seconds"] = mkdocs_build(
                args.out / f"mkdocs-{size}", args.out / "mkdocs-venv", args.runs if size < 3000 else 1
            )
            row["ratio_to_mkdocs"] = row["seconds"] / row["mkdocs_seconds"]
        results["sizes"][size] = row
        print(
            f"{row['pages']:>5} pages: {row['seconds']:.2f} s ({row['ms_per_page']:.1f} ms/page), "
            f"peak {row['peak_mb']:.0f} MB (helpers {row['helpers_peak_mb']:.0f} MB), "
            f"{row['bytes_per_page'] / 1024:.1f} KB/page, use case page {row['usecase_page_bytes'] / 1024:.1f} KB, "
            f"preview: written {row['edit_to_written_s'] * 1000:.0f} ms, reload {row['edit_to_reload_s'] * 1000:.0f} ms"
            + (f", MkDocs {row['mkdocs_seconds']:.2f} s, ratio {row['ratio_to_mkdocs']:.3f}" if args.mkdocs else ""),
            flush=True,
        )
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"Saved {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
