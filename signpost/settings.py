"""Site settings: signpost.yaml read (load), checked against its schema (validate), typed here.

`SiteConfig` is what every later stage reads; the preview sets `preview` on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from .declaration import ModelDeclaration, declaration_from, default_model, model_problems
from .load import CONFIG_FILE, display_path, load_config
from .messages import Messages, messages_for, override_problems
from .problems import ContentError, Problem, UsageError, field_name
from .schema import CONFIG
from .validate import base_url_problem, check_fields, preview_image_problem


@dataclass(frozen=True)
class SiteConfig:
    name: str = "Documentation"
    description: str = ""
    base_url: str = "/"  # where the site is served; a full URL also gives sitemap.xml its host
    language: str = "en"
    repo_url: str = ""
    edit_branch: str = "main"
    feedback_url: str = ""
    social_image: str = ""  # relative to the project's folder; published among the theme's assets (social_asset)
    colors: tuple[tuple[str, str], ...] = ()
    theme_dir: str = ""  # the folder of theme overrides, relative to the project; "" for theme/ if there is one
    model: ModelDeclaration = field(default_factory=default_model)
    messages: tuple[tuple[str, str | tuple[str, ...]], ...] = ()  # overrides of the language's messages, by key
    preview: bool = False  # set by `build.py serve`: pages load the error overlay

    @classmethod
    def from_settings(cls, data: dict[str, Any]) -> SiteConfig:
        """From validated signpost.yaml settings."""
        settings = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k not in ("colors", "model", "messages")}
        model = declaration_from(data["model"]) if data.get("model") else default_model()
        messages = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in (data.get("messages") or {}).items()))
        return cls(**settings, colors=tuple(sorted((data.get("colors") or {}).items())), model=model, messages=messages)

    @property
    def wording(self) -> Messages:
        """The interface's messages in the site's language, with its overrides and model names."""
        return messages_for(self)

    @property
    def content_security_policy(self) -> str:
        """No inline script, no third-party origin: only the site itself (and the feedback
        endpoint, when one is configured). Pagefind needs 'wasm-unsafe-eval' for its WebAssembly."""
        feedback = urlsplit(self.feedback_url)
        extra = f" {feedback.scheme}://{feedback.netloc}" if feedback.netloc else ""
        return (
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
            f"font-src 'self'; connect-src 'self'{extra}; form-action 'self'{extra}; base-uri 'self'; "
            "object-src 'none'"
        )

    def edit_url(self, edit_path: str) -> str:
        # Percent-encoded: a file may be named "Spécial page.md" (slashes stay, they are the path's).
        path = quote(f"{self.edit_branch}/{edit_path}", safe="/")
        return f"{self.repo_url.rstrip('/')}/edit/{path}" if self.repo_url and edit_path else ""

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def absolute_root(self) -> str:
        """The full URL of the site's root when known ('' otherwise)."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{self.base_path}" if parts.scheme and parts.netloc else ""

    def link(self, path: str = "") -> str:
        """A path inside the site as a URL for other sites and tools: absolute when base_url is."""
        return (self.absolute_root or self.base_path) + path

    @property
    def social_asset(self) -> str:
        """The social_image's name among the theme's assets ('' when there is none)."""
        return "social/" + PurePosixPath(self.social_image).name if self.social_image else ""


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the system, say: no such folder either
        return False


def read_settings(project_dir: Path, base_url: str | None = None) -> tuple[SiteConfig, list[Problem]]:
    """The site configuration (signpost.yaml in `project_dir`), validated like content; a
    `base_url` given on the command line overrides the file's."""
    data, lines, shown, problems = load_config(project_dir)
    if not problems:
        problems = check_fields(data, CONFIG, (), lambda path: lines.get(path), shown)
        if isinstance(data.get("messages"), dict):
            problems += [
                Problem(shown, lines.get(("messages", *map(str, path))), field_name(("messages", *path)), message)
                for path, message in override_problems(data["messages"])
            ]
    if not problems and isinstance(data.get("model"), dict):
        problems = [
            Problem(shown, lines.get(("model", *path)) or lines.get(("model", *path[:-1])), field_name(("model", *path)), message)
            for path, message in model_problems(data["model"])
        ]
    theme_dir = data.get("theme_dir")  # not text: check_fields said so
    if isinstance(theme_dir, str) and theme_dir.strip() and not _is_folder(project_dir / theme_dir):
        problems.append(
            Problem(
                shown,
                lines.get(("theme_dir",)),
                "theme_dir",
                f"no such folder: {display_path(project_dir / theme_dir)} (it is relative to the folder of {CONFIG_FILE})",
            )
        )
    image = data.get("social_image")  # not text: check_fields said so
    if isinstance(image, str) and image.strip():
        message = preview_image_problem(
            image, project_dir / image, project_dir, display_path(project_dir / image), f"the folder of {CONFIG_FILE}"
        )
        if message:
            problems.append(
                Problem(
                    shown,
                    lines.get(("social_image",)),
                    "social_image",
                    f"{message} (it is relative to the folder of {CONFIG_FILE})",
                )
            )
    if any(p.field.startswith("model") for p in problems):
        raise ContentError(problems)  # content cannot be checked against a model that is not there
    if problems:  # the rest of the content is still checked, against the declared model
        model = declaration_from(data["model"]) if isinstance(data.get("model"), dict) else default_model()
        config = SiteConfig(model=model)
    else:
        config = SiteConfig.from_settings(data)
    if base_url is not None:
        message = base_url_problem(base_url)
        if message:
            raise UsageError(f"--base-url {message}")
        config = replace(config, base_url=base_url)
    return config, problems


def relative_base_warning(project_dir: Path, config: SiteConfig) -> list[Problem]:
    """A build's warning when the site's address is unknown: search engines need it whole."""
    if config.absolute_root:
        return []
    data, lines, shown, _ = load_config(project_dir)
    line = lines.get(("base_url",)) if data.get("base_url") == config.base_url else None
    return [
        Problem(
            shown,
            line,
            "base_url",
            f"'{config.base_url}' is not a full address, so pages get no canonical "
            "link and no sitemap.xml is written; set base_url in signpost.yaml to the address the site is "
            "served at, such as https://example.com/docs/ (or build with --base-url)",
            warning=True,
        )
    ]
