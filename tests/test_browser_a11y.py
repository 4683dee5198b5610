"""Accessibility and validity of every built page, measured in a real browser and by the Nu checker."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, site_urls

URLS = site_urls()
AXE = Axe()
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def describe(violations: list[dict]) -> list[str]:
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in violations]


def axe_violations(browser, address: str, scheme: str) -> list[str]:
    """axe-core's violations on one page at desktop width, every details block opened so the
    tables inside are checked too."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(address)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = AXE.run(page)
    context.close()
    return describe(results.response["violations"])


# axe on every page at three widths, light and dark: test_every_page.py.


def test_axe_finds_no_violations_with_the_toggle_and_on_a_phone(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light")
    page = context.new_page()
    page.goto(f"{served_site.url}/usecases/mitigate-high-value-churn/")
    page.click("[data-theme-toggle]")
    page.click("[data-nav-toggle]")
    assert page.get_attribute("html", "data-theme") == "dark"
    results = AXE.run(page)
    context.close()
    assert describe(results.response["violations"]) == []


def test_nu_html_checker_finds_no_errors(our_site):
    assert shutil.which("java"), "java is missing: scripts/setup --test installs it"
    assert VNU.is_file(), "vnu.jar is missing: scripts/setup --test runs npm ci"
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "text", "--skip-non-html", str(our_site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    checked = len(list(our_site.rglob("*.html")))
    assert checked == len(URLS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_widgets_states(browser, served_site, scheme):
    """Results, plans, search suggestions and filters exist only after interaction: check them too."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    found = []
    page.goto(f"{served_site.url}/decide/?goal=optimize-advertising&c=0&c=3")
    found += describe(AXE.run(page).response["violations"])
    page.goto(f"{served_site.url}/plan/?p=optimize-advertising--mitigate-cart-abandonment")
    found += describe(AXE.run(page).response["violations"])
    page.goto(f"{served_site.url}/reference/")
    page.locator("#pairings-table th", has_text="Events").get_by_role("button").click()
    page.get_by_role("searchbox").fill("Order Completed")
    page.locator("[data-search-results] li").first.wait_for()
    found += describe(AXE.run(page).response["violations"])
    context.close()
    assert found == []
