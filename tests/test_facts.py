"""Every fact of the reference file reaches catalog.json, the use case pages and the reference page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
# The shared copy is the source of truth when present; tests/data keeps the suite runnable alone.
SHARED = HERE.parent.parent / "shared" / "facts" / "use-cases-reference.yaml"
FACTS = yaml.safe_load((SHARED if SHARED.is_file() else HERE / "data" / "use-cases-reference.yaml").read_text())

PAIRINGS = [(g, u) for g in FACTS["goals"] for u in g["use_cases"]]


def test_counts_match_the_seed():
    assert len(FACTS["goals"]) == 4
    assert len(PAIRINGS) == 25


@pytest.fixture(scope="module")
def catalog(our_site):
    return json.loads((our_site / "catalog.json").read_text())


def slug_of(catalog, kind, title):
    return next(item["slug"] for item in catalog[kind] if item["title"] == title)


def test_goals_and_their_usecases_in_catalog_json(catalog):
    assert [g["title"] for g in catalog["goals"]] == [g["goal"] for g in FACTS["goals"]]
    assert len(catalog["use_cases"]) == 16
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
