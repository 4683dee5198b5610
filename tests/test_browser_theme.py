"""What a reader does with the theme, in a real browser: toggle, menu, keyboard, feedback, copy."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from conftest import FIXTURES, ROOT, SiteServer, site_urls
from signpost import pipeline


def _usecase_file():
    """One of our use cases, read from content/ rather than named: the first of those serving
    the most goals whose body has a code block (the copy button needs one)."""
    files = [p for p in sorted((ROOT / "content/usecases").glob("*.md")) if "\n```" in p.read_text(encoding="utf-8")]
    return max(files, key=lambda p: len(_front_matter(p)["goals"]))


def _front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


USECASE_FILE = _usecase_file()
USECASE = f"usecases/{USECASE_FILE.stem}/"
USECASE_META = _front_matter(USECASE_FILE)
# The first code block of its body, as a reader copies it.
FIRST_CODE = USECASE_FILE.read_text(encoding="utf-8").split("\n```", 2)[1].split("\n", 1)[1].rstrip("\n")


def test_dark_mode_toggle_is_remembered_and_applied_before_first_paint(browser, served_site):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(f"{served_site.url}/{USECASE}")
    toggle = page.locator("[data-theme-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    light_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light_background
    # On the next page, the saved theme must already be set when <body> is parsed, so the
    # light theme is never painted first.
    page.add_init_script("""
        new MutationObserver((_, observer) => {
          if (document.body) {
            window.__themeAtBody = document.documentElement.getAttribute('data-theme');
            observer.disconnect();
          }
        }).observe(document, {childList: true, subtree: true});
    """)
    page.goto(f"{served_site.url}/guide/")
    assert page.evaluate("window.__themeAtBody") == "dark"
    assert page.locator("[data-theme-toggle]").get_attribute("aria-pressed") == "true"
    context.close()


def test_system_dark_preference_is_followed_without_a_choice(browser, served_site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{served_site.url}/")
    assert page.get_attribute("html", "data-theme") is None
    assert page.locator("[data-theme-toggle]").get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "light dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(20, 23, 28)"
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_scrolls_sideways_on_a_phone(browser, served_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    too_wide = []
    for url in site_urls():
        page.goto(f"{served_site.url}/{url}")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            too_wide.append(url)
    context.close()
    assert too_wide == []


def test_menu_collapses_on_a_phone_and_opens_with_the_keyboard(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{served_site.url}/{USECASE}")
    menu = page.locator("[data-nav-toggle]")
    nav = page.locator("#site-nav")
    assert menu.is_visible() and not nav.is_visible()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    assert nav.locator("a[aria-current=page]").inner_text() == USECASE_META["title"]
    nav.locator("a").first.focus()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    assert page.evaluate("document.activeElement.hasAttribute('data-nav-toggle')")
    context.close()


def test_menu_button_is_absent_on_a_desktop(page, served_site):
    page.goto(f"{served_site.url}/{USECASE}")
    assert not page.locator("[data-nav-toggle]").is_visible()
    assert page.locator("#site-nav").is_visible()
    assert page.locator("nav.page-toc").is_visible()


def test_keyboard_starts_at_the_skip_link_and_focus_is_visible(page, served_site):
    page.goto(f"{served_site.url}/{USECASE}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_every_control_is_reachable_by_tab(page, served_site):
    page.goto(f"{served_site.url}/{USECASE}")
    reached = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.outerHTML.slice(0, 60)"))
    for control in ("data-theme-toggle", 'value="yes"', 'value="no"', "copy-code"):
        assert any(control in html for html in reached), control


def test_code_copy_button_copies_the_code(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{served_site.url}/{USECASE}")
    button = page.locator(".highlight .copy-code").first
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()").rstrip("\n") == FIRST_CODE
    context.close()


def test_feedback_thanks_the_reader_and_sends_nothing_without_a_url(page, served_site):
    page.goto(f"{served_site.url}/{USECASE}")
    page.get_by_role("button", name="No").click()
    expect(page.locator("[data-feedback-status]")).to_have_text("Thanks, we will use this to improve the page.")
    expect(page.get_by_role("button", name="Yes")).to_be_disabled()
    assert served_site.posts == []


def test_feedback_posts_to_the_configured_url(browser, tmp_path):
    project = tmp_path / "bakery"
    import shutil

    shutil.copytree(FIXTURES / "bakery", project)
    server = SiteServer(project / "site")
    with (project / "signpost.yaml").open("a") as config:
        config.write(f"feedback_url: {server.url}/feedback\n")
    pipeline.build(project / "content", project / "site")
    page = browser.new_page()
    page.goto(f"{server.url}/usecases/rainy-day-offers/")
    page.get_by_role("button", name="Yes").click()
    page.wait_for_function("document.querySelector('[data-feedback-status]').textContent !== ''")  # set once the POST answered
    page.close()
    server.close()
    assert server.posts == [("/feedback", "page=%2Fusecases%2Frainy-day-offers%2F&helpful=yes")]


def test_pages_are_complete_without_javascript(browser, served_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{served_site.url}/{USECASE}")
    assert page.locator("#site-nav").is_visible()  # stacked above the content instead of a menu
    assert not page.locator("[data-nav-toggle]").is_visible()
    assert not page.locator("[data-theme-toggle]").is_visible()
    assert not page.locator("[data-feedback]").is_visible()  # no feedback URL: nothing to submit to
    assert page.locator("table.items-table").count() == len(USECASE_META["goals"])  # one per goal it serves
    context.close()


def test_no_request_leaves_the_site(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    for url in ["", "guide/", USECASE, "reference/", "events/"]:
        page.goto(f"{served_site.url}/{url}")
    context.close()
    assert hosts == {urlsplit(served_site.url).netloc}


def test_print_hides_navigation(page, served_site):
    page.goto(f"{served_site.url}/{USECASE}")
    page.emulate_media(media="print")
    assert not page.locator("#site-nav").is_visible()
    assert not page.locator("nav.page-toc").is_visible()
    assert page.locator("table.items-table").first.is_visible()
