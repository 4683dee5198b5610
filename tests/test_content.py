"""Our content: it says the seed's facts in our own words (no run of eight words is copied from it),
and the facts of its shape that the seed does not give (see test_facts.py for those it does)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, SHARED, shared_required

SEED = SHARED / "seed"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def require_shared(path) -> None:
    """Outside CI a clone alone may skip what needs ../shared; in CI a missing ../shared fails
    the test (conftest.shared_required), so the check can never silently not run."""
    if path.exists():
        return
    reason = "the seed page lives in ../shared, beside the clone"
    if shared_required():
        pytest.fail(f"{path} is missing, and CI must run this check: {reason}", pytrace=False)
    pytest.skip(reason)


def test_no_sentence_is_copied_from_the_seed():
    require_shared(SEED)
    assert SEED.is_dir(), SEED
    seed = words(" ".join(p.read_text() for p in SEED.iterdir()))
    assert len(seed) > 8, "the seed folder holds no text to compare with"
    copied_runs = {" ".join(seed[i : i + 8]) for i in range(len(seed) - 7)}
    copies = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        ours = words(path.read_text())
        copies += [
            f"{path.relative_to(ROOT)}: {' '.join(ours[i : i + 8])}"
            for i in range(len(ours) - 7)
            if " ".join(ours[i : i + 8]) in copied_runs
        ]
    assert copies == []


def test_each_of_our_goals_weighs_four_considerations(our_site):
    """A fact of our content (the engine's rendering of considerations is tested on the bakery)."""
    from bs4 import BeautifulSoup

    goals = sorted((ROOT / "content/goals").glob("*.md"))
    assert len(goals) == 4
    for path in goals:
        page = BeautifulSoup((our_site / "goals" / path.stem / "index.html").read_text(), "html.parser")
        assert len(page.select("ul.considerations > li")) == 4, path.name
