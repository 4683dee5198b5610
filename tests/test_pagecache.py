"""The rendered-page cache: a build after an edit renders only the pages the edit can change,
including pages an override template makes show another file's body, and whatever state the
cache is in, the output is byte for byte that of a build without it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from signpost import markup, pipeline
from signpost.preview.incremental import IncrementalBuilder
from test_cache import cold_tree, tree


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    return root


def build(project: Path, out: Path, cache: Path, base_url: str | None = None) -> pipeline.BuildResult:
    return pipeline.build(project / "content", out, base_url=base_url, cache_dir=cache)


def slots(cache: Path) -> list[Path]:
    return sorted((cache / "pages").rglob("*.page"))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def every_page(project: Path) -> int:
    """The pages built from files and from the model (the guide, the reference, ...)."""
    catalog = pipeline.load_project(project / "content").catalog
    return len(catalog.pages) + len(catalog.goals) + len(catalog.usecases)


def test_a_body_edit_renders_that_page_alone_and_the_site_is_the_same_as_without_cache(project, tmp_path):
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "first", cache)
    assert (first.rendered, first.kept) == (every_page(project), 0)
    assert len(slots(cache)) == first.rendered
    again = build(project, tmp_path / "again", cache)
    assert (again.rendered, again.kept) == (0, first.rendered)
    assert tree(tmp_path / "again") == tree(tmp_path / "first") == cold_tree(project, tmp_path / "cold")

    append(project / "content/usecases/morning-pastry-alerts.md", "\nA sentence written after the first build.\n")
    edited = build(project, tmp_path / "edited", cache)
    assert (edited.rendered, edited.kept) == (1, first.rendered - 1)
    assert (
        "A sentence written after the first build." in (tmp_path / "edited/usecases/morning-pastry-alerts/index.html").read_text()
    )
    assert tree(tmp_path / "edited") == cold_tree(project, tmp_path / "edited-cold")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: _retitle(p / "content/usecases/rainy-day-offers.md"), id="a use case's title"),
        pytest.param(lambda p: append(p / "signpost.yaml", "\nfeedback_url: https://example.org/feedback\n"), id="settings"),
        pytest.param(lambda p: _override(p, "<p>Printed by an override.</p>"), id="a template"),
    ],
)
def test_a_change_any_page_may_show_renders_every_page(project, tmp_path, change):
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "first", cache)
    change(project)
    changed = build(project, tmp_path / "changed", cache)
    assert (changed.rendered, changed.kept) == (first.rendered, 0)
    assert tree(tmp_path / "changed") == cold_tree(project, tmp_path / "cold")


def test_another_base_url_renders_every_page(project, tmp_path):
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "first", cache, "https://example.org/")
    other = build(project, tmp_path / "other", cache, "https://example.net/docs/")
    assert (other.rendered, other.kept) == (first.rendered, 0)
    pipeline.build(project / "content", tmp_path / "cold", base_url="https://example.net/docs/")
    assert tree(tmp_path / "other") == tree(tmp_path / "cold")


def test_a_page_that_shows_another_files_body_is_rendered_again_when_that_body_changes(project, tmp_path):
    """An override makes every use case page show the first goal's body: the cache must notice
    that they read it, without knowing anything of the override."""
    _override(project, "<aside>{{ catalog.goals[0].doc | body }}</aside>")
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "first", cache)
    goal = project / "content/goals/grow-weekday-footfall.md"
    usecases = len(list((project / "content/usecases").glob("*.md")))

    append(goal, "\nA goal sentence every use case page shows.\n")
    edited = build(project, tmp_path / "edited", cache)
    assert (edited.rendered, edited.kept) == (1 + usecases, first.rendered - 1 - usecases)
    page = (tmp_path / "edited/usecases/rainy-day-offers/index.html").read_text()
    assert "A goal sentence every use case page shows." in page
    assert tree(tmp_path / "edited") == cold_tree(project, tmp_path / "cold")

    append(project / "content/goals/keep-regulars.md", "\nA sentence no other page shows.\n")
    assert build(project, tmp_path / "other", cache).rendered == 1


def test_two_guides_sharing_the_cache_keep_their_own_pages(project, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    append(twin / "content/usecases/rainy-day-offers.md", "\nOnly the twin says this.\n")
    cache = tmp_path / "cache"
    build(project, tmp_path / "one", cache)
    build(twin, tmp_path / "two", cache)
    assert build(project, tmp_path / "one", cache).rendered == 0
    assert build(twin, tmp_path / "two", cache).rendered == 0
    assert "Only the twin says this." in (tmp_path / "two/usecases/rainy-day-offers/index.html").read_text()
    assert "Only the twin says this." not in (tmp_path / "one/usecases/rainy-day-offers/index.html").read_text()


def _retitle(path: Path) -> None:
    text = path.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(title, "title: A title changed after the first build", 1))


def _override(project: Path, extra: str) -> None:
    templates = project / "theme/templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "usecase.html").write_text(
        '{% extends "builtin/usecase.html" %}\n{% block content %}{{ super() }}' + extra + "{% endblock content %}\n"
    )


def _other_format(path: Path) -> None:
    header, _, page = path.read_bytes().partition(b"\n")
    slot = json.loads(header)
    slot["format"] = 0
    path.write_bytes(json.dumps(slot).encode() + b"\n" + page)


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size - 100])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 4)


def _page_swapped(path: Path) -> None:
    """Another page's bytes under this page's header, as a crafted or mixed-up file could hold."""
    header, _, page = path.read_bytes().partition(b"\n")
    path.write_bytes(header + b"\n" + page.replace(b"<main", b"<main data-tampered", 1))


def _wrong_types(path: Path) -> None:
    header, _, page = path.read_bytes().partition(b"\n")
    slot = json.loads(header)
    slot["reads"] = ["usecases/x.md"]
    path.write_bytes(json.dumps(slot).encode() + b"\n" + page)


def _no_header(path: Path) -> None:
    path.write_bytes(b'{"format": 1}')


@pytest.mark.parametrize("spoil", [_other_format, _truncated, _garbage, _page_swapped, _wrong_types, _no_header])
def test_spoiled_pages_are_ignored_with_one_warning_and_change_no_byte(project, tmp_path, spoil):
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "first", cache)
    for path in slots(cache):
        spoil(path)
    spoiled = build(project, tmp_path / "spoiled", cache)
    assert (spoiled.rendered, spoiled.kept) == (first.rendered, 0)
    assert len(spoiled.notices) == 1
    assert spoiled.notices[0].startswith(f"warning: build cache {cache / 'pages'}")
    assert "ignored" in spoiled.notices[0]
    assert tree(tmp_path / "spoiled") == cold_tree(project, tmp_path / "cold")
    healed = build(project, tmp_path / "healed", cache)
    assert (healed.rendered, healed.kept, healed.notices) == (0, first.rendered, [])


def test_a_fresh_preview_reads_back_the_pages_the_last_preview_rendered(project, tmp_path):
    uncached = tree(build_preview(project, tmp_path / "uncached"))
    cache = tmp_path / "cache"
    build(project, tmp_path / "site", cache)
    built = {path: path.stat().st_mtime_ns for path in slots(cache)}
    build_preview(project, tmp_path / "first", cache)
    previewed = {path: path.stat().st_mtime_ns for path in slots(cache)}
    assert len(previewed) == 2 * len(built)  # the preview's pages differ from a build's: both are kept
    assert tree(build_preview(project, tmp_path / "again", cache)) == uncached
    assert {path: path.stat().st_mtime_ns for path in slots(cache)} == previewed  # read back, none rendered
    assert build(project, tmp_path / "site", cache).rendered == 0  # the build's own pages are still there


def build_preview(project: Path, out: Path, cache: Path | None = None) -> Path:
    markup.forget_conversions()
    IncrementalBuilder(project / "content", out, cache_dir=cache).build()
    return out


def test_a_file_in_the_templates_folder_that_is_not_text_does_not_stop_the_cache(project, tmp_path):
    _override(project, "")
    (project / "theme/templates/.DS_Store").write_bytes(b"\x00\x05\x16\x07\xff\xfe Bud1")
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "first", cache)
    assert first.notices == [] and build(project, tmp_path / "again", cache).rendered == 0
    assert tree(tmp_path / "again") == cold_tree(project, tmp_path / "cold")


# -- the search index ---------------------------------------------------------------------------


@pytest.fixture
def pagefind_runs(monkeypatch) -> list[Path]:
    """The folders Pagefind indexed, as the build cache's search index asks it to."""
    from signpost import search

    runs: list[Path] = []
    real = search.index_site
    monkeypatch.setattr(search, "index_site", lambda folder, *args: runs.append(folder) or real(folder, *args))
    return runs


def index_slots(cache: Path) -> list[Path]:
    return sorted((cache / "search").glob("*.index"))


def test_a_build_of_the_same_pages_copies_the_search_index_instead_of_running_pagefind(project, tmp_path, pagefind_runs):
    cache = tmp_path / "cache"
    assert not build(project, tmp_path / "first", cache).index_kept
    again = build(project, tmp_path / "again", cache)
    assert again.index_kept and len(pagefind_runs) == 1
    cold = cold_tree(project, tmp_path / "cold")
    assert any(name.startswith("pagefind/fragment/") for name in cold)
    assert tree(tmp_path / "again") == cold

    append(project / "content/usecases/rainy-day-offers.md", "\nA word to find: umbrellas.\n")
    edited = build(project, tmp_path / "edited", cache)
    assert not edited.index_kept and len(pagefind_runs) == 2
    assert tree(tmp_path / "edited") == cold_tree(project, tmp_path / "edited-cold")


def test_pagefinds_configuration_in_the_working_folder_is_part_of_the_key(project, tmp_path, monkeypatch, pagefind_runs):
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    build(project, tmp_path / "first", cache)
    (tmp_path / "pagefind.yml").write_text("exclude_selectors: ['h2']\n")
    assert not build(project, tmp_path / "again", cache).index_kept


def _escaping(path: Path) -> None:
    """A crafted slot naming a file outside the index folder."""
    header, _, body = path.read_bytes().partition(b"\n")
    slot = json.loads(header)
    slot["files"][0][0] = "../../escaped.html"
    path.write_bytes(json.dumps(slot).encode() + b"\n" + body)


def _index_truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-10])


def _index_tampered(path: Path) -> None:
    header, _, body = path.read_bytes().partition(b"\n")
    path.write_bytes(header + b"\n" + bytes([body[0] ^ 1]) + body[1:])


@pytest.mark.parametrize("spoil", [_escaping, _index_truncated, _index_tampered, _garbage, _no_header])
def test_a_spoiled_search_index_is_ignored_with_one_warning_and_changes_no_byte(project, tmp_path, spoil, pagefind_runs):
    cache = tmp_path / "cache"
    build(project, tmp_path / "first", cache)
    for path in index_slots(cache):
        spoil(path)
    spoiled = build(project, tmp_path / "out/spoiled", cache)
    assert not spoiled.index_kept and len(pagefind_runs) == 2
    assert len(spoiled.notices) == 1 and spoiled.notices[0].startswith(f"warning: build cache {cache / 'search'}")
    assert tree(tmp_path / "out/spoiled") == cold_tree(project, tmp_path / "cold")
    assert not list(tmp_path.rglob("escaped.html"))
    assert build(project, tmp_path / "healed", cache).index_kept


def test_a_slot_naming_another_file_cannot_write_outside_the_site(project, tmp_path):
    """The file a kept page goes to follows from the page's address, never from the cache."""
    cache = tmp_path / "cache"
    build(project, tmp_path / "first", cache)
    for path in slots(cache):
        header, _, page = path.read_bytes().partition(b"\n")
        slot = json.loads(header)
        slot["path"] = "../../escaped.html"
        path.write_bytes(json.dumps(slot).encode() + b"\n" + page)
    again = build(project, tmp_path / "out/again", cache)
    assert again.rendered == 0
    assert not list(tmp_path.rglob("escaped.html"))
    assert tree(tmp_path / "out/again") == cold_tree(project, tmp_path / "cold")
