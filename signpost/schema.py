"""The front matter schema of each kind of file, declared once.

`validate` checks records against these tables and docs/authoring.md documents them (a test
keeps the two in step). Kinds of value:
    text        a non-empty string
    integer     a whole number
    boolean     true or false
    date        a date written YYYY-MM-DD
    url         an http(s) address
    color       a hex colour, #rgb or #rrggbb
    language    a language code such as en or pt-BR
    base_url    '/', a path such as /docs/, or an absolute http(s) URL
    text_list   a list of non-empty strings (may be empty unless `non_empty`)
    list        a list of mappings, each checked against `items`
    mapping     one mapping checked against `items`
    text_map    a mapping of known keys to text, checked by its owner (messages: the messages module)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:
    from .declaration import ModelDeclaration

# The kinds of value, as the docstring above describes them.
FieldKind: TypeAlias = Literal[
    "text", "integer", "boolean", "date", "url", "color", "language", "base_url", "text_list", "list", "mapping", "text_map"
]


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    required: bool
    doc: str
    items: tuple[Field, ...] = ()
    non_empty: bool = False


LAST_MODIFIED = Field(
    "last_modified", "date", False, "Date shown as 'Last modified' when the file has no git history (YYYY-MM-DD)."
)
IMAGE = Field(
    "image",
    "text",
    False,
    "Image shown when the page is shared (link previews), a path like a Markdown "
    "image's, e.g. ../images/card.png; replaces the site's social_image.",
)
# Publishing: every kind of file may have these (docs/authoring.md, "Moving, drafting and hiding pages").
ALIASES = Field("aliases", "text_list", False, "Old addresses of the page, e.g. /usecases/old-name/: each redirects here.")
DRAFT = Field("draft", "boolean", False, "true leaves the file out of `build` (`serve` and `build --drafts` show it).")

ITEM = (
    Field("name", "text", True, "Its name exactly as your code or your readers spell it, e.g. Report Exported."),
    Field("properties", "text_list", True, "Its properties, in the order to document them; [] for none."),
)

# Every pairing has these; the lists it carries come from the declared model (declaration.py).
PAIRING = (
    Field("goal", "text", True, "Slug of a goal this use case serves (the goal file's name without .md)."),
    Field("description", "text", True, "One line describing the use case for this goal; shown in the goal's table."),
    Field("helps_you", "text", True, "What this pairing helps you do, completing 'Helps you ...'."),
)


def pairing_fields(model: ModelDeclaration) -> tuple[Field, ...]:
    """PAIRING and one field per list the model declares (a ModelDeclaration)."""
    lists = tuple(
        Field(
            d.key,
            "list" if d.kind == "items" else "text_list",
            d.required,
            f"{d.label}, in order.",
            ITEM if d.kind == "items" else (),
            non_empty=d.required,
        )
        for d in model.lists
    )
    return PAIRING + lists


def usecase_fields(model: ModelDeclaration) -> tuple[Field, ...]:
    return (
        Field("title", "text", True, "The use case's name."),
        Field("summary", "text", True, "One sentence describing the use case whatever the goal."),
        Field("goals", "list", True, "One entry per goal the use case serves, with that pairing's data.", pairing_fields(model)),
        IMAGE,
        LAST_MODIFIED,
        ALIASES,
        DRAFT,
    )


CONSIDERATION = (
    Field("question", "text", True, "A question a reader asks themselves when choosing."),
    Field("use_cases", "text_list", True, "Slugs of this goal's use cases that a 'yes' points to.", non_empty=True),
)

GOAL = (
    Field("title", "text", True, "The goal's name."),
    Field("order", "integer", True, "Position of the goal in navigation and on the guide (1 first)."),
    Field("helps_you", "text", True, "What the goal helps you do, completing 'Helps you ...'."),
    Field("summary", "text", True, "One sentence about the goal, used on the overview and the guide."),
    Field("use_cases", "text_list", True, "Slugs of the goal's use cases, in the order to list them.", non_empty=True),
    Field("considerations", "list", True, "Key considerations, each a question mapped to use cases.", CONSIDERATION),
    IMAGE,
    LAST_MODIFIED,
    ALIASES,
    DRAFT,
)

PAGE = (
    Field("title", "text", True, "The page title."),
    Field("description", "text", True, "One sentence for search results and link previews."),
    Field("nav_order", "integer", False, "Position in the navigation's page list (smaller first)."),
    IMAGE,
    Field(
        "hidden",
        "boolean",
        False,
        "true builds the page but keeps it out of the navigation, sitemap, search and listings, with noindex; links to it work.",
    ),
    LAST_MODIFIED,
    ALIASES,
    DRAFT,
)

NAMES = (
    Field("singular", "text", True, "One of them, e.g. Reliability aim."),
    Field("plural", "text", True, "All of them, e.g. Reliability aims."),
)
LIST = (
    Field("key", "text", True, "Its key in each pairing of a use case's front matter, e.g. signals (a-z, 0-9, _)."),
    Field("kind", "text", True, "items (named things with properties), tags (short strings) or text (sentences)."),
    Field("label", "text", True, "Heading over the list on a use case page, e.g. Signals to collect."),
    Field("singular", "text", True, "One entry, for column headers and filters, e.g. Signal."),
    Field("plural", "text", True, "All entries, e.g. Signals; an items list's catalog page is called so."),
    Field("required", "boolean", False, "Whether every pairing must list at least one entry (default true)."),
    Field("properties", "text", False, "items only: what their properties are called, e.g. Attributes."),
)
MODEL = (
    Field("goal", "mapping", True, "What a goal is called: singular and plural.", NAMES),
    Field("usecase", "mapping", True, "What a use case is called: singular and plural.", NAMES),
    Field("plan", "text", True, "What the plan builder builds, e.g. Instrumentation plan."),
    Field("lists", "list", True, "The lists each pairing carries, in the order pages show them.", LIST, non_empty=True),
    Field("tags_label", "text", False, "Heading over all tags lists shown together, e.g. Tools."),
)

COLORS = (
    Field("accent", "color", False, "Links and highlights in light mode, e.g. '#0b57b8'."),
    Field("accent_dark", "color", False, "Links and highlights in dark mode, e.g. '#7cb4ff'."),
)

CONFIG = (
    Field("name", "text", False, "Site name shown in the header and page titles."),
    Field("description", "text", False, "One sentence about the site, for the home page's meta description."),
    Field("base_url", "base_url", False, "URL prefix the site is served under, e.g. /docs/ or https://example.com/docs/."),
    Field("language", "language", False, "Language code of the content, e.g. en or pt-BR."),
    Field("repo_url", "url", False, "Repository web address; shows an 'Edit this page' link on content pages."),
    Field("edit_branch", "text", False, "Branch the 'Edit this page' link edits (default: main)."),
    Field(
        "social_image",
        "text",
        False,
        "Image shown when a page is shared (link previews), relative to this "
        "file's folder, e.g. content/images/card.png (1200 x 630 pixels suits most sites).",
    ),
    Field("feedback_url", "url", False, "Address that receives a POST for each 'Was this page helpful?' answer."),
    Field("colors", "mapping", False, "Accent colours, to match your brand.", COLORS),
    Field("theme_dir", "text", False, "Folder of template and asset overrides, relative to this file's folder (default: theme)."),
    Field("model", "mapping", False, "The catalog model: names of the kinds and the lists of a pairing.", MODEL),
    Field("messages", "text_map", False, "Your own wording of interface messages, by key (signpost/messages/en.yaml)."),
)

# The use case schema depends on the model: see usecase_fields.
SCHEMAS = {"goal": GOAL, "page": PAGE, "config": CONFIG}
