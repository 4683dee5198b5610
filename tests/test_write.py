"""Writing the site: a swap, never a half-written folder, and no leftovers."""

from __future__ import annotations

import pytest

from signpost.write import MARKER, write_site


def test_new_site_replaces_old_completely(tmp_path):
    out = tmp_path / "site"
    write_site({"a.html": b"old", "gone.html": b"x"}.items(), out)
    write_site({"a.html": b"new", "dir/b.html": b"b"}.items(), out)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [MARKER, "a.html", "dir/b.html"]
    assert (out / "a.html").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_stale_temporary_folders_from_a_killed_build_are_removed(tmp_path):
    out = tmp_path / "site"
    (tmp_path / ".site.tmp-abandoned").mkdir()
    (tmp_path / ".site.tmp-abandoned/half.html").write_text("half")
    write_site([("index.html", b"ok")], out)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_error_while_writing_keeps_the_old_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site([("index.html", b"old")], out)

    def boom():
        yield "index.html", b"new"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_site(boom(), out)
    assert (out / "index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
