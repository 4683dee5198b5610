"""The build cache: a warm build converts only what changed, and no state of the cache folder
(another version's entries, truncated or garbage ones, a folder it cannot write) changes one
byte of the output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from signpost import markup, pipeline
from signpost.cache import MarkdownCache
from signpost.preview.incremental import IncrementalBuilder
from test_bodies import png


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "bakery"
    shutil.copytree(FIXTURES / "bakery", root)
    (root / "content/images").mkdir()
    (root / "content/images/loaf.png").write_bytes(png(40, 30))
    page = root / "content/usecases/rainy-day-offers.md"
    page.write_text(page.read_text() + "\n![A loaf](../images/loaf.png)\n")
    return root


def build(project: Path, out: Path, cache: Path | None) -> pipeline.BuildResult:
    return pipeline.build(project / "content", out, cache_dir=cache)


def cold_tree(project: Path, out: Path) -> dict[str, bytes]:
    """The output of a build without any cache: what every cached build must equal."""
    build(project, out, None)
    return tree(out)


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "markdown").rglob("*.json"))


def test_a_warm_build_converts_only_the_edited_file_and_writes_the_same_bytes(project, tmp_path):
    cold = build(project, tmp_path / "cold", None)
    assert cold.converted > 0 and cold.reused == 0
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "first", cache)
    assert (first.converted, first.reused) == (cold.converted, 0)
    assert len(entries(cache)) == first.converted
    warm = build(project, tmp_path / "warm", cache)
    assert (warm.converted, warm.reused) == (0, cold.converted)
    assert tree(tmp_path / "warm") == tree(tmp_path / "first") == tree(tmp_path / "cold")
    assert warm.notices == []

    page = project / "content/usecases/morning-pastry-alerts.md"
    page.write_text(page.read_text() + "\nOne more sentence, written after the first build.\n")
    edited = build(project, tmp_path / "edited", cache)
    assert (edited.converted, edited.reused) == (1, cold.converted - 1)
    assert tree(tmp_path / "edited") == cold_tree(project, tmp_path / "edited-cold")


def test_a_linked_image_that_changed_size_is_converted_again(project, tmp_path):
    cache = tmp_path / "cache"
    build(project, tmp_path / "first", cache)
    (project / "content/images/loaf.png").write_bytes(png(80, 60))
    again = build(project, tmp_path / "again", cache)
    assert again.converted == 1  # the page showing the image
    html = (tmp_path / "again/usecases/rainy-day-offers/index.html").read_text()
    assert 'height="60" src="/media/images/loaf.png" width="80"' in html
    assert tree(tmp_path / "again") == cold_tree(project, tmp_path / "cold")


def _other_version(path: Path) -> None:
    entry = json.loads(path.read_text())
    entry["engine"] = entry["engine"].replace("[1,", "[0,", 1)
    path.write_text(json.dumps(entry))


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 4)


def _wrong_types(path: Path) -> None:
    entry = json.loads(path.read_text())
    entry["document"]["html"] = ["<script>alert(1)</script>"]
    path.write_text(json.dumps(entry))


def _wrong_link_kind(path: Path) -> None:
    entry = json.loads(path.read_text())
    entry["document"]["links"] = [["x", "y", "", "javascript"]]
    path.write_text(json.dumps(entry))


def _deeply_nested(path: Path) -> None:
    """Nesting too deep for json.loads (RecursionError), as a crafted file could be."""
    entry = json.loads(path.read_text())
    entry["document"]["toc"] = None
    path.write_text(json.dumps(entry).replace('"toc": null', '"toc": ' + "[" * 100_000 + "]" * 100_000))


@pytest.mark.parametrize("spoil", [_other_version, _truncated, _garbage, _wrong_types, _wrong_link_kind, _deeply_nested])
def test_a_spoiled_cache_is_ignored_with_one_warning_and_changes_no_byte(project, tmp_path, spoil):
    cache = tmp_path / "cache"
    build(project, tmp_path / "first", cache)
    for path in entries(cache):
        spoil(path)
    spoiled = build(project, tmp_path / "spoiled", cache)
    assert spoiled.reused == 0
    assert len(spoiled.notices) == 1
    assert spoiled.notices[0].startswith(f"warning: build cache {cache / 'markdown'}")
    assert "ignored" in spoiled.notices[0]
    assert tree(tmp_path / "spoiled") == cold_tree(project, tmp_path / "cold")
    healed = build(project, tmp_path / "healed", cache)  # the spoiled entries were replaced
    assert (healed.reused, healed.notices) == (spoiled.converted, [])


def test_a_cache_it_cannot_write_costs_speed_not_the_build(project, tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    result = build(project, tmp_path / "site", blocked)
    assert len(result.notices) == 1 and "could not be written" in result.notices[0]
    assert blocked.read_text() == "a file where the cache folder should be"
    assert tree(tmp_path / "site") == cold_tree(project, tmp_path / "cold")


def test_the_command_line_uses_the_xdg_cache_folder_unless_told_otherwise(bakery, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert bakery.run("build").code == 0
    assert entries(tmp_path / "xdg/signpost/build")
    assert bakery.run("build", "--out", "other", "--cache-dir", str(tmp_path / "mine")).code == 0
    assert entries(tmp_path / "mine")
    shutil.rmtree(tmp_path / "xdg")
    assert bakery.run("build", "--no-cache").code == 0
    assert not (tmp_path / "xdg").exists()


@pytest.mark.parametrize("inside", ["site/cache", "content/cache"])
def test_a_cache_folder_inside_the_output_or_the_content_is_refused(bakery, inside):
    run = bakery.run("build", "--cache-dir", inside)
    assert run.code == 2
    assert run.err.startswith(f"build.py build: error: --cache-dir {inside}: ")
    assert not (bakery.root / inside).exists()


def test_keys_change_with_everything_a_conversion_reads(tmp_path):
    cache = MarkdownCache(tmp_path)
    base = cache.key("text", "usecases/a.md", ("/", ["Event"], "events"))
    assert (
        len(
            {
                base,
                cache.key("text!", "usecases/a.md", ("/", ["Event"], "events")),
                cache.key("text", "usecases/b.md", ("/", ["Event"], "events")),
                cache.key("text", "usecases/a.md", ("/docs/", ["Event"], "events")),
                cache.key("text", "usecases/a.md", ("/", ["Event", "Other"], "events")),
                cache.key("text", "usecases/a.md", ("/", ["Event"], "signals")),
            }
        )
        == 6
    )
    assert cache.key("text", "usecases/a.md", ("/", ["Event"], "events")) == base


def test_a_fresh_preview_reads_the_cache_and_its_rebuilds_do_not(project, tmp_path):
    uncached = tree(build_preview(project, tmp_path / "uncached"))
    cache = tmp_path / "cache"
    build(project, tmp_path / "site", cache)
    markup.forget_conversions()  # as in a new process: nothing remembered but the cache
    before = markup.conversions()
    preview = IncrementalBuilder(project / "content", tmp_path / "live", cache_dir=cache)
    assert preview.build().notices == []
    assert markup.conversions() == before  # every body came from the cache
    assert tree(tmp_path / "live") == uncached
    page = project / "content/usecases/morning-pastry-alerts.md"
    page.write_text(page.read_text() + "\nWritten while the preview runs.\n")
    entries_before = entries(cache)
    preview.build()
    assert markup.conversions() == before + 1
    assert entries(cache) == entries_before  # a rebuild leaves the cache to the next fresh start


def build_preview(project: Path, out: Path) -> Path:
    markup.forget_conversions()
    IncrementalBuilder(project / "content", out).build()
    return out


def test_a_build_whose_bodies_all_come_from_the_cache_never_imports_the_markdown_libraries(project, tmp_path):
    """Python-Markdown and pymdown-extensions take about 30 ms to import, most of a warm
    build of a small guide: only a body that must be converted may import them."""
    cache = tmp_path / "cache"
    script = (
        "import sys; from pathlib import Path; from signpost import pipeline; "
        f"pipeline.build(Path({str(project / 'content')!r}), Path(sys.argv[1]), cache_dir=Path({str(cache)!r})); "
        "print(sorted(name for name in ('markdown', 'pymdownx') if name in sys.modules))"
    )

    def imported(out: str) -> str:
        run = subprocess.run([sys.executable, "-c", script, str(tmp_path / out)], capture_output=True, text=True, cwd=ROOT)
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert imported("cold") == "['markdown', 'pymdownx']"
    assert imported("warm") == "[]"
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")
