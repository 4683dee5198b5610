"""Our content says the seed's facts in our own words: no run of eight words is copied from it."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

SEED = ROOT.parent / "shared" / "seed"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.skipif(not SEED.is_dir(), reason="the seed page lives in ../shared, beside the clone")
def test_no_sentence_is_copied_from_the_seed():
    seed = words(" ".join(p.read_text() for p in SEED.iterdir()))
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
