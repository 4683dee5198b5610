"""The authoring guide documents every front matter field the validator accepts."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from signpost.declaration import default_model
from signpost.schema import SCHEMAS, usecase_fields

GUIDE = (ROOT / "docs/authoring.md").read_text()


def all_fields(fields):
    for f in fields:
        yield f.name
        yield from all_fields(f.items)


ALL_SCHEMAS = {**SCHEMAS, "usecase": usecase_fields(default_model())}


@pytest.mark.parametrize("kind", sorted(ALL_SCHEMAS))
def test_every_schema_field_is_in_the_authoring_guide(kind):
    documented = set(re.findall(r"`([a-z_]+)`", GUIDE))
    assert set(all_fields(ALL_SCHEMAS[kind])) - documented == set()


def test_site_settings_are_typed_from_the_one_schema():
    """SiteConfig has a field for each setting of schema.CONFIG and nothing else but the
    preview switch, so a setting cannot be documented and checked but never used."""
    from dataclasses import fields

    from signpost.schema import CONFIG
    from signpost.settings import SiteConfig

    assert {f.name for f in fields(SiteConfig)} - {"preview"} == {f.name for f in CONFIG}
