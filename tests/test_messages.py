"""Every interface string comes from the message catalog: French, overrides, errors, and a
pseudo-locale build in which no English message may be left, in the pages or in the browser."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from markupsafe import Markup
from playwright.sync_api import expect

from conftest import FIXTURES, ROOT, SiteServer
from signpost import pipeline
from signpost.declaration import default_model
from signpost.messages import (
    BROWSER_KEYS,
    BROWSER_SECTIONS,
    CATALOGS,
    PREVIEW_KEYS,
    allowed_placeholders,
    lower_first,
    placeholders,
)

ENGLISH = yaml.safe_load((CATALOGS / "en.yaml").read_text())
FRENCH = yaml.safe_load((CATALOGS / "fr.yaml").read_text())
PLACEHOLDER = re.compile(r"\{\w+\}")
# The bakery's model is ours, in English: its names are the site's words, not messages.
MODEL = default_model()
MODEL_NAMES = {
    form
    for name in [
        MODEL.goal.singular,
        MODEL.goal.plural,
        MODEL.usecase.singular,
        MODEL.usecase.plural,
        MODEL.plan,
        MODEL.tags_label,
        *(getattr(d, a) for d in MODEL.lists for a in ("label", "singular", "plural", "properties")),
    ]
    for form in (name, lower_first(name))
}
# Nor are the words of its content ("Choose a goal, then a plan.").
CONTENT = "\n".join(p.read_text() for p in (FIXTURES / "bakery").rglob("*.*"))


def english_fragments(catalog: dict, unless: dict | None = None) -> set[str]:
    """The words of the English messages that may not be left in a page: each run between
    placeholders, when it has two words or more than 5 letters (shorter ones, like 'Menu',
    could be anyone's word), unless the model or the content says it too. With `unless`,
    messages that it words the same are left out."""
    fragments = set()
    for key, message in catalog.items():
        if unless and unless.get(key) == message:
            continue
        for text in message if isinstance(message, list) else [message]:
            for part in PLACEHOLDER.split(text):
                part = part.strip(" .,:;!?()“”\"'·")
                if (len(part.split()) >= 2 or len(part) > 5) and part not in MODEL_NAMES:
                    fragments.add(part)
    return fragments - set(left_in(CONTENT, fragments))


def left_in(text: str, fragments: set[str]) -> list[str]:
    return sorted(f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text))


def page_words(html: str) -> str:
    """What a reader sees or hears of a page: its text (without scripts) and the attributes that
    speak, one per line."""
    soup = BeautifulSoup(html, "html.parser")
    attributes = [el[name] for name in ("title", "aria-label", "placeholder", "alt") for el in soup.find_all(attrs={name: True})]
    for element in soup(["script", "style"]):
        element.decompose()
    return "\n".join([soup.get_text("\n"), *attributes])


def embedded_messages(html: str) -> dict:
    block = BeautifulSoup(html, "html.parser").select_one('script[type="application/json"]#signpost-messages')
    return json.loads(block.string)


def configure(project, text: str) -> None:
    """Add lines to the project's signpost.yaml (which has two)."""
    with (project.root / "signpost.yaml").open("a") as config:
        config.write(text)


def html_pages(site):
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


# -- the catalogs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CATALOGS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_catalog_has_the_english_keys_and_only_their_placeholders(path):
    catalog = yaml.safe_load(path.read_text())
    assert list(catalog) == list(ENGLISH)  # same keys, same order: the files read side by side
    for key, message in catalog.items():
        if key == "date.months":
            assert len(message) == 12 and all(isinstance(m, str) and m for m in message)
            continue
        assert isinstance(message, str) and message.strip(), key
        assert placeholders(message) <= allowed_placeholders(key), key


def test_every_message_is_used_and_every_key_used_is_in_the_catalog():
    sources = {
        p: p.read_text()
        for p in [
            *ROOT.glob("templates/**/*.html"),
            *ROOT.glob("signpost/**/*.py"),
            *ROOT.glob("assets/js/*.js"),
            ROOT / "signpost/preview/overlay.js",
        ]
    }
    used = {p: set(re.findall(r"""\b(?:t|text)\(\s*["']([a-z_]+\.[a-z_]+)["']""", text)) for p, text in sources.items()}

    def forms(key):  # a key given a count stands for its _one and _other messages
        return {key} if key in ENGLISH else {key + "_one", key + "_other"}

    every = {form for keys in used.values() for key in keys for form in forms(key)}
    assert every - set(ENGLISH) == set()
    assert set(ENGLISH) - every - {"date.format", "date.months"} == set()  # those two: Messages.date
    scripts = {form for p, keys in used.items() if p.suffix == ".js" for key in keys for form in forms(key)}
    sent = set(BROWSER_KEYS) | set(PREVIEW_KEYS) | {key for key in ENGLISH if key.startswith(BROWSER_SECTIONS)}
    assert scripts - sent == set()  # a script never shows a bare key
    assert set(BROWSER_KEYS) | set(PREVIEW_KEYS) <= scripts  # no key is sent to every page for nothing


def test_names_go_mid_sentence_and_counts_pick_their_form():
    from signpost.messages import Messages
    from signpost.declaration import Names

    assert [lower_first(n) for n in ("Use case", "CRM contact", "Éclair", "A", "x")] == [
        "use case",
        "CRM contact",
        "éclair",
        "a",
        "x",
    ]
    model = replace(default_model(), usecase=Names("CRM contact", "CRM contacts"), plan="Tracking plan")
    messages = Messages("fr", (), model)
    assert messages.text("count.usecases", count=1) == "1 CRM contact"
    assert messages.text("count.usecases", count=0) == "0 CRM contacts"
    assert messages.text("plan.add") == "Ajouter à votre tracking plan"
    assert messages.html("text.colon", label="<b>", text=Markup("<i>x</i>")) == "&lt;b&gt; : <i>x</i>"
    assert messages.date(datetime.date(2024, 8, 1)) == "1 août 2024"


# -- French ---------------------------------------------------------------------------------------


def test_a_french_build_speaks_french_on_every_page(bakery):
    configure(bakery, "language: fr-CA\nbase_url: https://boulangerie.example/\n")  # a full address: the sitemap's link
    bakery.edit("pages/guide.md", "nav_order: 2\n", "nav_order: 2\nlast_modified: 2024-03-05\n")
    run = bakery.run("build")
    assert (run.code, run.err) == (0, ""), run.err
    english = english_fragments(ENGLISH, unless=FRENCH)
    for path in html_pages(bakery.site):
        html = path.read_text()
        words = page_words(html)
        assert '<html lang="fr-CA">' in html
        assert left_in(words, english) == [], path
        for french in ("Aller au contenu", "Rechercher dans le guide", "Mode sombre", "Plan du site"):
            assert french in words, (path, french)
        assert left_in("\n".join(embedded_messages(html).values()), english) == [], path
    guide = " ".join(page_words((bakery.site / "guide/index.html").read_text()).split())
    assert "Dernière modification : 5 mars 2024" in guide and "Sur cette page" in guide
    assert "Questions à se poser" in guide and "Cela vous aide à fill the shop" in guide
    assert BeautifulSoup((bakery.site / "reference/index.html").read_text(), "html.parser").h1.get_text() == "Référence"
    assert {"slug": "reference", "title": "Référence", "url": "/reference/"} in json.loads(
        (bakery.site / "catalog.json").read_text()
    )["pages"]
    usecase = (bakery.site / "usecases/morning-pastry-alerts/index.html").read_text()
    assert 'title="Lien vers cette section"' in usecase and "Link to this section" not in usecase  # Markdown's headings too
    assert "Ajouter à votre tracking plan" in usecase  # the model's names stay as declared


def test_a_language_without_a_catalog_is_shown_in_english(bakery):
    configure(bakery, "language: de\n")
    assert bakery.run("build").code == 0
    html = (bakery.site / "index.html").read_text()
    assert '<html lang="de">' in html and "Skip to content" in html


# -- overrides ------------------------------------------------------------------------------------

OVERRIDE = """\
messages:
  plan.add: "Put in the {plan_lc}"
  date.format: "{year}-{month}-{day}"
"""


def test_an_override_replaces_a_message_in_the_pages_and_the_scripts(bakery):
    configure(bakery, OVERRIDE)
    bakery.edit("usecases/rainy-day-offers.md", "summary:", "last_modified: 2024-03-05\nsummary:")
    assert bakery.run("build").code == 0
    usecase = (bakery.site / "usecases/rainy-day-offers/index.html").read_text()
    assert "Put in the tracking plan" in usecase and "Add to the" not in usecase
    assert "2024-March-5" in usecase
    for path in html_pages(bakery.site):
        assert embedded_messages(path.read_text())["plan.add"] == "Put in the tracking plan", path
    assert "Add to the" not in "".join(p.read_text() for p in (bakery.site / "assets/js").iterdir())


BAD_OVERRIDES = """\
language: fr
messages:
  nav.meun: Sommaire
  plan.add: "Ajouter {title} au {plan_lc}"
  search.found_one: "{count} page ({query})"
  date.months: [janvier, février]
  footer.edit: 42
"""


def test_an_unknown_message_key_or_placeholder_is_an_error_with_its_line(bakery):
    configure(bakery, BAD_OVERRIDES)
    run = bakery.run("check")
    assert run.code == 1
    assert run.err.splitlines() == [
        "signpost.yaml:5: messages.nav.meun: unknown message 'nav.meun' (did you mean 'nav.menu'?); every key is in "
        "signpost/messages/en.yaml",
        "signpost.yaml:6: messages.plan.add: '{title}' is not a placeholder of this message; it has none besides the "
        "model's names",
        "signpost.yaml:7: messages.search.found_one: '{query}' is not a placeholder of this message; it has {count} "
        "besides the model's names",
        "signpost.yaml:8: messages.date.months: must be a list of the twelve month names, got 2 entries",
        "signpost.yaml:9: messages.footer.edit: must be text, got the number 42",
        "Aborted with 5 content errors; nothing was written.",
    ]


def test_messages_must_be_a_mapping(bakery):
    configure(bakery, "messages: Sommaire\n")
    run = bakery.run("check")
    assert run.err.splitlines()[0] == (
        "signpost.yaml:3: messages: must be a set of 'key: text' lines such as 'nav.menu: Contents', got the text 'Sommaire'"
    )


# -- pseudo-locale: every message replaced, no English left ----------------------------------------------


def pseudo(message):
    """⟦ + each word spelled backwards + ⟧, placeholders kept: still readable as a sentence, but
    no English word of ours survives it."""
    if isinstance(message, list):
        return [pseudo(m) for m in message]
    parts = re.split(r"(\{\w+\})", message)
    return "⟦" + "".join(p if PLACEHOLDER.fullmatch(p) else re.sub(r"[^\W\d_]+", lambda m: m[0][::-1], p) for p in parts) + "⟧"


ENGLISH_LEFT = english_fragments(ENGLISH)


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pseudo") / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    with (root / "signpost.yaml").open("a") as config:
        config.write(yaml.safe_dump({"messages": {k: pseudo(v) for k, v in ENGLISH.items()}}, allow_unicode=True))
    goal = root / "content/goals/keep-regulars.md"
    goal.write_text(goal.read_text().replace("order: 2\n", "order: 2\nlast_modified: 2024-03-05\n"))
    pipeline.build(root / "content", root / "site")
    server = SiteServer(root / "site")
    yield root / "site", server
    server.close()


def test_pseudo_locale_leaves_no_english_in_any_page(pseudo_site):
    site, _ = pseudo_site
    for path in html_pages(site):
        html = path.read_text()
        assert left_in(page_words(html), ENGLISH_LEFT) == [], path
        messages = embedded_messages(html)
        assert all(m.startswith("⟦") for m in messages.values()), path
        assert left_in("\n".join(messages.values()), ENGLISH_LEFT) == [], path
    assert "⟦hcraeS⟧" in (site / "index.html").read_text()  # the transformation really applied
    assert left_in((site / "catalog.json").read_text(), ENGLISH_LEFT) == []


def test_pseudo_locale_in_the_browser_widgets_and_downloads(browser, pseudo_site):
    site, server = pseudo_site
    context = browser.new_context(accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def no_english_written():
        assert left_in(page_words(page.content()), ENGLISH_LEFT) == [], page.url

    # The decision flow: a goal, then a consideration.
    page.goto(f"{server.url}/decide/")
    page.get_by_role("radio", name="Grow weekday footfall").check()
    page.get_by_role("checkbox", name="Does bad weather empty the shop?").check()
    expect(page.locator("[data-decide-list] .why").first).to_contain_text("⟦")
    no_english_written()
    # Every other answer: another goal, what the reader has, a pasted unknown name, a bad file.
    page.goto(f"{server.url}/decide/?goal=grow-weekday-footfall&also=keep-regulars&i=Door+Opened&t=sources:Till&junk=1")
    page.locator("[data-decide-paste]").fill("Pastry Vewed")
    page.locator("[data-decide-paste-add]").click()
    expect(page.locator("[data-decide-unknown]")).to_contain_text("⟦")
    page.locator("[data-decide-file]").set_input_files(files=[{"name": "x.json", "mimeType": "application/json", "buffer": b"{"}])
    expect(page.locator("[data-decide-file-status]")).to_contain_text("⟦")
    expect(page.locator("[data-decide-ignored]")).to_contain_text("⟦")
    expect(page.locator("[data-decide-compare]")).to_contain_text("⟦")
    no_english_written()

    # The plan builder: summary, tables and the three downloads.
    page.goto(f"{server.url}/plan/?p=grow-weekday-footfall--morning-pastry-alerts")
    expect(page.locator("[data-plan-summary]")).to_contain_text("⟦")
    expect(page.locator("[data-plan-items]")).to_contain_text("⟦")  # Door Opened has no properties
    no_english_written()
    texts = []
    for button in ("⟦daolnwoD VSC⟧", "⟦daolnwoD NOSJ⟧"):
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        texts.append(Path(info.value.path()).read_text(encoding="utf-8"))
    header = next(csv.reader(io.StringIO(texts[0])))
    assert header == ["⟦epyt⟧", "⟦eman⟧", "⟦seitreporp⟧", "⟦dedeen_yb⟧", "⟦sutats⟧"]
    assert left_in(texts[0], ENGLISH_LEFT) == []

    def values(data):  # the JSON's keys are its format, documented like catalog.json's; its values are checked
        return [
            s
            for v in (data.values() if isinstance(data, dict) else data)
            for s in (values(v) if isinstance(v, (dict, list)) else [str(v)])
        ]

    assert left_in("\n".join(values(json.loads(texts[1]))), ENGLISH_LEFT) == []
    page.get_by_role("button", name="⟦ypoC sa nwodkraM⟧").click()
    expect(page.locator("[data-plan-status]")).to_contain_text("⟦")
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert "⟦dedeeN yb⟧" in markdown and left_in(markdown, ENGLISH_LEFT) == []

    # Search: results, and none.
    search = page.get_by_role("searchbox")
    search.fill("pastry")
    expect(page.locator("[data-search-results] .search-count")).to_contain_text("⟦")
    no_english_written()
    search.fill("zzzzqqq")
    expect(page.locator("[data-search-results] .search-count")).to_contain_text("zzzzqqq")
    no_english_written()

    # The reference filters, the code's copy button and the feedback answer.
    page.goto(f"{server.url}/reference/")
    page.locator("#pairings-table-f-goal").select_option("Keep regulars coming back")
    expect(page.locator(".filter-status")).to_contain_text("⟦")
    assert all(o.startswith("⟦") for o in page.locator("select option:first-child").all_inner_texts())
    no_english_written()
    page.goto(f"{server.url}/usecases/morning-pastry-alerts/")
    page.locator(".copy-code").first.click()
    page.get_by_role("button", name="⟦seY⟧").click()
    expect(page.locator("[data-feedback-status]")).to_contain_text("⟦")
    expect(page.locator(".copy-code").first).to_have_text("⟦deipoC⟧")
    no_english_written()
    context.close()
    assert errors == []
