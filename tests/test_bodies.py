"""Page bodies as authors write them: tables, images, code, tabs, collapsible blocks, task lists
and abbreviations convert to safe HTML, never widen the page, and work from the keyboard."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup
from playwright.sync_api import expect

from conftest import FIXTURES, SiteServer
from signpost import pipeline
from signpost.declaration import default_model
from signpost.images import image_size
from signpost.markup import ALLOWED_ATTRIBUTES, ALLOWED_ON, CODE_LABEL, TABLE_LABEL, convert
from signpost.messages import Messages
from signpost.settings import SiteConfig
from test_browser_a11y import AXE, VNU, describe


def png(width: int, height: int) -> bytes:
    """A real PNG (grey, 8-bit), as an image editor would write it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def html_of(body: str, **options) -> BeautifulSoup:
    return BeautifulSoup(convert(body, "pages/x.md", **options).html, "html.parser")


# -- tables ---------------------------------------------------------------------------------------


def test_every_table_scrolls_in_a_focusable_region_named_after_its_header():
    soup = html_of("| Name | Price | Notes | Extra |\n|--|--|--|--|\n| a | b | c | d |\n\n- | Q &amp; A \\* |\n  |--|\n  | x |\n")
    wraps = soup.select("div.table-wrap")
    assert [w.attrs for w in wraps] == [
        {"class": ["table-wrap"], "role": "region", "tabindex": "0", "aria-label": "Name, Price, Notes"},
        {"class": ["table-wrap"], "role": "region", "tabindex": "0", "aria-label": "Q & A *"},
    ]
    assert all(w.find("table", recursive=False) for w in wraps)  # the table itself, inside a list too
    assert soup.select_one("li > div.table-wrap")


def test_a_table_without_header_text_is_named_in_the_sites_language_and_repeated_names_are_numbered():
    body = "| | |\n|--|--|\n| a | b |\n\n| | |\n|--|--|\n| c | d |\n\n| Day | Bread |\n|--|--|\n| Mon | Rye |\n"
    document = convert(body, "pages/x.md")
    labels = [w["aria-label"] for w in BeautifulSoup(document.html, "html.parser").select(".table-wrap")]
    assert labels == [f"{TABLE_LABEL} (1)", f"{TABLE_LABEL} (2)", "Day, Bread"]
    french = BeautifulSoup(Messages("fr", (), default_model()).body(Markup(document.html)), "html.parser")
    assert [w["aria-label"] for w in french.select(".table-wrap")] == ["Tableau (1)", "Tableau (2)", "Day, Bread"]
    english = Messages("en", (), default_model()).body(Markup(document.html))
    assert 'aria-label="Table (1)"' in english and "{signpost:" not in english


def test_only_labels_are_localised_not_the_same_words_in_the_text():
    document = convert("Write {signpost:code.scroll_label} here.\n\n```\nx\n```", "pages/x.md")
    html = Messages("fr", (), default_model()).body(Markup(document.html))
    assert "Write {signpost:code.scroll_label} here." in html and 'aria-label="Code"' in html


# -- images ---------------------------------------------------------------------------------------


def test_images_get_the_size_of_their_file_and_load_lazily_after_the_first(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images/wide.png").write_bytes(png(300, 20))
    (tmp_path / "images/map.svg").write_text(
        '<?xml version="1.0"?>\n<!-- drawn by hand -->\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80"><rect width="1" height="1"/></svg>'
    )
    (tmp_path / "images/set.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="64px" height="48" viewBox="0 0 1 1"/>'
    )
    (tmp_path / "images/fluid.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 1 1"/>')
    body = (
        "![Wide](../images/wide.png)\n\n![Map](../images/map.svg) ![Set](../images/set.svg) "
        "![Fluid](../images/fluid.svg) ![Own](../images/wide.png){: width=150 } ![Gone](../images/none.png) "
        "![Web](https://example.com/x.png)"
    )
    images = {img["alt"]: img.attrs for img in html_of(body, content_dir=str(tmp_path)).find_all("img")}
    assert images["Wide"] == {"alt": "Wide", "src": "/media/images/wide.png", "width": "300", "height": "20"}
    lazy = {"loading": "lazy", "decoding": "async"}
    assert images["Map"] == {"alt": "Map", "src": "/media/images/map.svg", "width": "120", "height": "80", **lazy}
    assert (images["Set"]["width"], images["Set"]["height"]) == ("64", "48")
    assert images["Own"] == {"alt": "Own", "src": "/media/images/wide.png", "width": "150", **lazy}  # the author's
    for alt in ("Fluid", "Gone", "Web"):
        assert "width" not in images[alt] and images[alt]["loading"] == "lazy", alt


def test_an_image_outside_the_content_folder_is_not_read(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(png(7, 7))
    (content / "images/link.png").symlink_to(tmp_path / "secret.png")
    assert "width" not in html_of("![Link](../images/link.png)", content_dir=str(content)).img.attrs


@pytest.mark.parametrize(
    "name, data, size",
    [
        ("a.png", png(3, 2), (3, 2)),
        ("a.gif", b"GIF89a" + struct.pack("<HH", 33, 44) + b"\x00" * 20, (33, 44)),
        (
            "a.jpg",
            b"\xff\xd8"
            + b"\xff\xe0"
            + struct.pack(">H", 16)
            + b"JFIF\x00"
            + b"\x00" * 9
            + b"\xff\xe1"
            + struct.pack(">H", 6)
            + b"Exif"
            + b"\xff\xc0"
            + struct.pack(">HBHHB", 17, 8, 600, 800, 3),
            (800, 600),
        ),
        (
            "a.webp",
            b"RIFF" + b"\x00" * 4 + b"WEBPVP8X" + b"\x00" * 8 + (639).to_bytes(3, "little") + (479).to_bytes(3, "little"),
            (640, 480),
        ),
        ("a.webp", b"RIFF" + b"\x00" * 4 + b"WEBPVP8 " + b"\x00" * 10 + struct.pack("<HH", 0x4000 | 50, 70), (50, 70)),
        (
            "a.webp",
            b"RIFF" + b"\x00" * 4 + b"WEBPVP8L" + b"\x00" * 4 + b"\x2f" + ((9) | (19 << 14)).to_bytes(4, "little") + b"\x00" * 5,
            (10, 20),
        ),
        ("a.svg", b'<svg width="1.5em" height="2em"/>', None),
        ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 4, None),  # cut short
        ("a.jpg", b"\xff\xd8\xff\xe0\x00", None),
        ("a.pdf", b"%PDF-1.7", None),
    ],
)
def test_image_headers_give_their_size(tmp_path, name, data, size):
    (tmp_path / name).write_bytes(data)
    assert image_size(tmp_path / name) == size


# -- code -----------------------------------------------------------------------------------------


def test_code_blocks_take_the_focus_with_a_label():
    soup = html_of("```python {#sample .wide}\nprint(1)\n```\n\n    indented = True\n\nInline `code` stays.")
    pres = soup.find_all("pre")
    assert [p.attrs for p in pres] == [{"tabindex": "0", "role": "group", "aria-label": CODE_LABEL}] * 2
    assert pres[0].parent.get("id") == "sample" and "highlight" in pres[0].parent["class"]
    assert soup.select_one("p > code").attrs == {}


# -- tabs, collapsible blocks, task lists, abbreviations -------------------------------------------


def test_tabs_are_radio_buttons_with_labels():
    soup = html_of('=== "Web"\n    Add the *snippet*.\n\n=== "App"\n    Call `track()`.\n')
    tabs = soup.select_one("div.tabbed-set.tabbed-alternate")
    assert tabs.attrs == {"class": ["tabbed-set", "tabbed-alternate"]}  # pymdownx's data-tabs count is dropped
    inputs = tabs.find_all("input", recursive=False)
    assert [i.attrs for i in inputs] == [
        {"checked": "", "id": "__tabbed_1_1", "name": "__tabbed_1", "type": "radio"},
        {"id": "__tabbed_1_2", "name": "__tabbed_1", "type": "radio"},
    ]
    assert [(label["for"], label.text) for label in tabs.select(".tabbed-labels > label")] == [
        ("__tabbed_1_1", "Web"),
        ("__tabbed_1_2", "App"),
    ]
    assert [b.p.decode_contents() for b in tabs.select(".tabbed-content > .tabbed-block")] == [
        "Add the <em>snippet</em>.",
        "Call <code>track()</code>.",
    ]


def test_more_tabs_than_the_stylesheet_shows_is_a_problem():
    body = "\n".join(f'=== "Tab {n}"\n    Text {n}.\n' for n in range(1, 13))
    assert [(p.message, p.needle) for p in convert(body, "pages/x.md").problems] == [
        ("a set of content tabs has 12 tabs; at most 10 can be shown, split it into several sets", "Tab 11")
    ]
    assert convert(body.split('=== "Tab 11"')[0], "pages/x.md").problems == ()


def test_collapsible_blocks_look_like_callouts():
    soup = html_of('??? info "What the till sends"\n    One event per sale.\n\n???+ warning "Open"\n    Shown.\n')
    closed, opened = soup.find_all("details")
    assert closed.attrs == {"class": ["info", "admonition"]} and closed.summary.text == "What the till sends"
    assert opened.attrs == {"class": ["warning", "admonition"], "open": ""}


def test_task_lists_show_read_only_boxes_named_after_their_task():
    soup = html_of("- [x] Oven on\n- [ ] Dough rested\n- plain item\n")
    assert soup.ul["class"] == ["task-list"]
    boxes = soup.select("li.task-list-item > input")
    assert [b.attrs for b in boxes] == [
        {"aria-label": "Oven on", "type": "checkbox", "disabled": "", "checked": ""},
        {"aria-label": "Dough rested", "type": "checkbox", "disabled": ""},
    ]
    assert [li.get_text(strip=True) for li in soup.find_all("li")] == ["Oven on", "Dough rested", "plain item"]
    loose = html_of("1. [ ] Knead *well* &amp; long\n\n    Ten minutes.\n\n    - a sub-item\n")
    assert loose.select_one("li > p > input")["aria-label"] == "Knead well & long"


def test_abbreviations_explain_every_use_and_their_line_is_not_shown():
    soup = html_of("The POS prints. POS again.\n\n*[POS]: Point of sale\n")
    assert [(a.text, a.attrs) for a in soup.find_all("abbr")] == [("POS", {"title": "Point of sale"})] * 2
    assert "*[POS]" not in str(soup)


def test_snippets_are_not_enabled():
    assert convert('--8<-- "/etc/passwd"\n', "pages/x.md").html == '<p>--8&lt;-- "/etc/passwd"</p>'


# -- what an author cannot add ---------------------------------------------------------------------


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name for name, _ in attrs}))


# What the theme itself adds to a body, on top of what attribute lists may set.
THEIRS = {
    "div": {"role", "tabindex", "aria-label"},
    "pre": {"role", "tabindex", "aria-label"},
    "img": {"loading", "decoding"},
    "input": {"disabled", "aria-label"},
}
INJECTIONS = [
    "tabindex=0",
    "role=button",
    'aria-label="x"',
    "loading=eager",
    "decoding=sync",
    "open",
    "type=text",
    "name=x",
    "checked",
    "for=x",
    "data-tabs=1",
    "disabled",
    "autofocus",
    "popover",
    "contenteditable",
]


@pytest.mark.parametrize("written", INJECTIONS)
def test_no_attribute_list_adds_what_the_theme_adds(written):
    body = (
        f"Text.\n{{: {written} }}\n\n## Head {{: {written} }}\n\n![Img](a.png){{: {written} }} ![Two](b.png){{: {written} }}\n\n"
        f'=== "Tab"\n    In tab.\n    {{: {written} }}\n\n'
        f'=== "*Two*{{: {written} }}"\n    Two.\n\n'
        f'??? note "More"\n    Hidden.\n\n{{: {written} }}\n\n'
        f"- [x] {{: {written} }} done\n- [ ] todo\n  {{: {written} }}\n\n"
        f"| A {{: {written} }} |\n|--|\n| b {{: {written} }} |\n\n"
        f"```{{ .py {written} }}\nx\n```\n"
    )
    document = convert(body, "pages/x.md")
    name = written.split("=")[0]
    assert any(name in p.message for p in document.problems) or name in ("checked", "open", "disabled"), document.problems
    parser = _Attributes()
    parser.feed(document.html)
    for tag, names in parser.found:
        allowed = ALLOWED_ATTRIBUTES | ALLOWED_ON.get(tag, set()) | THEIRS.get(tag, set())
        assert names <= allowed, (tag, names)
    soup = BeautifulSoup(document.html, "html.parser")
    assert [i.attrs for i in soup.select(".tabbed-set > input")] == [
        {"checked": "", "id": "__tabbed_1_1", "name": "__tabbed_1", "type": "radio"},
        {"id": "__tabbed_1_2", "name": "__tabbed_1", "type": "radio"},
    ]
    assert [label.attrs for label in soup.select(".tabbed-labels > label")] == [{"for": "__tabbed_1_1"}, {"for": "__tabbed_1_2"}]
    assert soup.details.attrs == {"class": ["note", "admonition"]}
    assert [w.attrs for w in soup.select(".table-wrap")] == [
        {"class": ["table-wrap"], "role": "region", "tabindex": "0", "aria-label": "A"}
    ]
    assert [p.attrs for p in soup.find_all("pre")] == [{"tabindex": "0", "role": "group", "aria-label": CODE_LABEL}]
    assert soup.find(attrs={"role": "button"}) is None and soup.find(attrs={"loading": "eager"}) is None
    assert soup.select("img")[0].get("loading") is None and soup.select("img")[1]["loading"] == "lazy"


# -- edit links -----------------------------------------------------------------------------------


def test_edit_links_are_percent_encoded():
    config = SiteConfig(repo_url="https://git.example.org/bakers/almanac/", edit_branch="release/2024")
    assert config.edit_url("content/pages/Spécial page.md") == (
        "https://git.example.org/bakers/almanac/edit/release/2024/content/pages/Sp%C3%A9cial%20page.md"
    )
    assert config.edit_url("content/pages/a#b?c.md").endswith("/content/pages/a%23b%3Fc.md")


def test_a_file_named_with_a_space_and_an_accent_gets_a_working_edit_link(bakery):
    bakery.write("pages/Spécial page.md", "---\ntitle: Special page\ndescription: Named like a stranger's file.\n---\nText.\n")
    with (bakery.root / "signpost.yaml").open("a") as config:
        config.write("repo_url: https://git.example.org/bakers/almanac\n")
    assert bakery.run("build").code == 0
    page = BeautifulSoup((bakery.site / "special-page/index.html").read_text(), "html.parser")
    link = page.select_one(".edit-link a")
    assert link["href"] == "https://git.example.org/bakers/almanac/edit/main/content/pages/Sp%C3%A9cial%20page.md"


# -- in the browser ---------------------------------------------------------------------------------

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4
LONG_CODE = "print('" + "a very long line of code that never breaks " * 6 + "')"
BODIES = f"""---
title: Bodies
description: Everything an author may put in a page body.
---
A page from another field, with a [link](guide.md).

![A banner wider than any screen](../images/banner.png)

| Incident | State | Acknowledged by | Escalation policy | Runbook | Severity | Notes |
|----------|-------|-----------------|-------------------|---------|----------|-------|
| Database failover | Acknowledged | The on-call engineer | Page the secondary after fifteen minutes | Restart the replica | High | Nothing else to add here |

{LONG_WORD} and <https://example.com/{LONG_WORD}/{LONG_WORD}>.

```python
{LONG_CODE}
second_line = 2
```

=== "Web"
    Add the snippet to every page.

=== "App"
    Call the tracker when the screen opens.

??? info "What the till sends"
    One event per sale, with its items.

- [x] Oven on
- [ ] Dough rested

The POS prints the receipt.

*[POS]: Point of sale
"""
WIDTHS = [390, 768, 1280]


@pytest.fixture(scope="module")
def bodies_site(tmp_path_factory):
    """The bakery with the page above, and a page whose file name has a space and an accent."""
    root = tmp_path_factory.mktemp("bodies") / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    (root / "content/images").mkdir()
    (root / "content/images/banner.png").write_bytes(png(2000, 300))
    (root / "content/pages/bodies.md").write_text(BODIES)
    (root / "content/pages/Spécial page.md").write_text(
        "---\ntitle: Special page\ndescription: Named by a stranger.\n---\nText.\n"
    )
    with (root / "signpost.yaml").open("a") as config:
        config.write("repo_url: https://git.example.org/bakers/almanac\n")
    pipeline.build(root / "content", root / "site")
    server = SiteServer(root / "site")
    server.site = root / "site"
    yield server
    server.close()


def test_the_pages_are_valid_html(bodies_site):
    """The Nu checker: tabs, task lists, labels, and the edit link of a file named with a space."""
    pages = [str(bodies_site.site / name / "index.html") for name in ("bodies", "special-page")]
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "text", *pages], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr


def open_page(browser, site, width, scheme="light"):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(f"{site.url}/bodies/")
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_in_a_body_widens_the_page(browser, bodies_site, width):
    context, page = open_page(browser, bodies_site, width)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") == width
    image = page.locator("img").first.bounding_box()
    main = page.locator("main").bounding_box()
    assert image["width"] <= main["width"] and image["height"] == pytest.approx(image["width"] * 300 / 2000, abs=1)
    # The table scrolls in its box, its words whole: no word of a cell spans two lines.
    if width < 1280:
        assert page.evaluate("(el => el.scrollWidth > el.clientWidth)(document.querySelector('.table-wrap'))")
    split = page.evaluate("""() => {
        const split = [];
        for (const cell of document.querySelectorAll('.table-wrap td, .table-wrap th')) {
            const text = cell.firstChild, range = document.createRange();
            for (const m of text.data.matchAll(/\\S+/g)) {
                range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
                if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) split.push(m[0]);
            }
        }
        return split;
    }""")
    assert split == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_bodies(browser, bodies_site, scheme):
    found = []
    for width in (390, 1280):
        context, page = open_page(browser, bodies_site, width, scheme)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        found += describe(AXE.run(page).response["violations"])
        page.get_by_text("App", exact=True).click()  # the other tab's block
        found += describe(AXE.run(page).response["violations"])
        context.close()
    assert found == []


@pytest.mark.parametrize("selector", ["pre", ".table-wrap"])
def test_code_and_tables_are_reached_with_tab_and_scroll_with_the_arrows(browser, bodies_site, selector):
    context, page = open_page(browser, bodies_site, 390)
    box = page.locator(selector).first
    for _ in range(30):
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    expect(box).to_be_focused()
    assert box.evaluate("el => el.scrollWidth > el.clientWidth && el.scrollLeft === 0")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())
    assert page.evaluate("window.scrollX") == 0  # the box scrolled, not the page
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_copy_button_never_covers_the_first_line_of_code(browser, bodies_site, width):
    context, page = open_page(browser, bodies_site, width)
    button = page.locator(".highlight .copy-code")
    expect(button).to_be_visible()
    first_line = page.evaluate("""() => {
        const code = document.querySelector('.highlight code'), range = document.createRange();
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        range.setStart(code, 0);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const end = node.data.indexOf('\\n');
            if (end >= 0) { range.setEnd(node, end); break; }
        }
        const r = range.getBoundingClientRect();
        return {x: r.left, y: r.top, width: r.width, height: r.height};
    }""")
    pre = page.locator(".highlight pre").bounding_box()
    visible_line = {**first_line, "width": min(first_line["x"] + first_line["width"], pre["x"] + pre["width"]) - first_line["x"]}
    copy = button.bounding_box()
    assert first_line["height"] > 0
    overlap_x = min(copy["x"] + copy["width"], visible_line["x"] + visible_line["width"]) - max(copy["x"], visible_line["x"])
    overlap_y = min(copy["y"] + copy["height"], first_line["y"] + first_line["height"]) - max(copy["y"], first_line["y"])
    assert overlap_x <= 0 or overlap_y <= 0, (copy, first_line)
    assert copy["y"] >= pre["y"] and copy["x"] + copy["width"] <= pre["x"] + pre["width"]  # still on the block
    context.close()


def test_tabs_switch_with_a_click_and_the_arrow_keys(browser, bodies_site):
    context, page = open_page(browser, bodies_site, 390)
    web, app = page.get_by_text("Add the snippet to every page."), page.get_by_text("Call the tracker when the screen opens.")
    expect(web).to_be_visible()
    expect(app).to_be_hidden()
    page.get_by_text("App", exact=True).click()
    expect(app).to_be_visible()
    expect(web).to_be_hidden()
    page.get_by_role("radio", name="App").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("radio", name="Web")).to_be_checked()
    expect(web).to_be_visible()
    details = page.locator("details.admonition")
    expect(details.get_by_text("One event per sale")).to_be_hidden()
    details.locator("summary").click()
    expect(details.get_by_text("One event per sale")).to_be_visible()
    context.close()
