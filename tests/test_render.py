"""The built site: every page exists, is cross-linked, and every internal link lands somewhere real."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT
from signpost import pipeline
from signpost.linkcheck import broken_links

# The engine's tests build the bakery fixture and read what to expect from its files; the tests
# that use our own site derive their numbers from content/. What our content must say (how many
# goals, use cases, pairings ...) is tested in test_facts.py and test_content.py.
BAKERY = FIXTURES / "bakery" / "content"


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def goals_of(content: Path) -> list[dict]:
    """The goal files' front matter with their slugs, in the order the site shows goals."""
    goals = [{"slug": p.stem, **front_matter(p)} for p in (content / "goals").glob("*.md")]
    return sorted(goals, key=lambda g: (g["order"], g["slug"]))


def usecases_of(content: Path) -> dict[str, dict]:
    return {p.stem: front_matter(p) for p in sorted((content / "usecases").glob("*.md"))}


def anchor(name: str) -> str:
    return name.lower().replace(" ", "-")


@pytest.fixture(scope="module")
def bakery_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bakery") / "site"
    pipeline.build(BAKERY, out)
    return out


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
    assert len(list((our_site / "usecases").iterdir())) == len(list((ROOT / "content/usecases").glob("*.md")))


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
    usecase = next(iter(usecases_of(ROOT / "content")))
    assert f"<loc>https://docs.example.org/guide/usecases/{usecase}/</loc>" in sitemap
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


def test_usecase_page_structure(bakery_site):
    goals, usecases = goals_of(BAKERY), usecases_of(BAKERY)
    slug = max(usecases, key=lambda s: len(usecases[s]["goals"]))  # the one serving the most goals
    usecase = usecases[slug]
    served = [g for g in goals if slug in g["use_cases"]]  # in goal order
    assert len(served) >= 2, "the fixture needs a use case serving two goals"
    page = soup(bakery_site / f"usecases/{slug}/index.html")
    assert [h1.get_text() for h1 in page.find_all("h1")] == [usecase["title"]]
    guide = front_matter(BAKERY / "pages/guide.md")["title"]
    crumbs = [a.get_text() for a in page.select("nav.breadcrumbs a")]
    assert crumbs == ["Home", guide, served[0]["title"], usecase["title"]]
    assert page.select_one("nav.breadcrumbs a[aria-current=page]").get_text() == usecase["title"]
    assert [s.h2["id"] for s in page.select("section.pairing")] == [f"for-{g['slug']}" for g in served]
    first_pairing = next(e for e in usecase["goals"] if e["goal"] == served[0]["slug"])
    event_link = page.select_one("table.items-table th a")
    assert event_link["href"] == f"/events/#{anchor(first_pairing['events'][0]['name'])}"
    headings = re.findall(r"^## (.+)$", body(BAKERY / f"usecases/{slug}.md"), re.MULTILINE)
    toc = [a["href"] for a in page.select("nav.page-toc a")]
    assert headings and toc == [f"#{anchor(h)}" for h in headings] + [f"#for-{g['slug']}" for g in served]
    # previous / next within each goal the use case serves, in that goal's use_cases order
    expected = {}
    for goal in served:
        listed = goal["use_cases"]
        at = listed.index(slug)
        links = [f"Previous in {goal['title']} {usecases[listed[at - 1]]['title']}"] if at > 0 else []
        links += [f"Next in {goal['title']} {usecases[listed[at + 1]]['title']}"] if at + 1 < len(listed) else []
        expected[f"{goal['title']}: previous and next"] = links
    pagers = {nav["aria-label"]: [a.get_text(" ", strip=True) for a in nav.find_all("a")] for nav in page.select("nav.pager")}
    assert pagers == expected


def test_goal_page_lists_considerations_and_linked_usecases(bakery_site):
    usecases = usecases_of(BAKERY)
    for goal in goals_of(BAKERY):
        page = soup(bakery_site / f"goals/{goal['slug']}/index.html")
        rows = page.select("table.usecase-table tbody tr")
        assert [r.th.a.get_text() for r in rows] == [usecases[s]["title"] for s in goal["use_cases"]]
        considerations = page.select("ul.considerations > li")
        assert len(considerations) == len(goal["considerations"])
        for item, consideration in zip(considerations, goal["considerations"], strict=True):
            assert consideration["question"] in item.get_text()
        assert page.select_one("nav.site-nav a[aria-current=page]").get_text() == goal["title"]


def test_guide_has_every_goal_with_considerations_and_table(bakery_site):
    goals, usecases = goals_of(BAKERY), usecases_of(BAKERY)
    sections = soup(bakery_site / "guide/index.html").select("section.guide-goal")
    assert [s.h2.a.get_text() for s in sections] == [g["title"] for g in goals]
    for section, goal in zip(sections, goals, strict=True):
        rows = section.select("table.usecase-table tbody tr")
        assert [r.th.a.get_text() for r in rows] == [usecases[s]["title"] for s in goal["use_cases"]]
        assert len(section.select("ul.considerations > li")) == len(goal["considerations"])


@pytest.mark.parametrize("site", ["bakery_site", "our_site"])
def test_events_catalog_unions_properties_and_links_users(request, site):
    site = request.getfixturevalue(site)
    catalog = json.loads((site / "catalog.json").read_text())
    page = soup(site / "events/index.html")
    for event in catalog["items"]:
        section = page.find(id=event["url"].split("#")[1]).find_parent("section")
        listed = [c.get_text() for c in section.select("ul.properties")[0].find_all("code")] if event["properties"] else []
        assert listed == event["properties"]
        assert len(section.select("tbody tr")) == len(event["used_by"])


def test_events_catalog_gathers_each_events_pairings_from_the_files(bakery_site):
    used_by: dict[str, list[tuple[str, str]]] = {}
    properties: dict[str, list[str]] = {}
    usecases = usecases_of(BAKERY)
    for goal in goals_of(BAKERY):
        for slug in goal["use_cases"]:
            entry = next(e for e in usecases[slug]["goals"] if e["goal"] == goal["slug"])
            for event in entry["events"]:
                used_by.setdefault(event["name"], []).append((goal["slug"], slug))
                known = properties.setdefault(event["name"], [])
                known += [p for p in event["properties"] if p not in known]
    catalog = json.loads((bakery_site / "catalog.json").read_text())
    assert {e["name"]: [(u["goal"], u["use_case"]) for u in e["used_by"]] for e in catalog["items"]} == used_by
    assert {e["name"]: e["properties"] for e in catalog["items"]} == properties
    assert max(len(pairings) for pairings in used_by.values()) >= 2, "the fixture needs an event two pairings share"


def test_markdown_features_render(bakery):
    source = bakery.content / "usecases/morning-pastry-alerts.md"
    event = front_matter(source)["goals"][0]["events"][0]["name"]
    # An event named in inline code links to the events catalog; in a code block it is left alone.
    with source.open("a") as text:
        text.write(f"\n- Count each `{event}` once.\n\n```python\ntrack('{event}')  # `{event}`\n```\n")
    assert bakery.run("build").code == 0
    page = soup(bakery.site / "usecases/morning-pastry-alerts/index.html")
    assert page.select_one("div.highlight pre code span") is not None  # Pygments highlighting
    kind, title = re.search(r'^!!! (\w+) "([^"]+)"$', body(source), re.MULTILINE).groups()
    assert page.select_one(f"div.admonition.{kind} .admonition-title").get_text() == title
    mention = page.select_one("li a > code")
    assert (mention.get_text(), mention.parent["href"]) == (event, f"/events/#{anchor(event)}")
    assert event in page.select("pre")[-1].get_text() and page.select_one("pre a") is None
    # a link to another use case's file becomes a link to its page
    linking = bakery.content / "usecases/rainy-day-offers.md"
    text, target = re.search(r"\[([^\]]+)\]\(([a-z-]+)\.md\)", body(linking)).groups()
    link = soup(bakery.site / "usecases/rainy-day-offers/index.html").find("a", string=text)
    assert link["href"] == f"/usecases/{target}/"


def test_catalog_json_shape(our_site):
    catalog = json.loads((our_site / "catalog.json").read_text())
    assert catalog["schema_version"] == 2
    assert set(catalog) == {"schema_version", "site", "model", "goals", "use_cases", "pairings", "items", "pages"}
    assert [d["key"] for d in catalog["model"]["lists"]] == ["events", "sources", "destinations"]
    assert len(catalog["pairings"]) == sum(len(u["goals"]) for u in usecases_of(ROOT / "content").values())
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
