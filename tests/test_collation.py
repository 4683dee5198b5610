"""Titles and names sort by the Unicode Collation Algorithm (collation.py), not by code point."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pyuca import Collator

from signpost.collation import collation_key
from signpost.pipeline import read_project

FULL = Collator()  # pyuca with its whole table: what the reduced one must agree with


def test_accents_case_and_emoji_sort_as_readers_expect():
    titles = ["Zebra", "éclair", "Distributed tracing", "🚀 Launch", "Détection des anomalies", "Eclair", "apple"]
    assert sorted(titles, key=collation_key(titles)) == [
        "🚀 Launch",
        "apple",
        "Détection des anomalies",
        "Distributed tracing",
        "Eclair",
        "éclair",
        "Zebra",
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), min_size=2, max_size=8))
def test_the_reduced_table_orders_exactly_like_the_whole_one(texts):
    key = collation_key(texts)
    assert sorted(texts, key=key) == sorted(texts, key=lambda text: (FULL.sort_key(text), text))


def test_the_catalog_lists_use_cases_pages_and_items_in_collation_order(bakery):
    bakery.edit("usecases/rainy-day-offers.md", "title: Rainy day offers", "title: Éclairs for rainy days")
    bakery.edit("usecases/morning-pastry-alerts.md", "title: Morning pastry alerts", "title: 🥐 Morning pastry alerts")
    bakery.edit("usecases/morning-pastry-alerts.md", "name: Door Opened", "name: Émail Sent")
    bakery.edit("usecases/rainy-day-offers.md", "name: Door Opened", "name: Émail Sent")
    catalog, _, _ = read_project(bakery.content)
    assert [u.title for u in catalog.usecases] == [
        "🥐 Morning pastry alerts",
        "Éclairs for rainy days",
        "Loyalty stamp reminders",
    ]
    assert [e.name for e in catalog.items] == ["Émail Sent", "Pastry Viewed", "Stamp Earned"]
