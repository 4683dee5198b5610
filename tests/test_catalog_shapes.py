"""Catalogs at both ends of the range build: a single goal, and 50 goals × 1,000 use cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_shapes import BIG_GOALS, BIG_USECASES, build_big, build_solo, generate_big
from generate import generate  # bench/ is on sys.path once catalog_shapes is imported


@pytest.fixture(scope="session")
def solo_site(tmp_path_factory) -> Path:
    return build_solo(tmp_path_factory.mktemp("solo"))


@pytest.fixture(scope="session")
def big_site(tmp_path_factory) -> Path:
    return build_big(tmp_path_factory.mktemp("big"))


def catalog_of(site: Path) -> dict:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


def test_one_goal_builds(solo_site):
    catalog = catalog_of(solo_site)
    assert (solo_site / "decide" / "index.html").is_file()
    assert [g["slug"] for g in catalog["goals"]] == ["reach-more-readers"]
    assert len(catalog["use_cases"]) == 3 and len(catalog["pairings"]) == 3


def test_fifty_goals_and_a_thousand_use_cases_build(big_site):
    catalog = catalog_of(big_site)
    assert (big_site / "decide" / "index.html").is_file()
    assert (len(catalog["goals"]), len(catalog["use_cases"])) == (BIG_GOALS, BIG_USECASES)
    for goal in catalog["goals"]:
        assert goal["use_cases"] and len(goal["considerations"]) >= 2, goal["slug"]
        for consideration in goal["considerations"]:
            assert set(consideration["use_cases"]) <= set(goal["use_cases"]), goal["slug"]
    assert {len(u["goals"]) for u in catalog["use_cases"]} == {1, 2}


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("write", [generate_big, lambda project: generate(300, project)], ids=["50x1000", "300-pages"])
def test_the_generator_is_deterministic(tmp_path, write):
    write(tmp_path / "first")
    write(tmp_path / "second")
    first = files_of(tmp_path / "first")
    assert len(first) > 250 and first == files_of(tmp_path / "second")
