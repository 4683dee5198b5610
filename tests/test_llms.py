"""Files for AI tools and scripts: /llms.txt in the llmstxt.org format, /llms-full.txt, a Markdown
copy beside every page, and /catalog.schema.json, which catalog.json validates against. In the
site's language and the model's names: the French workshop's llms.txt speaks French."""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from jsonschema import Draft202012Validator

from conftest import FIXTURES
from signpost import pipeline

ROOT_URL = "https://crumb.example/almanac/"
LINK = re.compile(r"- \[(?P<title>(?:[^\]\\]|\\.)+)\]\((?P<url>[^)\s]+)\)(?:: (?P<note>.+))?")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The bakery with a full base URL and with '/', and the French workshop (its own full address)."""
    tmp = tmp_path_factory.mktemp("llms")
    shutil.copytree(FIXTURES / "bakery", tmp / "bakery")
    shutil.copytree(FIXTURES / "workshop", tmp / "workshop")
    pipeline.build(tmp / "bakery/content", tmp / "full", base_url=ROOT_URL)
    pipeline.build(tmp / "bakery/content", tmp / "relative")
    pipeline.build(tmp / "workshop/content", tmp / "workshop/site")
    return {"full": tmp / "full", "relative": tmp / "relative", "workshop": tmp / "workshop/site"}


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def catalog(site: Path) -> dict:
    return json.loads(read(site, "catalog.json"))


def built_file(site: Path, url: str, root: str) -> Path:
    """The file a link of the site points at."""
    assert url.startswith(root), url
    path = url.removeprefix(root)
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def sections(text: str) -> dict[str, list[re.Match]]:
    """llms.txt's `## ` sections and the links of each."""
    found: dict[str, list[re.Match]] = {}
    for block in text.split("\n## ")[1:]:
        title, _, body = block.partition("\n")
        lines = [line for line in body.splitlines() if line]
        found[title] = [LINK.fullmatch(line) for line in lines]
        assert all(found[title]), (title, lines)  # nothing but links in a section
    return found


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and p.name != "404.html")


# -- llms.txt ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, root", [("full", ROOT_URL), ("relative", "/")])
def test_llms_txt_has_the_format_and_links_every_goal_use_case_and_page(sites, kind, root):
    site = sites[kind]
    text = read(site, "llms.txt")
    data = catalog(site)
    lines = text.splitlines()
    assert lines[:4] == [
        "# Crumb Almanac",
        "",
        "> A made-up bakery's playbook, used to prove the engine knows nothing of the real catalog.",
        "",
    ]
    assert lines[4] == "Every page is also written in Markdown: add index.md to its address."
    found = sections(text)
    assert list(found) == ["Business goals", "Use cases", "Guide, reference and tools", "Files"]
    links = {title: [(m["title"], m["url"], m["note"]) for m in matches] for title, matches in found.items()}
    assert links["Business goals"] == [(g["title"], urljoin(root, g["url"]), g["summary"]) for g in data["goals"]]
    assert links["Use cases"] == [(u["title"], urljoin(root, u["url"]), u["summary"]) for u in data["use_cases"]]
    assert {url for _, url, _ in links["Guide, reference and tools"]} >= {
        root + slug for slug in ("", "guide/", "reference/", "decide/", "plan/", "compare/", "events/")
    }
    for matches in found.values():
        for match in matches:
            assert built_file(site, match["url"], root).is_file(), match[0]


def test_llms_txt_of_a_french_site_is_in_french(sites):
    site = sites["workshop"]
    text = read(site, "llms.txt")
    assert text.startswith("# L'Établi partagé\n\n> Le guide d'un atelier")
    assert "Chaque page existe aussi en Markdown : ajoutez index.md à son adresse." in text
    assert list(sections(text)) == ["Objectifs", "Formules", "Guide, référence et outils", "Fichiers"]
    assert (
        "- [catalog.json](https://atelier.example/catalog.json): Chaque objectif et chaque formule avec leurs "
        "données, en JSON" in text
    )
    home = read(site, "index.html")
    assert '<meta property="og:locale" content="fr">' in home
    assert '<link rel="canonical" href="https://atelier.example/">' in home


def test_our_llms_txt_links_every_goal_and_use_case_to_a_built_page(our_site):
    found = sections(read(our_site, "llms.txt"))
    data = catalog(our_site)
    assert [m["title"] for m in found["Business goals"]] == [g["title"] for g in data["goals"]]
    assert [m["title"] for m in found["Use cases"]] == [u["title"] for u in data["use_cases"]]
    for matches in found.values():
        for match in matches:
            assert built_file(our_site, match["url"], "/").is_file(), match[0]


# -- llms-full.txt and the Markdown copies ---------------------------------------------------------


def test_llms_full_txt_has_every_page_and_a_table_per_pairing(sites):
    site = sites["full"]
    text = read(site, "llms-full.txt")
    data = catalog(site)
    titles = re.findall(r"^# (.+)$", text, re.M)
    assert titles[0] == "Crumb Almanac"
    assert set(titles[1:]) == {p["title"] for p in data["pages"]} | {g["title"] for g in data["goals"]} | {
        u["title"] for u in data["use_cases"]
    }
    # Each pairing: its section, its items with their properties, its tags, as Markdown tables.
    pairings = data["pairings"]
    assert text.count("| Event | Properties |\n| --- | --- |") == len(pairings)
    assert text.count("| Sources | Destinations |\n| --- | --- |") == len(pairings)
    for pairing in pairings:
        title = next(g["title"] for g in data["goals"] if g["slug"] == pairing["goal"])
        usecase = next(u["title"] for u in data["use_cases"] if u["slug"] == pairing["use_case"])
        section = text.split(f"\n# {usecase}\n", 1)[1].split(f"## For {title}\n", 1)[1].split("\n## ", 1)[0]
        for event in pairing["lists"]["events"]:
            cell = ", ".join(f"`{p}`" for p in event["properties"]) or "No properties"
            assert f"| {event['name']} | {cell} |" in section, (usecase, event)
        tags = [", ".join(pairing["lists"][key]) for key in ("sources", "destinations")]
        assert f"| {tags[0]} | {tags[1]} |" in section, usecase


def test_every_page_has_a_markdown_copy_beside_it(sites, our_site):
    for site in (sites["full"], sites["workshop"], our_site):
        for page in html_pages(site):
            twin = page.with_name("index.md")
            assert twin.is_file(), twin
            title = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8"))[1]
            assert twin.read_text(encoding="utf-8").startswith(f"# {html.unescape(title)}\n"), twin


def test_a_markdown_copy_keeps_the_source_and_makes_its_links_addresses(sites):
    goal = read(sites["full"], "goals/grow-weekday-footfall/index.md")
    assert goal.startswith("# Grow weekday footfall\n\n> Bring more neighbours through the door on quiet weekdays.\n")
    assert f"See [Rainy day offers]({ROOT_URL}usecases/rainy-day-offers/#why-rain) for the wet ones." in goal
    assert "## Who picks this\n\nShops with a quiet middle of the week." in goal  # the author's Markdown
    assert (
        "## Key considerations\n\n- Do early risers walk past without stopping? Points to: "
        f"[Morning pastry alerts]({ROOT_URL}usecases/morning-pastry-alerts/)" in goal
    )
    assert (
        "| Use case | Description |\n| --- | --- |\n"
        f"| [Morning pastry alerts]({ROOT_URL}usecases/morning-pastry-alerts/#for-grow-weekday-footfall) |" in goal
    )
    relative = read(sites["relative"], "goals/grow-weekday-footfall/index.md")
    assert "See [Rainy day offers](/usecases/rainy-day-offers/#why-rain) for the wet ones." in relative
    usecase = read(sites["full"], "usecases/morning-pastry-alerts/index.md")
    assert '```python\nprint("warm")\n```' in usecase
    assert "## For Grow weekday footfall\n\nRing the bell" in usecase and "### Events to track" in usecase


# -- catalog.schema.json ------------------------------------------------------------------------


def test_catalog_json_validates_against_its_published_schema(sites, our_site):
    for site in (*sites.values(), our_site):
        schema = json.loads(read(site, "catalog.schema.json"))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        data = catalog(site)
        assert list(Draft202012Validator(schema).iter_errors(data)) == [], site
    assert json.loads(read(sites["full"], "catalog.schema.json"))["$id"] == ROOT_URL + "catalog.schema.json"
    assert "$id" not in json.loads(read(sites["relative"], "catalog.schema.json"))


def test_the_schema_says_what_the_catalog_must_hold(our_site):
    validator = Draft202012Validator(json.loads(read(our_site, "catalog.schema.json")))
    data = catalog(our_site)
    broken = copy.deepcopy(data)
    del broken["pairings"][0]["lists"]["events"]  # a list of the model
    broken["goals"][0]["order"] = "first"
    broken["items"][0]["properties"] = [1]
    errors = sorted(".".join(map(str, e.absolute_path)) for e in validator.iter_errors(broken))
    assert errors == ["goals.0.order", "items.0.properties.0", "pairings.0.lists"]
