"""The one error type authors see: a content problem with a file, a line and a field."""
from __future__ import annotations

from dataclasses import dataclass


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
        return f"{where}:{kind}{field} {self.message}"


class ContentError(Exception):
    """Raised by the pipeline when the content has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__(f"{len(self.problems)} content problem(s)")


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File by file, line by line: the order an author fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))


def field_name(path: tuple) -> str:
    """Spell a field path the way an author reads it: goals[0].events[1].name."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
