"""Every interface string of the theme, from a message catalog per language.

en.yaml holds every message; another language's file (fr.yaml) translates them, and English
fills in any it lacks. signpost.yaml may override single messages under `messages:`. Messages
are flat dotted keys with {placeholders}: the model's names ({goal}, {usecases_lc}, ...) in any
message, and the values the caller gives ({count}, {title}, ...); `{x_lc}` is `{x}` with its
first letter lower-cased, for use mid-sentence. A key shown with a count has `_one` and
`_other` forms, picked by `count`.

Templates call `t` (theme.py), Python calls `text`, and the browser modules read the messages
they need from the JSON block base.html embeds (`browser`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from functools import lru_cache, cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from ..load import read_trusted_yaml
from ..problems import FieldPath

if TYPE_CHECKING:  # both import this module
    from ..declaration import ModelDeclaration
    from ..settings import SiteConfig

CATALOGS = Path(__file__).parent
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PRIMARY = re.compile(r"[a-z]{2,3}\Z")
LOWER = "_lc"
MODEL_NAMES = ("goal", "goals", "usecase", "usecases", "plan")
LIST_VALUE = "date.months"  # the one message that is a list (of the twelve month names)

# What the browser modules (assets/js) read, and the preview's overlay besides: only these go
# into every page.
BROWSER_KEYS = (
    "code.copy",
    "code.copy_label",
    "code.copied",
    "code.copy_failed",
    "feedback.thanks_yes",
    "feedback.thanks_no",
    "search.found_one",
    "search.found_other",
    "search.none",
    "filter.showing_one",
    "filter.showing_other",
    "count.usecases_one",
    "count.usecases_other",
    "count.entries_one",
    "count.entries_other",
    "items.none",
    "text.colon",
    "pairing.name",
)
# The catalog widgets' sections (decision flow, plan builder, comparison) go to the browser whole.
BROWSER_SECTIONS = ("decide.", "plan.", "compare.", "widget.")
PREVIEW_KEYS = ("preview.failed_one", "preview.failed_other", "preview.hint")


def lower_first(name: str) -> str:
    """`name` for use mid-sentence: 'Use case' -> 'use case', but 'CRM contact' stays."""
    return name if name[:1].isupper() and name[1:2].isupper() else name[:1].lower() + name[1:]


def placeholders(message: str) -> set[str]:
    return set(_PLACEHOLDER.findall(message))


# A catalog's messages by key: text, but for LIST_VALUE, a list.
@cache
def _read(language: str) -> dict[str, Any]:
    messages: dict[str, Any] = read_trusted_yaml((CATALOGS / f"{language}.yaml").read_text(encoding="utf-8"))
    return messages


@cache
def catalog(language: str) -> dict[str, Any]:
    """The messages of `language` (a code such as fr-CA: its primary subtag picks the file),
    English for any it lacks or when there is no file for it."""
    primary = language.split("-")[0].lower()
    own = _read(primary) if _PRIMARY.match(primary) and (CATALOGS / f"{primary}.yaml").is_file() else {}
    return {**_read("en"), **own}


def allowed_placeholders(key: str) -> set[str]:
    """What a message may use: the model's names, and the English message's own placeholders,
    each also in its _lc form."""
    english = _read("en")
    stem = re.sub(r"_(one|other)\Z", "", key)  # the two forms of a count share their placeholders
    forms = {key, stem + "_one", stem + "_other"} & english.keys()
    own = {name.removesuffix(LOWER) for form in forms for name in placeholders(english[form])} | set(MODEL_NAMES)
    return own | {name + LOWER for name in own}


def override_problems(messages: dict[str, Any]) -> list[tuple[FieldPath, str]]:
    """What is wrong with the `messages:` overrides of signpost.yaml (a mapping: check_fields
    says so), as (field path, message)."""
    # Imported here, not above: validate imports generated, which imports this module.
    from ..validate import _describe, nearest

    english = _read("en")
    problems: list[tuple[FieldPath, str]] = []
    for key, value in messages.items():
        if key not in english:
            problems.append(
                ((key,), f"unknown message '{key}'{nearest(key, english)}; every key is in signpost/messages/en.yaml")
            )
        elif key == LIST_VALUE:
            if not isinstance(value, list) or len(value) != 12 or not all(isinstance(v, str) and v.strip() for v in value):
                got = f"{len(value)} entries" if isinstance(value, list) else _describe(value)
                problems.append(((key,), f"must be a list of the twelve month names, got {got}"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(((key,), f"must be text, got {_describe(value)}"))
        else:
            unknown = sorted(placeholders(value) - allowed_placeholders(key))
            if unknown:
                own = sorted(p for p in placeholders(english[key]) if p.removesuffix(LOWER) not in MODEL_NAMES)
                problems.append(
                    (
                        (key,),
                        f"'{{{unknown[0]}}}' is not a placeholder of this message; it has "
                        f"{', '.join('{' + p + '}' for p in own) or 'none'} besides the model's names",
                    )
                )
    return problems


def _fill(message: str, values: Mapping[str, object], convert: Callable[[object], str] = str) -> str:
    """Placeholders replaced by `values` (converted), `{x_lc}` from `x`; unknown ones are left."""

    def value(match: re.Match[str]) -> str:
        name = match[1]
        if name in values:
            return convert(values[name])
        base = name.removesuffix(LOWER)
        if base != name and base in values and not isinstance(values[base], Markup):
            return convert(lower_first(str(values[base])))
        return match[0]

    return _PLACEHOLDER.sub(value, message)


class Messages:
    """The messages of one site: its language, its overrides and its model's names."""

    def __init__(
        self,
        language: str,
        overrides: tuple[tuple[str, str | tuple[str, ...]], ...],
        model: ModelDeclaration,
        preview: bool = False,
    ):
        self.messages: dict[str, Any] = {**catalog(language), **dict(overrides)}
        self.names = {
            "goal": model.goal.singular,
            "goals": model.goal.plural,
            "usecase": model.usecase.singular,
            "usecases": model.usecase.plural,
            "plan": model.plan,
        }
        self.preview = preview

    def _message(self, key: str, values: Mapping[str, object]) -> str:
        if key not in self.messages and "count" in values:
            key += "_one" if values["count"] == 1 else "_other"
        message: str = self.messages[key]  # every message but LIST_VALUE is text
        return message

    def text(self, key: str, **values: object) -> str:
        """A message as plain text, for titles and tables of contents."""
        return _fill(self._message(key, values), {**self.names, **values})

    def html(self, key: str, **values: object) -> Markup:
        """A message for a template: escaped, with values escaped too unless they are Markup
        (a link the template built)."""
        return Markup(_fill(str(escape(self._message(key, values))), {**self.names, **values}, escape))

    def date(self, day: datetime.date) -> str:
        """A date in the language's words, e.g. 'March 5, 2024' or '5 mars 2024'."""
        return _fill(
            self.messages["date.format"], {"day": day.day, "month": self.messages[LIST_VALUE][day.month - 1], "year": day.year}
        )

    def browser(self) -> dict[str, str]:
        """The messages the browser modules need, with the model's names filled in; the rest of
        the placeholders are theirs to fill."""
        keys = BROWSER_KEYS + tuple(key for key in self.messages if key.startswith(BROWSER_SECTIONS))
        keys += PREVIEW_KEYS if self.preview else ()
        return {key: _fill(self.messages[key], self.names) for key in keys}

    _PERMALINK = re.compile(r'(<a class="headerlink" href="#[^"]*" title=")Link to this section(")')

    _LABEL = re.compile(r'aria-label="[^"]*"')
    _LABEL_KEY = re.compile(r"\{signpost:(table\.scroll_label|code\.scroll_label)\}")  # markup.label_marker's

    def body(self, html: Markup) -> Markup:
        """Rendered Markdown with its heading anchors titled and its scrolling boxes labelled in
        the site's language (markup.py writes the anchors' titles in English and the labels' keys:
        a document is converted once, whatever the language)."""
        title = str(escape(self.messages["anchor.title"]))
        labels = {
            "table.scroll_label": str(escape(self.text("table.scroll_label"))),
            "code.scroll_label": str(escape(self.text("code.scroll_label"))),
        }
        titled = self._PERMALINK.sub(lambda m: m[1] + title + m[2], html)
        return Markup(self._LABEL.sub(lambda m: self._LABEL_KEY.sub(lambda k: labels[k[1]], m[0]), titled))


@lru_cache(maxsize=8)
def messages_for(config: SiteConfig) -> Messages:
    """The Messages of a SiteConfig (hashable), made once per configuration."""
    return Messages(config.language, config.messages, config.model, config.preview)
