"""Theme overrides: theme/templates and theme/assets (or the folder `theme_dir` names) replace or
add to the built-in theme, as MkDocs' custom_dir does; a broken override is a content error."""

from __future__ import annotations

import os
import pickle
import re
import signal
from pathlib import Path

import pytest

from conftest import ROOT
from signpost.problems import Problem

FOOTER = "theme/templates/partials/page_footer.html"
ABORTED = "Aborted with 1 content error; nothing was written.\n"


def put(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def pages(site: Path) -> dict[str, str]:
    return {rel: data.decode() for rel, data in tree(site).items() if rel.endswith(".html") and not rel.startswith("pagefind")}


def stylesheet(site: Path) -> str:
    """The hashed name of site.css, as the home page links it."""
    return re.search(r'href="/(assets/css/site\.[0-9a-f]{10}\.css)"', (site / "index.html").read_text())[1]


def test_a_footer_override_appears_on_every_page(bakery):
    assert bakery.run().code == 0
    assert all("Baked fresh" not in html for html in pages(bakery.site).values())
    put(
        bakery.root,
        FOOTER,
        '<footer class="page-footer">\n<p class="baked">Baked fresh for {{ site.name }}</p>\n'
        '{% include "partials/feedback.html" %}\n</footer>\n',
    )  # a built-in partial, included
    assert bakery.run().code == 0
    built = pages(bakery.site)
    assert len(built) == 13  # 12 pages and 404.html
    for rel, html in built.items():
        assert '<p class="baked">Baked fresh for Crumb Almanac</p>' in html, rel
        assert "Was this page helpful?" in html, rel
        assert "Last modified" not in html, rel  # the built-in footer is replaced, not added to


def test_an_override_asset_replaces_the_built_in_one_and_new_files_are_added(bakery):
    assert bakery.run().code == 0
    old = stylesheet(bakery.site)
    builtin = (ROOT / "assets/css/site.css").read_text()
    put(bakery.root, "theme/assets/css/site.css", builtin + ".baked { color: #7a3e00; }\n")
    put(bakery.root, "theme/assets/img/loaf.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    put(bakery.root, "theme/assets/css/.site.css.swp", "an editor's swap file")
    assert bakery.run().code == 0
    new = stylesheet(bakery.site)
    assert new != old
    assert not (bakery.site / old).exists()
    assert (bakery.site / new).read_text().endswith(".baked { color: #7a3e00; }\n")
    assert all(f'href="/{new}"' in html for html in pages(bakery.site).values())
    assert [p.name for p in (bakery.site / "assets/img").glob("loaf.*.svg")] != []
    assert [p.name for p in (bakery.site / "assets/css").iterdir() if p.name.startswith(".")] == []


def test_an_override_may_extend_the_built_in_template_it_replaces(bakery):
    put(
        bakery.root,
        "theme/templates/usecase.html",
        '{% extends "builtin/usecase.html" %}\n'
        '{% block content %}\n<p class="seasonal">Seasonal: {{ usecase.title }}</p>\n{{ super() }}\n{% endblock content %}\n',
    )
    assert bakery.run().code == 0
    html = (bakery.site / "usecases/rainy-day-offers/index.html").read_text()
    assert '<p class="seasonal">Seasonal: Rainy day offers</p>' in html
    assert html.index("Seasonal:") < html.index('<p class="lead">')  # then the built-in content
    assert "Seasonal:" not in (bakery.site / "index.html").read_text()


def test_without_overrides_the_output_is_unchanged(bakery, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert bakery.run().code == 0
    plain = tree(bakery.site)
    (bakery.root / "theme/templates").mkdir(parents=True)  # a theme/ folder with nothing in it
    assert bakery.run().code == 0
    assert tree(bakery.site) == plain


BROKEN = {
    "syntax": ("{% if %}", f"{FOOTER}:3: template: Expected an expression, got 'end of statement block'"),
    "undefined": ("{{ baker_name }}", f"{FOOTER}:3: template: 'baker_name' is undefined"),
    "raises": (
        "{{ asset('css/crumbs.css') }}",
        f"{FOOTER}:3: template: asset('css/crumbs.css'): no such file in the overrides' assets/ or the built-in ones",
    ),
    "missing include": ('{% include "partials/oven.html" %}', f"{FOOTER}:3: template: template not found: partials/oven.html"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_override_is_one_line_with_its_file_and_line_and_the_site_stays(bakery, kind):
    assert bakery.run().code == 0
    before = tree(bakery.site)
    statement, message = BROKEN[kind]
    put(bakery.root, FOOTER, f'<footer class="page-footer">\n<p>Baked fresh</p>\n{statement}\n</footer>\n')
    for command in ("build", "check"):
        run = bakery.run(command)
        assert (run.code, run.out, run.err) == (1, "", message + "\n" + ABORTED)
    assert tree(bakery.site) == before


def test_an_override_extending_itself_says_how_to_reach_the_built_in_one(bakery):
    put(bakery.root, "theme/templates/goal.html", '{% extends "goal.html" %}\n')
    run = bakery.run()
    assert (run.code, run.err) == (
        1,
        "theme/templates/goal.html:1: template: it extends or includes itself; "
        "the built-in template of the same name is builtin/goal.html\n" + ABORTED,
    )


def test_a_template_problem_survives_pickling():
    from signpost.theme import TemplateProblem

    problem = Problem("theme/templates/base.html", 3, "template", "'x' is undefined")
    assert pickle.loads(pickle.dumps(TemplateProblem([problem]))).problems == [problem]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="render workers are only forked on 2 cores or more")
def test_a_broken_override_is_reported_from_forked_render_workers(bakery, monkeypatch):
    monkeypatch.setattr("signpost.parallel.MIN_ITEMS", 1)  # the 3 use case pages are rendered in workers
    put(bakery.root, "theme/templates/usecase.html", '{% extends "base.html" %}\n{% block content %}{{ oven }}{% endblock %}\n')

    def too_long(signum, frame):  # an error the parent cannot unpickle leaves the pool waiting forever
        raise TimeoutError("the render workers' error never came back")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    try:
        run = bakery.run()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert (run.code, run.err) == (1, "theme/templates/usecase.html:2: template: 'oven' is undefined\n" + ABORTED)


def test_theme_dir_names_the_override_folder(bakery):
    put(bakery.root, "looks/templates/partials/page_footer.html", "<p>From looks/</p>\n")
    put(bakery.root, FOOTER, "<p>From theme/</p>\n")
    with open(bakery.root / "signpost.yaml", "a") as config:
        config.write("theme_dir: looks\n")
    assert bakery.run().code == 0
    html = (bakery.site / "index.html").read_text()
    assert "From looks/" in html and "From theme/" not in html


def test_a_missing_theme_dir_is_an_error_on_its_line(bakery):
    assert bakery.run().code == 0
    before = tree(bakery.site)
    with open(bakery.root / "signpost.yaml", "a") as config:
        config.write("theme_dir: looks/\n")
    run = bakery.run()
    assert (run.code, run.err) == (
        1,
        "signpost.yaml:3: theme_dir: no such folder: looks (it is relative to the folder of signpost.yaml)\n" + ABORTED,
    )
    assert tree(bakery.site) == before


def test_the_preview_watches_the_overrides_and_rerenders_on_an_edit(bakery, tmp_path):
    from signpost.preview.serve import Preview

    footer = put(bakery.root, FOOTER, "<p>Baked fresh</p>\n")
    preview = Preview(bakery.content, tmp_path / "live")
    assert (bakery.root / "theme").absolute() in preview.watched
    assert preview.rebuild()
    page = tmp_path / "live/usecases/rainy-day-offers/index.html"
    assert "Baked fresh" in page.read_text()
    footer.write_text("<p>Baked at dawn</p>\n")
    assert preview.rebuild({footer.absolute()})  # as watchfiles reports it
    assert "Baked at dawn" in page.read_text()
    footer.write_text("<p>{{ dawn }}</p>\n")
    assert not preview.rebuild({footer.absolute()})
    assert preview.state.problems == [f"{FOOTER}:1: template: 'dawn' is undefined"]
    assert "Baked at dawn" in page.read_text()  # the last good site stays


def test_the_examples_of_the_authoring_guide_build(bakery):
    guide = (ROOT / "docs/authoring.md").read_text()
    section = guide[guide.index("## Changing the theme") : guide.index("## Messages you may see")]
    for block in re.findall(r"```html\+jinja\n(.*?)```", section, re.S):
        put(bakery.root, re.match(r"\{# (theme/[\w/.-]+)", block)[1], block)  # each names its file first
    rule = re.search(r"```css\n(.*?)```", section, re.S)[1]
    put(bakery.root, "theme/assets/css/site.css", (ROOT / "assets/css/site.css").read_text() + rule)
    assert bakery.run().code == 0
    html = (bakery.site / "usecases/rainy-day-offers/index.html").read_text()
    assert '<p class="note">Ask the data team before adding an event.</p>' in html
    assert '<p class="team">Questions about tracking? Ask the data team in #tracking.</p>' in html
    assert (bakery.site / stylesheet(bakery.site)).read_text().endswith(".page-footer .team { font-weight: bold; }\n")


def test_the_preview_starts_when_signpost_yaml_cannot_name_the_overrides(bakery, tmp_path):
    from signpost.preview.serve import Preview

    with open(bakery.root / "signpost.yaml", "a") as config:
        config.write("model: 3\n")  # stops reading the settings before theme_dir is read
    preview = Preview(bakery.content, tmp_path / "live")
    assert not preview.rebuild()
    assert preview.state.problems == [
        "signpost.yaml:3: model: must be a set of fields (goal, usecase, plan, lists, tags_label), got the number 3"
    ]
