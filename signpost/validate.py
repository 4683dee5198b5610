"""Stage 2, validate: schema, cross-references and links. Every problem is collected, none raised.

Messages say what is wrong and what would be right, in the author's terms
("'title' must be text"), never Python's (`<class 'str'>`).
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import html
import re
from collections import Counter, defaultdict
from pathlib import Path
from collections.abc import Callable, Collection, Set
from typing import Any
from urllib.parse import urlsplit

from .load import Record
from .document import Document, Link, linked_file
from .generated import RESERVED_PAGE_SLUGS, generated_pages
from .problems import FieldPath, Problem, field_name
from .redirects import alias_targets
from .declaration import ModelDeclaration
from .schema import SCHEMAS, Field, usecase_fields
from .slugs import KIND_FOLDERS, Kind, page_file, page_url, slugify

_URL = re.compile(r"https?://[^\s\"'<>]+\Z")
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")
# A BCP 47 language tag as far as it matters here: en, fr, pt-BR, zh-Hant-TW.
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
# A URL path of plain parts: no backslash (browsers read it as '/'), no '//' (another host).
_URL_PATH = re.compile(r"/(?:[A-Za-z0-9_.~!$&'()*+,;=:@%-]+/)*(?:[A-Za-z0-9_.~!$&'()*+,;=:@%-]+)?\Z")

# Longer slugs make folder names some file systems refuse; no real title needs more.
MAX_SLUG_LENGTH = 120


def base_url_problem(value: object) -> str | None:
    """Why `value` cannot be a base URL: '/', a path such as /docs/, or an absolute http(s) URL."""
    advice = "must be '/', a path such as /docs/ or a full address such as https://example.com/docs/"
    if not isinstance(value, str):
        return f"{advice}, got {_describe(value)}"
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return f"{advice}, got '{value}'"
    absolute = parts.scheme in ("http", "https") and parts.hostname and not parts.username and port_ok
    path = parts.path if absolute else value
    if (
        parts.scheme
        and not absolute
        or parts.query
        or parts.fragment
        or (path and not _URL_PATH.match(path))
        or (not absolute and not path)
        or any(part in (".", "..") for part in path.split("/"))
    ):
        return f"{advice}, got '{value}'"
    return None


# A suggestion compares the word with every choice; past these numbers (a pasted list of
# thousands of names, or an attack on the build) suggestions would take minutes and help no one.
MAX_SUGGESTION_CHOICES = 2_000
MAX_SUGGESTIONS = 100  # per check of the whole content


def nearest(word: str, choices: Collection[str]) -> str:
    """' (did you mean 'x'?)' when a close choice exists, else ''."""
    if len(choices) > MAX_SUGGESTION_CHOICES:
        return ""
    match = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


class Suggestions:
    """nearest() for the first MAX_SUGGESTIONS unknown names of one check, then nothing."""

    def __init__(self) -> None:
        self.left = MAX_SUGGESTIONS

    def __call__(self, word: str, choices: Collection[str]) -> str:
        self.left -= 1
        return nearest(word, choices) if self.left >= 0 else ""


# -- schema -----------------------------------------------------------------------------------


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (quote it if you mean text)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value} (quote it if you mean text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "nothing"
    return f"the text '{value}'"


def check_fields(
    data: dict[str, Any], fields: tuple[Field, ...], path: FieldPath, at: Callable[[FieldPath], int | None], shown: str
) -> list[Problem]:
    """Check one mapping against a schema; `at(path)` gives a field's line."""
    problems = []

    def problem(sub: FieldPath, message: str) -> None:
        problems.append(Problem(shown, at(sub), field_name(sub), message))

    known = {f.name: f for f in fields}
    for key in data:
        if key not in known:
            problem(path + (key,), f"unknown field{nearest(key, known)}; known fields: {', '.join(known)}")
    for f in fields:
        sub = path + (f.name,)
        if f.name not in data or data[f.name] is None:
            if f.required:
                problem(sub if f.name in data else path, f"'{f.name}' is required: {f.doc}")
            elif f.name in data and f.kind == "color":  # `accent: #6a1b9a` is YAML for an empty value and a comment
                problem(sub, f"is empty: YAML reads '#' as the start of a comment, so quote the colour, e.g. {f.name}: '#6a1b9a'")
            elif f.name in data:  # an empty line silently meaning "default" hides a typo
                problem(sub, "is empty: give it a value, or remove the line to use the default")
            continue
        value = data[f.name]
        if f.kind == "text":
            if not isinstance(value, str):
                problem(sub, f"must be text, got {_describe(value)}")
            elif not value.strip():
                problem(sub, "must not be empty")
        elif f.kind == "text_map":  # free keys: their owner checks them (messages.override_problems)
            if not isinstance(value, dict):
                problem(sub, f"must be a set of 'key: text' lines such as 'nav.menu: Contents', got {_describe(value)}")
        elif f.kind == "boolean":
            if not isinstance(value, bool):
                problem(sub, f"must be true or false, got {_describe(value)}")
        elif f.kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                problem(sub, f"must be a whole number, got {_describe(value)}")
        elif f.kind == "date":
            if not isinstance(value, datetime.date):
                problem(sub, f"must be a date written YYYY-MM-DD, got {_describe(value)}")
        elif f.kind == "url":
            if not isinstance(value, str) or not _URL.match(value):
                problem(sub, f"must be a web address starting with https:// or http://, got {_describe(value)}")
        elif f.kind == "language":
            if not isinstance(value, str) or not _LANGUAGE.match(value):
                problem(sub, f"must be a language code such as en, fr or pt-BR, got {_describe(value)}")
        elif f.kind == "base_url":
            message = base_url_problem(value)
            if message:
                problem(sub, message)
        elif f.kind == "color":
            if not isinstance(value, str) or not _COLOR.match(value):
                problem(sub, f"must be a hex colour such as '#0b57b8' (quote it), got {_describe(value)}")
        elif f.kind == "mapping":
            if not isinstance(value, dict):
                problem(sub, f"must be a set of fields ({', '.join(k.name for k in f.items)}), got {_describe(value)}")
            else:
                problems += check_fields(value, f.items, sub, at, shown)
        elif not isinstance(value, list):
            example = "[a, b]" if f.kind == "text_list" else "a '- ' item per entry"
            problem(sub, f"must be a list ({example}), got {_describe(value)}")
        else:
            if f.non_empty and not value:
                problem(sub, "must list at least one entry")
            for index, item in enumerate(value):
                if f.kind == "text_list":
                    if not isinstance(item, str) or not item.strip():
                        problem(sub + (index,), f"must be text, got {_describe(item)}")
                elif not isinstance(item, dict):
                    problem(
                        sub + (index,), f"must be a set of fields ({', '.join(k.name for k in f.items)}), got {_describe(item)}"
                    )
                else:
                    problems += check_fields(item, f.items, sub + (index,), at, shown)
            first: dict[str, int] = {}  # one pass: a list may hold 100,000 entries
            repeated: set[str] = set()
            for index, item in enumerate(value):
                if isinstance(item, str) and first.setdefault(item, index) != index:
                    repeated.add(item)
            for dup in sorted(repeated):
                problem(sub + (first[dup],), f"'{dup}' is listed twice")
    return problems


def check_schema(records: list[Record], model: ModelDeclaration) -> list[Problem]:
    """Check every record's front matter against its kind's schema (a use case's depends on
    the declared model).

    A record never changes once loaded, so its result is kept on it, with the model it was
    checked against: the preview, which reuses unchanged records, checks only the files that
    changed (or all of them when the model changes).
    """
    schemas = {**SCHEMAS, "usecase": usecase_fields(model)}
    problems = []
    for r in records:
        if r.schema_problems is None or r.schema_problems[0] != model:
            r.schema_problems = (model, check_fields(r.meta, schemas[r.kind], (), r.line, r.path))
        problems += r.schema_problems[1]
    return problems


# -- references between files ----------------------------------------------------------------


def _entries(record: Record, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The well-formed (index, mapping) items of a list field; schema problems are reported elsewhere."""
    value = record.meta.get(key)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _texts(value: object) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def check_references(
    records: list[Record],
    model: ModelDeclaration,
    unreadable: Set[str] = frozenset(),
    drafts: dict[tuple[Kind, str], Record] | None = None,
) -> list[Problem]:
    """Slugs are unique; goals and use cases name each other consistently.

    A reference to a file that exists but could not be read is not checked: that file's own
    problem is already reported. `drafts` are the files left out as drafts, by (kind, slug): a
    published file naming one is told so.
    """
    drafts = drafts or {}
    problems: list[Problem] = []
    nearest = Suggestions()
    unreadable_slugs = {slugify(Path(rel).stem) for rel in unreadable}
    by_kind: dict[Kind, dict[str, Record]] = defaultdict(dict)
    titles: dict[tuple[Kind, str], Record] = {}
    for r in records:
        if not r.slug:
            problems.append(Problem(r.path, 1, "", "the file name has no letters or digits to make a URL from; rename the file"))
            continue
        if len(r.slug) > MAX_SLUG_LENGTH:
            problems.append(
                Problem(
                    r.path, 1, "", f"the file name makes a {len(r.slug)}-character slug; shorten it to at most {MAX_SLUG_LENGTH}"
                )
            )
            continue
        other = by_kind[r.kind].get(r.slug)
        title = r.meta.get("title")
        if not other and isinstance(title, str) and title.strip():  # entries readers could not tell apart
            first = titles.setdefault((r.kind, title.strip().casefold()), r)
            if first is not r:
                problems.append(
                    Problem(
                        r.path,
                        r.line(("title",)),
                        "title",
                        f"'{title}' is also the title of {first.path}; give each its own title",
                    )
                )
        if other:
            problems.append(Problem(r.path, 1, "", f"slug '{r.slug}' is already used by {other.path}; rename one of the files"))
        else:
            by_kind[r.kind][r.slug] = r
        if r.kind == "page" and r.slug in RESERVED_PAGE_SLUGS:
            problems.append(
                Problem(
                    r.path,
                    1,
                    "",
                    f"the page would collide with {RESERVED_PAGE_SLUGS[r.slug]}, which the build writes; rename this page",
                )
            )
    goals, usecases = by_kind["goal"], by_kind["usecase"]

    orders: dict[int, Record] = {}
    for g in goals.values():
        order = g.meta.get("order")
        if not isinstance(order, int):
            continue
        if order in orders:
            problems.append(
                Problem(
                    g.path,
                    g.line(("order",)),
                    "order",
                    f"{order} is also the order of {orders[order].path}; give each goal its own",
                )
            )
        orders.setdefault(order, g)

    claimed_by_usecases = {
        (u.slug, e["goal"]) for u in usecases.values() for _, e in _entries(u, "goals") if isinstance(e.get("goal"), str)
    }
    for g in goals.values():
        listed = dict(_texts(g.meta.get("use_cases")))
        listed_slugs = set(listed.values())
        for i, slug in listed.items():
            at: FieldPath = ("use_cases", i)
            if slug in unreadable_slugs and slug not in usecases:
                continue
            if slug not in usecases and ("usecase", slug) in drafts:
                problems.append(
                    Problem(
                        g.path,
                        g.line(at),
                        field_name(at),
                        f"use case '{slug}' is a draft (draft: true in "
                        f"{drafts['usecase', slug].path}); publish it or remove it here",
                    )
                )
            elif slug not in usecases:
                problems.append(
                    Problem(g.path, g.line(at), field_name(at), f"unknown use case '{slug}'{nearest(slug, usecases)}")
                )
            elif (slug, g.slug) not in claimed_by_usecases:
                problems.append(
                    Problem(
                        g.path,
                        g.line(at),
                        field_name(at),
                        f"use case '{slug}' does not list this goal (add '- goal: {g.slug}' to {usecases[slug].path}, or remove it here)",
                    )
                )
        for ci, consideration in _entries(g, "considerations"):
            for ui, slug in _texts(consideration.get("use_cases")):
                at = ("considerations", ci, "use_cases", ui)
                if slug not in listed_slugs:
                    problems.append(
                        Problem(
                            g.path,
                            g.line(at),
                            field_name(at),
                            f"'{slug}' is not one of this goal's use_cases{nearest(slug, listed_slugs)}",
                        )
                    )

    goal_listings = {slug: _texts_set(g.meta.get("use_cases")) for slug, g in goals.items()}
    for u in usecases.values():
        seen = set()
        for i, entry in _entries(u, "goals"):
            goal, at = entry.get("goal"), ("goals", i, "goal")
            if not isinstance(goal, str):
                continue
            if goal in seen:
                problems.append(Problem(u.path, u.line(at), field_name(at), f"goal '{goal}' appears twice; merge the entries"))
            seen.add(goal)
            if goal in unreadable_slugs and goal not in goals:
                continue
            if goal not in goals and ("goal", goal) in drafts:
                problems.append(
                    Problem(
                        u.path,
                        u.line(at),
                        field_name(at),
                        f"goal '{goal}' is a draft (draft: true in {drafts['goal', goal].path}); publish it or remove this entry",
                    )
                )
            elif goal not in goals:
                problems.append(Problem(u.path, u.line(at), field_name(at), f"unknown goal '{goal}'{nearest(goal, goals)}"))
            elif u.slug not in goal_listings[goal]:
                problems.append(
                    Problem(
                        u.path,
                        u.line(at),
                        field_name(at),
                        f"goal '{goal}' does not list this use case (add '{u.slug}' to use_cases in {goals[goal].path}, or remove this entry)",
                    )
                )
            if model.items:
                key = model.items.key
                names = Counter(
                    e["name"] for e in _list(entry.get(key)) if isinstance(e, dict) and isinstance(e.get("name"), str)
                )
                for dup in sorted(n for n, count in names.items() if count > 1):
                    at_e = ("goals", i, key)
                    problems.append(
                        Problem(u.path, u.line(at_e), field_name(at_e), f"'{dup}' is listed twice; merge its properties")
                    )
        if not seen:
            problems.append(
                Problem(
                    u.path, u.line(("goals",)), "goals", "this use case serves no goal, so no goal page links to it", warning=True
                )
            )
    return problems


def _texts_set(value: object) -> set[str]:
    return {v for _, v in _texts(value)}


# -- links --------------------------------------------------------------------------------------


def item_names(records: list[Record], model: ModelDeclaration) -> frozenset[str]:
    """Names of every well-formed entry of the items list, for linking mentions in bodies."""
    if model.items is None:
        return frozenset()
    key = model.items.key
    return frozenset(
        ev["name"]
        for u in records
        if u.kind == "usecase"
        for _, e in _entries(u, "goals")
        for ev in _list(e.get(key))
        if isinstance(ev, dict) and isinstance(ev.get("name"), str)
    )


def check_links(
    records: list[Record],
    documents: dict[str, Document],
    unreadable: Set[str] = frozenset(),
    content_dir: Path | None = None,
    drafts: dict[str, Record] | None = None,
    generated: Set[str] = frozenset(),
) -> list[Problem]:
    """Every link and image points somewhere real, inside the content folder, and is safe.

    Page links need an existing content file, or name a page the engine writes without one
    (`generated`: pages/decide.md and the like, whose #fragments the site's link check covers); links to other files (images) need the file
    inside the content folder. Their #fragments are checked once the pages are rendered
    (check_anchors). A link to a draft (`drafts`, by content path) is an error; a link to a
    file that is gone but whose address is an alias of another page is a warning naming it.
    """
    problems = []
    by_rel = {r.rel: r for r in records}
    drafts, moved = drafts or {}, alias_targets(records)
    nearest = Suggestions()
    for r in records:
        doc = documents[r.rel]
        lines = BodyLines(r)
        for body_problem in doc.problems:  # first: they come in body order, as BodyLines expects
            line = lines.find(body_problem.needle) if body_problem.needle else None
            problems.append(Problem(r.path, line, "body", body_problem.message))
        for title in doc.h1_titles:
            problems.append(
                Problem(
                    r.path,
                    lines.find(f"# {title}"),
                    "body",
                    f"heading '# {title}' is a second page title; start body headings at '##'",
                )
            )
        for src in doc.images_without_alt:
            problems.append(
                Problem(
                    r.path,
                    lines.find(f"]({src}"),
                    "image",
                    f"'{src}' has no alt text; describe it between the brackets: ![what it shows]({src})",
                    warning=True,
                )
            )
        for link in doc.links:
            problem = (
                None
                if link.kind == "page" and link.target in generated
                else _link_problem(link, r, by_rel, unreadable, content_dir, nearest)
            )
            old_url = _page_url_of(link.target) if problem and link.kind == "page" else None
            if problem and link.target in drafts:
                problem = f"'{link.href}' points to {link.target}, a draft (draft: true), which is not published"
            elif problem and old_url in moved:
                problems.append(
                    Problem(
                        r.path,
                        lines.find(link.href),
                        "link",
                        f"'{link.href}' points to an old address "
                        f"of {moved[old_url].rel} (its aliases); link to {moved[old_url].rel}",
                        warning=True,
                    )
                )
                continue
            if problem:
                problems.append(Problem(r.path, lines.find(link.href), "link", problem))
    return problems


def _page_url_of(target: str) -> str | None:
    """The URL a content file would have: goals/x.md -> goals/x/ (None for other paths)."""
    folder, _, name = target.rpartition("/")
    kind = next((k for k, f in KIND_FOLDERS.items() if f == folder), None)
    return page_url(kind, slugify(name.removesuffix(".md"))) if kind and name.endswith(".md") else None


def _link_problem(
    link: Link,
    record: Record,
    by_rel: dict[str, Record],
    unreadable: Set[str],
    content_dir: Path | None,
    nearest: Callable[[str, Collection[str]], str],
) -> str | None:
    if link.kind == "unsafe":
        return f"'{link.href}' is not allowed: links may use http, https or mailto, or point to content files"
    if link.kind == "outside":
        return f"'{link.href}' points outside the content folder"
    if link.kind == "file":
        if content_dir is None or not (path := content_dir / link.target).is_file():
            return f"'{link.href}' points to {link.target}, which does not exist"
        if not path.resolve().is_relative_to(content_dir.resolve()):
            return f"'{link.href}' is a link that leaves the content folder"
        return _media_problem(link.href, path)
    target = by_rel.get(link.target or record.rel)
    if target is None and link.target in unreadable:
        return None  # that file's own problem is reported already
    if target is None:
        return f"'{link.href}' points to {link.target}, which does not exist{nearest(link.target, by_rel)}"
    return None


_ID = re.compile(rb'\sid="([^"]+)"')


def rendered_ids(page: bytes) -> frozenset[str]:
    """The ids of a rendered page: every place a #fragment can land."""
    return frozenset(html.unescape(match.decode("utf-8")) for match in _ID.findall(page))


def output_file(record: Record) -> str:
    """The file a content record is rendered to, inside the output folder."""
    return page_file(page_url(record.kind, record.slug))


def anchor_targets(records: list[Record], documents: dict[str, Document]) -> set[str]:
    """The output files check_anchors will ask about (so only those need parsing)."""
    by_rel = {r.rel: r for r in records}
    targets = {
        link.target or r.rel
        for r in records
        for link in documents[r.rel].links
        if link.kind in ("page", "anchor") and link.anchor
    }
    return {output for rel in targets if (output := _linked_output(rel, by_rel))} | {"404.html"}


def _linked_output(rel: str, by_rel: dict[str, Record]) -> str | None:
    """The output file of a linked content path: its record's, or, for a path under pages/
    without one (a page the engine writes), the one its path names."""
    if rel in by_rel:
        return output_file(by_rel[rel])
    url = _page_url_of(rel) if rel.startswith(KIND_FOLDERS["page"] + "/") else None
    return None if url is None else page_file(url)


def check_anchors(
    records: list[Record], documents: dict[str, Document], rendered: Callable[[str], frozenset[str]]
) -> list[Problem]:
    """Every #fragment of a link between pages names an id the linked page has as rendered:
    a Markdown heading, or a section its template adds. `rendered(output file)` gives those
    ids; links to missing files are check_links' problem. Suggestions leave out the ids of
    the theme's frame (those of the 404 page), which every page has.
    """
    problems = []
    by_rel = {r.rel: r for r in records}
    nearest = Suggestions()
    for r in records:
        lines = BodyLines(r)
        for link in documents[r.rel].links:
            if link.kind not in ("page", "anchor") or not link.anchor:
                continue
            target_rel = link.target or r.rel
            output = _linked_output(target_rel, by_rel)
            ids = rendered(output) if output else frozenset()
            if not ids:
                continue  # no such page was written: an old address, which check_links warned about
            shown = by_rel[target_rel].path if target_rel in by_rel else target_rel
            if link.anchor not in ids:
                choices = ids - rendered("404.html")
                problems.append(
                    Problem(
                        r.path,
                        lines.find(link.href),
                        "link",
                        f"'{link.href}': {shown} has no heading '#{link.anchor}'{nearest(link.anchor, choices)}",
                    )
                )
    return problems


# Files pages may link to or show; they are copied to media/ as they are and served from the
# site's own origin, where an HTML file or an SVG with script would run outside the pages' CSP.
MEDIA_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".avif",
    ".svg",
    ".ico",
    ".pdf",
    ".txt",
    ".csv",
    ".json",
    ".zip",
    ".gz",
    ".tgz",
    ".mp3",
    ".mp4",
    ".webm",
)
MAX_MEDIA_BYTES = 10_000_000
# In SVG: elements that run script or embed other documents, and animations that can set a link.
_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_SVG_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform"}


def _media_problem(href: str, path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix not in MEDIA_SUFFIXES:
        kind = f"{suffix} files" if suffix else "files without an extension"
        return f"'{href}': {kind} are not published; pages may link to {', '.join(MEDIA_SUFFIXES)} files"
    size = path.stat().st_size
    if size > MAX_MEDIA_BYTES:
        return f"'{href}' is {size / 1_000_000:.1f} MB; linked files are limited to {MAX_MEDIA_BYTES // 1_000_000} MB"
    if suffix == ".svg":
        problem = _svg_problem(path.read_bytes())
        return f"'{href}' {problem}; keep drawings static (export them without script)" if problem else None
    return None


# What link previews (Open Graph, Twitter cards) show: raster images, not SVG.
PREVIEW_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def preview_image_problem(href: str, path: Path, root: Path, shown: str, folder: str = "the content folder") -> str | None:
    """Why `path` (written `href`, shown as `shown`) cannot be a link-preview image inside `root`
    (`folder` to the author), or None."""
    if not path.is_file():
        return f"'{href}' points to {shown}, which does not exist"
    if not path.resolve().is_relative_to(root.resolve()):
        return f"'{href}' leads outside {folder}"
    if path.suffix.lower() not in PREVIEW_IMAGE_SUFFIXES:
        return f"'{href}' must be a {', '.join(PREVIEW_IMAGE_SUFFIXES)} image: link previews show no other kind"
    return _media_problem(href, path)


def check_images(records: list[Record], content_dir: Path) -> list[Problem]:
    """Each `image` of the front matter names an image in the content folder, written as a
    Markdown image's path is (relative to the file), and is published like one."""
    problems = []
    for r in records:
        value = r.meta.get("image")
        if not isinstance(value, str) or not value.strip():
            continue  # check_schema's
        link = linked_file(value, r.rel)
        message: str | None
        if link is None or link.kind != "file":
            message = f"'{value}' must be the path of an image in the content folder, as in a Markdown image: ../images/card.png"
        else:
            message = preview_image_problem(value, content_dir / link.target, content_dir, link.target)
        if message:
            problems.append(Problem(r.path, r.line(("image",)), "image", message))
    return problems


def _svg_problem(data: bytes) -> str | None:
    """What in an SVG file would run when a reader opens it directly, or None.

    The file is parsed without a DOCTYPE (no entity tricks) by the standard library's parser.
    """
    import xml.etree.ElementTree as etree  # only drawings need it

    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return "has a DOCTYPE or entities"
    try:
        root = etree.fromstring(data)
    except etree.ParseError:
        return "is not a well-formed SVG file"
    for element in root.iter():
        tag = str(element.tag).rpartition("}")[2].lower()
        if tag in _SVG_ACTIVE:
            return f"has a <{tag}> element"
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            if local.startswith("on"):
                return f"has an event handler ({local})"
            if local == "href" and not value.strip().startswith("#"):
                return "links out of the drawing (only #id references are allowed)"
            if (
                tag in _SVG_ANIMATIONS
                and local == "attributename"
                and (value.lower().endswith("href") or value.lower().startswith("on"))
            ):
                return "animates a link or an event handler"
    return None


class BodyLines:
    """Finds the line of a piece of text in a record's body (Markdown keeps no positions).

    Problems are looked up in the order they appear, so each search starts where the last one
    ended: one pass over a long body rather than one per link.
    """

    def __init__(self, record: Record):
        self.body, self.first_line, self.cursor = record.body, record.body_line, 0
        self.newlines: list[int] | None = None  # offsets, found on the first lookup

    def find(self, needle: str) -> int | None:
        at = self.body.find(needle, self.cursor)
        if at == -1:
            at = self.body.find(needle)
        if at == -1:
            return None
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer("\n", self.body)]
        self.cursor = at
        return self.first_line + bisect.bisect_left(self.newlines, at)


def check_orphans(records: list[Record], documents: dict[str, Document], model: ModelDeclaration) -> list[Problem]:
    """Warn about free pages that no other content links to (the navigation lists them, but
    a page nothing points at is usually forgotten). Pages the engine fills are exempt."""
    linked = {link.target for r in records for link in documents[r.rel].links if link.target and link.target != r.rel}
    return [
        Problem(r.path, 1, "", "no other page links to this page; link to it where it helps, or remove it", warning=True)
        for r in records
        if r.kind == "page" and r.slug not in generated_pages(model) and r.rel not in linked
    ]
