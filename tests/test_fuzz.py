"""Property tests: whatever authors write, the engine answers with a build or a ContentError.

Hypothesis generates front matter (random YAML values in every field), raw bytes, file names
and link targets; no input may raise any other exception, slugs must be URL-safe and stable,
and no link may leave the rewriter with an unsafe URL.
"""

from __future__ import annotations

import re
import string
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from signpost.load import load_file
from signpost.markup import convert
from signpost.pipeline import check, read_project
from signpost.problems import ContentError
from signpost.slugs import slugify

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["grow", "plant", "Seed Planted", ""]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=12,
)
FIELDS = [
    "title",
    "summary",
    "goals",
    "goal",
    "description",
    "helps_you",
    "events",
    "name",
    "properties",
    "sources",
    "destinations",
    "order",
    "use_cases",
    "considerations",
    "question",
]
front_matter = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), values, max_size=8)

GOAL = (
    "---\ntitle: Grow\norder: 1\nhelps_you: grow\nsummary: Grow.\nuse_cases: [plant]\n"
    "considerations:\n  - question: Do you?\n    use_cases: [plant]\n---\nBody.\n"
)


def build_or_content_error(usecase_text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        for sub in ("goals", "usecases", "pages"):
            (content / sub).mkdir(parents=True)
        (content / "goals/grow.md").write_text(GOAL)
        target = content / "usecases/plant.md"
        target.write_bytes(usecase_text if isinstance(usecase_text, bytes) else usecase_text.encode("utf-8", "surrogatepass"))
        try:
            check(content)  # validates, then renders every page in memory
        except ContentError as err:
            assert err.problems and all(str(p) for p in err.problems)


@FAST
@given(front_matter, st.text(max_size=200))
def test_any_front_matter_builds_or_is_a_content_error(meta, body):
    build_or_content_error("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body)


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_build_or_are_a_content_error(data):
    build_or_content_error(data)


@FAST
@given(st.text(max_size=300))
def test_loader_never_raises(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.md"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        record, problems = load_file(path, "usecase", "usecases/x.md")
        assert record is not None or problems  # no record is always explained
        assert all(str(p) for p in problems)


SLUG = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*)?$")


@FAST
@given(st.text(max_size=60))
def test_slugs_are_url_safe_and_stable(name):
    slug = slugify(name)
    assert SLUG.match(slug)
    assert slugify(slug) == slug  # stable: a slug is its own slug
    assert slugify(name) == slug  # deterministic


@FAST
@given(st.lists(st.text(alphabet=string.ascii_letters + "-_ .éÉ", min_size=1, max_size=12), min_size=2, max_size=6))
def test_files_whose_slugs_collide_are_reported(names):
    slugs = [slugify(n) for n in names]
    # Empty slugs have their own message; the file system may merge names differing in case only.
    assume("" not in slugs and len({n.lower() for n in names}) == len(names))
    assume(not any("/" in n or n.startswith(".") for n in names))
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "pages").mkdir(parents=True)
        for i, name in enumerate(names):  # titles differ: only the slugs may collide
            (content / "pages" / f"{name}.md").write_text(f"---\ntitle: T{i}\ndescription: D.\n---\n")
        try:
            read_project(content)
            collided = False
        except ContentError as err:
            collided = any("is already used by" in str(p) for p in err.problems)
        assert collided == (len(set(slugs)) < len(slugs))


class _Urls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("href", "src") and value is not None]


def browser_scheme(url: str) -> str:
    """The scheme a browser would see: it drops leading controls and spaces, and tabs and newlines anywhere."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21))))
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


hrefs = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(
            [
                "javascript:",
                "JaVaScRiPt:",
                " javascript:",
                "java\tscript:",
                "data:",
                "vbscript:",
                "../",
                "../../",
                "/",
                "#",
                "x.md#",
                "mailto:",
            ]
        ),
        st.text(max_size=20),
    ),
)


@FAST
@given(hrefs)
def test_the_link_rewriter_lets_no_unsafe_url_through(href):
    body = f"[link]({href}) ![image]({href}) <{href}>"
    document = convert(body, "usecases/plant.md", "/")
    parser = _Urls()
    parser.feed(document.html)
    assert all(browser_scheme(url) in ("", "http", "https", "mailto") for url in parser.urls), parser.urls
