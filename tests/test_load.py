"""Reading files: what cannot be parsed is reported with file and line, and nothing else breaks."""

from __future__ import annotations

import pytest

GOAL = "goals/grow-weekday-footfall.md"


def errors_of(project) -> list[str]:
    run = project.run("check")
    assert run.code == 1
    assert "Traceback" not in run.err
    return run.err.strip().splitlines()[:-1]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "content/goals/grow-weekday-footfall.md:1: the file is empty; it needs front matter between two '---' lines"),
        ("title: x\n", "content/goals/grow-weekday-footfall.md:1: no front matter: the file must start with a line '---'"),
        (
            "---\ntitle: x\n",
            "content/goals/grow-weekday-footfall.md:1: front matter is not closed: add a line '---' after the last field",
        ),
        (
            "---\ntitle: x\norder: [1\n---\n",
            "content/goals/grow-weekday-footfall.md:4: front matter: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence started on line 3)",
        ),
        (
            "---\ntitle: x\n\torder: 1\n---\n",
            "content/goals/grow-weekday-footfall.md:3: front matter: a tab character in YAML; indent with spaces",
        ),
        ("---\ntitle: a\ntitle: b\n---\n", "content/goals/grow-weekday-footfall.md:3: title: this key appears twice; keep one"),
        ("---\n- a\n- b\n---\n", "content/goals/grow-weekday-footfall.md:2: front matter must be a set of 'key: value' lines"),
    ],
)
def test_unreadable_front_matter_is_reported_with_its_line(bakery, text, expected):
    bakery.write(GOAL, text)
    assert expected in errors_of(bakery)


def test_bytes_that_are_not_utf8_name_the_line(bakery):
    (bakery.content / GOAL).write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert errors_of(bakery)[0] == (
        "content/goals/grow-weekday-footfall.md:2: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"
    )


def test_bom_and_crlf_line_endings_build_like_plain_files(bakery):
    path = bakery.content / GOAL
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    run = bakery.run("build")
    assert run.code == 0, run.err
    assert "Grow weekday footfall" in (bakery.site / "goals/grow-weekday-footfall/index.html").read_text()


def test_missing_content_folder_is_a_usage_error(bakery):
    run = bakery.run("check", "--content", "nowhere")
    assert run.code == 2
    assert run.err == "build.py check: error: --content nowhere: no such folder\n"
