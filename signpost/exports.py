"""The catalog as data: catalog.json for other tools, and the JSON the browser widgets read.

Both come from the same model as the pages, so they cannot disagree with them.
"""

from __future__ import annotations

from typing import Any

from .declaration import ModelDeclaration
from .model import Catalog, Pairing
from .settings import SiteConfig

# 2: the declared model ("model"), a pairing's lists under "lists" by key, "items" for the
# catalog of the items list (docs/catalog.md, "Versions").
CATALOG_SCHEMA_VERSION = 2


def lists_json(p: Pairing, model: ModelDeclaration) -> dict[str, Any]:
    """A pairing's lists by key: the items list's entries as {name, properties}, the others as strings."""
    return {
        d.key: [{"name": e.name, "properties": list(e.properties)} for e in p.lists[d.key]]
        if d.kind == "items"
        else list(p.lists[d.key])
        for d in model.lists
    }


def _pairing_json(p: Pairing, base: str, model: ModelDeclaration) -> dict[str, Any]:
    return {
        "goal": p.goal.slug,
        "use_case": p.usecase.slug,
        "url": f"{base}{p.usecase.url}#{p.anchor}",
        "description": p.description,
        "helps_you": p.helps_you,
        "lists": lists_json(p, model),
    }


def browser_data(catalog: Catalog, config: SiteConfig) -> dict[str, Any]:
    """What the decision flow and the plan builder need, embedded in their pages as JSON."""
    base = config.base_path
    return {
        "model": catalog.model.as_json(),
        "goals": [
            {
                "slug": g.slug,
                "title": g.title,
                "considerations": [{"question": c.question, "use_cases": list(c.usecase_slugs)} for c in g.considerations],
            }
            for g in catalog.goals
        ],
        "pairings": [
            {
                "id": p.reference_anchor,
                "goal": p.goal.slug,
                "goal_title": p.goal.title,
                "use_case": p.usecase.slug,
                "title": p.usecase.title,
                "url": f"{base}{p.usecase.url}#{p.anchor}",
                "description": p.description,
                "lists": lists_json(p, catalog.model),
            }
            for p in catalog.pairings
        ],
        "items": [e.name for e in catalog.items],
    }


def catalog_as_json(catalog: Catalog, config: SiteConfig) -> dict[str, Any]:
    """The whole model as plain data; the shape is documented in docs/catalog.md."""
    base = config.base_path
    # Items come from the items list, which has a catalog page.
    items_url = catalog.items_page.url if catalog.items and catalog.items_page else ""
    return {
        "schema_version": CATALOG_SCHEMA_VERSION,
        "site": {"name": config.name, "base_url": base},
        "model": catalog.model.as_json(),
        "goals": [
            {
                "slug": g.slug,
                "title": g.title,
                "url": base + g.url,
                "order": g.order,
                "helps_you": g.helps_you,
                "summary": g.summary,
                "use_cases": [u.slug for u in g.usecases],
                "considerations": [{"question": c.question, "use_cases": list(c.usecase_slugs)} for c in g.considerations],
            }
            for g in catalog.goals
        ],
        "use_cases": [
            {"slug": u.slug, "title": u.title, "url": base + u.url, "summary": u.summary, "goals": [g.slug for g in u.goals]}
            for u in catalog.usecases
        ],
        "pairings": [_pairing_json(p, base, catalog.model) for p in catalog.pairings],
        "items": [
            {
                "name": e.name,
                "url": f"{base}{items_url}#{e.anchor}",
                "properties": e.properties,
                "used_by": [{"goal": p.goal.slug, "use_case": p.usecase.slug} for p in e.pairings],
            }
            for e in catalog.items
        ],
        "pages": [{"slug": p.slug, "title": p.title, "url": base + p.url} for p in catalog.listed_pages],
    }
