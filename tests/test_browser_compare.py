"""The comparison page (/compare/): 2 to 4 pairings side by side with the rows they share marked,
the picks in the URL, on our catalog, the French workshop's and catalogs of 1, 2 and many goals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from conftest import FIXTURES, SiteServer, csp_violations
from signpost import pipeline
from signpost.messages import CATALOGS, lower_first
from test_browser_a11y import AXE, describe
from test_workshop import english_in, ours_in

MESSAGES = {
    "en": yaml.safe_load((CATALOGS / "en.yaml").read_text(encoding="utf-8")),
    "fr": yaml.safe_load((CATALOGS / "fr.yaml").read_text(encoding="utf-8")),
}
TABLE = "[data-compare-table]"


def say(language: str, key: str, **values) -> str:
    text = MESSAGES[language][key]
    for name, value in values.items():
        text = text.replace(f"{{{name}}}", str(value))
    return text


# -- the sites ---------------------------------------------------------------------------------------


class Site:
    """A built site, served, with its catalog.json."""

    def __init__(self, site: Path, language: str = "en"):
        self.catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
        self.language = language
        self.server = SiteServer(site)
        self.url = self.server.url
        self.pairings = {f"{p['goal']}--{p['use_case']}": p for p in self.catalog["pairings"]}

    def compare(self, *ids: str) -> str:
        return f"{self.url}/compare/" + ("?" + "&".join(f"p={i}" for i in ids) if ids else "")

    def title(self, pid: str) -> str:
        p = self.pairings[pid]
        return next(u["title"] for u in self.catalog["use_cases"] if u["slug"] == p["use_case"])

    def goal(self, pid: str) -> dict:
        return next(g for g in self.catalog["goals"] if g["slug"] == self.pairings[pid]["goal"])

    def box(self, page, pid: str):
        group = page.get_by_role("group", name=self.goal(pid)["title"], exact=True)
        return group.get_by_role("checkbox", name=self.title(pid), exact=True)

    def say(self, key: str, **values) -> str:
        """A message in the site's language, with the model's plural for use cases filled in."""
        return say(self.language, key, usecases_lc=lower_first(self.catalog["model"]["use_case"]["plural"]), **values)

    def expected_table(self, ids: list[str]) -> list:
        """[group label or None, [[row name, shared badge or None, cells]]] as the page must show
        it: the description, then each items or tags list's entries, first seen first."""
        model, picked = self.catalog["model"], [self.pairings[i] for i in ids]
        needed, not_needed = self.say("compare.needed"), self.say("compare.not_needed")
        groups = [[None, [[self.say("compare.description"), None, [p["description"] for p in picked]]]]]
        for d in model["lists"]:
            if d["kind"] == "text":
                continue
            name_of = (lambda e: e["name"]) if d["kind"] == "items" else (lambda e: e)
            names = list(dict.fromkeys(name_of(e) for p in picked for e in p["lists"][d["key"]]))
            rows = []
            for name in names:
                found = [next((e for e in p["lists"][d["key"]] if name_of(e) == name), None) for p in picked]
                cells = [
                    not_needed
                    if e is None
                    else needed
                    if d["kind"] == "tags"
                    else e["properties"] or self.say("items.none", name_lc=lower_first(d["properties"]))
                    for e in found
                ]
                count = sum(e is not None for e in found)
                rows.append([name, self.say("compare.shared", count=count) if count > 1 else None, cells])
            if rows:
                groups.append([d["label"], rows])
        return groups

    def close(self):
        self.server.close()


def shown_table(page) -> list:
    """The table as expected_table describes it; a cell with properties is their list."""
    return page.evaluate("""() => [...document.querySelectorAll("[data-compare-table] tbody")].map((body) => [
      body.querySelector("th[scope=rowgroup]")?.textContent ?? null,
      [...body.querySelectorAll("th[scope=row]")].map((th) => [th.firstChild.textContent,
        th.querySelector(".shared")?.textContent ?? null,
        [...th.parentNode.cells].slice(1).map((td) => td.querySelector("code")
          ? [...td.querySelectorAll("code")].map((code) => code.textContent) : td.textContent)])])""")


def columns(page):
    return page.locator(f"{TABLE} thead th a")


def serve(tmp_path_factory, content: Path, language: str = "en"):
    out = tmp_path_factory.mktemp("compare") / "site"
    pipeline.build(content, out, base_url="https://example.org/", strict=True)  # --strict wants a full address
    return Site(out, language)


@pytest.fixture(scope="module")
def ours(our_site):
    site = Site(our_site)
    yield site
    site.close()


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    site = serve(tmp_path_factory, FIXTURES / "workshop" / "content", "fr")
    yield site
    site.close()


def write_catalog(root: Path, goals: int, usecases: int) -> Path:
    """A made-up catalog in which every use case serves every goal, with lists that overlap."""
    (root / "content/goals").mkdir(parents=True)
    (root / "content/usecases").mkdir(parents=True)
    (root / "signpost.yaml").write_text("name: Made up\n")
    for g in range(goals):
        slugs = "".join(f"  - usecase-{u}\n" for u in range(usecases))
        (root / f"content/goals/goal-{g}.md").write_text(
            f"---\ntitle: Goal {g}\norder: {g + 1}\nhelps_you: reach {g}\nsummary: Goal {g}.\nuse_cases:\n{slugs}"
            f"considerations:\n  - question: Is it {g}?\n    use_cases: [usecase-0]\n---\nGoal {g}.\n"
        )
    for u in range(usecases):
        entries = "".join(
            f"  - goal: goal-{g}\n    description: Use case {u} for goal {g}.\n    helps_you: reach {g}\n    events:\n"
            f"      - name: Event {u % 5}\n        properties: [p{u}, q{g}]\n      - name: Step {g % 3}\n        properties: []\n"
            f"    sources: [Source {g % 2}]\n    destinations: [Place {u % 3}]\n"
            for g in range(goals)
        )
        (root / f"content/usecases/usecase-{u}.md").write_text(
            f"---\ntitle: Use case {u}\nsummary: Number {u}.\ngoals:\n{entries}---\nUse case {u}.\n"
        )
    return root / "content"


def overlapping_pair(site: Site) -> list[str]:
    """Two pairings that share an item and a tag, and differ in some item: every kind of row."""
    items = next(d["key"] for d in site.catalog["model"]["lists"] if d["kind"] == "items")
    tags = [d["key"] for d in site.catalog["model"]["lists"] if d["kind"] == "tags"]
    ids = list(site.pairings)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            pa, pb = site.pairings[a], site.pairings[b]
            ia, ib = ({e["name"] for e in p["lists"][items]} for p in (pa, pb))
            if ia & ib and ia ^ ib and any(set(pa["lists"][k]) & set(pb["lists"][k]) for k in tags):
                return [a, b]
    raise AssertionError("the catalog has no two pairings that overlap")


# -- picking, the table and the URL -------------------------------------------------------------------


def test_two_picks_show_both_columns_and_mark_exactly_the_shared_rows(page, ours):
    errors = csp_violations(page)
    a, b = overlapping_pair(ours)
    page.goto(ours.compare())
    expect(page.get_by_text(ours.say("compare.too_few"))).to_be_visible()
    ours.box(page, a).check()
    ours.box(page, b).check()
    expect(columns(page)).to_have_text([ours.title(a), ours.title(b)])
    expect(page.locator(f"{TABLE} thead th .compare-goal")).to_have_text([ours.goal(a)["title"], ours.goal(b)["title"]])
    assert (
        columns(page)
        .nth(0)
        .get_attribute("href")
        .endswith(f"/usecases/{ours.pairings[a]['use_case']}/#for-{ours.pairings[a]['goal']}")
    )
    assert shown_table(page) == ours.expected_table([a, b])
    expect(page.get_by_role("region", name=re.compile(ours.title(a)))).to_be_visible()
    expect(page.get_by_text(ours.say("compare.too_few"))).to_be_hidden()
    assert errors == []


def test_the_url_holds_the_picks_in_order_and_back_restores_the_previous_ones(page, ours):
    a, b, c = list(ours.pairings)[:3]
    page.goto(ours.compare())
    for pid in (a, b, c):
        ours.box(page, pid).check()
    expect(page).to_have_url(ours.compare(a, b, c))
    expect(columns(page)).to_have_text([ours.title(p) for p in (a, b, c)])
    page.go_back()
    expect(page).to_have_url(ours.compare(a, b))
    expect(ours.box(page, c)).not_to_be_checked()
    expect(columns(page)).to_have_text([ours.title(a), ours.title(b)])
    page.go_back()
    expect(page).to_have_url(ours.compare(a))
    expect(page.locator("[data-compare-few]")).to_be_visible()
    expect(ours.box(page, a)).to_be_checked()
    page.go_forward()
    expect(columns(page)).to_have_text([ours.title(a), ours.title(b)])
    ours.box(page, a).uncheck()  # unticking drops the pick; the others keep their order
    expect(page).to_have_url(ours.compare(b))
    page.goto(ours.compare(c, a, b))  # a shared link: its order is the columns' order
    expect(columns(page)).to_have_text([ours.title(p) for p in (c, a, b)])
    page.reload()
    expect(columns(page)).to_have_text([ours.title(p) for p in (c, a, b)])


def test_unknown_parameters_and_ids_are_noted_and_the_valid_pick_kept(page, ours):
    errors = csp_violations(page)
    a, b = list(ours.pairings)[:2]
    page.goto(f"{ours.url}/compare/?p=nope&x=1&p={a}&p={a}")
    note = page.locator("[data-compare-note]")
    expect(note).to_have_text(ours.say("widget.ignored", params="p=nope, x=1"))
    expect(ours.box(page, a)).to_be_checked()
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(1)
    expect(page.locator("[data-compare-few]")).to_be_visible()
    ours.box(page, b).check()  # a new pick writes a clean URL
    expect(page).to_have_url(ours.compare(a, b))
    expect(note).to_be_hidden()
    page.go_back()
    expect(note).to_be_visible()
    page.goto(f"{ours.url}/compare/?p=&p=%3Cscript%3E&{a}=1&p={b}&p={a}")
    expect(note).to_have_text(ours.say("widget.ignored", params=f"p=, p=<script>, {a}=1"))
    expect(columns(page)).to_have_text([ours.title(b), ours.title(a)])
    assert errors == []


def test_at_most_four_are_compared(page, ours):
    ids = list(ours.pairings)[:6]
    page.goto(ours.compare(*ids[:5]))
    expect(columns(page)).to_have_text([ours.title(p) for p in ids[:4]])
    expect(page.locator("[data-compare-note]")).to_have_text(ours.say("widget.ignored", params=f"p={ids[4]}"))
    hint = page.get_by_role("status").filter(has_text=ours.say("compare.full", max=4))
    expect(hint).to_be_visible()
    expect(ours.box(page, ids[4])).to_be_disabled()
    expect(page.locator("input[name=p]:disabled")).to_have_count(len(ours.pairings) - 4)
    ours.box(page, ids[1]).uncheck()
    expect(hint).to_be_hidden()
    expect(page.locator("input[name=p]:disabled")).to_have_count(0)
    ours.box(page, ids[5]).check()
    expect(columns(page)).to_have_text([ours.title(p) for p in (ids[0], ids[2], ids[3], ids[5])])
    expect(hint).to_be_visible()


def test_picking_and_reading_by_keyboard_only(page, ours):
    page.goto(ours.compare())

    def tab_until(selector: str) -> None:
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_until("input[name=p]")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    first_two = list(ours.pairings)[:2]
    expect(page).to_have_url(ours.compare(*first_two))
    expect(columns(page)).to_have_text([ours.title(p) for p in first_two])
    tab_until("[data-compare-wrap]")  # the table's scrolling region, then its links
    page.keyboard.press("Tab")
    expect(columns(page).first).to_be_focused()


def test_without_javascript_the_page_explains_and_links_to_the_reference(browser, ours):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(ours.compare(*list(ours.pairings)[:2]))
    fallback = page.locator("[data-compare-fallback]")
    expect(fallback).to_be_visible()
    assert fallback.get_by_role("link").get_attribute("href") == "/reference/"
    expect(page.get_by_role("checkbox")).to_have_count(0)
    expect(page.locator("[data-compare-form], [data-compare-output]")).to_have_count(2)
    expect(page.locator("[data-compare-form]")).to_be_hidden()
    expect(page.locator("[data-compare-output]")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_any_state(browser, ours, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    ids = list(ours.pairings)
    found = []
    for address, shown in [
        (f"{ours.url}/compare/?p=nope&p={ids[0]}", 0),
        (ours.compare(*overlapping_pair(ours)), 2),
        (ours.compare(*ids[:5]), 4),
    ]:
        page.goto(address)
        expect(columns(page)).to_have_count(shown)
        found += describe(AXE.run(page).response["violations"])
    context.close()
    assert found == []


# -- links to it ---------------------------------------------------------------------------------------


def test_each_goal_page_links_to_a_comparison_of_its_first_use_cases(page, ours):
    for goal in ours.catalog["goals"]:
        page.goto(f"{ours.url}{goal['url']}")
        page.get_by_role("link", name=f"{ours.say('compare.these')} ({goal['title']})").click()
        picked = [f"{goal['slug']}--{slug}" for slug in goal["use_cases"][:4]]
        expect(page).to_have_url(ours.compare(*picked))
        expect(columns(page)).to_have_text([ours.title(p) for p in picked])


def test_the_reference_links_each_goal_to_its_comparison(page, ours):
    page.goto(f"{ours.url}/reference/")
    for goal in ours.catalog["goals"]:
        link = page.locator(f'section[aria-labelledby="{goal["slug"]}"]').get_by_role(
            "link", name=re.compile(re.escape(ours.say("compare.these")))
        )
        picked = [f"{goal['slug']}--{slug}" for slug in goal["use_cases"][:4]]
        assert link.get_attribute("href") == "/compare/?" + "&".join(f"p={p}" for p in picked)
    link.click()
    expect(columns(page)).to_have_text([ours.title(p) for p in picked])


# -- other catalogs -----------------------------------------------------------------------------------


def test_the_workshop_compares_in_french_with_its_own_names(page, workshop):
    errors = csp_violations(page)
    model = workshop.catalog["model"]
    goal = next(g for g in workshop.catalog["goals"] if len(g["use_cases"]) > 1)
    page.goto(f"{workshop.url}{goal['url']}")
    these = workshop.say("compare.these")
    assert these == "Comparer ces formules"  # the French message with the workshop's name
    page.get_by_role("link", name=f"{these} ({goal['title']})").click()
    picked = [f"{goal['slug']}--{slug}" for slug in goal["use_cases"][:4]]
    expect(columns(page)).to_have_text([workshop.title(p) for p in picked])
    table = shown_table(page)
    assert table == workshop.expected_table(picked)
    assert [label for label, _ in table[1:]] == [
        d["label"] for d in model["lists"] if d["kind"] != "text" and any(workshop.pairings[p]["lists"][d["key"]] for p in picked)
    ]
    main = page.locator("main").inner_text()
    assert (english_in(main), ours_in(main)) == ([], [])
    for pid in picked[1:]:
        workshop.box(page, pid).uncheck()
    expect(page.get_by_text(workshop.say("compare.too_few"))).to_be_visible()
    main = page.locator("main").inner_text()
    assert (english_in(main), ours_in(main)) == ([], [])
    assert describe(AXE.run(page).response["violations"]) == []
    assert errors == []


@pytest.mark.parametrize("goals, usecases", [(1, 3), (2, None), (20, 15)], ids=["one goal", "bakery", "many goals"])
def test_catalogs_of_one_two_and_many_goals(page, tmp_path_factory, goals, usecases):
    content = (
        FIXTURES / "bakery" / "content"
        if usecases is None
        else write_catalog(tmp_path_factory.mktemp("made-up") / "project", goals, usecases)
    )
    site = serve(tmp_path_factory, content)
    try:
        errors = csp_violations(page)
        assert len(site.catalog["goals"]) == goals
        last = site.catalog["goals"][-1]
        page.goto(f"{site.url}{last['url']}")
        page.get_by_role("link", name=re.compile(re.escape(site.say("compare.these")))).click()
        picked = [f"{last['slug']}--{slug}" for slug in last["use_cases"][:4]]
        expect(columns(page)).to_have_text([site.title(p) for p in picked])
        assert shown_table(page) == site.expected_table(picked)
        expect(page.locator("[data-compare-form]").get_by_role("group")).to_have_count(goals)
        expect(page.locator("input[name=p]:disabled")).to_have_count(len(site.pairings) - 4 if len(picked) == 4 else 0)
        assert errors == []
    finally:
        site.close()
