"""Signpost: a static site generator for use-case guides.

The engine is a pipeline, one module per stage:

    load      files -> Record (front matter + body, with source line numbers)
    validate  schema, references and links; every problem collected, none raised
    model     plain dataclasses: Goal, UseCase, Pairing, Event, Page, Catalog
    render    Jinja2 templates + Markdown -> {output path: bytes}
    write     build into a temporary folder, then swap it in

`pipeline` strings the stages together for the CLI (`build.py`) and the preview server.
"""

# The release, in semantic versioning (CHANGELOG.md): pyproject.toml reads it from here.
__version__ = "0.3.0"
