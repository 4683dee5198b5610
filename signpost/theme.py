"""The theme of one build: Jinja2 templates and content-hashed assets, made once per
configuration (the preview keeps it between rebuilds).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Token

from .model import Goal, UseCase
from .settings import SiteConfig

# WCAG AA contrast in both themes (the accessible-pygments package).
HIGHLIGHT_STYLES = {"light": "a11y-light", "dark": "a11y-dark"}


def build_assets(assets_dir: Path, config: SiteConfig) -> dict[str, tuple[str, bytes]]:
    """Every asset under a content-hashed name, so browsers may cache it forever."""
    out = {}
    for path in sorted(p for p in assets_dir.rglob("*") if p.is_file()):
        logical = path.relative_to(assets_dir).as_posix()
        out[logical] = _hashed(logical, path.read_bytes())
    out["css/highlight.css"] = _hashed("css/highlight.css", _highlight_css().encode())
    if config.colors:
        out["css/colors.css"] = _hashed("css/colors.css", _colors_css(config).encode())
    return out


def _hashed(logical: str, data: bytes) -> tuple[str, bytes]:
    stem, dot, ext = logical.rpartition(".")
    return f"assets/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}", data


def _highlight_css() -> str:
    """Code colours for both themes in one rule per token, switched by CSS light-dark().

    Pygments writes one stylesheet per style; merging two by hand halves the bytes and lets
    the theme toggle and the system preference both apply without a second copy.
    """
    light, dark = (get_style_by_name(HIGHLIGHT_STYLES[mode]) for mode in ("light", "dark"))
    text = {mode: style.style_for_token(Token.Text)["color"] or fallback
            for mode, style, fallback in (("light", light, "000000"), ("dark", dark, "ffffff"))}
    rules = [f".highlight {{ background: light-dark({light.background_color}, {dark.background_color}); "
             f"color: light-dark(#{text['light']}, #{text['dark']}); }}"]
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
    return items[start:start + NAV_LIMIT], len(items) - NAV_LIMIT


def make_environment(templates_dir: Path, config: SiteConfig, assets: dict[str, tuple[str, bytes]]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        # Compiled templates are kept in the system's temporary folder between builds
        # (Jinja2 checks each template's source before reusing its compiled form).
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        site=config,
        url=lambda path="": config.base_path + path,
        asset=lambda logical: config.base_path + assets[logical][0],
        has_asset=lambda logical: logical in assets,
        nav_usecases=nav_usecases,
    )
    env.filters["body"] = lambda doc: Markup(doc.html)  # the one place rendered Markdown is trusted
    return env


@dataclass
class Theme:
    """Compiled templates and hashed assets for one configuration; the preview reuses it."""

    env: jinja2.Environment
    assets: dict[str, tuple[str, bytes]]


def load_theme(templates_dir: Path, assets_dir: Path, config: SiteConfig) -> Theme:
    assets = build_assets(assets_dir, config)
    return Theme(make_environment(templates_dir, config, assets), assets)
