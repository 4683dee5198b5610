"""Where a build's time goes: one in-process build of a project, timed per phase.

    .venv/bin/python bench/phases.py PROJECT [--cache-dir DIR] [--runs 3]

PROJECT is a folder with content/ (bench/generate.py makes them). Phases, wall time, median of
--runs: settings and files read (load), front matter checks and references (validate), Markdown
(convert, or read back from the build cache with --cache-dir), the catalog model (model),
rendering and writing the pages, which stream into each other (render + write), the anchor
check, Pagefind (search), and what is left (the swap, the lock). Forked workers' time shows
as the wall time of the phase that waits for them. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from signpost import cache, pipeline, search  # noqa: E402

PHASES = ["load", "validate", "markdown", "model", "render + write", "anchor check", "search", "other"]


def timed_build(project: Path, cache_dir: Path | None) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)

    def timing(phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[phase] += time.perf_counter() - started

        return wrapper

    originals = {name: getattr(pipeline, name) for name in dir(pipeline)}
    wrapped = {
        "load_content": "load",
        "read_settings": "load",
        "check_schema": "validate",
        "check_references": "validate",
        "check_aliases": "validate",
        "check_links": "validate",
        "check_orphans": "validate",
        "check_images": "validate",
        "build_catalog": "model",
        "write_site": "render + write",
        "check_rendered": "anchor check",
        "index_site": "search",
    }
    for name, phase in wrapped.items():
        setattr(pipeline, name, timing(phase, originals[name]))
    if cache_dir is None:  # in load_project, parallel_map is the Markdown conversion: a generator, so run it whole
        pipeline.parallel_map = timing("markdown", lambda *a, **k: list(originals["parallel_map"](*a, **k)))
        wrapped["parallel_map"] = "markdown"  # restored below with the others
    convert_all = cache.MarkdownCache.convert_all
    index = search.IndexCache.index
    if cache_dir is not None:  # the cache's reads and writes, and the conversion of what it lacks
        cache.MarkdownCache.convert_all = timing("markdown", convert_all)  # type: ignore[method-assign]
        search.IndexCache.index = timing("search", index)  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        pipeline.build(project / "content", project / "phases-site", cache_dir=cache_dir)
        total = time.perf_counter() - started
    finally:
        for name in wrapped:
            setattr(pipeline, name, originals[name])
        cache.MarkdownCache.convert_all = convert_all  # type: ignore[method-assign]
        search.IndexCache.index = index  # type: ignore[method-assign]
    # write_site's time includes the anchor check and Pagefind (its before_swap): count them once.
    spent["render + write"] -= spent["anchor check"] + spent["search"]
    spent["other"] = total - sum(spent[p] for p in PHASES if p != "other")
    return {"total": total, **{p: spent[p] for p in PHASES}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--cache-dir", type=Path, help="use (and fill) this build cache; default: none, a cold build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        runs.append(timed_build(args.project, args.cache_dir))
    shutil.rmtree(args.project / "phases-site", ignore_errors=True)
    total = statistics.median(r["total"] for r in runs)
    print(f"| phase | seconds (median of {args.runs}) | share |\n| --- | --- | --- |")
    for phase in PHASES:
        value = statistics.median(r[phase] for r in runs)
        print(f"| {phase} | {value:.2f} | {value / total:.0%} |")
    print(f"| total | {total:.2f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
