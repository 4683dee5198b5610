"""Every fact of the reference file reaches catalog.json, the use case pages and the reference page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import SHARED as SHARED_DIR
from conftest import shared_required

HERE = Path(__file__).resolve().parent
# The shared copy is the source of truth; tests/data keeps the suite runnable from a clone alone,
# outside CI only: in CI the facts must come from ../shared (conftest.shared_required).
SHARED = SHARED_DIR / "facts" / "use-cases-reference.yaml"
FALLBACK = HERE / "data" / "use-cases-reference.yaml"
IN_CI = shared_required()
FACTS = yaml.safe_load((SHARED if SHARED.is_file() else FALLBACK).read_text())

PAIRINGS = [(g, u) for g in FACTS["goals"] for u in g["use_cases"]]
USE_CASES = list(dict.fromkeys(u["use_case"] for _, u in PAIRINGS))  # each once, in the order first listed


@pytest.fixture(autouse=True)
def facts_from_shared_in_ci():
    """In CI every test here fails when ../shared is missing, rather than pass on the fallback copy."""
    if IN_CI and not SHARED.is_file():
        pytest.fail(f"{SHARED} is missing; in CI the facts must be read from ../shared, not from tests/data", pytrace=False)


def test_the_fallback_copy_is_the_shared_file():
    """tests/data stands in for ../shared outside CI only while the two say the same."""
    if not SHARED.is_file():
        pytest.skip("the facts file lives in ../shared, beside the clone")  # in CI the fixture above has failed already
    assert FALLBACK.read_text() == SHARED.read_text()


def test_counts_match_the_seed():
    assert len(FACTS["goals"]) == 4
    assert len(PAIRINGS) == 25
    assert len(USE_CASES) == 16


@pytest.fixture(scope="module")
def catalog(our_site):
    return json.loads((our_site / "catalog.json").read_text())


def slug_of(catalog, kind, title):
    return next(item["slug"] for item in catalog[kind] if item["title"] == title)


def test_goals_and_their_usecases_in_catalog_json(catalog):
    assert [g["title"] for g in catalog["goals"]] == [g["goal"] for g in FACTS["goals"]]
    assert sorted(u["title"] for u in catalog["use_cases"]) == sorted(USE_CASES)
    assert len(catalog["pairings"]) == len(PAIRINGS)
    for fact, goal in zip(FACTS["goals"], catalog["goals"], strict=True):
        assert goal["helps_you"] == fact["helps_you"]
        titles = [next(u["title"] for u in catalog["use_cases"] if u["slug"] == s) for s in goal["use_cases"]]
        assert titles == [u["use_case"] for u in fact["use_cases"]]


@pytest.mark.parametrize("goal_fact, uc_fact", PAIRINGS, ids=[f"{g['goal']}/{u['use_case']}" for g, u in PAIRINGS])
def test_pairing_facts_in_catalog_json(catalog, goal_fact, uc_fact):
    goal = slug_of(catalog, "goals", goal_fact["goal"])
    usecase = slug_of(catalog, "use_cases", uc_fact["use_case"])
    pairing = next(p for p in catalog["pairings"] if (p["goal"], p["use_case"]) == (goal, usecase))
    assert pairing["helps_you"] == uc_fact["helps_you"]
    assert pairing["lists"] == {
        "events": [{"name": e["name"], "properties": e["properties"]} for e in uc_fact["events"]],
        "sources": uc_fact["sources"],
        "destinations": uc_fact["destinations"],
    }


def _section_facts(section) -> dict:
    """Read helps_you, events and connections back out of a rendered pairing block."""
    events_table = section.select_one("table.items-table")
    events = [
        (row.th.get_text(strip=True), [c.get_text() for c in row.select("td code")]) for row in events_table.tbody.find_all("tr")
    ]
    sources, destinations = (cell.find_all("li") for cell in section.select_one("table.tags-table").tbody.find_all("td"))
    return {
        "helps_you": section.select_one(".helps-you, .summary-note").get_text(" ", strip=True),
        "events": events,
        "sources": [li.get_text() for li in sources],
        "destinations": [li.get_text() for li in destinations],
    }


def _expected(uc_fact) -> dict:
    return {
        "events": [(e["name"], e["properties"]) for e in uc_fact["events"]],
        "sources": uc_fact["sources"],
        "destinations": uc_fact["destinations"],
    }


@pytest.mark.parametrize("goal_fact, uc_fact", PAIRINGS, ids=[f"{g['goal']}/{u['use_case']}" for g, u in PAIRINGS])
def test_pairing_facts_on_usecase_and_reference_pages(our_site, catalog, goal_fact, uc_fact):
    goal = slug_of(catalog, "goals", goal_fact["goal"])
    usecase = slug_of(catalog, "use_cases", uc_fact["use_case"])
    page = BeautifulSoup((our_site / "usecases" / usecase / "index.html").read_text(), "html.parser")
    assert page.h1.get_text() == uc_fact["use_case"]
    on_page = _section_facts(page.find(id=f"for-{goal}").find_parent("section"))
    assert on_page["helps_you"] == f"Helps you {uc_fact['helps_you']}."
    assert {k: on_page[k] for k in ("events", "sources", "destinations")} == _expected(uc_fact)

    reference = BeautifulSoup((our_site / "reference/index.html").read_text(), "html.parser")
    block = reference.find("details", id=f"{goal}--{usecase}")
    on_reference = _section_facts(block)
    assert on_reference["helps_you"] == f"helps you {uc_fact['helps_you']}"
    assert {k: on_reference[k] for k in ("events", "sources", "destinations")} == _expected(uc_fact)
    assert block.summary.select_one(".summary-title").get_text() == uc_fact["use_case"]


def test_reference_matrix_marks_exactly_the_25_pairings(our_site):
    reference = BeautifulSoup((our_site / "reference/index.html").read_text(), "html.parser")
    marked = {a["href"][1:] for a in reference.select("table.matrix tbody td a")}
    expected = set()
    catalog = json.loads((our_site / "catalog.json").read_text())
    for goal_fact, uc_fact in PAIRINGS:
        expected.add(f"{slug_of(catalog, 'goals', goal_fact['goal'])}--{slug_of(catalog, 'use_cases', uc_fact['use_case'])}")
    assert marked == expected


def test_each_event_is_used_by_exactly_the_pairings_that_list_it(catalog):
    used_by: dict[str, list[tuple[str, str]]] = {}
    for goal_fact, uc_fact in PAIRINGS:
        pairing = (slug_of(catalog, "goals", goal_fact["goal"]), slug_of(catalog, "use_cases", uc_fact["use_case"]))
        for event in uc_fact["events"]:
            used_by.setdefault(event["name"], []).append(pairing)
    assert {e["name"]: sorted((u["goal"], u["use_case"]) for u in e["used_by"]) for e in catalog["items"]} == {
        name: sorted(pairings) for name, pairings in used_by.items()
    }


def test_guide_and_goal_pages_list_each_goals_use_cases_in_order(our_site, catalog):
    guide = BeautifulSoup((our_site / "guide/index.html").read_text(), "html.parser")
    sections = guide.select("section.guide-goal")
    assert [s.h2.a.get_text() for s in sections] == [g["goal"] for g in FACTS["goals"]]
    for goal_fact, section in zip(FACTS["goals"], sections, strict=True):
        titles = [u["use_case"] for u in goal_fact["use_cases"]]
        assert [row.th.a.get_text() for row in section.select("table.usecase-table tbody tr")] == titles
        page = (our_site / "goals" / slug_of(catalog, "goals", goal_fact["goal"]) / "index.html").read_text()
        rows = BeautifulSoup(page, "html.parser").select("table.usecase-table tbody tr")
        assert [row.th.a.get_text() for row in rows] == titles
