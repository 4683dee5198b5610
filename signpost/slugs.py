"""Slugs and anchors: the only place URLs are spelled, so pages, links and checks agree."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, TypeAlias

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-'; accents folded, punctuation dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")


def markdown_slugify(text: str, separator: str) -> str:
    """Heading ids for Python-Markdown's toc extension, same rules as file slugs."""
    return slugify(text) or "section"


def item_anchor(name: str) -> str:
    """Anchor of an entry of the items list on its catalog page."""
    return slugify(name)


def pairing_anchor(goal_slug: str) -> str:
    """Anchor of a goal's section on a use case page."""
    return f"for-{goal_slug}"


def reference_anchor(goal_slug: str, usecase_slug: str) -> str:
    """Anchor of one pairing's details block on the reference page."""
    return f"{goal_slug}--{usecase_slug}"


# The kinds of content file: a goal, a use case, or a free page.
Kind: TypeAlias = Literal["goal", "usecase", "page"]

# Content folders and the URL prefix of each kind of page. A free page `pages/x.md`
# lives at `x/`, except `pages/index.md`, which is the home page.
KIND_FOLDERS: dict[Kind, str] = {"goal": "goals", "usecase": "usecases", "page": "pages"}


# Fixed ids in templates/ (a test keeps this in step): the skip link, the navigation, the
# search box and the widgets' data find their element by these, so content may not take them.
# Ids starting with 'signpost-' are kept for the theme as well.
THEME_IDS = frozenset(
    {
        "all-pairings",
        "compare-caption",
        "compare-results",
        "considerations",
        "decide-file",
        "decide-filter",
        "decide-paste",
        "items-table",
        "main",
        "matrix",
        "nav-goals",
        "overview-goals",
        "pairings-table",
        "pick-heading",
        "plan-heading",
        "plan-items",
        "results-heading",
        "search-help",
        "search-input",
        "search-results",
        "signpost-data",
        "signpost-messages",
        "site-nav",
        "toc-heading",
        "use-cases",
    }
)


def is_theme_id(value: str) -> bool:
    return value in THEME_IDS or value.startswith("signpost-")


def page_file(url: str) -> str:
    """The file inside the output folder that serves a page's URL (from page_url)."""
    return url + "index.html" if url.endswith("/") or not url else url


def page_url(kind: Kind, slug: str) -> str:
    """Site-relative URL of a page (no leading slash; '' is the home page)."""
    if kind == "page":
        return "" if slug == "index" else f"{slug}/"
    return f"{KIND_FOLDERS[kind]}/{slug}/"
