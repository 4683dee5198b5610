"""The built site: every page exists, is cross-linked, and every internal link lands somewhere real."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT
from signpost import pipeline
from signpost.linkcheck import broken_links


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_of_the_issue_exists(our_site):
    expected = [
        "index.html",
        "guide/index.html",
        "reference/index.html",
        "events/index.html",
        "setup/index.html",
        "404.html",
        "robots.txt",
        "catalog.json",
    ]  # sitemap.xml needs a full base URL: see below
    expected += [f"goals/{p.stem}/index.html" for p in (ROOT / "content/goals").glob("*.md")]
    expected += [f"usecases/{p.stem}/index.html" for p in (ROOT / "content/usecases").glob("*.md")]
    missing = [name for name in expected if not (our_site / name).is_file()]
    assert missing == []
    assert len(list((our_site / "usecases").iterdir())) == 16


def test_every_internal_link_and_anchor_resolves(our_site):
    assert broken_links(our_site) == []


def test_base_url_prefixes_every_link(tmp_path):
    out = tmp_path / "site"
    pipeline.build(ROOT / "content", out, base_url="/docs/use-cases/")
    assert broken_links(out, base="/docs/use-cases/") == []
    catalog = json.loads((out / "catalog.json").read_text())
    assert catalog["goals"][0]["url"].startswith("/docs/use-cases/goals/")


@pytest.fixture(scope="module")
def absolute_site(tmp_path_factory) -> Path:
    """Our content built with a full base URL, as search engines need it."""
    out = tmp_path_factory.mktemp("absolute") / "site"
    pipeline.build(ROOT / "content", out, base_url="https://docs.example.org/guide/")
    return out


def test_absolute_base_url_gives_sitemap_and_robots_a_host(absolute_site):
    out = absolute_site
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://docs.example.org/guide/usecases/nurture-with-content/</loc>" in sitemap
    assert "Sitemap: https://docs.example.org/guide/sitemap.xml" in (out / "robots.txt").read_text()
    assert broken_links(out, base="/guide/") == []


def test_sitemap_lists_every_page_but_404(absolute_site):
    locations = re.findall(r"<loc>(.*?)</loc>", (absolute_site / "sitemap.xml").read_text())
    pages = {
        "https://docs.example.org/guide/" + str(p.relative_to(absolute_site)).removesuffix("index.html")
        for p in html_pages(absolute_site)
        if "pagefind" not in p.parts
    } - {"https://docs.example.org/guide/404.html"}
    assert set(locations) == pages


def test_two_builds_are_byte_identical(tmp_path):
    trees = []
    for name in ("one", "two"):
        out = tmp_path / name
        pipeline.build(ROOT / "content", out)
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]


def test_usecase_page_structure(our_site):
    page = soup(our_site / "usecases/mitigate-high-value-churn/index.html")
    assert [h1.get_text() for h1 in page.find_all("h1")] == ["Mitigate high value churn"]
    crumbs = [a.get_text() for a in page.select("nav.breadcrumbs a")]
    assert crumbs == ["Home", "Choosing a Use Case", "Optimize advertising", "Mitigate high value churn"]
    assert page.select_one("nav.breadcrumbs a[aria-current=page]").get_text() == "Mitigate high value churn"
    sections = [s.h2["id"] for s in page.select("section.pairing")]
    assert sections == [
        "for-optimize-advertising",
        "for-boost-retention-upsell-and-cross-sell",
        "for-personalize-communications-and-product-experiences",
    ]
    event_link = page.select_one("table.items-table th a")
    assert event_link["href"] == "/events/#order-completed"
    toc = [a["href"] for a in page.select("nav.page-toc a")]
    assert "#how-it-works" in toc and "#for-optimize-advertising" in toc
    # previous / next within each goal the use case serves
    pagers = {nav["aria-label"]: [a.get_text(" ", strip=True) for a in nav.find_all("a")] for nav in page.select("nav.pager")}
    assert pagers["Optimize advertising: previous and next"] == [
        "Previous in Optimize advertising Mitigate cart abandonment",
        "Next in Optimize advertising Suppress based on time",
    ]


def test_goal_page_lists_considerations_and_linked_usecases(our_site):
    page = soup(our_site / "goals/optimize-advertising/index.html")
    rows = page.select("table.usecase-table tbody tr")
    assert [r.th.a.get_text() for r in rows][:2] == ["Build high value lookalikes", "Build lookalikes for app install"]
    assert len(rows) == 7
    assert len(page.select("ul.considerations > li")) == 4
    assert page.select_one("nav.site-nav a[aria-current=page]").get_text() == "Optimize advertising"


def test_guide_has_every_goal_with_considerations_and_table(our_site):
    page = soup(our_site / "guide/index.html")
    sections = page.select("section.guide-goal")
    assert [s.h2.a.get_text() for s in sections] == [
        "Optimize advertising",
        "Personalize first conversion",
        "Boost retention, upsell, and cross-sell",
        "Personalize communications and product experiences",
    ]
    assert [len(s.select("table.usecase-table tbody tr")) for s in sections] == [7, 6, 6, 6]
    assert all(len(s.select("ul.considerations > li")) == 4 for s in sections)


def test_events_catalog_unions_properties_and_links_users(our_site):
    catalog = json.loads((our_site / "catalog.json").read_text())
    page = soup(our_site / "events/index.html")
    for event in catalog["items"]:
        section = page.find(id=event["url"].split("#")[1]).find_parent("section")
        listed = [c.get_text() for c in section.select("ul.properties")[0].find_all("code")] if event["properties"] else []
        assert listed == event["properties"]
        assert len(section.select("tbody tr")) == len(event["used_by"])
    order_completed = next(e for e in catalog["items"] if e["name"] == "Order Completed")
    assert len(order_completed["used_by"]) == 15


def test_markdown_features_render(our_site):
    page = soup(our_site / "usecases/mitigate-high-value-churn/index.html")
    assert page.select_one("div.highlight pre code span") is not None  # Pygments highlighting
    assert page.select_one("div.admonition.warning .admonition-title").get_text() == "Use one identifier everywhere"
    link = page.find("a", string="Personalize winback")
    assert link["href"] == "/usecases/personalize-winback/"
    # an event named in inline code links to the events catalog; code blocks are left alone
    mention = page.select_one("li a > code")
    assert (mention.get_text(), mention.parent["href"]) == ("Order Completed", "/events/#order-completed")
    assert page.select_one("pre a") is None


def test_catalog_json_shape(our_site):
    catalog = json.loads((our_site / "catalog.json").read_text())
    assert catalog["schema_version"] == 2
    assert set(catalog) == {"schema_version", "site", "model", "goals", "use_cases", "pairings", "items", "pages"}
    assert [d["key"] for d in catalog["model"]["lists"]] == ["events", "sources", "destinations"]
    assert len(catalog["pairings"]) == 25
    goal = catalog["goals"][0]
    assert set(goal) == {"slug", "title", "url", "order", "helps_you", "summary", "use_cases", "considerations"}
    assert all(set(c["use_cases"]) <= set(goal["use_cases"]) for c in goal["considerations"])


def test_assets_have_content_hashed_names(our_site):
    css = [p.name for p in (our_site / "assets/css").iterdir()]
    assert all(re.fullmatch(r"[a-z]+\.[0-9a-f]{10}\.css", name) for name in css), css


OUR_WORDS = [
    "Segment",
    "Optimize advertising",
    "Personalize first conversion",
    "Order Completed",
    "Use Case Guide",
    "lookalike",
    "Reverse ETL",
]


def test_another_catalog_of_the_same_schema_builds_with_none_of_our_words(tmp_path):
    out = tmp_path / "site"
    result = pipeline.build(FIXTURES / "bakery/content", out)
    assert result.pages == 13
    text = "\n".join(p.read_text() for p in out.rglob("*") if p.suffix in (".html", ".json", ".xml", ".txt"))
    assert [word for word in OUR_WORDS if word.lower() in text.lower()] == []
    assert "Crumb Almanac" in text and "Pigeon Post" in text
    assert broken_links(out) == []
    # No content file for the reference and events pages: they still exist, with default titles.
    assert soup(out / "reference/index.html").h1.get_text() == "Reference"


ENGINE_FILES = sorted(
    [*(ROOT / "templates").rglob("*.*"), *(ROOT / "signpost").glob("*.py"), *(ROOT / "assets").rglob("*.*"), ROOT / "build.py"]
)


@pytest.mark.parametrize("path", ENGINE_FILES, ids=[str(p.relative_to(ROOT)) for p in ENGINE_FILES])
def test_engine_names_no_goal_or_usecase(path):
    text = path.read_text().lower()
    assert [word for word in OUR_WORDS if word.lower() in text] == []


def test_every_page_has_one_h1_landmarks_and_a_skip_link(our_site):
    for path in html_pages(our_site):
        page = soup(path)
        assert len(page.find_all("h1")) == 1, path
        assert page.select_one("a.skip-link")["href"] == "#main"
        assert page.find("main", id="main") and page.find("header") and page.find("nav", attrs={"aria-label": "Site"})


def test_guide_offers_the_decision_flow(our_site):
    link = soup(our_site / "guide/index.html").select_one(".callout-link a")
    assert link["href"] == "/decide/"


def test_link_checker_reports_a_broken_link_and_fragment(tmp_path):
    (tmp_path / "index.html").write_text('<a href="/gone/">x</a> <a href="/#nowhere">y</a> <a id="here" href="#here">z</a>')
    assert broken_links(tmp_path) == ["index.html: /gone/ (no such file)", "index.html: /#nowhere (no #nowhere there)"]
