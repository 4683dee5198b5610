"""Stage 1, load: content files -> Records (front matter, body, source line numbers).

Nothing here judges the content beyond what is needed to read it: a file that cannot be
read (not UTF-8, no front matter, broken YAML) gives a Problem and no Record.
"""

from __future__ import annotations

import datetime
import os
import stat
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import yaml

from .problems import FieldPath, Problem, field_name
from .slugs import KIND_FOLDERS, Kind, slugify

if TYPE_CHECKING:  # validate.check_schema keeps the model a record was checked against on it
    from .declaration import ModelDeclaration

# Front matter values, with aliases (*name) expanded; a few hundred bytes of nested aliases can
# stand for billions, so the count is checked on the parsed nodes before anything is built.
MAX_VALUES = 100_000


if TYPE_CHECKING:  # the stubs declare both loaders; they have the same interface
    _SafeLoader = yaml.CSafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_trusted_yaml(text: str) -> Any:
    """YAML that ships with Signpost (messages, the default model): libyaml's safe loader, about
    ten times faster than PyYAML's Python one, with none of the front matter's checks."""
    return yaml.load(text, Loader=_SafeLoader)


class _Loader(_SafeLoader):
    """The safe loader (libyaml's parser is several times faster than the pure-Python one),
    whose typed values that do not hold (!!int abc, 2024-02-30) are errors with a line."""


class _BadValue(yaml.constructor.ConstructorError):
    problem: str  # both always given, below
    problem_mark: yaml.Mark

    def __init__(self, node: yaml.ScalarNode, expected: str):
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
        super().__init__(None, None, f"'{shown}' is not {expected}", node.start_mark)
        self.node = node


_Construct: TypeAlias = Callable[[_Loader, yaml.ScalarNode], object]


def _checked(construct: _Construct, expected: str) -> _Construct:
    def construct_or_explain(loader: _Loader, node: yaml.ScalarNode) -> object:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, OverflowError):  # e.g. int() of 4,301 digits
            raise _BadValue(node, expected) from None

    return construct_or_explain


for _tag, _expected in (
    ("int", "a whole number"),
    ("float", "a number"),
    ("bool", "true or false"),
    ("timestamp", "a date written YYYY-MM-DD"),
):
    _Loader.add_constructor(
        f"tag:yaml.org,2002:{_tag}", _checked(getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{_tag}"), _expected)
    )


class _TooBig(Exception):
    def __init__(self, line: int, field: FieldPath, message: str):
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


CONFIG_FILE = "signpost.yaml"
# No page needs more; a bigger file is a mistake (a pasted data dump) or an attack on the build.
MAX_FILE_BYTES = 2_000_000


@dataclass
class Record:
    """One content file, read but not yet validated."""

    kind: Kind
    path: str  # as shown to the author, e.g. content/goals/x.md
    rel: str  # relative to the content folder, with '/' separators, e.g. goals/x.md
    slug: str
    meta: dict[str, Any]  # the front matter as parsed: validate checks what its values are
    lines: dict[FieldPath, int]  # field path, e.g. ("goals", 0, "goal"), -> line in the file
    body: str
    body_line: int  # line number of the body's first line
    text: str = field(repr=False, default="")
    # (model, problems), set by validate.check_schema
    schema_problems: tuple[ModelDeclaration, list[Problem]] | None = field(repr=False, default=None)

    def line(self, path: FieldPath) -> int | None:
        """The line of a field, or of its nearest enclosing field."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def display_path(path: Path) -> str:
    """A path as the author would type it: relative to the working folder when inside it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        return absolute[len(cwd) + 1 :]
    return str(path)


# The preview's cache of loaded files: (modification time, size) when read, and what it gave.
LoadCache: TypeAlias = dict[Path, tuple[tuple[int, int], "Record | None", list[Problem]]]


def load_content(content_dir: Path, cache: LoadCache | None = None) -> tuple[list[Record], list[Problem], set[str]]:
    """Read every goal, use case and page file under content_dir, sorted for reproducibility.

    With a `cache` (the preview keeps one), a file whose size and modification time are
    unchanged is not read or parsed again. Also returns the files that could not be read, so
    that references to them are not reported a second time as unknown.
    """
    records: list[Record] = []
    problems: list[Problem] = []
    unreadable: set[str] = set()  # content-relative paths of files that exist but could not be read
    if not content_dir.is_dir():
        return [], [Problem(display_path(content_dir), None, "", "content folder not found")], unreadable
    real_content_dir = os.path.realpath(content_dir)
    found = 0
    for kind, folder in KIND_FOLDERS.items():
        folder_is_link = os.path.realpath(content_dir / folder) != os.path.join(real_content_dir, folder)
        for path in sorted((content_dir / folder).glob("*.md")):
            found += 1
            record, file_problems = _load_one(path, kind, folder, real_content_dir, folder_is_link, cache)
            problems += file_problems
            if record:
                records.append(record)
            else:
                unreadable.add(f"{folder}/{path.name}")
    if not found:  # a wrong --content, or a checkout that failed: never publish an empty site
        problems.append(
            Problem(
                display_path(content_dir),
                None,
                "",
                "no content files: add Markdown files to "
                f"{', '.join(f'{folder}/' for folder in KIND_FOLDERS.values())} (docs/authoring.md shows how)",
            )
        )
    return records, problems, unreadable


def reload_files(content_dir: Path, paths: Iterable[Path], cache: LoadCache) -> list[Record] | None:
    """The records of content files read again after an edit (the preview's), with `cache`
    updated; None when one of `paths` is not a content file that reads without a problem,
    for a full load to report."""
    real_content_dir = os.path.realpath(content_dir)
    records = []
    for path in paths:
        folder = path.parent.name
        kind = next((k for k, name in KIND_FOLDERS.items() if name == folder), None)
        # Only a file directly in a kind's folder, itself no link (load_content checks more then).
        if kind is None or path.suffix != ".md" or os.path.realpath(path.parent) != os.path.join(real_content_dir, folder):
            return None
        # Named as load_content names it in the cache; the cache's stamp is not trusted here: an
        # edit within the file system's time resolution keeps it.
        cache.pop(content_dir / folder / path.name, None)
        record, problems = _load_one(content_dir / folder / path.name, kind, folder, real_content_dir, False, cache)
        if record is None or problems:
            return None
        records.append(record)
    return records


def _load_one(
    path: Path, kind: Kind, folder: str, real_content_dir: str, folder_is_link: bool, cache: LoadCache | None
) -> tuple[Record | None, list[Problem]]:
    """One content file as a record, from the `cache` while its size and modification time hold."""
    status = _refuse(path, real_content_dir, folder_is_link)
    if isinstance(status, Problem):
        return None, [status]
    stamp = (status.st_mtime_ns, status.st_size)
    hit = cache.get(path) if cache is not None else None
    if hit and hit[0] == stamp:
        return hit[1], hit[2]
    record, problems = load_file(path, kind, f"{folder}/{path.name}")
    if cache is not None:
        cache[path] = (stamp, record, problems)
    return record, problems


def _refuse(path: Path, real_content_dir: str, folder_is_link: bool) -> Problem | os.stat_result:
    """Why the build will not read a file (names that are not UTF-8, links leading out of the
    content folder, huge files, files the operating system will not let us read), else its
    status, which the caller needs too: one stat a file, not three, on a large catalog."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 could not be written into a page
        return Problem(display_path(path), None, "", "the file name is not UTF-8 text; rename the file")
    try:
        return _refuse_file(path, real_content_dir, folder_is_link)
    except OSError as err:
        return Problem(display_path(path), None, "", f"the file cannot be read ({err.strerror}); check its permissions")


def _refuse_file(path: Path, real_content_dir: str, folder_is_link: bool) -> Problem | os.stat_result:
    if path.is_symlink() or folder_is_link:  # resolving every path would cost more than reading it
        real = os.path.realpath(path)
        if not os.path.exists(real):
            return Problem(display_path(path), None, "", "this is a broken symbolic link; point it at a file or remove it")
        if not real.startswith(real_content_dir + os.sep):
            return Problem(
                display_path(path), None, "", "this symbolic link leads outside the content folder; copy the file in instead"
            )
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        return Problem(display_path(path), None, "", "this is not a regular file")
    size = status.st_size
    if size > MAX_FILE_BYTES:
        return Problem(
            display_path(path),
            None,
            "",
            f"the file is {size / 1_000_000:.1f} MB; content files are limited to "
            f"{MAX_FILE_BYTES // 1_000_000} MB (split it into several pages)",
        )
    return status


def load_file(path: Path, kind: Kind, rel: str) -> tuple[Record | None, list[Problem]]:
    """Split one Markdown file into front matter and body."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, None, "", f"the file cannot be read ({err.strerror}); check its permissions")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", f"the file is not UTF-8 text (byte {raw[err.start]:#04x}); save it as UTF-8")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not text.strip():
        return None, [Problem(shown, 1, "", "the file is empty; it needs front matter between two '---' lines")]
    if lines[0].rstrip() != "---":
        return None, [Problem(shown, 1, "", "no front matter: the file must start with a line '---'")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        return None, [Problem(shown, 1, "", "front matter is not closed: add a line '---' after the last field")]
    meta, line_map, problems = parse_yaml("\n".join(lines[1:end]), shown, first_line=2)
    if problems:
        return None, problems
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, [Problem(shown, 2, "", "front matter must be a set of 'key: value' lines")]
    slug = slugify(Path(rel).stem)
    record = Record(kind, shown, rel, slug, meta, line_map, "\n".join(lines[end + 1 :]), end + 2, text)
    return record, []


def parse_yaml(source: str, shown: str, first_line: int = 1) -> tuple[object, dict[FieldPath, int], list[Problem]]:
    """Parse YAML, keeping the line of every key and list item; duplicate keys are problems.

    The line map is made from the parsed nodes before any value is built, so an alias bomb or
    an alias inside itself is refused before it costs anything.
    """
    loader = _Loader(source)
    line_map: dict[FieldPath, int] = {}
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            _map_lines(node, (), line_map, problems, shown, first_line, [MAX_VALUES], set())
        data = loader.construct_document(node) if node is not None else None
    except _TooBig as err:
        return None, {}, [Problem(shown, err.line, field_name(err.field) or "front matter", err.message)]
    except _BadValue as err:
        line = first_line + err.problem_mark.line
        return None, {}, [Problem(shown, line, _field_at(line_map, line), err.problem)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = first_line + mark.line if mark else first_line
        return None, {}, [Problem(shown, line, "front matter", _yaml_message(err, source, mark, first_line))]
    except yaml.YAMLError as err:  # errors without a position, e.g. a bad character
        return None, {}, [Problem(shown, first_line, "front matter", f"not valid YAML: {err}")]
    except RecursionError:
        return None, {}, [Problem(shown, first_line, "front matter", "the front matter nests too deeply to read")]
    finally:
        loader.dispose()
    return data, line_map, problems


def _field_at(line_map: dict[FieldPath, int], line: int) -> str:
    """The innermost field starting on `line`, spelled for the author."""
    paths = [path for path, at in line_map.items() if at == line and path]
    return field_name(max(paths, key=len)) if paths else "front matter"


def _yaml_message(err: yaml.MarkedYAMLError, source: str, mark: yaml.Mark | None, first_line: int) -> str:
    lines = source.split("\n")
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
        return "a tab character in YAML; indent with spaces"
    message = f"not valid YAML: {err.problem or err.context}"
    if err.context and err.problem and err.context_mark is not None:
        message += f" ({err.context} started on line {err.context_mark.line + first_line})"
    return message


def _map_lines(
    node: yaml.Node,
    path: FieldPath,
    out: dict[FieldPath, int],
    problems: list[Problem],
    shown: str,
    first: int,
    budget: list[int],
    inside: set[int],
) -> None:
    """Record the line of every field, walking aliases as the values will be built; `budget`
    counts down the values left (MAX_VALUES), `inside` holds the nodes on the current path."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig(
            out.get(path[:1], first),
            path[:1],
            f"the front matter holds more than {MAX_VALUES:,} values "
            "(aliases counted each time they are used); write fewer, or split the file",
        )
    out.setdefault(path, node.start_mark.line + first)
    if isinstance(node, yaml.ScalarNode):
        return
    if id(node) in inside:
        raise _TooBig(out[path], path, "an alias (*name) is used inside the value it names; write the value out")
    inside.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str | int] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            line = key_node.start_mark.line + first
            if key in seen:
                problems.append(Problem(shown, line, field_name(path + (key,)), "this key appears twice; keep one"))
            seen.add(key)
            out[path + (key,)] = line
            _map_lines(value_node, path + (key,), out, problems, shown, first, budget, inside)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[path + (index,)] = item.start_mark.line + first
            _map_lines(item, path + (index,), out, problems, shown, first, budget, inside)
    inside.discard(id(node))


def load_config(project_dir: Path) -> tuple[dict[str, Any], dict[FieldPath, int], str, list[Problem]]:
    """Read the optional site configuration file beside the content folder."""
    path = project_dir / CONFIG_FILE
    shown = display_path(path)
    if not path.is_file():
        return {}, {}, shown, []
    data, line_map, problems = parse_yaml(path.read_text(encoding="utf-8-sig"), shown)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        # Said once: a file that is not a mapping may already have a problem of its own (a list
        # of mappings repeating a key), and read_settings must never see the list.
        if not problems:
            problems.append(Problem(shown, 1, "", "the configuration must be a set of 'key: value' lines"))
        data = {}
    return data, line_map, shown, problems


def load_history(content_dir: Path) -> tuple[str, dict[str, datetime.date]]:
    """The content folder's path inside its git repository and each file's last commit date.

    One `git log` for the whole folder; outside a repository (or without git) both are empty
    and pages fall back to their front matter.
    """

    def git(*args: str) -> str | None:
        try:
            run = subprocess.run(["git", *args], cwd=content_dir, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None
        return run.stdout if run.returncode == 0 else None

    prefix = git("rev-parse", "--show-prefix")
    log = git("log", "--format=%x00%cs", "--name-only", "--relative", "--", ".") if prefix is not None else None
    if prefix is None or log is None:
        return f"{content_dir.name}/", {}
    dates: dict[str, datetime.date] = {}
    current = None
    for line in log.splitlines():
        if line.startswith("\0"):
            current = datetime.date.fromisoformat(line[1:])
        elif line and current:
            dates.setdefault(line, current)  # newest commit first, so the first date wins
    return prefix.strip(), dates
