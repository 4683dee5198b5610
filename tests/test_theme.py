"""Theme output checked without a browser: page weight, footer, configuration."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

BUDGET = 60 * 1024  # bytes a use case page needs: HTML + CSS + JS, uncompressed


def page_weight(site, html_path) -> int:
    doc = BeautifulSoup(html_path.read_text(), "html.parser")
    assets = [el.get("href") for el in doc.select("link[rel=stylesheet]")] + [el.get("src") for el in doc.select("script[src]")]
    return html_path.stat().st_size + sum((site / a.lstrip("/")).stat().st_size for a in assets)


def test_every_usecase_page_fits_the_budget(our_site):
    weights = {p.parent.name: page_weight(our_site, p) for p in (our_site / "usecases").glob("*/index.html")}
    assert len(weights) == len(list((ROOT / "content/usecases").glob("*.md")))  # every use case page of ours
    assert max(weights.values()) <= BUDGET, weights


def test_scripts_are_local_and_deferred_except_the_theme_init(our_site):
    doc = BeautifulSoup((our_site / "index.html").read_text(), "html.parser")
    scripts = doc.select("script:not([type='application/json'])")  # JSON blocks are data for the scripts
    assert all(s["src"].startswith("/assets/js/") and not s.string for s in scripts)
    blocking = [s["src"] for s in scripts if s.get("type") != "module" and not s.has_attr("defer")]
    assert len(blocking) == 1 and "theme-init" in blocking[0]


def test_last_modified_comes_from_git_and_never_from_the_clock(bakery):
    def git(*args, date="2024-03-05T10:00:00"):
        env = {
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@e",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@e",
            "PATH": "/usr/bin:/bin",
        }
        subprocess.run(["git", *args], cwd=bakery.root, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "first")
    bakery.edit("usecases/rainy-day-offers.md", "People stay in", "People often stay in")
    git("commit", "-qam", "second", date="2025-01-09T10:00:00")
    bakery.write("pages/new.md", "---\ntitle: New\ndescription: Not committed yet.\nlast_modified: 2023-07-01\n---\n")
    bakery.write("pages/bare.md", "---\ntitle: Bare\ndescription: Not committed, no date.\n---\n")
    assert bakery.run("build").code == 0

    def shown(path):
        time = BeautifulSoup((bakery.site / path).read_text(), "html.parser").select_one(".last-modified time")
        return time and time["datetime"]

    assert shown("usecases/rainy-day-offers/index.html") == "2025-01-09"
    assert shown("usecases/loyalty-stamp-reminders/index.html") == "2024-03-05"
    assert shown("new/index.html") == "2023-07-01"
    assert shown("bare/index.html") is None
    assert str(datetime.date.today()) not in (bakery.site / "bare/index.html").read_text()


def test_edit_link_only_when_a_repository_is_configured(bakery):
    assert bakery.run("build").code == 0
    assert "Edit this page" not in (bakery.site / "goals/keep-regulars/index.html").read_text()
    with (bakery.root / "signpost.yaml").open("a") as config:
        config.write("repo_url: https://git.example.org/bakers/almanac\nedit_branch: trunk\n")
    assert bakery.run("build").code == 0
    link = BeautifulSoup((bakery.site / "goals/keep-regulars/index.html").read_text(), "html.parser").find(
        "a", string="Edit this page"
    )
    assert link["href"] == "https://git.example.org/bakers/almanac/edit/trunk/content/goals/keep-regulars.md"


def test_configured_colours_become_a_stylesheet(bakery):
    with (bakery.root / "signpost.yaml").open("a") as config:
        config.write('colors:\n  accent: "#8a1c1c"\n  accent_dark: "#ffb4b4"\n')
    assert bakery.run("build").code == 0
    doc = BeautifulSoup((bakery.site / "index.html").read_text(), "html.parser")
    href = next(link["href"] for link in doc.select("link[rel=stylesheet]") if "/colors." in link["href"])
    assert (bakery.site / href.lstrip("/")).read_text() == ":root {\n  --accent: #8a1c1c;\n  --accent-dark: #ffb4b4;\n}\n"


@pytest.mark.parametrize(
    "setting, message",
    [
        (
            "repo_url: git@example.org:x.git",
            "repo_url: must be a web address starting with https:// or http://, got the text 'git@example.org:x.git'",
        ),
        ("colors:\n  accent: red", "colors.accent: must be a hex colour such as '#0b57b8' (quote it), got the text 'red'"),
        ("colors:\n  acent: '#000'", "colors.acent: unknown field (did you mean 'accent'?)"),
    ],
)
def test_bad_settings_are_reported_like_content(bakery, setting, message):
    with (bakery.root / "signpost.yaml").open("a") as config:
        config.write(setting + "\n")
    run = bakery.run("check")
    assert run.code == 1
    assert message in run.err


def test_source_date_epoch_sets_file_times_and_bounds_dates(bakery, monkeypatch):
    epoch = 1700000000  # 2023-11-14
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    bakery.write("pages/later.md", "---\ntitle: Later\ndescription: Dated after the epoch.\nlast_modified: 2030-01-01\n---\n")
    assert bakery.run("build").code == 0
    assert {int(p.stat().st_mtime) for p in bakery.site.rglob("*")} == {epoch}
    time = BeautifulSoup((bakery.site / "later/index.html").read_text(), "html.parser").select_one(".last-modified time")
    assert time["datetime"] == "2023-11-14"


# -- Our scripts as served ----------------------------------------------------------------------------


def test_our_scripts_never_nest_template_literals():
    """rjsmin (theme._minified) keeps an unnested template literal intact but squeezes the spaces
    out of one nested in another's ${...}: `${a.map((x) => `${x} y`)}` would lose " y"'s space."""
    import re

    nested = re.compile(r"\$\{[^}`]*`")
    found = [
        f"{p.name}:{n}"
        for p in sorted((ROOT / "assets/js").glob("*.js"))
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if nested.search(line)
    ]
    assert found == []


def test_our_scripts_are_served_without_comments_and_a_themes_as_written(bakery):
    script = "// a theme's comment, kept\nexport const  spaced = `a  b`;\n"
    (bakery.root / "theme/assets/js").mkdir(parents=True)
    (bakery.root / "theme/assets/js/extra.js").write_text(script)
    assert bakery.run("build").code == 0
    served = {p.name.split(".")[0]: p.read_text() for p in (bakery.site / "assets/js").iterdir()}
    assert served["extra"] == script
    source = (ROOT / "assets/js/decide.js").read_text()
    assert source.startswith("//") and not served["decide"].startswith("//")
    assert len(served["decide"]) < len(source)
    assert "`[data-decide-${name}]`" in served["decide"]  # template literals come through whole
