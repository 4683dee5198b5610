"""Layout in a real browser: "On this page" at every width, a header that fits any site name,
no layout shift when the scripts run, and table names that wrap between words."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, SiteServer, site_urls
from signpost import pipeline

USECASE = "usecases/mitigate-high-value-churn/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Resolves after the load event and two animation frames: whatever the scripts changed is laid out.
SETTLED = """new Promise((done) => {
  const settle = () => requestAnimationFrame(() => requestAnimationFrame(done));
  document.readyState === "complete" ? settle() : addEventListener("load", settle, { once: true });
})"""


def open_page(browser, served_site, url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{served_site.url}/{url}")
    return context, page


# -- On this page ------------------------------------------------------------------------------------


def test_on_this_page_is_a_collapsed_list_at_the_top_of_the_content_on_a_phone(browser, served_site):
    context, page = open_page(browser, served_site, USECASE, PHONE)
    toc = page.locator("nav.page-toc")
    summary = toc.locator("summary")
    links = toc.locator("a")
    expect(summary).to_have_text("On this page")
    expect(summary).to_be_visible()
    expect(links.first).to_be_hidden()
    assert summary.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]  # above the title
    summary.focus()
    page.keyboard.press("Enter")
    expect(links.first).to_be_visible()
    page.keyboard.press("Enter")
    expect(links.first).to_be_hidden()
    page.keyboard.press(" ")
    expect(links.first).to_be_visible()
    link = toc.get_by_role("link", name="Example")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{served_site.url}/{USECASE}#example")
    expect(page.locator("#example")).to_be_in_viewport()
    context.close()


def test_on_this_page_is_a_side_column_on_a_desktop(browser, served_site):
    context, page = open_page(browser, served_site, USECASE, DESKTOP)
    toc = page.locator("nav.page-toc")
    expect(toc.locator("a").first).to_be_visible()
    expect(toc.locator("details")).to_have_attribute("open", "")  # heard as expanded, as it is shown
    toc.locator("summary").click()
    expect(toc.locator("details")).to_have_attribute("open", "")
    assert (
        toc.bounding_box()["x"] >= page.locator("article").bounding_box()["x"] + page.locator("article").bounding_box()["width"]
    )
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(toc).to_be_in_viewport()  # sticky
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_section_being_read_is_marked_while_scrolling(browser, served_site, viewport):
    context, page = open_page(browser, served_site, USECASE, viewport)
    page.locator(".page-toc details").evaluate("details => { details.open = true; }")
    links = page.locator(".page-toc a")
    first, later = links.nth(1), links.nth(2)
    for link, other in ((first, later), (later, first)):
        page.locator(link.get_attribute("href")).evaluate("heading => heading.scrollIntoView()")
        expect(link).to_have_attribute("aria-current", "true")
        expect(other).not_to_have_attribute("aria-current", "true")
    style = "link => getComputedStyle(link).borderLeftColor"
    assert later.evaluate(style) != first.evaluate(style)  # seen, not only announced
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.locator(".page-toc a[aria-current]")).to_have_count(0)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_entry_on_this_page_points_at_hidden_content(browser, served_site, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    wrong = {}
    for url in site_urls():
        page.goto(f"{served_site.url}/{url}")
        page.evaluate(SETTLED)
        found = page.evaluate("""[...document.querySelectorAll(".page-toc a")].map((a) => {
          const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
          return !target ? `${a.hash} is missing` : target.offsetParent === null || target.closest("[hidden]") ? `${a.hash} is hidden` : null;
        }).filter(Boolean)""")
        if found:
            wrong[url] = found
    context.close()
    assert wrong == {}


def test_the_decide_pages_sections_are_there_without_javascript(browser, served_site, our_site):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site.url}/decide/")
    headings = page.locator("[data-decide-fallback] h2[id]")
    expect(headings.first).to_be_visible()
    assert headings.count() == len(list((our_site / "goals").glob("*/index.html")))
    context.close()


# -- Header ------------------------------------------------------------------------------------------

LONG_NAME = "The Corner Bakery Field Guide to Every Loaf, Roll and Order!"


@pytest.fixture(scope="module")
def long_name_site(tmp_path_factory):
    assert len(LONG_NAME) == 60
    root = tmp_path_factory.mktemp("long") / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    settings = root / "signpost.yaml"
    lines = settings.read_text().splitlines()
    settings.write_text("\n".join(f'name: "{LONG_NAME}"' if line.startswith("name:") else line for line in lines) + "\n")
    pipeline.build(root / "content", root / "site")
    server = SiteServer(root / "site")
    yield server
    server.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 800, "height": 800}, DESKTOP], ids=["phone", "tablet", "desktop"])
def test_a_long_site_name_keeps_the_header_on_one_row(browser, long_name_site, viewport):
    context, page = open_page(browser, long_name_site, "reference/", viewport)
    name, toggle = page.locator(".site-name"), page.locator("[data-theme-toggle]")
    expect(name).to_have_text(LONG_NAME)
    expect(toggle).to_be_visible()
    box, toggle_box = name.bounding_box(), toggle.bounding_box()
    # Centred on one line, so the tops differ by half the difference in height, no more.
    assert abs(toggle_box["y"] - box["y"]) <= abs(toggle_box["height"] - box["height"]) / 2 + 3
    assert toggle_box["x"] >= box["x"] + box["width"]
    assert toggle_box["x"] + toggle_box["width"] <= viewport["width"]
    assert page.locator(".site-search").bounding_box()["width"] > 100
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()


# -- Layout shift ------------------------------------------------------------------------------------

PAGE_TYPES = {
    "overview": "",
    "guide": "guide/",
    "goal": "goals/optimize-advertising/",
    "use case": USECASE,
    "reference": "reference/",
    "events": "events/",
    "decide": "decide/",
    "plan": "plan/",
    "compare": "compare/",
    "free page": "setup/",
    "404": "404.html",
}
# The bakery's pages are short: the footer is in view, so whatever grows above it shows.
BAKERY_PAGES = {
    "overview": "",
    "guide": "guide/",
    "goal": "goals/keep-regulars/",
    "use case": "usecases/rainy-day-offers/",
    "reference": "reference/",
    "events": "events/",
    "decide": "decide/",
    "plan": "plan/",
    "compare": "compare/",
    "404": "404.html",
}
CLS_CASES = [pytest.param("served_site", url, id=f"ours-{kind}") for kind, url in PAGE_TYPES.items()] + [
    pytest.param("long_name_site", url, id=f"bakery-{kind}") for kind, url in BAKERY_PAGES.items()
]
LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push({ value: entry.value, moved: entry.sources.map((s) => s.node?.outerHTML?.slice(0, 80)) });
  }
}).observe({ type: "layout-shift", buffered: true });"""
FIRST_PAINT = """new Promise((done) => new PerformanceObserver((list) => {
  if (list.getEntriesByName("first-contentful-paint").length) done();
}).observe({ type: "paint", buffered: true }))"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("site, url", CLS_CASES)
def test_nothing_moves_when_the_scripts_run(browser, request, site, url, viewport):
    server = request.getfixturevalue(site)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    # The modules are held until the page has painted, as on a slow phone: with a warm cache they
    # could run before the first paint, and a shift would go unseen. theme-init.js blocks the
    # parser on purpose, so it is let through.
    held = []
    page.route("**/assets/js/*.js", lambda route: route.continue_() if "theme-init" in route.request.url else held.append(route))
    page.goto(f"{server.url}/{url}", wait_until="commit")
    page.evaluate(FIRST_PAINT)
    assert held, "no module was held"
    for route in held:
        route.continue_()
    page.evaluate(SETTLED)
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert sum(s["value"] for s in shifts) == 0, shifts


# -- Table names -------------------------------------------------------------------------------------

# Each word of each cell as a Range: a word broken across two lines has two boxes. A hyphen is
# a place to wrap like a space ("cross-" / "sell"), so the parts of a hyphenated word count apart.
BROKEN_WORDS = """table => {
  const broken = [];
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/[^\\s-]+-?/g)) {
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (range.getClientRects().length > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("url, table", [("reference/", "#pairings-table"), ("events/", "#items-table")])
def test_names_in_the_generated_tables_wrap_between_words(browser, served_site, url, table, viewport):
    context, page = open_page(browser, served_site, url, viewport)
    broken = page.locator(table).evaluate(BROKEN_WORDS)
    context.close()
    assert broken == []
