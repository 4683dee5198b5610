"""Proof on a second field: a made-up community repair workshop's guide (tests/fixtures/workshop),
written in French, with its own catalog model and its own theme overrides.

It builds with --strict and its links hold; none of our model's names or keys and no English
interface string reaches its pages, catalog.json or the JSON the pages embed; the decision flow,
the plan builder (with its downloads), the table filters and search work under its names, in
French; axe and the Nu Html Checker find nothing; the override's footer line is on every page.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import FIXTURES, ROOT, SiteServer
from signpost.declaration import declaration_from, default_model
from signpost.messages import CATALOGS, lower_first
from signpost.pipeline import read_project
from test_browser_a11y import AXE, VNU, describe

WORKSHOP = FIXTURES / "workshop"
CONFIG = yaml.safe_load((WORKSHOP / "signpost.yaml").read_text(encoding="utf-8"))
MODEL = declaration_from(CONFIG["model"])
OURS = default_model()
ENGLISH = yaml.safe_load((CATALOGS / "en.yaml").read_text(encoding="utf-8"))
FRENCH = yaml.safe_load((CATALOGS / "fr.yaml").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"\{\w+\}")
SIGNATURE = "Réparé avec soin par les bénévoles de L'Établi partagé."


# -- what may not be left ---------------------------------------------------------------------------


def english_fragments() -> set[str]:
    """The English interface's words, as tests/test_messages.py takes them: each run of a message
    between its placeholders that has two words or more, or one word over five letters that the
    French catalog does not word the same ('Description' is French too, 'Menu' anyone's)."""
    fragments = set()
    for key, message in ENGLISH.items():
        for text in message if isinstance(message, list) else [message]:
            for part in PLACEHOLDER.split(text):
                part = part.strip(" .,:;!?()“”\"'·")
                if len(part.split()) >= 2 or (len(part) > 5 and FRENCH.get(key) != message):
                    fragments.add(part)
    return fragments


ENGLISH_LEFT = english_fragments()


# Our model's names, as declared and lower-cased ("use case", "sources"), and its list keys.
def model_words(model) -> set[str]:
    """A model's list keys and every name it declares."""
    names = [
        model.goal.singular,
        model.goal.plural,
        model.usecase.singular,
        model.usecase.plural,
        model.plan,
        model.tags_label,
        *(getattr(d, a) for d in model.lists for a in ("label", "singular", "plural", "properties")),
    ]
    return {d.key for d in model.lists} | {name for name in names if name}


OUR_KEYS = {d.key for d in OURS.lists}
OUR_WORDS = model_words(OURS)


def found(text: str, words: set[str], flags: int = 0) -> list[str]:
    return sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, flags))


def english_in(text: str) -> list[str]:
    return found(text, ENGLISH_LEFT)


def ours_in(text: str) -> list[str]:
    return found(text, OUR_WORDS, re.IGNORECASE)


def page_words(html: str) -> str:
    """What a reader sees or hears of a page: its text (title included, scripts left out) and the
    attributes that speak, one per line."""
    soup = BeautifulSoup(html, "html.parser")
    attributes = [el[name] for name in ("title", "aria-label", "placeholder", "alt") for el in soup.find_all(attrs={name: True})]
    attributes += [m["content"] for m in soup.select('meta[name="description"]')]
    for element in soup(["script", "style"]):
        element.decompose()
    return "\n".join([soup.get_text("\n"), *attributes])


def embedded_json(html: str) -> dict[str, object]:
    """The JSON blocks a page embeds (the messages, and the widgets' data), by id."""
    soup = BeautifulSoup(html, "html.parser")
    return {block["id"]: json.loads(block.string) for block in soup.select('script[type="application/json"]')}


def values(data) -> list[str]:
    """Every value of a JSON document, as text: its keys are its format (docs/catalog.md)."""
    if isinstance(data, dict):
        return [v for item in data.values() for v in values(item)]
    if isinstance(data, list):
        return [v for item in data for v in values(item)]
    return [str(data)]


def keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for item in data.values() for k in keys(item)}
    if isinstance(data, list):
        return {k for item in data for k in keys(item)}
    return set()


# -- the site, built once as CI builds it -------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture copied (the build may not write beside it) and built with the command line."""
    root = tmp_path_factory.mktemp("workshop") / "workshop"
    shutil.copytree(WORKSHOP, root)
    build = run(str(ROOT / "build.py"), "build", "--strict", cwd=root)
    return root, build


@pytest.fixture(scope="module")
def site(built) -> Path:
    root, build = built
    assert (build.returncode, build.stderr) == (0, ""), build.stderr
    return root / "site"


@pytest.fixture(scope="module")
def catalog(site) -> dict:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(site):
    serving = SiteServer(site)
    yield serving
    serving.close()


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def workshop_urls() -> list[str]:
    """Every HTML page the workshop builds, as site-relative URLs (read from its model)."""
    catalog, _, _ = read_project(WORKSHOP / "content")
    return [p.url for p in catalog.pages] + [g.url for g in catalog.goals] + [u.url for u in catalog.usecases] + ["404.html"]


URLS = workshop_urls()


def title_of(catalog: dict, slug: str) -> str:
    return next(u["title"] for u in catalog["use_cases"] if u["slug"] == slug)


def goal_of(catalog: dict, slug: str) -> dict:
    return next(g for g in catalog["goals"] if g["slug"] == slug)


# -- 1. the fixture is what it claims, builds strictly, and its links hold ---------------------------------


def test_the_fixture_is_a_second_field_with_its_own_model():
    assert CONFIG["language"] == "fr" and "theme_dir" not in CONFIG
    assert [d.kind for d in MODEL.lists].count("items") == 1 and len(MODEL.tags) == 2 and len(MODEL.texts) == 1
    assert MODEL.items.properties
    assert {w.casefold() for w in model_words(MODEL)} & {w.casefold() for w in OUR_WORDS} == set()
    assert (WORKSHOP / "theme/templates/partials/page_footer.html").is_file()
    assert (WORKSHOP / "theme/assets/img/logo.svg").is_file()


def test_it_builds_with_strict_and_its_links_hold(built, catalog):
    root, build = built
    assert (build.returncode, build.stderr) == (0, ""), build.stderr
    assert re.fullmatch(rf"Built {len(URLS)} pages \(\d+ files\) into site in [\d.]+ s\.\n", build.stdout), build.stdout
    check = run("-m", "signpost.linkcheck", "site", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr
    # Three goals, six to eight use cases, some serving two goals.
    assert len(catalog["goals"]) == 3 and 6 <= len(catalog["use_cases"]) <= 8
    assert len([u for u in catalog["use_cases"] if len(u["goals"]) == 2]) >= 2
    assert all(g["considerations"] for g in catalog["goals"])


def test_its_content_uses_what_authors_write(site):
    """Cross-links, a link to a section a template adds, an item named in inline code, a table, a
    French callout and a code block all reach the pages."""

    def soup(rel: str) -> BeautifulSoup:
        return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")

    home = soup("index.html")
    assert home.h1.get_text() == "Bienvenue à l'Établi partagé"
    assert home.select_one('a[href="/goals/moins-d-objets-jetes/#use-cases"]') is not None
    assert soup("goals/moins-d-objets-jetes/index.html").select_one("#use-cases") is not None
    soiree = soup("usecases/soiree-cafe-reparation/index.html")
    mention = soiree.select_one(f'article p a[href="/{MODEL.items.key}/#multimetre"] > code')
    assert mention is not None and mention.get_text() == "Multimètre"
    assert " ".join(soiree.select_one(".admonition-title").get_text().split()) == "À savoir"
    assert soiree.select_one('a[href="/usecases/controle-electrique-avant-restitution/#for-etablis-plus-surs-outillage"]')
    assert soup("usecases/outilotheque-de-quartier/index.html").select("article table")
    assert "Bénévole : Aïcha" in soup("usecases/pesee-des-objets-sauves/index.html").select_one("article pre").get_text()


# -- 2. none of our names and no English --------------------------------------------------------------


def test_the_checks_below_can_fail(our_site):
    """The detectors find what they look for: our own guide's home page is English and our model."""
    home = page_words((our_site / "index.html").read_text())
    assert "Skip to content" in english_in(home) and "Business goals" in ours_in(home)
    assert "Events to track" in OUR_WORDS and "events" in OUR_WORDS and "Was this page helpful" in ENGLISH_LEFT


def test_no_name_of_our_model_and_no_english_in_any_page(site):
    pages = html_pages(site)
    assert len(pages) == len(URLS)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        words = page_words(html)
        assert (ours_in(words), english_in(words)) == ([], []), path.relative_to(site)
        blocks = embedded_json(html)
        assert "signpost-messages" in blocks, path
        for name, data in blocks.items():
            text = "\n".join(values(data))
            assert (ours_in(text), english_in(text)) == ([], []), (path.relative_to(site), name)
            assert keys(data) & OUR_KEYS == set(), (path.relative_to(site), name)
    for name in ("sitemap.xml", "robots.txt", "llms.txt", "llms-full.txt", "usecases/soiree-cafe-reparation/index.md"):
        text = (site / name).read_text(encoding="utf-8").replace("\nSitemap: ", "\n")  # robots.txt's field name
        assert (ours_in(text), english_in(text)) == ([], []), name


def test_no_name_of_our_model_and_no_english_in_catalog_json(catalog):
    text = "\n".join(values(catalog))
    assert (ours_in(text), english_in(text)) == ([], [])
    assert keys(catalog) & OUR_KEYS == set()
    assert set(catalog["pairings"][0]["lists"]) == {d.key for d in MODEL.lists}
    assert catalog["model"]["plan"] == "Feuille de route"
    assert {p["title"] for p in catalog["pages"]} >= {"Trouver votre formule", "Référence", "Outils"}


# -- 3. the widgets, in Chromium ---------------------------------------------------------------------


@pytest.fixture
def tab(browser, server):
    """A fresh context that may download and use the clipboard; page errors and CSP reports are kept."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, accept_downloads=True, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    yield page
    context.close()
    assert page.errors == []


def no_english_shown(page) -> None:
    words = page_words(page.content())
    assert (ours_in(words), english_in(words)) == ([], []), page.url


def test_the_decision_flow_recommends_use_cases(tab, server, catalog):
    goal = goal_of(catalog, "etablis-plus-surs")
    consideration = goal["considerations"][1]
    tab.goto(f"{server.url}/decide/")
    region = tab.get_by_role("region", name="Les formules à privilégier")
    expect(region).to_be_visible()
    expect(region.get_by_text("Choisissez votre objectif pour voir les formules qui y répondent.")).to_be_visible()
    tab.get_by_role("radio", name=goal["title"], exact=True).check()
    expect(region.locator("li > a")).to_have_count(len(goal["use_cases"]))
    assert sorted(region.locator("li > a").all_inner_texts()) == sorted(title_of(catalog, s) for s in goal["use_cases"])
    expect(region.locator("li .reasons").first).to_contain_text(f"Fait partie des formules pour « {goal['title']} ».")
    tab.get_by_role("checkbox", name=consideration["question"], exact=True).check()
    lifted = [s for s in goal["use_cases"] if s in consideration["use_cases"]]
    assert lifted == ["accueil-des-nouveaux-benevoles"]
    expect(region.locator("li > a").first).to_have_text(title_of(catalog, lifted[0]))
    expect(region.locator("li .why")).to_have_text("Elle répond à plus de vos besoins que toutes les autres.")
    expect(region.locator("li .reasons li").first).to_have_text(f"Répond à votre besoin : « {consideration['question']} »")
    expect(region.locator(".badge")).to_have_text("Commencez par ici")
    build = tab.get_by_role("link", name="Construire votre feuille de route à partir de ces formules")
    assert build.get_attribute("href") == f"/plan/?p={goal['slug']}--{lifted[0]}"
    assert tab.url.endswith(f"/decide/?goal={goal['slug']}&c={goal['slug']}:1")
    no_english_shown(tab)


PICK = [("moins-d-objets-jetes", "soiree-cafe-reparation"), ("etablis-plus-surs", "controle-electrique-avant-restitution")]


def expected_plan(catalog):
    """The union of the picked pairings' lists, computed from catalog.json as the builder should."""
    goal_title = {g["slug"]: g["title"] for g in catalog["goals"]}
    picked = [p for pick in PICK for p in catalog["pairings"] if (p["goal"], p["use_case"]) == pick]
    items, tags = {}, {d.key: {} for d in MODEL.tags}
    for p in picked:
        label = f"{title_of(catalog, p['use_case'])} ({goal_title[p['goal']]})"
        for entry in p["lists"][MODEL.items.key]:
            props, users = items.setdefault(entry["name"], ([], []))
            props.extend(x for x in entry["properties"] if x not in props)
            users.append(label)
        for d in MODEL.tags:
            for name in p["lists"][d.key]:
                tags[d.key].setdefault(name, []).append(label)
    return items, tags


def download(page, button: str):
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    return info.value.suggested_filename, Path(info.value.path()).read_text(encoding="utf-8")


def test_the_plan_builder_picks_two_use_cases_and_exports_them_in_the_workshops_words(tab, server, catalog):
    items, tags = expected_plan(catalog)
    assert len(items) >= 3 and all(tags.values())
    tab.goto(f"{server.url}/plan/")
    expect(tab.locator("[data-plan-summary]")).to_have_text("Cochez au moins une case ci-dessus.")
    goal_title = {g["slug"]: g["title"] for g in catalog["goals"]}
    for goal, usecase in PICK:
        fieldset = tab.locator("fieldset", has=tab.locator("legend", has_text=goal_title[goal]))
        fieldset.get_by_role("checkbox", name=title_of(catalog, usecase), exact=True).check()
    counts = [
        f"{len(names)} {lower_first(d.singular if len(names) == 1 else d.plural)}"
        for d, names in [(MODEL.items, items), *((d, tags[d.key]) for d in MODEL.tags)]
    ]
    expect(tab.locator("[data-plan-summary]")).to_have_text(f"2 formules : {', '.join(counts)}.")
    assert tab.url.endswith("/plan/?" + "&".join(f"p={g}--{u}" for g, u in PICK))
    expect(tab.locator("[data-plan-items] th")).to_have_text(list(items))
    for d in MODEL.tags:
        expect(tab.locator(f'[data-plan-tags="{d.key}"] li')).to_have_text([f"{n} (À ajouter)" for n in tags[d.key]])
    no_english_shown(tab)

    name, text = download(tab, "Télécharger en CSV")
    assert name == "feuille-de-route.csv"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["type", "nom", "propriétés", "requis_par", "etat"]
    assert rows[1:] == [["outil", n, "; ".join(p), "; ".join(u), "À ajouter"] for n, (p, u) in items.items()] + [
        [d.singular.lower(), n, "", "; ".join(u), "À ajouter"] for d in MODEL.tags for n, u in tags[d.key].items()
    ]
    assert (ours_in(text), english_in(text)) == ([], [])

    name, text = download(tab, "Télécharger en JSON")
    assert name == "feuille-de-route.json"
    plan = json.loads(text)
    assert list(plan) == ["use_cases", MODEL.items.key, *(d.key for d in MODEL.tags)]
    assert [(u["goal"], u["use_case"]) for u in plan["use_cases"]] == PICK
    assert [(e["name"], e["properties"], e["needed_by"]) for e in plan[MODEL.items.key]] == [
        (n, p, u) for n, (p, u) in items.items()
    ]
    for d in MODEL.tags:
        assert [(t["name"], t["needed_by"]) for t in plan[d.key]] == list(tags[d.key].items())
    flat = "\n".join(values(plan))
    assert (ours_in(flat), english_in(flat)) == ([], [])

    tab.get_by_role("button", name="Copier en Markdown", exact=True).click()
    expect(tab.locator("[data-plan-status]")).to_have_text("Copié en Markdown.")
    markdown = tab.evaluate("navigator.clipboard.readText()")
    assert markdown.startswith("# Feuille de route\n\nFormules : Soirée café-réparation (Moins d'objets jetés), ")
    assert "| Outil | Accessoires | Requis par | État |" in markdown
    assert all(f"| {n} |" in markdown for n in items)
    for d in MODEL.tags:
        assert f"## {d.plural}\n\n" + "".join(f"- {n} (À ajouter)\n" for n in tags[d.key]) in markdown
    assert (ours_in(markdown), english_in(markdown)) == ([], [])


def test_the_reference_table_filters_with_the_workshops_labels(tab, server, catalog):
    tab.goto(f"{server.url}/reference/")
    rows = tab.locator("#pairings-table tbody tr:visible")
    total = len(catalog["pairings"])
    expect(rows).to_have_count(total)
    expect(tab.locator(".table-tools label")).to_have_text(
        [MODEL.goal.singular, MODEL.items.singular, *(d.singular for d in MODEL.tags)]
    )
    place = MODEL.tags[0]
    tab.get_by_label(place.singular, exact=True).select_option("Médiathèque")
    wanted = [p for p in catalog["pairings"] if "Médiathèque" in p["lists"][place.key]]
    expect(rows).to_have_count(len(wanted))
    goal = goal_of(catalog, "davantage-de-benevoles")
    tab.get_by_label(MODEL.goal.singular, exact=True).select_option(goal["title"])
    both = [p for p in wanted if p["goal"] == goal["slug"]]
    assert 0 < len(both) < len(wanted)
    expect(rows).to_have_count(len(both))
    expect(tab.locator(".filter-status")).to_have_text(f"Lignes affichées : {len(both)} sur {total}")
    expect(tab.get_by_label(place.singular, exact=True).locator("option").first).to_have_text("Indifférent")
    tab.get_by_label(MODEL.goal.singular, exact=True).select_option("")
    tab.get_by_label(place.singular, exact=True).select_option("")
    tab.get_by_label(MODEL.items.singular, exact=True).select_option("Contrôleur d'isolement")
    expect(rows.locator("th")).to_have_text(["Contrôle électrique avant restitution"])
    tab.get_by_label(MODEL.items.singular, exact=True).select_option("")
    relay = MODEL.tags[1]
    tab.get_by_label(relay.singular, exact=True).select_option("Ressourcerie")
    expect(rows).to_have_count(len([p for p in catalog["pairings"] if "Ressourcerie" in p["lists"][relay.key]]))
    no_english_shown(tab)


def test_the_items_table_filters_by_goal(tab, server, catalog):
    tab.goto(f"{server.url}/{MODEL.items.key}/")
    expect(tab.get_by_role("heading", level=1)).to_have_text(MODEL.items.plural)
    goal = goal_of(catalog, "etablis-plus-surs")
    tab.get_by_label(MODEL.goal.singular, exact=True).select_option(goal["title"])
    expected = [i["name"] for i in catalog["items"] if any(u["goal"] == goal["slug"] for u in i["used_by"])]
    assert 0 < len(expected) < len(catalog["items"])
    expect(tab.locator("#items-table tbody tr:visible th")).to_have_text(expected)


def test_search_finds_a_use_case_by_an_item_name(tab, server, catalog):
    item = "Extincteur à CO₂"  # named only in the items table of one use case
    (usecase,) = [p["use_case"] for p in catalog["pairings"] if item in [e["name"] for e in p["lists"][MODEL.items.key]]]
    tab.goto(f"{server.url}/")
    search = tab.get_by_role("searchbox", name="Rechercher dans le guide")
    search.fill("extincteur")
    result = tab.locator("[data-search-results] li", has=tab.locator("a", has_text=title_of(catalog, usecase)))
    expect(result).to_have_count(1)
    expect(tab.locator("[data-search-results] .search-count")).to_have_text("1 page trouvée")
    expect(result.locator("mark").first).to_have_text(re.compile("extincteur", re.IGNORECASE))
    no_english_shown(tab)
    search.fill("zzzzqqq")
    expect(tab.locator("[data-search-results] .search-count")).to_have_text("Aucune page trouvée pour « zzzzqqq »")


# -- 4. accessibility and validity of every page ------------------------------------------------------

# axe on every page at three widths, light and dark: test_every_page.py (it builds this fixture too).


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_widgets_states(browser, server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    violations = []
    page.goto(f"{server.url}/decide/?goal=moins-d-objets-jetes&c=0&c=2")
    page.locator("[data-decide-list] li").first.wait_for()
    violations += describe(AXE.run(page).response["violations"])
    page.goto(f"{server.url}/plan/?" + "&".join(f"p={g}--{u}" for g, u in PICK))
    page.locator("[data-plan-items] tr").first.wait_for()
    violations += describe(AXE.run(page).response["violations"])
    page.goto(f"{server.url}/reference/")
    page.get_by_label(MODEL.tags[0].singular, exact=True).select_option("Médiathèque")
    page.get_by_role("searchbox").fill("multimètre")
    page.locator("[data-search-results] li").first.wait_for()
    violations += describe(AXE.run(page).response["violations"])
    context.close()
    assert violations == []


def test_nu_html_checker_finds_no_errors(site):
    assert shutil.which("java"), "java is missing: scripts/setup --test installs it"
    assert VNU.is_file(), "vnu.jar is missing: scripts/setup --test runs npm ci"
    check = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "text", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert len(list(site.rglob("*.html"))) == len(URLS)


# -- 5. the theme override --------------------------------------------------------------------------


def test_the_override_footer_line_is_on_every_page(site):
    logos = list((site / "assets/img").glob("logo.*.svg"))
    assert len(logos) == 1 and logos[0].read_bytes() == (WORKSHOP / "theme/assets/img/logo.svg").read_bytes()
    pages = html_pages(site)
    assert len(pages) == len(URLS)
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        (line,) = soup.select("main p.atelier-signature")
        assert " ".join(line.get_text().split()) == SIGNATURE, path
        assert line.img["src"] == f"/assets/img/{logos[0].name}" and line.img["alt"], path
    # The built-in footer is kept below it, where the page is built from a file.
    charte = " ".join(page_words((site / "charte/index.html").read_text()).split())
    assert "Dernière modification : 1 août 2024" in charte and "Cette page vous a-t-elle été utile ?" in charte
