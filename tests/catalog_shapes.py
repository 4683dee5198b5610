"""Catalogs at both ends of the range, for tests to build: one goal, and 50 goals × 1,000 use cases.

Plain functions rather than fixtures (fixtures belong in conftest.py): a test module wraps them
in its own session-scoped fixtures, so each catalog is built once per run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLO = Path(__file__).resolve().parent / "fixtures" / "solo"
BIG_GOALS, BIG_USECASES = 50, 1000
BASE_URL = "https://example.org/"  # a full address, which --strict asks for (canonical links, sitemap.xml)
sys.path.insert(0, str(ROOT / "bench"))  # as bench/run.py imports it

from generate import generate_counts  # noqa: E402
from signpost import pipeline  # noqa: E402


def build_solo(tmp: Path) -> Path:
    """tests/fixtures/solo (1 goal, 3 use cases) built with --strict into tmp; returns the site."""
    out = tmp / "solo-site"
    pipeline.build(SOLO / "content", out, base_url=BASE_URL, strict=True)
    return out


def generate_big(project: Path) -> Path:
    """bench/generate.py's 50 × 1,000 catalog written into project; returns its content folder."""
    generate_counts(BIG_GOALS, BIG_USECASES, project)
    return project / "content"


def build_big(tmp: Path) -> Path:
    """The 50 × 1,000 catalog generated and built with --strict into tmp (about 8 s); returns the site."""
    out = tmp / "big-site"
    pipeline.build(generate_big(tmp / "big"), out, base_url=BASE_URL, strict=True)
    return out
