"""Spread CPU-bound work over the machine's cores, when there is enough of it to pay.

Markdown conversion and page rendering are pure Python and independent per file, so on a
large catalog forked workers split them. Measured on 2 cores (docs/performance.md): below a
few hundred files the fork and the transfer of results cost more than they save, so smaller
jobs run in-process. Workers are forked so they share the loaded catalog and templates for
free; only results travel back. The preview server, which runs threads, never forks.
"""

from __future__ import annotations

import os
from collections import deque
from itertools import islice
from typing import Any, TypeVar
from collections.abc import Callable, Iterator, Sequence

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 250  # below this, one process is faster (measured)
SLICE_ITEMS = 64  # at most this many items per slice: a slice's results travel back whole

_job: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # set before forking; the workers inherit it


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    assert _job is not None  # parallel_map set it before the pool forked this worker
    func, items = _job
    return [func(item) for item in items[bounds[0] : bounds[1]]]


def parallel_map(func: Callable[[Item], Result], items: Sequence[Item], allowed: bool = True) -> Iterator[Result]:
    """func(item) for each item, in order, over forked workers when it is worth it.

    A generator: results are handed on as slices finish, so a caller that writes them out
    never holds them all at once.
    """
    global _job
    import multiprocessing  # only large builds need it; importing it costs every start

    workers = min(os.cpu_count() or 1, 4)
    if not allowed or workers < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        yield from (func(item) for item in items)
        return
    step = min(-(-len(items) // (workers * 4)), SLICE_ITEMS)  # a few slices per worker evens out slow pages
    slices = iter([(start, min(start + step, len(items))) for start in range(0, len(items), step)])
    _job = (func, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # Two slices per worker in flight: Pool.imap would queue every finished slice however
            # far ahead of the writer, which held hundreds of MB on a 10,000-page build.
            pending = deque(pool.apply_async(_run_slice, (bounds,)) for bounds in islice(slices, workers * 2))
            while pending:
                part = pending.popleft().get()
                pending.extend(pool.apply_async(_run_slice, (bounds,)) for bounds in islice(slices, 1))
                yield from part
    finally:
        _job = None
