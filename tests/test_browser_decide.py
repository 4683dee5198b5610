"""The decision flow (/decide/) in a real browser: the ranking as a table of scenarios (answers ->
order and reasons) on our guide and the fixture catalogs, then the ways answers come in (paste,
file, URL), Back, the keyboard, the hand-off to the plan builder and the page without JavaScript.

The expected orders are written by hand from the scoring in docs/decision-flow.md, not computed
by a second implementation, so a change to the scoring has to change this table and the docs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
import shutil
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from catalog_shapes import build_big, build_solo
from conftest import FIXTURES, ROOT, SiteServer, csp_violations
from signpost import pipeline

RESULTS = "[data-decide-list] > li"
BAKERY_GOAL = "grow-weekday-footfall"
MORNING, RAINY = "Morning pastry alerts", "Rainy day offers"


@pytest.fixture(scope="module")
def sites(tmp_path_factory, served_site):
    """Every catalog the flow must handle, built once and served: ours, two fixtures of other
    fields (2 goals in English, 3 in French with its own model), one goal, 50 goals × 1,000 use cases."""
    tmp = tmp_path_factory.mktemp("decide")
    servers = {"ours": served_site}
    for name in ("bakery", "workshop"):
        project = tmp / name
        shutil.copytree(FIXTURES / name, project)
        pipeline.build(project / "content", project / "site")
        servers[name] = SiteServer(project / "site")
    servers["solo"] = SiteServer(build_solo(tmp))
    servers["big"] = SiteServer(build_big(tmp))
    yield servers
    for name, server in servers.items():
        if name != "ours":
            server.close()


def open_flow(page, sites, site: str, query: str = "") -> list[str]:
    """Open /decide/ with `query`; returns the list the page's errors are collected into."""
    errors = csp_violations(page)
    page.goto(f"{sites[site].url}/decide/{'?' + query if query else ''}")
    expect(page.locator("[data-decide]")).to_be_visible()
    return errors


def titles(page) -> list[str]:
    return page.locator(f"{RESULTS} > a").all_inner_texts()


# -- The ranking, scenario by scenario ---------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    site: str
    query: str
    order: list[str]  # the whole order, or its start when the rest is not the point
    first_because: str  # the sentence that says why the first is first
    reasons: dict[str, list[str]] = field(default_factory=dict)  # title -> lines its reasons include


HAVE_RAINY = "i=Door+Opened&t=sources:Till&t=destinations:Chalkboard"
HAVE_ALL = HAVE_RAINY + "&i=Pastry+Viewed&t=sources:Kiosk"
SCENARIOS = [
    # Bakery, goal "Grow weekday footfall": Morning pastry alerts needs 2 events (2 properties),
    # 2 sources, 1 destination = 7 steps; Rainy day offers 1 event, 1 source, 1 destination = 3.
    Scenario(
        "no answers: the least work first",
        "bakery",
        f"goal={BAKERY_GOAL}",
        [RAINY, MORNING],
        "Among the equally good matches, it leaves the least work.",
        {
            RAINY: [
                "One of the use cases for Grow weekday footfall.",
                "You track 0 of 1 events. To add: Door Opened.",
                "Work left: 3 steps: 1 event to add (properties: 0), 1 source to connect, and 1 destination to connect.",
            ],
            MORNING: ["Sources to connect: Till and Kiosk.", "Work left: 7 steps"],
        },
    ),
    Scenario(
        "a need lifts the use case it points to",
        "bakery",
        f"goal={BAKERY_GOAL}&c={BAKERY_GOAL}:0",
        [MORNING, RAINY],
        "It matches more of your needs than any other.",
        {MORNING: ["Matches your need: “Do early risers walk past without stopping?”"]},
    ),
    Scenario(
        "a need both answer: work decides",
        "bakery",
        f"goal={BAKERY_GOAL}&c={BAKERY_GOAL}:1",
        [RAINY, MORNING],
        "Among the equally good matches, it leaves the least work.",
    ),
    Scenario(
        "a bare need number is the main goal's (older links)",
        "bakery",
        f"goal={BAKERY_GOAL}&c=0",
        [MORNING, RAINY],
        "It matches more of your needs than any other.",
    ),
    Scenario(
        "another goal that matters lifts what serves both",
        "bakery",
        f"goal={BAKERY_GOAL}&also=keep-regulars",
        [MORNING, RAINY],
        "It matches as many of your needs as the next one and serves more of your business goals.",
        {
            MORNING: [
                "Also serves Keep regulars coming back.",
                # both pairings' lists: Pastry Viewed with 3 properties, Door Opened; Till, Kiosk; Chalkboard, Pigeon Post
                "Work left: 9 steps: 2 events to add (properties: 3), 2 sources to connect, and 2 destinations to connect.",
            ]
        },
    ),
    Scenario(
        "what you have takes work off",
        "bakery",
        f"goal={BAKERY_GOAL}&{HAVE_RAINY}",
        [RAINY, MORNING],
        "Among the equally good matches, it leaves the least work.",
        {
            RAINY: ["You track 1 of 1 events.", "Nothing left to do: you already have everything it needs."],
            MORNING: ["You track 1 of 2 events. To add: Pastry Viewed.", "Sources to connect: Kiosk.", "Work left: 4 steps"],
        },
    ),
    Scenario(
        "everything in place: the goal's own order",
        "bakery",
        f"goal={BAKERY_GOAL}&{HAVE_ALL}",
        [MORNING, RAINY],
        "The best matches are level, so it comes first in the order of Grow weekday footfall.",
    ),
    # The workshop: French, its own lists (outillage, lieux, relais).
    Scenario(
        "French: a need",
        "workshop",
        "goal=etablis-plus-surs&c=etablis-plus-surs:0",
        ["Contrôle électrique avant restitution"],
        "Elle répond à plus de vos besoins que toutes les autres.",
        {
            "Contrôle électrique avant restitution": [
                "Répond à votre besoin : « Rend-on des appareils branchés sur le secteur ? »"
            ]
        },
    ),
    Scenario(
        "French: another goal",
        "workshop",
        "goal=etablis-plus-surs&also=davantage-de-benevoles",
        ["Accueil des nouveaux bénévoles"],
        "Elle répond à autant de besoins que la suivante et sert davantage de vos objectifs.",
        {"Accueil des nouveaux bénévoles": ["Sert aussi Davantage de bénévoles."]},
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.site}: {s.name}")
def test_answers_rank_the_use_cases_and_say_why(page, sites, scenario):
    errors = open_flow(page, sites, scenario.site, scenario.query)
    expect(page.locator(f"{RESULTS} > a").first).to_have_text(scenario.order[0])
    assert titles(page)[: len(scenario.order)] == scenario.order
    first = page.locator(RESULTS).first
    expect(first.locator(".badge")).to_be_visible()
    assert page.locator(f"{RESULTS} .badge").count() == 1  # only the first says "start here"
    expect(first.locator(".why")).to_have_text(scenario.first_because)
    for title, lines in scenario.reasons.items():
        shown = (
            page.locator(RESULTS)
            .filter(has=page.get_by_role("link", name=title, exact=True))
            .locator(".reasons li")
            .all_inner_texts()
        )
        for line in lines:
            assert any(s.startswith(line) for s in shown), f"{title}: {line!r} not in {shown}"
    assert errors == []


def test_the_worked_example_in_the_docs_is_what_the_page_shows(page, sites):
    """docs/decision-flow.md ranks our guide for one address; the page must agree, row by row."""
    docs = (ROOT / "docs/decision-flow.md").read_text(encoding="utf-8")
    example = docs[docs.index("## Worked example") :]
    address = re.search(r"Address: `/decide/\?([^`]+)`", example)[1]
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \| (\d+) \| (\d+) \| (\d+) \|", example, re.M)
    open_flow(page, sites, "ours", address)
    expect(page.locator(RESULTS)).to_have_count(len(rows))
    assert titles(page) == [title.strip() for _, title, *_ in rows]
    for result, (_, _, _, _, work) in zip(page.locator(RESULTS).all(), rows, strict=True):
        expect(result.locator(".reasons li").last).to_contain_text(f"Work left: {work} steps")


def test_every_result_lists_its_reasons_and_the_ranking_is_the_same_on_reload(page, sites):
    open_flow(page, sites, "ours", "goal=optimize-advertising&also=personalize-first-conversion&c=optimize-advertising:0")
    expect(page.locator(RESULTS).first).to_be_visible()
    first_order = titles(page)
    for result in page.locator(RESULTS).all():
        assert result.locator(".reasons li").count() >= 2  # why it is listed, and the work it leaves
    page.reload()
    expect(page.locator(RESULTS).first).to_be_visible()
    assert titles(page) == first_order


# -- Answers that come in from elsewhere -----------------------------------------------------------


def test_pasted_names_are_matched_and_the_unknown_listed_with_near_matches(page, sites):
    open_flow(page, sites, "bakery", f"goal={BAKERY_GOAL}")
    page.get_by_label("Or paste events, one name per line").fill("door opened\n\nPastry Vewed\nCroissant Baked\n")
    page.get_by_role("button", name="Add the pasted names").click()
    expect(page.get_by_role("checkbox", name="Door Opened", exact=True)).to_be_checked()
    unknown = page.locator("[data-decide-unknown]")
    expect(unknown).to_be_visible()
    expect(unknown.get_by_role("checkbox")).to_have_count(2)
    expect(unknown.get_by_role("checkbox", name="Pastry Vewed (did you mean Pastry Viewed?)")).to_be_checked()
    expect(unknown.get_by_role("checkbox", name="Croissant Baked", exact=True)).to_be_checked()
    assert ("i", "Croissant Baked") in parse_qsl(urlsplit(page.url).query)
    # Unticking an unrecognised name drops it from the answers and the address.
    unknown.get_by_role("checkbox", name="Croissant Baked", exact=True).click()  # the list is redrawn: no uncheck()
    expect(unknown.get_by_role("checkbox")).to_have_count(1)
    assert ("i", "Croissant Baked") not in parse_qsl(urlsplit(page.url).query)
    assert ("i", "Door Opened") in parse_qsl(urlsplit(page.url).query)


def test_the_item_list_filters_as_you_type(page, sites):
    open_flow(page, sites, "bakery", f"goal={BAKERY_GOAL}")
    page.get_by_label("Filter the events").fill("past")
    expect(page.locator("[data-decide-items] label:visible")).to_have_text(["Pastry Viewed"])
    page.get_by_role("checkbox", name="Pastry Viewed").check()
    page.get_by_label("Filter the events").fill("")
    expect(page.locator("[data-decide-items] label:visible")).to_have_count(3)
    assert ("i", "Pastry Viewed") in parse_qsl(urlsplit(page.url).query)


def upload(page, name: str, text: str) -> None:
    page.get_by_label("Or load a tracking plan exported by the builder (CSV or JSON)").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": text.encode()}]
    )


@pytest.mark.parametrize(
    "name, text, reason",
    [
        ("broken.json", '{"events": [', "it is not valid JSON."),
        ("other.json", '{"rows": []}', "it holds none of this guide's lists."),
        ("notes.csv", "when,what\nmonday,bread\n", "its first row must name the columns type and name."),
        (
            "odd.csv",
            "type,name\nevent,Door Opened\nrecipe,Bread\n",
            "line 3 has the type “recipe”, which is none of this guide's lists.",
        ),
        ("empty.csv", "", "its first row must name the columns type and name."),
    ],
)
def test_a_malformed_file_is_refused_with_the_reason_and_keeps_every_answer(page, sites, name, text, reason):
    query = f"goal={BAKERY_GOAL}&c={BAKERY_GOAL}:0&i=Door+Opened"
    errors = open_flow(page, sites, "bakery", query)
    before = page.url
    upload(page, name, text)
    expect(page.locator("[data-decide-file-status]")).to_have_text(f"Could not load {name}: {reason} Your answers are unchanged.")
    assert page.url == before
    expect(page.get_by_role("checkbox", name="Door Opened", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Do early risers walk past without stopping?")).to_be_checked()
    assert errors == []


@pytest.mark.parametrize("button", ["Download CSV", "Download JSON"])
def test_a_plan_the_builder_exported_loads_back_as_what_you_have(browser, sites, button):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{sites['bakery'].url}/plan/?p={BAKERY_GOAL}--rainy-day-offers")
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    exported = Path(info.value.path()).read_text(encoding="utf-8")
    open_flow(page, sites, "bakery", f"goal={BAKERY_GOAL}")
    upload(page, "tracking-plan." + button.split()[-1].lower(), exported)
    expect(page.locator("[data-decide-file-status]")).to_have_text(f"Loaded tracking-plan.{button.split()[-1].lower()}.")
    for name in ("Door Opened", "Till", "Chalkboard"):
        expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_checked()
    rainy = page.locator(RESULTS).filter(has=page.get_by_role("link", name=RAINY, exact=True))
    expect(rainy.locator(".reasons li").last).to_have_text("Nothing left to do: you already have everything it needs.")
    context.close()


def test_garbage_in_the_address_is_ignored_with_a_note(page, sites):
    errors = open_flow(
        page,
        sites,
        "bakery",
        f"goal=nope&goal={BAKERY_GOAL}&c=zz&c={BAKERY_GOAL}:7&also=nope&i=Door+Opened&t=nokey:x&t=sources:Moon&utm=1&%ff=%00",
    )
    note = page.locator("[data-decide-ignored]")
    expect(note).to_be_visible()
    for ignored in ("c=zz", f"c={BAKERY_GOAL}:7", "also=nope", "t=nokey:x", "t=sources:Moon", "utm=1"):
        expect(note).to_contain_text(ignored)
    expect(note).not_to_contain_text("i=Door Opened")
    expect(page.get_by_role("checkbox", name="Door Opened", exact=True)).to_be_checked()
    expect(page.locator(RESULTS)).to_have_count(2)
    assert dict(parse_qsl(urlsplit(page.url).query)).keys() <= {"goal", "i"}
    assert errors == []


def test_back_undoes_three_answers_one_at_a_time(page, sites):
    open_flow(page, sites, "bakery")
    page.get_by_role("radio", name="Grow weekday footfall").check()
    expect(page.locator(f"{RESULTS} > a")).to_have_text([RAINY, MORNING])
    page.get_by_role("checkbox", name="Do early risers walk past without stopping?").check()
    expect(page.locator(f"{RESULTS} > a")).to_have_text([MORNING, RAINY])
    page.get_by_role("checkbox", name="Keep regulars coming back").check()
    expect(page.get_by_role("checkbox", name="Do stamp cards get forgotten in wallets?")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("checkbox", name="Keep regulars coming back")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Do stamp cards get forgotten in wallets?")).to_be_hidden()
    page.go_back()
    expect(page.get_by_role("checkbox", name="Do early risers walk past without stopping?")).not_to_be_checked()
    expect(page.locator(f"{RESULTS} > a")).to_have_text([RAINY, MORNING])
    page.go_back()
    expect(page.get_by_role("radio", name="Grow weekday footfall")).not_to_be_checked()
    expect(page.locator(RESULTS)).to_have_count(0)
    expect(page.locator("[data-decide-empty]")).to_be_visible()
    page.go_forward()
    expect(page.locator(f"{RESULTS} > a")).to_have_text([RAINY, MORNING])


# -- The rest of the flow -----------------------------------------------------------------------------


def test_the_whole_flow_works_from_the_keyboard(page, sites):
    open_flow(page, sites, "bakery")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "goal":
            break
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Grow weekday footfall")).to_be_checked()
    # Tab through: other goals, needs, what you have, down to the filter; then type and tick.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-decide-filter]')"):
            break
    page.keyboard.type("pastry")
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Pastry Viewed")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Pastry Viewed")).to_be_checked()
    morning = page.locator(RESULTS).filter(has=page.get_by_role("link", name=MORNING, exact=True))
    expect(morning.locator(".reasons")).to_contain_text("You track 1 of 2 events.")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-decide-list]') !== null"):
            break
    assert page.evaluate("document.activeElement.textContent") == titles(page)[0]


def test_build_the_plan_carries_the_picks_and_what_you_have(browser, sites):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    open_flow(page, sites, "bakery", f"goal={BAKERY_GOAL}&also=keep-regulars&c={BAKERY_GOAL}:0&i=Pastry+Viewed&t=sources:Kiosk")
    page.get_by_role("link", name="Build a tracking plan from these use cases").click()
    # The use case that matched the need, under both picked goals it serves.
    expect(page.locator("input[name=p]:checked")).to_have_count(2)
    query = parse_qsl(urlsplit(page.url).query)
    assert [v for k, v in query if k == "p"] == [f"{BAKERY_GOAL}--morning-pastry-alerts", "keep-regulars--morning-pastry-alerts"]
    assert ("i", "Pastry Viewed") in query and ("t", "sources:Kiosk") in query
    rows = {r.locator("th").inner_text(): r.locator("td").last.inner_text() for r in page.locator("[data-plan-items] tr").all()}
    assert rows == {"Pastry Viewed": "Already in place", "Door Opened": "To add"}
    expect(page.locator('[data-plan-tags="sources"] li')).to_have_text(["Till (To add)", "Kiosk (Already in place)"])
    with page.expect_download() as info:
        page.get_by_role("button", name="Download JSON").click()
    plan = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [(e["name"], e["status"]) for e in plan["events"]] == [("Pastry Viewed", "in_place"), ("Door Opened", "to_add")]
    assert [(e["name"], e["status"]) for e in plan["sources"]] == [("Till", "to_add"), ("Kiosk", "in_place")]
    # The plan still says "1 use case": two pairings of one use case.
    expect(page.locator("[data-plan-summary]")).to_contain_text("1 use case:")
    context.close()


def test_compare_link_opens_the_first_results_side_by_side(page, sites):
    open_flow(page, sites, "bakery", f"goal={BAKERY_GOAL}&c={BAKERY_GOAL}:0")
    page.get_by_role("link", name="Compare the first 2 side by side").click()
    assert [v for k, v in parse_qsl(urlsplit(page.url).query) if k == "p"] == [
        f"{BAKERY_GOAL}--morning-pastry-alerts",
        f"{BAKERY_GOAL}--rainy-day-offers",
    ]


def test_a_one_goal_catalog_starts_with_its_goal_picked(page, sites):
    errors = open_flow(page, sites, "solo")
    expect(page.get_by_role("radio")).to_be_checked()
    expect(page.locator(RESULTS)).to_have_count(3)
    expect(page.locator("[data-decide-also]")).to_have_count(0)  # no other goal to pick
    page.get_by_role("checkbox").first.check()
    expect(page.locator(f"{RESULTS} .reasons").first).to_contain_text("Matches your need")
    assert errors == []


def test_fifty_goals_and_a_thousand_use_cases(page, sites):
    catalog = json.loads(urlopen_text(f"{sites['big'].url}/catalog.json"))
    assert (len(catalog["goals"]), len(catalog["use_cases"])) == (50, 1000)
    goal = max(catalog["goals"], key=lambda g: len(g["use_cases"]))
    errors = open_flow(page, sites, "big", f"goal={goal['slug']}")
    expect(page.locator(RESULTS)).to_have_count(len(goal["use_cases"]))
    need = goal["considerations"][0]
    page.get_by_role("checkbox", name=need["question"], exact=True).check()
    lifted = {u["title"] for u in catalog["use_cases"] if u["slug"] in need["use_cases"]}
    expect(page.locator(f"{RESULTS} .reasons").first).to_contain_text("Matches your need")
    assert set(titles(page)[: len(lifted)]) == lifted
    assert errors == []


def urlopen_text(address: str) -> str:
    from urllib.request import urlopen

    with urlopen(address) as response:
        return response.read().decode()


def test_without_javascript_every_goal_and_use_case_is_a_plain_link(browser, sites):
    catalog = json.loads(urlopen_text(f"{sites['ours'].url}/catalog.json"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sites['ours'].url}/decide/")
    expect(page.locator("[data-decide]")).to_be_hidden()
    expect(page.locator("[data-decide-results]")).to_be_hidden()
    for goal in catalog["goals"]:
        section = page.locator(f"section:has(h2#{goal['slug']})")
        titles_by_slug = {u["slug"]: u["title"] for u in catalog["use_cases"]}
        assert section.locator("ul:not(.considerations) a").all_inner_texts() == [titles_by_slug[s] for s in goal["use_cases"]]
        assert section.locator(".question").all_inner_texts() == [c["question"] for c in goal["considerations"]]
    context.close()


def test_the_widgets_fit_the_javascript_budget(our_site):
    """decide, plan, compare and the module they share: 20 KB as served (docs/decision-flow.md)."""
    sizes = {p.name.split(".")[0]: p.stat().st_size for p in (our_site / "assets/js").iterdir()}
    assert sum(sizes[name] for name in ("decide", "plan", "compare", "widget")) <= 20 * 1024


# -- Accessibility in every state ----------------------------------------------------------------------

RICH = {  # every step answered, with an unknown name and a refused file to show their messages too
    "ours": "goal=optimize-advertising&also=personalize-first-conversion&c=optimize-advertising:0&i=Order+Completed&t=sources:Website",
    "bakery": f"goal={BAKERY_GOAL}&also=keep-regulars&c={BAKERY_GOAL}:0&i=Door+Opened&t=sources:Till",
    "workshop": "goal=etablis-plus-surs&also=davantage-de-benevoles&c=etablis-plus-surs:0",
    "solo": "",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("site", list(RICH))
def test_axe_finds_no_violations_in_any_state(browser, sites, site, scheme):
    from test_browser_a11y import AXE, describe

    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    found = []
    open_flow(page, sites, site)
    found += describe(AXE.run(page).response["violations"])  # nothing answered yet
    page.goto(f"{sites[site].url}/decide/?{RICH[site]}&junk=1")
    expect(page.locator(RESULTS).first).to_be_visible()
    page.locator("[data-decide-paste]").fill("Nothing Like This")
    page.locator("[data-decide-paste-add]").click()
    page.locator("[data-decide-file]").set_input_files(files=[{"name": "x.json", "mimeType": "application/json", "buffer": b"{"}])
    expect(page.locator("[data-decide-unknown]")).to_be_visible()
    expect(page.locator("[data-decide-file-status]")).not_to_be_empty()
    found += describe(AXE.run(page).response["violations"])
    context.close()
    assert found == []


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_nothing_widens_the_page_in_any_widget_state(browser, sites, width):
    """Answers, unknown names, results, the plan with statuses and a four-way comparison fit
    the screen: the page never scrolls sideways (tables scroll inside their own region)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = []
    for path in (
        f"decide/?{RICH['ours']}&i=A+Name+Nobody+Tracks+Anywhere+At+All",
        "plan/?p=optimize-advertising--mitigate-cart-abandonment&i=Order+Completed",
        "compare/?p=optimize-advertising--mitigate-cart-abandonment&p=optimize-advertising--suppress-with-purchase"
        "&p=optimize-advertising--build-high-value-lookalikes&p=optimize-advertising--increase-signups-with-lookalikes",
    ):
        page.goto(f"{sites['ours'].url}/{path}")
        expect(
            page.locator("[data-decide-list] > li, [data-plan-items] tr, [data-compare-table] tbody tr").first
        ).to_be_attached()
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide.append(path)
    context.close()
    assert wide == []
