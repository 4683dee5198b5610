"""One test per kind of content mistake, pinning the exact message an author sees."""

from __future__ import annotations

import pytest

GOAL = "goals/grow-weekday-footfall.md"
USECASE = "usecases/morning-pastry-alerts.md"


def check(project) -> list[str]:
    """Problems printed by `build.py check`, one per line, without the closing summary."""
    run = project.run("check")
    assert run.code == 1, run.out
    assert "Traceback" not in run.err
    lines = run.err.strip().splitlines()
    assert lines[-1].startswith("Aborted with ")
    return lines[:-1]


def test_valid_fixture_passes(bakery):
    run = bakery.run("check")
    assert (run.code, run.err) == (0, "")
    assert "is valid" in run.out


def test_missing_required_field(bakery):
    bakery.edit(GOAL, "helps_you: fill the shop between Monday and Thursday\n", "")
    assert check(bakery) == [
        "content/goals/grow-weekday-footfall.md:2: 'helps_you' is required: What the goal helps you do, completing 'Helps you ...'."
    ]


def test_number_for_text(bakery):
    bakery.edit(GOAL, "title: Grow weekday footfall", "title: 42")
    assert check(bakery) == ["content/goals/grow-weekday-footfall.md:2: title: must be text, got the number 42"]


def test_list_for_text_and_text_for_list(bakery):
    bakery.edit(USECASE, "summary: Tell nearby fans when a fresh batch leaves the oven.", "summary: [a, b]")
    bakery.edit(USECASE, "sources: [Till, Kiosk]", "sources: Till")
    assert check(bakery) == [
        "content/usecases/morning-pastry-alerts.md:3: summary: must be text, got a list",
        "content/usecases/morning-pastry-alerts.md:13: goals[0].sources: must be a list ([a, b]), got the text 'Till'",
    ]


def test_unknown_key_suggests_the_nearest(bakery):
    bakery.edit(USECASE, "    destinations: [Chalkboard]", "    destination: [Chalkboard]")
    assert check(bakery) == [
        "content/usecases/morning-pastry-alerts.md:5: goals[0]: 'destinations' is required: Destinations, in order.",
        "content/usecases/morning-pastry-alerts.md:14: goals[0].destination: unknown field (did you mean 'destinations'?); "
        "known fields: goal, description, helps_you, events, sources, destinations",
    ]


def test_unknown_goal_reference(bakery):
    bakery.edit("usecases/rainy-day-offers.md", "goal: grow-weekday-footfall", "goal: grow-weekday-footfal")
    assert check(bakery) == [
        "content/goals/grow-weekday-footfall.md:8: use_cases[1]: use case 'rainy-day-offers' does not list this goal "
        "(add '- goal: grow-weekday-footfall' to content/usecases/rainy-day-offers.md, or remove it here)",
        "content/usecases/rainy-day-offers.md:5: goals[0].goal: unknown goal 'grow-weekday-footfal' (did you mean 'grow-weekday-footfall'?)",
    ]


def test_unknown_usecase_reference(bakery):
    bakery.edit("goals/keep-regulars.md", "  - loyalty-stamp-reminders\n", "  - loyalty-stamp-reminder\n")
    problems = check(bakery)
    assert (
        "content/goals/keep-regulars.md:7: use_cases[0]: unknown use case 'loyalty-stamp-reminder' "
        "(did you mean 'loyalty-stamp-reminders'?)"
    ) in problems


def test_goal_lists_a_usecase_that_does_not_claim_it(bakery):
    bakery.edit("goals/keep-regulars.md", "  - morning-pastry-alerts\n", "  - morning-pastry-alerts\n  - rainy-day-offers\n")
    assert check(bakery) == [
        "content/goals/keep-regulars.md:9: use_cases[2]: use case 'rainy-day-offers' does not list this goal "
        "(add '- goal: keep-regulars' to content/usecases/rainy-day-offers.md, or remove it here)"
    ]


def test_usecase_claims_a_goal_that_does_not_list_it(bakery):
    bakery.edit("goals/keep-regulars.md", "  - morning-pastry-alerts\n", "")
    assert check(bakery) == [
        "content/usecases/morning-pastry-alerts.md:15: goals[1].goal: goal 'keep-regulars' does not list this use case "
        "(add 'morning-pastry-alerts' to use_cases in content/goals/keep-regulars.md, or remove this entry)"
    ]


def test_consideration_points_outside_its_goal(bakery):
    bakery.edit("goals/keep-regulars.md", "use_cases: [loyalty-stamp-reminders]", "use_cases: [rainy-day-offers]")
    assert check(bakery) == [
        "content/goals/keep-regulars.md:11: considerations[0].use_cases[0]: 'rainy-day-offers' is not one of this goal's use_cases"
    ]


def test_duplicate_slug_after_normalisation(bakery):
    bakery.write("usecases/Rainy_Day_Offers.md", (bakery.content / "usecases/rainy-day-offers.md").read_text())
    problems = check(bakery)
    assert (
        "content/usecases/rainy-day-offers.md:1: slug 'rainy-day-offers' is already used by "
        "content/usecases/Rainy_Day_Offers.md; rename one of the files"
    ) in problems


def test_broken_link_to_a_missing_page(bakery):
    bakery.edit("usecases/rainy-day-offers.md", "(morning-pastry-alerts.md)", "(morning-pastry-alert.md)")
    assert check(bakery) == [
        "content/usecases/rainy-day-offers.md:16: link: 'morning-pastry-alert.md' points to usecases/morning-pastry-alert.md, "
        "which does not exist (did you mean 'usecases/morning-pastry-alerts.md'?)"
    ]


def test_broken_anchor(bakery):
    bakery.edit(GOAL, "rainy-day-offers.md#why-rain", "rainy-day-offers.md#why-snow")
    assert check(bakery) == [
        "content/goals/grow-weekday-footfall.md:15: link: '../usecases/rainy-day-offers.md#why-snow': "
        "content/usecases/rainy-day-offers.md has no heading '#why-snow' (did you mean 'why-rain'?)"
    ]


GENERATED_ANCHORS = [
    "events.md#door-opened",
    "events.md#all-events",
    "reference.md#all-pairings",
    "reference.md#matrix",
    "reference.md#keep-regulars--morning-pastry-alerts",
    "guide.md#keep-regulars",
    "../goals/keep-regulars.md#use-cases",
    "../goals/keep-regulars.md#considerations",
    "../usecases/morning-pastry-alerts.md#for-keep-regulars",
    "../usecases/morning-pastry-alerts.md#for-keep-regulars-events",
]


def test_links_may_target_any_anchor_the_rendered_pages_have(bakery):
    """Fragments are checked against the pages as rendered, templates' sections included."""
    for slug in ("events", "reference"):
        bakery.write(f"pages/{slug}.md", f"---\ntitle: {slug.title()}\ndescription: All of them.\n---\n")
    links = " ".join(f"[link {i}]({href})" for i, href in enumerate(GENERATED_ANCHORS))
    bakery.edit("pages/index.md", "Start with", f"See {links}. Start with")
    run = bakery.run("build", "--base-url", "https://crumb.example/")  # a full address: no warning about it
    assert (run.code, run.err) == (0, "")
    for href in GENERATED_ANCHORS:
        page, _, anchor = href.rpartition("#")
        url = {"events.md": "events/", "reference.md": "reference/", "guide.md": "guide/"}.get(page) or page.removeprefix(
            "../"
        ).removesuffix(".md") + "/"
        assert f'id="{anchor}"' in (bakery.site / url / "index.html").read_text(), href


def test_an_anchor_missing_from_the_rendered_page_is_an_error_and_nothing_is_written(bakery):
    assert bakery.run("build").code == 0
    before = (bakery.site / "index.html").read_bytes()
    bakery.edit("pages/index.md", "Start with", "See [the matrix](guide.md#matrix). Start with")
    run = bakery.run("build")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "content/pages/index.md:6: link: 'guide.md#matrix': content/pages/guide.md has no heading '#matrix'"
    )
    assert (bakery.site / "index.html").read_bytes() == before
    assert check(bakery) == [run.err.splitlines()[0]]


def test_second_h1_in_body(bakery):
    bakery.edit("usecases/loyalty-stamp-reminders.md", "A stamp card", "# Big title\n\nA stamp card")
    assert check(bakery) == [
        "content/usecases/loyalty-stamp-reminders.md:14: body: heading '# Big title' is a second page title; start body headings at '##'"
    ]


def test_every_mistake_is_reported_in_one_run(bakery):
    bakery.edit(GOAL, "order: 1", "order: first")
    bakery.edit(USECASE, "title: Morning pastry alerts", "titel: Morning pastry alerts")
    bakery.edit("usecases/rainy-day-offers.md", "(morning-pastry-alerts.md)", "(nowhere.md)")
    problems = check(bakery)
    assert len(problems) == 4, problems  # the misspelt key is both unknown and leaves title missing
    assert any("order: must be a whole number, got the text 'first'" in p for p in problems)
    assert any("titel: unknown field (did you mean 'title'?)" in p for p in problems)
    assert any("'nowhere.md' points to usecases/nowhere.md" in p for p in problems)


def test_failed_build_leaves_the_previous_site_untouched(bakery):
    assert bakery.run("build").code == 0
    sentinel = bakery.site / "sentinel.txt"
    sentinel.write_text("keep me")
    before = {p: p.read_bytes() for p in bakery.site.rglob("*") if p.is_file()}
    bakery.edit(GOAL, "order: 1", "order: first")
    run = bakery.run("build")
    assert run.code == 1
    assert run.err.strip().endswith("Aborted with 1 content error; nothing was written.")
    assert {p: p.read_bytes() for p in bakery.site.rglob("*") if p.is_file()} == before
    assert [p.name for p in bakery.root.iterdir() if p.name.startswith(".site")] == []


def test_usecase_in_no_goal_is_a_warning_and_an_error_when_strict(bakery):
    bakery.write("usecases/orphan.md", "---\ntitle: Orphan\nsummary: Belongs nowhere.\ngoals: []\n---\n")
    run = bakery.run("check")
    assert run.code == 0
    assert "content/usecases/orphan.md:4: warning: goals: this use case serves no goal" in run.err
    strict = bakery.run("check", "--strict")
    assert strict.code == 1
    assert "content/usecases/orphan.md:4: goals: this use case serves no goal" in strict.err


def test_invalid_site_configuration_is_reported(bakery):
    (bakery.root / "signpost.yaml").write_text("name: 3\ncolour: red\n")
    problems = check(bakery)
    assert problems[0] == "signpost.yaml:1: name: must be text, got the number 3"
    assert problems[1].startswith("signpost.yaml:2: colour: unknown field")


def test_an_unreadable_file_is_reported_once_not_again_by_its_references(bakery):
    bakery.edit("usecases/rainy-day-offers.md", "title: Rainy day offers", "title: [broken")
    problems = check(bakery)
    assert len(problems) == 1, problems
    assert problems[0].startswith("content/usecases/rainy-day-offers.md:3: front matter: not valid YAML")


def test_orphan_page_and_image_without_alt_are_warnings_and_errors_when_strict(bakery):
    bakery.write("pages/lonely.md", "---\ntitle: Lonely\ndescription: Nobody links here.\n---\n![](../oven.png)\n")
    (bakery.content / "oven.png").write_bytes(b"\x89PNG fake")
    run = bakery.run("build", "--base-url", "https://crumb.example/")  # a full address: no warning about it
    assert run.code == 0
    assert (bakery.site / "media/oven.png").read_bytes() == b"\x89PNG fake"  # linked files are copied
    assert run.err.splitlines() == [
        "content/pages/lonely.md:1: warning: no other page links to this page; link to it where it helps, or remove it",
        "content/pages/lonely.md:5: warning: image: '../oven.png' has no alt text; describe it between the brackets: ![what it shows](../oven.png)",
    ]
    strict = bakery.run("build", "--strict", "--base-url", "https://crumb.example/")
    assert strict.code == 1
    assert strict.err.splitlines()[-1] == "Aborted with 2 content errors; nothing was written."


def test_thousands_of_unknown_names_are_all_reported_with_a_bounded_number_of_suggestions(bakery, monkeypatch):
    """Each suggestion compares a name with every choice; on thousands of names that was minutes."""
    import difflib

    from signpost import validate

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    names = "".join(f"  - rainy-day-offer-{i}\n" for i in range(3000))
    bakery.edit(GOAL, "  - rainy-day-offers\n", f"  - rainy-day-offers\n{names}")
    problems = check(bakery)
    assert len([p for p in problems if "unknown use case 'rainy-day-offer-" in p]) == 3000
    assert problems[0].endswith("(did you mean 'rainy-day-offers'?)")
    assert len(calls) <= validate.MAX_SUGGESTIONS


def test_every_broken_link_of_a_long_body_is_reported_on_its_own_line(bakery):
    path = bakery.content / USECASE
    text = path.read_text()
    body_line = text.split("\n").index("---", 1) + 2
    path.write_text(text + "".join(f"See [note {i}](missing-{i}.md).\n" for i in range(5000)))
    first_added = len(text.split("\n"))  # the file ends with a newline: the first added line
    problems = check(bakery)
    lines = {int(p.split(":")[1]) for p in problems if "missing-" in p}
    assert len(lines) == 5000
    assert min(lines) == first_added and max(lines) == first_added + 4999
    assert body_line <= first_added


def test_every_name_the_build_writes_is_refused_as_a_page_slug(bakery):
    from signpost.generated import OUTPUT_NAMES, RESERVED_PAGE_SLUGS

    from signpost.slugs import slugify

    stems = {name.partition(".")[0].strip("/") for name in OUTPUT_NAMES}
    assert set(RESERVED_PAGE_SLUGS) == {s for s in stems if slugify(s) == s}  # no slug can spell _redirects
    for slug in RESERVED_PAGE_SLUGS:
        bakery.write(f"pages/{slug}.md", f"---\ntitle: T {slug}\ndescription: D.\n---\n[Home](index.md)\n")
    assert check(bakery) == [
        f"content/pages/{slug}.md:1: the page would collide with {name}, which the build writes; rename this page"
        for slug, name in sorted(RESERVED_PAGE_SLUGS.items(), key=lambda s: f"{s[0]}.md")
    ]


def test_the_build_writes_nothing_at_the_top_that_the_registry_does_not_name(bakery):
    from signpost.declaration import default_model
    from signpost.generated import OUTPUT_NAMES, generated_pages

    assert bakery.run("build", "--base-url", "https://crumb.example/").code == 0  # a full address: sitemap.xml
    free_pages = {p.stem for p in (bakery.content / "pages").glob("*.md")} | set(generated_pages(default_model()))
    top = {p.name + ("/" if p.is_dir() else "") for p in bakery.site.iterdir()}
    # media/ needs a linked file, _redirects an alias: the bakery has neither. index.md is the home page's Markdown.
    assert top - {f"{slug}/" for slug in free_pages} - {"index.html", "index.md", ".signpost"} == set(OUTPUT_NAMES) - {
        "media/",
        "_redirects",
    }


# -- issue 13: titles and settings ----------------------------------------------------------------


def test_two_use_cases_with_one_title_are_an_error_naming_both(bakery):
    bakery.edit("usecases/rainy-day-offers.md", "title: Rainy day offers", "title: Morning Pastry Alerts")
    run = bakery.run("check")
    assert run.code == 1
    assert (
        "content/usecases/rainy-day-offers.md:2: title: 'Morning Pastry Alerts' is also the title of "
        "content/usecases/morning-pastry-alerts.md; give each its own title"
    ) in run.err


def test_a_goal_and_a_use_case_may_share_a_title(bakery):
    bakery.edit("usecases/rainy-day-offers.md", "title: Rainy day offers", "title: Keep regulars coming back")
    assert bakery.run("check", "--strict").code == 0


@pytest.mark.parametrize(
    "setting, message",
    [
        ("name:\n", "signpost.yaml:{line}: name: is empty: give it a value, or remove the line to use the default"),
        (
            "colors:\n  accent: #6a1b9a\n",
            "signpost.yaml:{line}: colors.accent: is empty: YAML reads '#' as the start of a "
            "comment, so quote the colour, e.g. accent: '#6a1b9a'",
        ),
    ],
)
def test_an_empty_setting_is_an_error_with_its_line(bakery, setting, message):
    (bakery.root / "signpost.yaml").write_text("description: A bakery.\n" + setting)
    run = bakery.run("check")
    assert run.code == 1
    assert message.format(line=1 + setting.count("\n")) in run.err


def test_generated_pages_can_be_linked_without_a_file_of_their_own(bakery):
    """decide.md, reference.md and the rest name pages the engine writes whether or not
    content/pages/ has a file for them: a new guide links to them before writing any."""
    hrefs = [*GENERATED_ANCHORS, "decide.md", "plan.md", "compare.md"]
    for page in ("events.md", "reference.md", "decide.md", "plan.md", "compare.md"):
        assert not (bakery.content / "pages" / page).exists()
    links = " ".join(f"[link {i}]({href})" for i, href in enumerate(hrefs))
    bakery.edit("pages/index.md", "Start with", f"See {links}. Start with")
    run = bakery.run("build", "--base-url", "https://crumb.example/")
    assert (run.code, run.err) == (0, "")
    home = (bakery.site / "index.html").read_text()
    for url in ("/decide/", "/plan/", "/compare/", "/reference/#matrix", "/events/#door-opened"):
        assert f'href="{url}"' in home, url


def test_an_anchor_missing_from_a_generated_page_without_a_file_is_an_error(bakery):
    bakery.edit("pages/index.md", "Start with", "See [it](reference.md#matrx). Start with")
    assert check(bakery) == [
        "content/pages/index.md:6: link: 'reference.md#matrx': pages/reference.md has no heading '#matrx' (did you mean 'matrix'?)"
    ]
