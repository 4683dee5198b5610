"""Hostile Markdown in a content body: attribute lists keep only the allowed attributes, theme
ids stay the theme's, email autolinks work, and no body nests or works past its limits."""

from __future__ import annotations

import html
import re

import pytest

from conftest import ROOT
from signpost import markup
from signpost.markup import BodyProblem, convert
from signpost.slugs import THEME_IDS

ALLOWED = "allowed: id, class, title, lang, dir (and width, height on images)"
TOO_DEEP = "the Markdown nests deeper than 25 levels; flatten the lists, quotes or callouts inside each other"
TOO_MUCH = (
    "too much Markdown to convert in reasonable time; split the page into several pages, "
    "and long paragraphs, lists or tables into shorter ones"
)


def not_allowed(name: str, needle: str) -> BodyProblem:
    return BodyProblem(f"attribute '{name}' is not allowed in an attribute list; {ALLOWED}", needle)


# -- attribute lists -----------------------------------------------------------------------------


def test_attribute_lists_keep_only_the_allowed_attributes():
    written = '{: #intro .lead title="Hi" lang=fr dir=rtl ping="https://evil.example" hidden target=_blank onclick="x()" style="color:red" }'
    document = convert(f"Bread.\n{written}", "pages/x.md")
    assert document.html == '<p class="lead" dir="rtl" id="intro" lang="fr" title="Hi">Bread.</p>'
    assert sorted(document.problems, key=lambda p: p.message) == [
        not_allowed(name, written) for name in sorted(["hidden", "onclick", "ping", "style", "target"])
    ]


def test_images_may_also_set_width_and_height_and_links_their_href():
    document = convert('![Oven](oven.png){: width=40 height=30 srcset="big.png 2x" }', "pages/x.md")
    assert document.html == '<p><img alt="Oven" height="30" src="/media/pages/oven.png" width="40"></p>'
    assert document.problems == (not_allowed("srcset", '{: width=40 height=30 srcset="big.png 2x" }'),)
    document = convert("Text.\n{: width=40 }", "pages/x.md")
    assert document.problems == (not_allowed("width", "{: width=40 }"),)


def test_an_attribute_is_reported_once_at_its_first_attribute_list():
    document = convert("A.\n{: target=_blank }\n\nB.\n{: .x target=_self }", "pages/x.md")
    assert document.problems == (not_allowed("target", "{: target=_blank }"),)


def test_what_markdown_itself_writes_passes():
    body = (
        "| Left | Centre | Right |\n|:-----|:------:|------:|\n| a | b | c |\n\n"
        '[Home](https://example.com "Title") ![Logo](logo.png "Logo title")\n\n'
        '!!! info "Note"\n    Indented text.\n\n```js\nlet x = 1;\n```\n\n3. three\n4. four\n\n'
        '=== "Tab"\n    In a tab.\n\n???+ note "More"\n    Open.\n\n- [x] done\n\nThe POS.\n\n*[POS]: Point of sale\n'
    )
    document = convert(body, "pages/x.md")
    assert document.problems == ()
    assert (
        '<input checked id="__tabbed_1_1" name="__tabbed_1" type="radio"><div class="tabbed-labels"><label for="__tabbed_1_1">'
        in document.html
    )
    assert '<details class="note admonition" open>' in document.html and '<abbr title="Point of sale">' in document.html
    assert '<th align="left">Left</th>' in document.html and '<td align="right">c</td>' in document.html
    assert '<a href="https://example.com" title="Title">' in document.html
    assert '<img alt="Logo" src="/media/pages/logo.png" title="Logo title">' in document.html
    assert '<div class="admonition info">' in document.html and '<div class="highlight">' in document.html


def test_real_pages_have_no_body_problems():
    pages = sorted([*ROOT.glob("content/**/*.md"), *ROOT.glob("tests/fixtures/**/*.md")])
    assert len(pages) > 20
    for path in pages:
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert convert(body, "pages/x.md").problems == (), path


def test_code_fence_attribute_lists_are_checked_and_escaped():
    # Superfences writes these into the HTML itself, unescaped: a quote used to end the attribute.
    written = """{ .python #x"><script>alert(1)</script><b data-y='x" onclick="alert(1)' }"""
    document = convert(f"```{written}\nprint(1)\n```", "pages/x.md")
    assert "<script>" not in document.html and "onclick" not in document.html and "data-y" not in document.html
    assert document.html.startswith('<div id="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b" class="highlight">')
    assert document.problems == (not_allowed("data-y", written),)


@pytest.mark.parametrize("value", ["main", "site-nav", "search-input", "signpost-data", "signpost-anything"])
def test_ids_the_theme_uses_are_refused(value):
    document = convert(f"## Seeds {{: #{value} }}\n\nText.\n{{: #{value} }}", "pages/x.md")
    assert document.problems == (BodyProblem(f"id '{value}' is used by the theme; choose another", f"{{: #{value} }}"),)
    assert f'id="{value}"' not in document.html and '<h2 id="seeds">' in document.html
    assert value not in document.ids


def test_theme_ids_cover_every_fixed_id_in_the_templates():
    found = {
        m.group(1)
        for path in (ROOT / "templates").rglob("*.html")
        for m in re.finditer(r'(?<![\w-])id="([^"{}]+)"', path.read_text(encoding="utf-8"))
    }
    assert "signpost-data" in found and "main" in found
    assert found <= THEME_IDS, sorted(found - THEME_IDS)


def test_the_widgets_find_their_data_in_a_script_element_only():
    shared = (ROOT / "assets/js/widget.js").read_text(encoding="utf-8")  # the module the widgets read it through
    assert """document.querySelector('script[type="application/json"]#signpost-data')""" in shared
    assert 'getElementById("signpost-data")' not in shared
    for name in ("decide.js", "plan.js", "compare.js"):
        script = (ROOT / "assets/js" / name).read_text(encoding="utf-8")
        assert "signpost-data" not in script and 'await import(document.querySelector("link[data-widget]").href)' in script


# -- links ---------------------------------------------------------------------------------------


def test_an_email_autolink_is_a_working_mailto_link():
    document = convert("Write to <hello@example.com>.", "pages/x.md")
    href = re.search(r'href="([^"]*)"', document.html).group(1)
    assert html.unescape(href) == "mailto:hello@example.com"
    assert (document.links, document.problems) == ((), ())


def test_a_scheme_hidden_in_entities_is_seen_as_the_browser_sees_it():
    document = convert("[Click](javascript&#58;alert(1))", "pages/x.md")
    assert document.html == "<p><a>Click</a></p>"
    assert [(link.href, link.kind) for link in document.links] == [("javascript&#58;alert(1)", "unsafe")]


# -- bounded work --------------------------------------------------------------------------------

MB2 = 2_000_000


def fill(unit: str, size: int = MB2) -> str:
    return unit * (size // len(unit))


# Each took from tens of seconds to hours, or raised RecursionError, before the limits.
PATHOLOGICAL = {
    "brackets": fill("["),
    "image brackets": fill("![a "),
    "open links": fill("[a]("),
    "unclosed link URLs": fill("[a](b "),
    "unclosed link titles": fill('[a](b "x) '),
    "setext headings": fill("a\n===\n"),
    "rules": fill("***\n"),
    "callout lines": fill("!!! note\n"),
    "nested list markers": fill("- ") + "x",
    "nested quotes": fill(">") + " x",
    "deeply indented lists": "".join("    " * i + "- x\n" for i in range(1000)),
    "nested emphasis": fill("*", MB2 // 2) + "a" + fill("*", MB2 // 2),
    "emphasis": fill("*a "),
    "backtick runs": "".join("`" * i + " " for i in range(1, 2000)),
    "unequal backtick runs": fill("``` `` "),
    "wide table": "|" + fill(" a |", MB2 // 2) + "\n|" + fill("---|", MB2 // 2),
    "entities": fill("&amp;"),
    "backslashes": fill("\\"),
    "email autolinks": fill("<a@b.example> "),
    "long table": "| a | b |\n| - | - |\n" + fill("| x | y |\n"),
    "headings": fill("## Heading\n\n"),
    "fences": fill("```\n"),
    "code": "```js\n" + fill("(" * 1000 + "[" * 1000 + "{" * 1000) + "\n```",
    "indented code blocks": fill("x\n\n    code\n\n"),
    "paragraphs": fill("a\n\n"),
    "attribute lists": "x\n{: " + " ".join(f"a{i}=1" for i in range(MB2 // 8)) + " }",
}


@pytest.mark.parametrize("body", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_a_pathological_body_stops_with_a_problem_instead_of_running_on_or_raising(body, monkeypatch):
    """The work is counted, not timed, so this holds on any machine; bench/ measures the time.

    At a tenth of the limit, so the 26 cases take seconds rather than most of a minute: a
    pattern the meter did not charge would still run on (or raise) through 2 MB of it. The
    full limit is exercised by test_the_reported_cases_give_their_problem."""
    monkeypatch.setattr(markup, "WORK_LIMIT", markup.WORK_LIMIT // 10)
    assert convert(body, "pages/x.md").problems


# Plain content only costs time in proportion to its size: it converts, up to the file limit.
LINEAR = {"backtick fence": fill("`"), "short lines": fill("a\n")}


@pytest.mark.parametrize("body", LINEAR.values(), ids=LINEAR.keys())
def test_large_plain_bodies_convert_whole(body):
    document = convert(body, "pages/x.md")
    assert document.problems == () and document.html


def test_the_reported_cases_give_their_problem():
    assert convert("Intro.\n\n" + "[" * 10_000, "pages/x.md").problems == (BodyProblem(TOO_MUCH, "[" * 60),)
    assert convert("Intro.\n\n" + "a\n===\n" * 10_000, "pages/x.md").problems == (BodyProblem(TOO_MUCH, "a"),)
    nested = convert("Intro.\n\n" + "- " * 500 + "x", "pages/x.md")
    assert (nested.html, nested.problems) == ("", (BodyProblem(TOO_DEEP, "- " * 29 + "-"),))
    callouts = "".join("    " * level + "!!! note\n" for level in range(40)) + "    " * 40 + "x"
    assert convert(callouts, "pages/x.md").problems == (BodyProblem(TOO_DEEP, "!!! note"),)


def test_long_paragraphs_of_closed_links_and_emphasis_convert():
    # The meter charges what a pattern actually read: a closed link reads to its end, not the paragraph's.
    body = "".join(f'See [note {i}](note-{i}.md "Note") *now*.\n' for i in range(4000))
    document = convert(body, "pages/x.md")
    assert (len(document.links), document.problems) == (4000, ())


def test_markdown_nests_up_to_25_levels():
    def lists(levels: int) -> str:
        return "".join("    " * level + f"- level {level}\n" for level in range(levels))

    assert convert(lists(25), "pages/x.md").problems == ()
    assert convert(lists(26), "pages/x.md").problems == (BodyProblem(TOO_DEEP, "- level 0"),)
    assert convert("> " * 25 + "x", "pages/x.md").problems == ()
    assert convert("Text.\n\n" + "> " * 26 + "x", "pages/x.md").problems == (BodyProblem(TOO_DEEP, "> " * 26 + "x"),)
    assert convert("*" * 30 + "a" + "*" * 30, "pages/x.md").problems == ()
    assert convert("**a " * 26 + "b" + " c**" * 26, "pages/x.md").problems == (BodyProblem(TOO_DEEP, ("**a " * 15).strip()),)


def test_real_pages_use_a_small_part_of_the_work_limit(monkeypatch):
    monkeypatch.setattr(markup, "WORK_LIMIT", markup.WORK_LIMIT // 50)
    markup.forget_conversions()
    try:
        test_real_pages_have_no_body_problems()
    finally:
        markup.forget_conversions()


def test_after_a_refused_body_the_next_converts_normally():
    assert convert("- " * 100 + "x", "pages/x.md").problems
    assert convert("- one\n- two", "pages/y.md").html == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"


def test_an_empty_body_after_another_page_keeps_nothing_of_it():
    markup._markdown.cache_clear()  # a fresh converter, as in a new worker
    assert convert("\n\n", "pages/empty.md").html == ""
    assert convert("![](oven.png)", "pages/x.md").images_without_alt == ("oven.png",)
    assert convert("  \n", "pages/blank.md").images_without_alt == ()


# -- through a build -----------------------------------------------------------------------------


def test_body_problems_name_their_line(bakery):
    bakery.edit(
        "usecases/morning-pastry-alerts.md",
        "## Steps\n",
        '## Steps {: #main }\n\nAsk <hello@example.com>.\n{: ping="https://evil.example" }\n',
    )
    run = bakery.run("check")
    assert run.code == 1 and "Traceback" not in run.err
    assert run.err.splitlines()[:-1] == [
        "content/usecases/morning-pastry-alerts.md:26: body: id 'main' is used by the theme; choose another",
        f"content/usecases/morning-pastry-alerts.md:29: body: attribute 'ping' is not allowed in an attribute list; {ALLOWED}",
    ]
