"""Moving, drafting and hiding pages: aliases (redirects), draft: true and hidden: true.

Each test breaks or extends a copy of the bakery fixture (conftest's `bakery`) and builds it
with the command line, in-process.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from conftest import SiteServer
from signpost.preview.incremental import IncrementalBuilder

OLD, NEW = "rainy-day-offers", "wet-weather-offers"


def rename_rainy(bakery, aliases: str = f"[/usecases/{OLD}/]", fix_link: bool = True) -> None:
    """Rename the use case file as an author would, keeping its old address as an alias."""
    old = bakery.content / f"usecases/{OLD}.md"
    text = old.read_text().replace("title: Rainy day offers\n", f"title: Rainy day offers\naliases: {aliases}\n")
    (bakery.content / f"usecases/{NEW}.md").write_text(text)
    old.unlink()
    goal = "goals/grow-weekday-footfall.md"
    bakery.edit(goal, f"  - {OLD}\n", f"  - {NEW}\n")
    bakery.edit(goal, f"use_cases: [{OLD}, ", f"use_cases: [{NEW}, ")
    if fix_link:
        bakery.edit(goal, f"../usecases/{OLD}.md", f"../usecases/{NEW}.md")


def test_an_alias_gets_a_redirect_page_and_a_redirects_line(bakery):
    rename_rainy(bakery)
    run = bakery.run("build", "--strict", "--base-url", "https://crumb.example/")  # --strict wants a full address
    assert (run.code, run.err) == (0, "")
    page = (bakery.site / f"usecases/{OLD}/index.html").read_text()
    assert f'<meta http-equiv="refresh" content="0; url=/usecases/{NEW}/">' in page
    assert f'<link rel="canonical" href="https://crumb.example/usecases/{NEW}/">' in page
    assert re.search(rf'<a href="/usecases/{NEW}/">[^<]+</a>', page)  # a visible link, no script needed
    assert "<script" not in page
    assert (bakery.site / "_redirects").read_text() == f"/usecases/{OLD}/ /usecases/{NEW}/ 301\n"
    assert (bakery.site / f"usecases/{NEW}/index.html").is_file()


def test_redirects_follow_the_base_url(bakery):
    rename_rainy(bakery)
    assert bakery.run("build", "--base-url", "https://example.com/guide/").code == 0
    page = (bakery.site / f"usecases/{OLD}/index.html").read_text()
    assert f'url=/guide/usecases/{NEW}/"' in page
    assert f'<link rel="canonical" href="https://example.com/guide/usecases/{NEW}/">' in page
    assert (bakery.site / "_redirects").read_text() == f"/guide/usecases/{OLD}/ /guide/usecases/{NEW}/ 301\n"


def test_a_site_without_aliases_has_no_redirects_file(bakery):
    assert bakery.run("build").code == 0
    assert not (bakery.site / "_redirects").exists()


def test_following_the_old_address_in_a_browser_lands_on_the_renamed_page(bakery, browser):
    rename_rainy(bakery)
    assert bakery.run("build").code == 0
    server = SiteServer(bakery.site)
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/usecases/{OLD}/")
        page.wait_for_url(f"{server.url}/usecases/{NEW}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Rainy day offers")
        page.close()
    finally:
        server.close()


@pytest.mark.parametrize(
    "aliases, expected",
    [
        (
            "[/usecases/morning-pastry-alerts/]",
            "aliases[0]: '/usecases/morning-pastry-alerts/' is the address of "
            "content/usecases/morning-pastry-alerts.md; an alias cannot take it",
        ),
        ("[/guide/]", "aliases[0]: '/guide/' is the address of content/pages/guide.md; an alias cannot take it"),
        ("[/plan/]", "aliases[0]: '/plan/' is the address of the generated page 'plan'; an alias cannot take it"),
        ("[https://example.com/x/]", "aliases[0]: 'https://example.com/x/' is not a path of this site"),
        ("[/assets/old/]", "aliases[0]: '/assets/old/' is a folder the build writes"),
        ("[/a/../b/]", "aliases[0]: '/a/../b/' is not a path of this site"),
    ],
)
def test_an_alias_that_takes_an_address_is_an_error_naming_both(bakery, aliases, expected):
    rename_rainy(bakery, aliases)
    run = bakery.run("build")
    assert run.code == 1
    assert f"content/usecases/{NEW}.md:3: {expected}" in run.err


def test_two_files_claiming_one_old_address_are_both_named(bakery):
    rename_rainy(bakery)
    bakery.edit(
        "usecases/loyalty-stamp-reminders.md",
        "title: Loyalty stamp reminders\n",
        f"title: Loyalty stamp reminders\naliases: [/old/, usecases/{OLD}]\n",
    )
    run = bakery.run("build")
    assert run.code == 1
    assert (
        f"content/usecases/{NEW}.md:3: aliases[0]: '/usecases/{OLD}/' is also an alias in "
        f"content/usecases/loyalty-stamp-reminders.md:3"
    ) in run.err or (
        f"content/usecases/loyalty-stamp-reminders.md:3: aliases[1]: 'usecases/{OLD}' is also an alias in "
        f"content/usecases/{NEW}.md:3"
    ) in run.err


def test_a_link_to_an_old_address_is_a_warning_naming_the_page(bakery):
    rename_rainy(bakery, fix_link=False)
    run = bakery.run("build")
    assert run.code == 0
    assert (
        f"content/goals/grow-weekday-footfall.md:15: warning: link: '../usecases/{OLD}.md#why-rain' points to an old "
        f"address of usecases/{NEW}.md (its aliases); link to usecases/{NEW}.md"
    ) in run.err
    assert bakery.run("build", "--strict").code == 1


# -- drafts ---------------------------------------------------------------------------------------

DRAFT = "---\ntitle: Winter menu\ndescription: Ideas not ready yet.\ndraft: true\n---\nSoup, mostly.\n"


def test_a_draft_is_left_out_of_build_and_shown_with_drafts(bakery):
    bakery.write("pages/winter-menu.md", DRAFT)
    assert bakery.run("build", "--strict", "--base-url", "https://crumb.example/").code == 0  # a full address: sitemap
    assert not (bakery.site / "winter-menu").exists()
    assert "winter-menu" not in (bakery.site / "sitemap.xml").read_text()
    assert bakery.run("check", "--strict").code == 0
    run = bakery.run("build", "--drafts")
    assert run.code == 0
    page = (bakery.site / "winter-menu/index.html").read_text()
    assert 'class="draft-banner"' in page and "Draft: this page is not published." in page
    assert 'class="draft-banner"' not in (bakery.site / "guide/index.html").read_text()


def test_the_preview_shows_drafts_with_a_banner(bakery, tmp_path):
    bakery.write("pages/winter-menu.md", DRAFT)
    bakery.edit("pages/guide.md", "Read the goals below", "See the [winter menu](winter-menu.md). Read the goals below")
    builder = IncrementalBuilder(bakery.content, tmp_path / "live")
    builder.build()
    assert 'class="draft-banner"' in (tmp_path / "live/winter-menu/index.html").read_text()


def test_a_published_page_linking_to_a_draft_is_an_error(bakery):
    bakery.write("pages/winter-menu.md", DRAFT)
    bakery.edit("pages/guide.md", "Read the goals below", "See the [winter menu](winter-menu.md). Read the goals below")
    run = bakery.run("build")
    assert run.code == 1
    assert (
        "content/pages/guide.md:8: link: 'winter-menu.md' points to pages/winter-menu.md, a draft (draft: true), "
        "which is not published"
    ) in run.err
    assert bakery.run("build", "--drafts").code == 0


def test_a_goal_listing_a_draft_use_case_is_told_it_is_a_draft(bakery):
    bakery.edit(f"usecases/{OLD}.md", "title: Rainy day offers\n", "title: Rainy day offers\ndraft: true\n")
    run = bakery.run("check")
    assert run.code == 1
    assert (
        f"content/goals/grow-weekday-footfall.md:8: use_cases[1]: use case '{OLD}' is a draft (draft: true in "
        f"content/usecases/{OLD}.md); publish it or remove it here"
    ) in run.err


# -- hidden pages -------------------------------------------------------------------------------------

HIDDEN = "---\ntitle: Staff notes\ndescription: For the team only.\nhidden: true\n---\nOven rota.\n"


def test_a_hidden_page_is_built_but_listed_nowhere(bakery):
    bakery.write("pages/staff-notes.md", HIDDEN)
    bakery.edit("pages/guide.md", "Read the goals below", "The [staff notes](staff-notes.md) say more. Read the goals below")
    run = bakery.run("build", "--strict", "--base-url", "https://crumb.example/")  # a full address: sitemap.xml
    assert (run.code, run.err) == (0, "")
    page = (bakery.site / "staff-notes/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in page
    assert "data-pagefind-body" not in page  # Pagefind indexes only pages that carry it
    assert "data-pagefind-body" in (bakery.site / "guide/index.html").read_text()
    guide = (bakery.site / "guide/index.html").read_text()
    nav = guide[guide.index('<nav class="site-nav"') : guide.index("</nav>")]
    assert "staff-notes" not in nav
    assert 'href="/staff-notes/"' in guide  # the link from the guide works
    assert "staff-notes" not in (bakery.site / "sitemap.xml").read_text()
    catalog = json.loads((bakery.site / "catalog.json").read_text())
    assert "staff-notes" not in {p["slug"] for p in catalog["pages"]}
    assert "staff-notes" not in (bakery.site / "404.html").read_text()


def test_hidden_is_for_free_pages_only(bakery):
    bakery.edit(f"usecases/{OLD}.md", "title: Rainy day offers\n", "title: Rainy day offers\nhidden: true\n")
    run = bakery.run("check")
    assert run.code == 1
    assert f"content/usecases/{OLD}.md:3: hidden: unknown field; known fields: title, summary, goals," in run.err
