"""Hostile content stays text everywhere, and the site works under its Content-Security-Policy."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, SiteServer, csp_violations
from signpost import pipeline

HOSTILE = '<img src=x onerror=alert(1)>"\'</script>=HYPERLINK("http://evil")'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The bakery with a title, summary, question, event and property name that try to break out."""
    root = tmp_path_factory.mktemp("hostile") / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    path = root / "content/usecases/rainy-day-offers.md"
    text = path.read_text()
    text = text.replace("title: Rainy day offers", f"title: '{HOSTILE.replace(chr(39), chr(39) * 2)}'")
    text = text.replace("summary: A small treat when the forecast turns grey.", "summary: '=1+1 <b>bold</b>'")
    text = text.replace(
        "      - name: Door Opened\n        properties: []",
        "      - name: '@SUM(A1) <i>x</i>'\n        properties: ['-2+3', '<svg onload=alert(2)>']",
    )
    path.write_text(text)
    goal = root / "content/goals/grow-weekday-footfall.md"
    goal.write_text(goal.read_text().replace("Does bad weather empty the shop?", "'<script>alert(3)</script>'"))
    server = SiteServer(root / "site")
    with (root / "signpost.yaml").open("a") as config:
        config.write(f"feedback_url: {server.url}/feedback\n")
    pipeline.build(root / "content", root / "site")
    yield root / "site", server
    server.close()


def test_no_injected_markup_reaches_any_file(hostile_site):
    site, _ = hostile_site
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".txt") and "pagefind" not in path.parts:
            text = path.read_text()
            for needle in ("<img src=x", "<script>alert", "<svg onload", "<b>bold</b>", "<i>x</i>", "</script>=HYPERLINK"):
                assert needle not in text, (path, needle)


def test_catalog_json_keeps_the_text_exact(hostile_site):
    site, _ = hostile_site
    catalog = json.loads((site / "catalog.json").read_text())
    assert HOSTILE in [u["title"] for u in catalog["use_cases"]]
    assert any(e["name"] == "@SUM(A1) <i>x</i>" for e in catalog["items"])


def test_pages_show_hostile_text_as_text_and_run_no_script(browser, hostile_site):
    site, server = hostile_site
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in [
        "usecases/rainy-day-offers/",
        "goals/grow-weekday-footfall/",
        "reference/",
        "events/",
        "guide/",
        "decide/?goal=grow-weekday-footfall&c=1",
        "plan/?p=grow-weekday-footfall--rainy-day-offers",
    ]:
        page.goto(f"{server.url}/{url}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{server.url}/usecases/rainy-day-offers/")
    expect(page.locator("h1")).to_have_text(HOSTILE)
    page.get_by_role("searchbox").fill("HYPERLINK")  # the search index and its excerpts
    expect(page.locator("[data-search-results] .search-title").first).to_have_text(HOSTILE)
    page.close()
    assert dialogs == []


def test_plan_csv_neutralises_formulas(browser, hostile_site):
    site, server = hostile_site
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server.url}/plan/?p=grow-weekday-footfall--rainy-day-offers")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    context.close()
    event = next(r for r in rows if r[0] == "event")
    assert event[1] == "'@SUM(A1) <i>x</i>"
    assert event[2] == "'-2+3; <svg onload=alert(2)>"
    assert event[3] == f"{HOSTILE} (Grow weekday footfall)"  # starts with "<": nothing to neutralise
    for row in rows:
        assert not any(cell[:1] in "=+-@" for cell in row if cell), row


def test_the_site_works_under_its_content_security_policy(browser, hostile_site):
    site, server = hostile_site
    context = browser.new_context(accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    violations = csp_violations(page)
    page.goto(f"{server.url}/usecases/morning-pastry-alerts/")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    page.locator(".highlight .copy-code").click()
    page.get_by_role("searchbox").fill("Pigeon")
    page.locator("[data-search-results] li").first.wait_for()
    page.get_by_role("button", name="Yes").click()
    page.wait_for_function("document.querySelector('[data-feedback-status]').textContent !== ''")  # the POST answered
    page.goto(f"{server.url}/decide/?goal=keep-regulars")
    page.goto(f"{server.url}/plan/?p=keep-regulars--loyalty-stamp-reminders")
    with page.expect_download():
        page.get_by_role("button", name="Download JSON").click()
    page.goto(f"{server.url}/reference/")
    page.get_by_label("Business goal", exact=True).select_option("Keep regulars coming back")
    context.close()
    assert violations == []
    assert ("/feedback", "page=%2Fusecases%2Fmorning-pastry-alerts%2F&helpful=yes") in server.posts
