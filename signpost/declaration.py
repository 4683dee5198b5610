"""The catalog model, declared as data: what the two kinds are called and which lists each
pairing of a goal and a use case carries.

`signpost.yaml` may declare it under `model:`; without one, `default_model.yaml` (our own
guide's model) applies. The front matter schema of a pairing, the model's dataclasses, the
templates, catalog.json and the browser widgets all read this one declaration.

Kinds of list:
    items  named things with properties: a catalog page with backlinks, the plan builder
    tags   short strings: chips, reference filters, the plan's lists
    text   a list of sentences
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeAlias


from .generated import RESERVED_PAGE_SLUGS
from .load import read_trusted_yaml
from .problems import FieldPath

# The kinds of list, as the docstring above describes them.
ListKind: TypeAlias = Literal["items", "tags", "text"]
LIST_KINDS: tuple[ListKind, ...] = ("items", "tags", "text")
# Keys every pairing has whatever the model, and the plan builder's list of picks: a list may
# not take one.
TAKEN_KEYS = ("goal", "description", "helps_you", "use_cases")
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_TAKEN_SLUGS = ("index", "guide", "decide", "plan", "compare", "reference")  # generated pages besides the items catalog


@dataclass(frozen=True)
class Names:
    singular: str
    plural: str


@dataclass(frozen=True)
class ListDeclaration:
    key: str  # its key in a pairing's front matter, e.g. signals
    kind: ListKind
    label: str  # heading over the list on a page, e.g. Signals to collect
    singular: str  # one entry, e.g. Event (column headers, filters)
    plural: str  # all entries, e.g. Events (the catalog page of an items list)
    required: bool = True
    properties: str = ""  # items: what their properties are called


@dataclass(frozen=True)
class ModelDeclaration:
    goal: Names
    usecase: Names
    plan: str  # what the plan builder builds, e.g. Instrumentation plan
    lists: tuple[ListDeclaration, ...]
    tags_label: str = ""  # heading over all tags lists together, e.g. Tools

    @property
    def items(self) -> ListDeclaration | None:
        """The items list (at most one): its entries get a catalog page and feed the plan."""
        return next((d for d in self.lists if d.kind == "items"), None)

    @property
    def tags(self) -> tuple[ListDeclaration, ...]:
        return tuple(d for d in self.lists if d.kind == "tags")

    @property
    def texts(self) -> tuple[ListDeclaration, ...]:
        return tuple(d for d in self.lists if d.kind == "text")

    def as_json(self) -> dict[str, Any]:
        """The declaration as plain data, for catalog.json and the browser widgets."""
        return {
            "goal": vars(self.goal),
            "use_case": vars(self.usecase),
            "plan": self.plan,
            "tags_label": self.tags_label,
            "lists": [vars(d) for d in self.lists],
        }


def model_problems(data: dict[str, Any]) -> list[tuple[FieldPath, str]]:
    """What the schema cannot say about a declared model: (field path, message) pairs."""
    problems: list[tuple[FieldPath, str]] = []
    seen = set()
    for index, entry in enumerate(data.get("lists") or []):
        if not isinstance(entry, dict):
            continue
        key, kind = entry.get("key"), entry.get("kind")
        if isinstance(key, str):
            if not _KEY.match(key) or key in TAKEN_KEYS:
                problems.append(
                    (
                        ("lists", index, "key"),
                        f"'{key}' cannot be a list key; use lower-case letters, digits "
                        f"and _, and none of {', '.join(TAKEN_KEYS)}",
                    )
                )
            elif key in seen:
                problems.append((("lists", index, "key"), f"'{key}' is declared twice"))
            seen.add(key)
        if isinstance(kind, str) and kind not in LIST_KINDS:
            problems.append((("lists", index, "kind"), f"must be one of {', '.join(LIST_KINDS)}, got '{kind}'"))
        if kind == "items" and isinstance(key, str) and (key in _TAKEN_SLUGS or key in RESERVED_PAGE_SLUGS):
            problems.append(
                (
                    ("lists", index, "key"),
                    f"'{key}' names the catalog page of this list, and that page name is taken; choose another key",
                )
            )
    kinds = [e.get("kind") for e in data.get("lists") or [] if isinstance(e, dict)]
    if kinds.count("items") > 1:
        problems.append((("lists",), "at most one list may be of kind items (it gets the catalog page)"))
    return problems


def declaration_from(data: dict[str, Any]) -> ModelDeclaration:
    """A validated `model:` mapping as a ModelDeclaration."""
    lists = tuple(ListDeclaration(**entry) for entry in data["lists"])
    return ModelDeclaration(Names(**data["goal"]), Names(**data["usecase"]), data["plan"], lists, data.get("tags_label", ""))


@lru_cache(maxsize=1)
def default_model() -> ModelDeclaration:
    """Our guide's model (default_model.yaml, which ships with the engine)."""
    text = Path(__file__).with_name("default_model.yaml").read_text(encoding="utf-8")
    return declaration_from(read_trusted_yaml(text))
