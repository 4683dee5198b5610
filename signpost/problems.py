"""The one error type authors see: a content problem with a file, a line and a field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

# Control characters (C0, DEL, C1) and the bidirectional overrides: printed raw, a value could
# move the cursor, clear the screen or retitle the terminal, or reorder what the author reads.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Where a value sits in front matter or settings: keys and list indexes, e.g. ("goals", 0, "goal").
FieldPath: TypeAlias = tuple[str | int, ...]


def printable(text: str) -> str:
    """`text` safe to print on a terminal: control characters escaped as \\xNN or \\uNNNN, and
    bytes of a file name that is not UTF-8 shown as \\xNN."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate from a YAML escape such as "\\ud800"
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    """A mistake in the content, printed as `path:line: field: message`."""

    path: str
    line: int | None
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        kind = " warning:" if self.warning else ""
        return printable(f"{where}:{kind}{field} {self.message}")


class UsageError(Exception):
    """A wrong option or setting of the environment (not of the content): one line, exit code 2,
    raised before anything is written."""


class ContentError(Exception):
    """Raised by the pipeline when the content has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__(f"{len(self.problems)} content problem(s)")

    # Pickled whole: a forked render worker sends it back to the build.
    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        return type(self), (self.problems,)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File by file, line by line: the order an author fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))


def field_name(path: FieldPath) -> str:
    """Spell a field path the way an author reads it: goals[0].signals[1].name."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
