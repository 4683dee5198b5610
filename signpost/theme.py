"""The theme of one build: Jinja2 templates and content-hashed assets, made once per
configuration (the preview keeps it between rebuilds). A project's theme/ folder (or theme_dir)
lays its own templates and assets over the built-in ones.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import jinja2
import rjsmin
from markupsafe import Markup
from pygments.token import STANDARD_TYPES, Token

from .load import display_path
from .machine import breadcrumb_list
from .document import MEDIA_FOLDER
from .model import Entry, Goal, UseCase
from .problems import ContentError, Problem
from .settings import SiteConfig

# WCAG AA contrast in both themes (the accessible-pygments package). The styles are imported
# from the modules its entry points name: asked for a style it does not ship, Pygments scans
# the entry points of every installed distribution, 20 ms of each build.
HIGHLIGHT_STYLES = {"light": "a11y-light", "dark": "a11y-dark"}
_STYLE_MODULES = {"a11y-light": "a11y_pygments.a11y_light.style", "a11y-dark": "a11y_pygments.a11y_dark.style"}


# Beside signpost.yaml, unless its `theme_dir` names another folder: templates/ and assets/
# there replace the built-in files of the same name, as MkDocs' custom_dir does.
OVERRIDES_DIR = "theme"
# Overriding templates reach a built-in template they replace under this prefix, e.g.
# {% extends "builtin/usecase.html" %} (a plain "usecase.html" would be the override itself).
BUILTIN_PREFIX = "builtin"


def overrides_dir(project_dir: Path, config: SiteConfig) -> Path | None:
    """The project's theme override folder, if it has one (a missing theme_dir is reported by
    read_settings, with its line)."""
    folder = (project_dir / (config.theme_dir or OVERRIDES_DIR)).absolute()
    return folder if folder.is_dir() else None


def build_assets(
    assets_dirs: list[Path], config: SiteConfig, extra: dict[str, bytes] | None = None
) -> dict[str, tuple[str, bytes]]:
    """Every asset under a content-hashed name, so browsers may cache it forever. A file of a
    later folder (the overrides) replaces the one of the same name before it, generated ones too;
    `extra` files (the project's social image) come last."""
    files = {"css/highlight.css": _highlight_css().encode()}
    if config.colors:
        files["css/colors.css"] = _colors_css(config).encode()
    for index, folder in enumerate(assets_dirs):
        for path in folder.rglob("*"):
            logical = path.relative_to(folder).as_posix()
            # Hidden files are an editor's or the system's (.swp, .DS_Store), not the theme's.
            if path.is_file() and not any(part.startswith(".") for part in logical.split("/")):
                files[logical] = _minified(path) if index == 0 else path.read_bytes()
    files.update(extra or {})
    return {logical: _hashed(logical, files[logical]) for logical in sorted(files)}


def _minified(path: Path) -> bytes:
    """Our own scripts without comments and spacing: they are served as written otherwise, and
    the widgets have a size budget (docs/decision-flow.md). rjsmin only strips, never renames,
    so what the browser tests exercise is the code as written. Overrides are left as they are:
    rjsmin does not parse, and a stranger's script may use what it cannot strip safely (nested
    template literals)."""
    if path.suffix != ".js":
        return path.read_bytes()
    script: str = rjsmin.jsmin(path.read_text(encoding="utf-8"))
    return script.encode()


def _hashed(logical: str, data: bytes) -> tuple[str, bytes]:
    stem, dot, ext = logical.rpartition(".")
    return f"assets/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}", data


def _highlight_css() -> str:
    """Code colours for both themes in one rule per token, switched by CSS light-dark().

    Pygments writes one stylesheet per style; merging two by hand halves the bytes and lets
    the theme toggle and the system preference both apply without a second copy.
    """
    light, dark = (importlib.import_module(_STYLE_MODULES[HIGHLIGHT_STYLES[mode]]).Theme for mode in ("light", "dark"))
    text = {
        mode: style.style_for_token(Token.Text)["color"] or fallback
        for mode, style, fallback in (("light", light, "000000"), ("dark", dark, "ffffff"))
    }
    rules = [
        f".highlight {{ background: light-dark({light.background_color}, {dark.background_color}); "
        f"color: light-dark(#{text['light']}, #{text['dark']}); }}"
    ]
    for token, css_class in sorted(STANDARD_TYPES.items(), key=lambda item: item[1]):
        if not css_class:
            continue
        lt, dk = light.style_for_token(token), dark.style_for_token(token)
        declarations = []
        if (lt["color"], dk["color"]) != (text["light"], text["dark"]) and (lt["color"] or dk["color"]):
            declarations.append(f"color: light-dark(#{lt['color'] or text['light']}, #{dk['color'] or text['dark']})")
        if lt["bold"]:
            declarations.append("font-weight: bold")
        if lt["italic"]:
            declarations.append("font-style: italic")
        if declarations:
            rules.append(f".highlight .{css_class} {{ {'; '.join(declarations)}; }}")
    return f"/* Generated from the Pygments styles {HIGHLIGHT_STYLES}. */\n" + "\n".join(rules) + "\n"


def _colors_css(config: SiteConfig) -> str:
    """The accent colours chosen in signpost.yaml, as overrides of the theme's custom properties."""
    names = {"accent": "--accent", "accent_dark": "--accent-dark"}
    return ":root {\n" + "".join(f"  {names[key]}: {value};\n" for key, value in config.colors) + "}\n"


# Beyond this many use cases a goal's list in the navigation shows a window around the current
# page and a link to the rest, so a page's size does not grow with the catalog.


NAV_LIMIT = 24
# Up to this many pairings, the navigation lists every goal's use cases on every page.
NAV_SHOW_ALL = 40


def nav_usecases(goal: Goal, current_url: str) -> tuple[list[UseCase], int]:
    """The use cases the navigation lists under `goal`, and how many it leaves out."""
    items = goal.usecases
    if len(items) <= NAV_LIMIT:
        return items, 0
    index = next((i for i, u in enumerate(items) if u.url == current_url), 0)
    start = max(0, min(index - NAV_LIMIT // 2, len(items) - NAV_LIMIT))
    return items[start : start + NAV_LIMIT], len(items) - NAV_LIMIT


class TemplateProblem(ContentError):
    """A broken override template."""


def template_problem(err: Exception, overrides: Path, builtin: Path) -> Problem | None:
    """A template's error as a Problem at the template file and line where it happened, when an
    override template is part of it; None otherwise (the built-in theme failing is a bug)."""
    # Jinja2 rewrites tracebacks so that each template frame carries the template's file and line.
    frames = [(Path(f.filename), f.lineno) for f in traceback.extract_tb(err.__traceback__)]
    if isinstance(err, jinja2.TemplateSyntaxError) and err.filename:
        frames.append((Path(err.filename), err.lineno))
    frames = [(path, line) for path, line in frames if path.is_relative_to(overrides) or path.is_relative_to(builtin)]
    if not any(path.is_relative_to(overrides) for path, _ in frames):
        return None
    path, line = frames[-1]  # the innermost: where it went wrong
    if isinstance(err, jinja2.TemplateNotFound):
        message = f"template not found: {err.message}"
    elif isinstance(err, jinja2.TemplateError):
        message = err.message or type(err).__name__
    elif isinstance(err, RecursionError) and path.is_relative_to(overrides):
        message = (
            f"it extends or includes itself; the built-in template of the same name is "
            f"{BUILTIN_PREFIX}/{path.relative_to(overrides).as_posix()}"
        )
    else:
        message = f"{type(err).__name__}: {err}"
    return Problem(display_path(path), line, "template", message)


class ThemeEnvironment(jinja2.Environment):
    """Jinja2 calls handle_exception for every error of compiling or rendering a template:
    one broken in the project's overrides becomes a content error naming its file and line."""

    override_templates: Path | None = None  # the folders the loader reads, to tell which template failed
    builtin_templates: Path  # set with the other by make_environment

    def handle_exception(self, source: str | None = None) -> NoReturn:
        try:
            super().handle_exception(source)  # raises the error with the templates' frames
        except ContentError:
            raise  # an included template's, already reported
        except Exception as err:
            problem = template_problem(err, self.override_templates, self.builtin_templates) if self.override_templates else None
            if problem is None:
                raise
            raise TemplateProblem([problem]) from None


def make_environment(
    templates_dir: Path, config: SiteConfig, assets: dict[str, tuple[str, bytes]], override_templates: Path | None = None
) -> jinja2.Environment:
    """Templates from `override_templates` first, then the built-in ones (also as builtin/<name>)."""
    builtin = jinja2.FileSystemLoader(templates_dir)
    loader = (
        builtin
        if override_templates is None
        else jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(override_templates), builtin, jinja2.PrefixLoader({BUILTIN_PREFIX: builtin})]
        )
    )
    env = ThemeEnvironment(
        loader=loader,
        # Compiled templates are kept in the system's temporary folder between builds
        # (Jinja2 checks each template's source before reusing its compiled form).
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.override_templates, env.builtin_templates = override_templates, templates_dir

    def asset(logical: str) -> str:
        if logical not in assets:  # a template of the overrides naming a file no assets/ folder has
            raise jinja2.TemplateRuntimeError(f"asset({logical!r}): no such file in the overrides' assets/ or the built-in ones")
        return config.base_path + assets[logical][0]

    def preview_image(entry: Entry | None) -> str:
        """The image link previews show for a page: its own `image`, else the site's social_image."""
        if entry is not None and entry.image:
            return config.link(MEDIA_FOLDER + entry.image)
        return config.link(assets[config.social_asset][0]) if config.social_image else ""

    env.globals.update(
        site=config,
        url=lambda path="": config.base_path + path,
        asset=asset,
        has_asset=lambda logical: logical in assets,
        preview_image=preview_image,
        breadcrumb_list=functools.partial(breadcrumb_list, config),
        nav_usecases=nav_usecases,
        # Every interface string, in the site's language (signpost/messages/): t("key", name=value).
        t=config.wording.html,
        format_date=config.wording.date,
        localize_body=config.wording.body,
        browser_messages=config.wording.browser(),
    )
    env.filters["body"] = lambda doc: Markup(doc.html)  # the one place rendered Markdown is trusted
    return env


@dataclass
class Theme:
    """Compiled templates and hashed assets for one configuration; the preview reuses it."""

    env: jinja2.Environment
    assets: dict[str, tuple[str, bytes]]
    # The Markdown copy of each page by URL, as last rendered (machine.markdown_files): a preview
    # render of the pages an edit alters gathers llms-full.txt without making every copy again.
    markdown: dict[str, str] = field(default_factory=dict)


def load_theme(
    templates_dir: Path,
    assets_dir: Path,
    config: SiteConfig,
    overrides: Path | None = None,
    extra: dict[str, bytes] | None = None,
) -> Theme:
    """The built-in theme, with the templates/ and assets/ of the `overrides` folder laid over it
    (either may be missing: a missing folder holds no files), and the `extra` assets."""
    if overrides is None:
        assets = build_assets([assets_dir], config, extra)
        return Theme(make_environment(templates_dir, config, assets), assets)
    assets = build_assets([assets_dir, overrides / "assets"], config, extra)
    return Theme(make_environment(templates_dir, config, assets, overrides / "templates"), assets)
