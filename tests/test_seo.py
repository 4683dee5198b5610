"""Search engines and link previews: canonical links, sitemap.xml and robots.txt with a full base
URL (a warning, and no sitemap, without one), Open Graph and Twitter card tags, the preview
image (site-wide or a page's own), and breadcrumbs as JSON-LD that match the visible trail."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import FIXTURES, ROOT
from signpost import pipeline

ROOT_URL = "https://crumb.example/almanac/"
SITEMAP_XSD = Path(__file__).parent / "data/sitemap.xsd"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cf"
    "c000000301010018dd8db00000000049454e44ae426082"
)  # 1 x 1 pixel


def project(tmp: Path) -> Path:
    """The bakery with a site-wide social image, a use case with its own, and a dated goal."""
    root = tmp / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    (root / "branding").mkdir()
    (root / "branding/card.png").write_bytes(PNG)
    (root / "content/images").mkdir()
    (root / "content/images/pastry.png").write_bytes(PNG)
    with (root / "signpost.yaml").open("a") as config:
        config.write("social_image: branding/card.png\n")
    usecase = root / "content/usecases/morning-pastry-alerts.md"
    usecase.write_text(usecase.read_text().replace("summary:", "image: ../images/pastry.png\nsummary:", 1))
    goal = root / "content/goals/keep-regulars.md"
    goal.write_text(goal.read_text().replace("order: 2\n", "order: 2\nlast_modified: 2024-03-05\n", 1))
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project built twice: with a full base URL, and with the default '/'."""
    root = project(tmp_path_factory.mktemp("seo"))
    full = pipeline.build(root / "content", root / "full", base_url=ROOT_URL)
    relative = pipeline.build(root / "content", root / "relative")
    return root, full, relative


@pytest.fixture(scope="module")
def full_site(built) -> Path:
    return built[0] / "full"


@pytest.fixture(scope="module")
def relative_site(built) -> Path:
    return built[0] / "relative"


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def address(site: Path, page: Path, root: str) -> str:
    """The URL a built page is served at."""
    return root + str(page.relative_to(site)).removesuffix("index.html")


def meta(page: BeautifulSoup) -> dict[str, str]:
    """The page's Open Graph (property=) and Twitter (name=) tags, by name."""
    tags = {m["property"]: m["content"] for m in page.select("meta[property]")}
    return tags | {m["name"]: m["content"] for m in page.select('meta[name^="twitter:"]')}


def canonical(page: BeautifulSoup) -> str | None:
    link = page.select('link[rel="canonical"]')
    assert len(link) <= 1
    return link[0]["href"] if link else None


# -- a full base URL ----------------------------------------------------------------------------


def test_every_page_has_its_absolute_address_as_canonical_and_og_url(full_site):
    pages = html_pages(full_site)
    assert len(pages) == 13
    for path in pages:
        page = soup(path)
        if path.name == "404.html":  # served at every missing address: it claims none
            assert canonical(page) is None and "og:url" not in meta(page)
            continue
        assert canonical(page) == address(full_site, path, ROOT_URL), path
        assert meta(page)["og:url"] == canonical(page), path


def test_every_page_has_open_graph_and_twitter_card_tags(full_site):
    for path in html_pages(full_site):
        page = soup(path)
        tags = meta(page)
        title = page.h1.get_text()
        assert tags["og:title"] == ("Crumb Almanac" if path == full_site / "index.html" else title), path
        assert tags["og:type"] == ("website" if path == full_site / "index.html" else "article"), path
        assert tags["og:site_name"] == "Crumb Almanac" and tags["og:locale"] == "en", path
        description = page.select_one('meta[name="description"]')
        assert tags["og:description"] == (
            description["content"]
            if description
            else "A made-up bakery's playbook, used to prove the engine knows nothing of the real catalog."
        ), path
        assert tags["twitter:card"] == "summary_large_image", path
        assert tags["og:image"].startswith(ROOT_URL), path
        assert (full_site / tags["og:image"].removeprefix(ROOT_URL)).read_bytes() == PNG, path


def test_a_page_image_replaces_the_social_image(full_site):
    usecase = meta(soup(full_site / "usecases/morning-pastry-alerts/index.html"))
    assert usecase["og:image"] == ROOT_URL + "media/images/pastry.png"
    assert usecase["og:title"] == "Morning pastry alerts"
    assert usecase["og:description"] == "Tell nearby fans when a fresh batch leaves the oven."
    other = meta(soup(full_site / "usecases/rainy-day-offers/index.html"))
    assert re.fullmatch(re.escape(ROOT_URL) + r"assets/social/card\.[0-9a-f]{10}\.png", other["og:image"])


def test_sitemap_has_every_listed_page_with_absolute_locations_and_dates(full_site):
    sitemap = etree.parse(str(full_site / "sitemap.xml"))
    etree.XMLSchema(etree.parse(str(SITEMAP_XSD))).assertValid(sitemap)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in sitemap.getroot()}
    pages = {address(full_site, p, ROOT_URL) for p in html_pages(full_site)} - {ROOT_URL + "404.html"}
    assert set(entries) == pages
    # No git history in a copy: only the goal dated in its front matter has a date.
    assert {loc: date for loc, date in entries.items() if date} == {ROOT_URL + "goals/keep-regulars/": "2024-03-05"}


def test_robots_txt_names_the_sitemap(full_site):
    assert (full_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {ROOT_URL}sitemap.xml\n"
    footer = soup(full_site / "index.html").select_one("footer.site-footer")
    assert footer.find("a", href="/almanac/sitemap.xml") is not None


def test_our_sitemap_validates_and_dates_every_page_from_git(tmp_path):
    out = tmp_path / "site"
    pipeline.build(ROOT / "content", out, base_url="https://guide.example/")
    sitemap = etree.parse(str(out / "sitemap.xml"))
    etree.XMLSchema(etree.parse(str(SITEMAP_XSD))).assertValid(sitemap)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = [u.findtext("s:lastmod", namespaces=ns) for u in sitemap.getroot()]
    # Pages built from a file have their last commit's date; generated pages without one have none.
    assert sum(bool(d) for d in dates) >= 16 + 4 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates if d)


# -- a relative base URL ------------------------------------------------------------------------


def test_without_a_full_address_there_is_no_canonical_no_sitemap_and_one_warning(built, relative_site):
    _, full, relative = built
    (warning,) = relative.warnings
    assert (Path(warning.path).name, warning.line, warning.field, warning.warning) == ("signpost.yaml", None, "base_url", True)
    assert warning.message.startswith("'/' is not a full address, so pages get no canonical link and no sitemap.xml")
    assert full.warnings == []
    assert not (relative_site / "sitemap.xml").exists()
    assert "Sitemap" not in (relative_site / "robots.txt").read_text()
    for path in html_pages(relative_site):
        page = soup(path)
        tags = meta(page)
        assert canonical(page) is None and "og:url" not in tags, path
        assert page.find("a", href="/sitemap.xml") is None, path  # the footer links no sitemap
        assert {"og:title", "og:description", "og:site_name", "og:locale", "og:type", "twitter:card"} <= set(tags), path
        assert tags["og:image"].startswith("/") and (relative_site / tags["og:image"][1:]).is_file(), path


def test_strict_refuses_a_relative_base_url_naming_base_url_and_its_line(bakery):
    run = bakery.run("build")
    assert run.code == 0 and len(run.err.splitlines()) == 1  # once, not per page
    strict = bakery.run("build", "--strict")
    assert strict.code == 1
    assert strict.err.splitlines() == [
        "signpost.yaml: base_url: '/' is not a full address, so pages get no canonical link and no sitemap.xml is "
        "written; set base_url in signpost.yaml to the address the site is served at, such as "
        "https://example.com/docs/ (or build with --base-url)",
        "Aborted with 1 content error; nothing was written.",
    ]
    with (bakery.root / "signpost.yaml").open("a") as config:
        config.write("base_url: /almanac/\n")
    assert bakery.run("build", "--strict").err.startswith("signpost.yaml:3: base_url: '/almanac/' is not a full address")
    assert bakery.run("build", "--strict", "--base-url", ROOT_URL).code == 0
    assert bakery.run("check", "--strict").code == 0  # only a build knows its final base URL


# -- images that are not there -------------------------------------------------------------------


def test_a_missing_social_image_is_a_problem_with_its_line(bakery):
    with (bakery.root / "signpost.yaml").open("a") as config:
        config.write("social_image: branding/card.png\n")
    run = bakery.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "signpost.yaml:3: social_image: 'branding/card.png' points to branding/card.png, "
        "which does not exist (it is relative to the folder of signpost.yaml)"
    )
    (bakery.root / "branding").mkdir()
    (bakery.root / "branding/card.png").write_text("<svg/>")
    (bakery.root / "signpost.yaml").write_text((bakery.root / "signpost.yaml").read_text().replace(".png", ".svg"))
    (bakery.root / "branding/card.png").rename(bakery.root / "branding/card.svg")
    assert bakery.run("check").err.splitlines()[0] == (
        "signpost.yaml:3: social_image: 'branding/card.svg' must be a .png, .jpg, .jpeg, .gif, .webp image: link "
        "previews show no other kind (it is relative to the folder of signpost.yaml)"
    )


@pytest.mark.parametrize(
    "value, message",
    [
        ("../images/nope.png", "'../images/nope.png' points to images/nope.png, which does not exist"),
        (
            "../../../secret.png",
            "'../../../secret.png' must be the path of an image in the content folder, as in a "
            "Markdown image: ../images/card.png",
        ),
        (
            "https://example.com/card.png",
            "'https://example.com/card.png' must be the path of an image in the content "
            "folder, as in a Markdown image: ../images/card.png",
        ),
    ],
)
def test_a_page_image_that_is_not_there_is_an_error_with_file_and_line(bakery, value, message):
    bakery.edit("goals/keep-regulars.md", "order: 2\n", f"order: 2\nimage: {value}\n")
    run = bakery.run("check")
    assert run.code == 1
    assert run.err.splitlines()[0] == f"content/goals/keep-regulars.md:4: image: {message}"


# -- breadcrumbs as JSON-LD -----------------------------------------------------------------------


def breadcrumbs_match(site: Path, root: str, absolute: bool) -> int:
    """Check every page's JSON-LD trail against its visible one, both read from `root` (their
    links are full addresses when `absolute`); returns how many pages have a trail."""
    with_trail = 0
    for path in html_pages(site):
        page = soup(path)
        visible = [(a.get_text(), urljoin(root, a["href"])) for a in page.select("nav.breadcrumbs li a")]
        blocks = page.select('script[type="application/ld+json"]')
        if not visible:
            assert blocks == [], path
            continue
        with_trail += 1
        (block,) = blocks
        data = json.loads(block.string)
        assert (data["@context"], data["@type"]) == ("https://schema.org", "BreadcrumbList")
        items = data["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(visible) + 1)), path
        assert [(item["name"], urljoin(root, item["item"])) for item in items] == visible, path
        assert all(item["item"].startswith(root if absolute else "/") for item in items), path
        assert "<" not in block.string, path  # escaped as \u003c, like catalog.json
    return with_trail


def test_json_ld_breadcrumbs_are_the_visible_trail_on_every_page(full_site, relative_site, our_site):
    assert breadcrumbs_match(full_site, ROOT_URL, absolute=True) == 11  # all but the home page and the 404 page
    assert breadcrumbs_match(relative_site, "https://any.host/", absolute=False) == 11
    assert breadcrumbs_match(our_site, "https://any.host/", absolute=False) == len(html_pages(our_site)) - 2  # as above


def test_a_title_with_markup_characters_stays_data(bakery):
    bakery.edit("usecases/rainy-day-offers.md", "title: Rainy day offers", 'title: "Rainy </script> & <b>offers</b>"')
    assert bakery.run("build").code == 0
    page = soup(bakery.site / "usecases/rainy-day-offers/index.html")
    (block,) = page.select('script[type="application/ld+json"]')
    assert "</script>" not in block.string and "\\u003c/script\\u003e" in block.string
    assert json.loads(block.string)["itemListElement"][-1]["name"] == "Rainy </script> & <b>offers</b>"
    assert meta(page)["og:title"] == "Rainy </script> & <b>offers</b>"


def test_our_pages_have_the_tags_and_the_language(our_site):
    for path in html_pages(our_site):
        tags = meta(soup(path))
        assert tags["og:locale"] == "en" and tags["og:site_name"] == "Use Case Guide", path
        assert tags["twitter:card"] == "summary" and "og:image" not in tags, path  # no image configured
