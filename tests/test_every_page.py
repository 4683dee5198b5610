"""Every built page of our guide and of the fixture catalogs, at phone, tablet and desktop
widths, in light and dark: axe reports nothing and nothing makes the page scroll sideways.

One browser context per catalog, width and colour scheme; each page is loaded once in it and
checked after its scripts ran (the `load` event, then axe with every details block opened so
the tables inside are checked too).
"""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, SiteServer, site_urls
from signpost import pipeline
from signpost.pipeline import read_project
from test_browser_a11y import AXE, describe

WIDTHS = {"phone": 390, "tablet": 768, "desktop": 1280}


def urls_of(content) -> list[str]:
    catalog, _, _ = read_project(content)
    return [p.url for p in catalog.pages] + [g.url for g in catalog.goals] + [u.url for u in catalog.usecases] + ["404.html"]


@pytest.fixture(scope="module")
def catalogs(served_site, tmp_path_factory):
    """name -> (server, page URLs): ours and the two fixtures of other fields."""
    found = {"ours": (served_site, site_urls())}
    servers = []
    for name in ("bakery", "workshop"):
        project = tmp_path_factory.mktemp("every") / name
        shutil.copytree(FIXTURES / name, project)
        pipeline.build(project / "content", project / "site")
        servers.append(SiteServer(project / "site"))
        found[name] = (servers[-1], urls_of(project / "content"))
    yield found
    for server in servers:
        server.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS), ids=str)
@pytest.mark.parametrize("name", ["ours", "bakery", "workshop"])
def test_every_page_has_no_axe_violation_and_no_sideways_scroll(browser, catalogs, name, width, scheme):
    server, urls = catalogs[name]
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 800}, color_scheme=scheme)
    page = context.new_page()
    found = []
    for url in urls:
        page.goto(f"{server.url}/{url}", wait_until="load")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > WIDTHS[width]:
            found.append(f"/{url}: {wide} px wide")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        found += [f"/{url}: {v}" for v in describe(AXE.run(page).response["violations"])]
    context.close()
    assert len(urls) > 10 and found == []
