"""The tracking-plan builder, search and the reference filters, in a real browser."""

from __future__ import annotations

import csv
import io
import json

import pytest
from playwright.sync_api import expect


@pytest.fixture(scope="module")
def catalog(our_site):
    return json.loads((our_site / "catalog.json").read_text())


# The decision flow has its own file: test_browser_decide.py.


# -- tracking-plan builder -----------------------------------------------------------------------------

PICK = ["optimize-advertising--mitigate-cart-abandonment", "boost-retention-upsell-and-cross-sell--personalize-winback"]


def expected_plan(catalog, ids):
    pairings = [p for p in catalog["pairings"] if f"{p['goal']}--{p['use_case']}" in ids]
    goal_title = {g["slug"]: g["title"] for g in catalog["goals"]}
    uc_title = {u["slug"]: u["title"] for u in catalog["use_cases"]}
    label = lambda p: f"{uc_title[p['use_case']]} ({goal_title[p['goal']]})"  # noqa: E731
    events, sources, destinations = {}, {}, {}
    for p in pairings:
        for e in p["lists"]["events"]:
            entry = events.setdefault(e["name"], ([], []))
            entry[0].extend(x for x in e["properties"] if x not in entry[0])
            entry[1].append(label(p))
        for name in p["lists"]["sources"]:
            sources.setdefault(name, []).append(label(p))
        for name in p["lists"]["destinations"]:
            destinations.setdefault(name, []).append(label(p))
    return events, sources, destinations


def download(page, button_name):
    with page.expect_download() as info:
        page.get_by_role("button", name=button_name).click()
    return open(info.value.path(), encoding="utf-8").read()


def test_plan_csv_and_json_hold_the_union_of_the_picked_use_cases(browser, served_site, catalog):
    context = browser.new_context(accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    events, sources, destinations = expected_plan(catalog, PICK)
    tracked, connected = list(events)[0], list(sources)[0]  # what the reader has (i=, t=) is marked
    page.goto(f"{served_site.url}/plan/?" + "&".join(f"p={i}" for i in PICK) + f"&i={tracked}&t=sources:{connected}")
    status = lambda name, had: "Already in place" if name == had else "To add"  # noqa: E731

    rows = list(csv.reader(io.StringIO(download(page, "Download CSV"))))
    assert rows[0] == ["type", "name", "properties", "needed_by", "status"]
    assert [r for r in rows[1:] if r[0] == "event"] == [
        ["event", name, "; ".join(props), "; ".join(users), status(name, tracked)] for name, (props, users) in events.items()
    ]
    assert [r for r in rows[1:] if r[0] == "source"] == [
        ["source", n, "", "; ".join(u), status(n, connected)] for n, u in sources.items()
    ]
    assert [r for r in rows[1:] if r[0] == "destination"] == [
        ["destination", n, "", "; ".join(u), "To add"] for n, u in destinations.items()
    ]

    plan = json.loads(download(page, "Download JSON"))
    assert [(u["goal"], u["use_case"]) for u in plan["use_cases"]] == [tuple(i.split("--")) for i in PICK]
    assert [(e["name"], e["properties"], e["needed_by"]) for e in plan["events"]] == [(n, p, u) for n, (p, u) in events.items()]
    assert [s["name"] for s in plan["sources"]] == list(sources)
    assert [d["name"] for d in plan["destinations"]] == list(destinations)

    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.locator("[data-plan-status]")).to_have_text("Copied as Markdown.")
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert markdown.startswith("# Tracking plan")
    assert all(f"| {name} |" in markdown for name in events)
    assert f"| {tracked} |" in markdown and markdown.count("| Already in place |") == 1
    assert f"- {connected} (Already in place)" in markdown
    context.close()


def test_plan_selection_survives_a_reload_and_links_add_to_it(page, served_site):
    page.goto(f"{served_site.url}/plan/?p={PICK[0]}")
    page.get_by_role("checkbox").nth(3).uncheck()  # PICK[0] is the fourth box
    page.locator(f'input[value="{PICK[1]}"]').check()
    assert page.url.endswith(f"/plan/?p={PICK[1]}")
    page.reload()
    expect(page.locator(f'input[value="{PICK[1]}"]')).to_be_checked()
    # "Add to the tracking plan" on a use case page adds to the last plan.
    page.goto(f"{served_site.url}/usecases/mitigate-cart-abandonment/")
    page.get_by_role("link", name="Add to the tracking plan (Mitigate cart abandonment for Optimize advertising)").click()
    expect(page.locator("input[name=p]:checked")).to_have_count(2)
    assert page.url.endswith(f"/plan/?p={PICK[0]}&p={PICK[1]}")


# -- search ------------------------------------------------------------------------------------------


def test_search_finds_a_use_case_by_an_event_name(page, served_site):
    page.goto(f"{served_site.url}/")
    search = page.get_by_role("searchbox", name="Search the guide")
    search.fill("Install Attributed")
    result = page.locator("[data-search-results] li", has=page.locator("a", has_text="Build lookalikes for app install"))
    expect(result).to_have_count(1)
    assert result.locator(".search-goal").inner_text() == "Optimize advertising"
    marked = " ".join(result.locator("mark").all_inner_texts()).lower()
    assert "install" in marked  # the excerpt marks what matched (Pagefind picks the excerpt's words)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == page.locator("[data-search-results] a").first.inner_text()
    page.keyboard.press("Escape")
    expect(page.locator("[data-search-results]")).to_be_hidden()
    expect(search).to_be_focused()


def test_search_index_is_built_by_the_build(our_site):
    assert (our_site / "pagefind/pagefind.js").is_file()
    assert any((our_site / "pagefind/index").iterdir())


# -- reference tables ----------------------------------------------------------------------------------


def test_reference_table_filters_by_destination_and_goal(page, served_site, catalog):
    page.goto(f"{served_site.url}/reference/")
    rows = page.locator("#pairings-table tbody tr:visible")
    expect(rows).to_have_count(25)
    page.get_by_label("Destination", exact=True).select_option("SMS & Push Notifications")
    wanted = [p for p in catalog["pairings"] if "SMS & Push Notifications" in p["lists"]["destinations"]]
    expect(rows).to_have_count(len(wanted))
    goal = catalog["goals"][1]
    page.get_by_label("Business goal", exact=True).select_option(goal["title"])
    expect(rows).to_have_count(len([p for p in wanted if p["goal"] == goal["slug"]]))
    expect(page.get_by_role("status").filter(has_text="Showing")).to_have_text(
        f"Showing {len([p for p in wanted if p['goal'] == goal['slug']])} of 25 rows"
    )


def test_reference_table_filters_by_event_and_source_and_sorts(page, served_site, catalog):
    page.goto(f"{served_site.url}/reference/")
    page.get_by_label("Event", exact=True).select_option("Install Attributed")
    expect(page.locator("#pairings-table tbody tr:visible")).to_have_count(1)
    page.get_by_label("Event", exact=True).select_option("")
    page.get_by_label("Source", exact=True).select_option("Advertising")
    expect(page.locator("#pairings-table tbody tr:visible")).to_have_count(
        len([p for p in catalog["pairings"] if "Advertising" in p["lists"]["sources"]])
    )
    page.get_by_label("Source", exact=True).select_option("")
    header = page.locator("#pairings-table th", has_text="Events")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    counts = [
        int(v)
        for v in page.locator("#pairings-table tbody td[data-value]").evaluate_all("cells => cells.map(c => c.dataset.value)")
    ]
    assert counts == sorted(counts)
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    counts = [
        int(v)
        for v in page.locator("#pairings-table tbody td[data-value]").evaluate_all("cells => cells.map(c => c.dataset.value)")
    ]
    assert counts == sorted(counts, reverse=True)
    by_name = page.locator("#pairings-table th", has_text="Use case").get_by_role("button")
    by_name.click()
    names = page.locator("#pairings-table tbody th").all_inner_texts()
    assert names == sorted(names, key=str.casefold)


def test_events_table_filters_by_goal(page, served_site, catalog):
    page.goto(f"{served_site.url}/events/")
    goal = catalog["goals"][0]
    page.get_by_label("Business goal", exact=True).select_option(goal["title"])
    expected = [e["name"] for e in catalog["items"] if any(u["goal"] == goal["slug"] for u in e["used_by"])]
    expect(page.locator("#items-table tbody tr:visible th")).to_have_text(expected)


def test_tables_are_complete_without_javascript(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site.url}/reference/")
    assert page.locator("#pairings-table tbody tr:visible").count() == 25
    assert page.locator("select").count() > 0 and page.locator("select:visible").count() == 0  # written, shown by the script
    context.close()
