"""The catalog model declared as data: another field's guide uses its own lists and names, and
no engine file names ours."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

MODEL = """\
name: Reliability Guide
model:
  goal: {singular: Reliability aim, plural: Reliability aims}
  usecase: {singular: Practice, plural: Practices}
  plan: Instrumentation plan
  tags_label: Tools
  lists:
    - key: signals
      kind: items
      label: Signals to collect
      singular: Signal
      plural: Signals
      properties: Attributes
    - key: collectors
      kind: tags
      label: Collectors
      singular: Collector
      plural: Collectors
    - key: backends
      kind: tags
      label: Backends
      singular: Backend
      plural: Backends
      required: false
    - key: caveats
      kind: text
      label: Caveats
      singular: Caveat
      plural: Caveats
      required: false
"""

GOAL = """\
---
title: Fewer outages
order: 1
helps_you: keep the service up
summary: Notice trouble before customers do.
use_cases: [watch-pools, trace-slow-calls]
considerations:
  - question: Do pools run dry at peak?
    use_cases: [watch-pools]
---
Start with [pools](../usecases/watch-pools.md#for-fewer-outages-signals).
"""

PRACTICE = """\
---
title: {title}
summary: {summary}
goals:
  - goal: fewer-outages
    description: {summary}
    helps_you: see trouble coming
    signals:
      - name: {signal}
        properties: [pool, percent]
    collectors: [Agent]
    backends: []
    caveats: [Sampling hides rare spikes]
---
Mentions `{signal}`.
"""

# Our guide's list keys and labels: none may reach another model's site.
DEFAULT_WORDS = [
    "Events to track",
    "Sources and destinations",
    "Business goal",
    "Tracking plan",
    "tracking plan",
    "Destinations",
    "Sources",
    "Use case",
    "use case",
    "Event",
]


@pytest.fixture
def reliability(tmp_path, monkeypatch, capsys):
    from conftest import Project

    root = tmp_path / "reliability"
    (root / "content/goals").mkdir(parents=True)
    (root / "content/usecases").mkdir()
    (root / "signpost.yaml").write_text(MODEL)
    (root / "content/goals/fewer-outages.md").write_text(GOAL)
    (root / "content/usecases/watch-pools.md").write_text(
        PRACTICE.format(title="Watch pools", summary="Alert on saturation.", signal="Pool Saturation")
    )
    (root / "content/usecases/trace-slow-calls.md").write_text(
        PRACTICE.format(title="Trace slow calls", summary="Follow a request.", signal="Span Latency")
    )
    monkeypatch.chdir(root)
    return Project(root, capsys)


def test_another_model_builds_with_its_own_names_and_none_of_ours(reliability):
    run = reliability.run("build", "--base-url", "https://reliability.example/")  # a full address: no warning
    assert (run.code, run.err) == (0, ""), run.err
    site = reliability.site
    practice = (site / "usecases/watch-pools/index.html").read_text()
    for label in (
        "Signals to collect",
        "Attributes",
        "Tools",
        "Collectors",
        "Backends",
        "Caveats",
        "Sampling hides rare spikes",
        "Add to the instrumentation plan",
    ):
        assert label in practice, label
    assert 'href="/signals/#pool-saturation"' in practice and "/events/" not in practice  # mention and table
    signals = (site / "signals/index.html").read_text()
    assert "<h1>Signals</h1>" in signals and 'id="all-signals"' in signals
    catalog = json.loads((site / "catalog.json").read_text())
    assert catalog["pairings"][0]["lists"] == {
        "signals": [{"name": "Span Latency", "properties": ["pool", "percent"]}]
        if catalog["pairings"][0]["use_case"] == "trace-slow-calls"
        else [{"name": "Pool Saturation", "properties": ["pool", "percent"]}],
        "collectors": ["Agent"],
        "backends": [],
        "caveats": ["Sampling hides rare spikes"],
    }
    assert [i["name"] for i in catalog["items"]] == ["Pool Saturation", "Span Latency"]
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json") and "pagefind" not in path.parts:
            text = path.read_text()
            found = [w for w in DEFAULT_WORDS if re.search(rf"\b{w}\b", text)]
            assert found == [], f"{path.relative_to(site)}: {found}"


def test_the_schema_of_a_pairing_follows_the_model(reliability):
    reliability.edit("usecases/watch-pools.md", "    collectors: [Agent]\n", "    events: [Agent]\n")
    run = reliability.run("check")
    assert run.code == 1
    assert run.err.splitlines()[:2] == [
        "content/usecases/watch-pools.md:5: goals[0]: 'collectors' is required: Collectors, in order.",
        "content/usecases/watch-pools.md:11: goals[0].events: unknown field (did you mean 'caveats'?); known fields: "
        "goal, description, helps_you, signals, collectors, backends, caveats",
    ]


BAD_MODELS = {
    "twice": (
        "    - key: collectors\n",
        "    - key: signals\n",
        "signpost.yaml:14: model.lists[1].key: 'signals' is declared twice",
    ),
    "kind": (
        "      kind: tags\n      label: Collectors",
        "      kind: chips\n      label: Collectors",
        "signpost.yaml:15: model.lists[1].kind: must be one of items, tags, text, got 'chips'",
    ),
    "two-items": (
        "    - key: backends\n      kind: tags",
        "    - key: backends\n      kind: items",
        "signpost.yaml:7: model.lists: at most one list may be of kind items (it gets the catalog page)",
    ),
    "pairing-key": (
        "    - key: caveats",
        "    - key: helps_you",
        "signpost.yaml:25: model.lists[3].key: 'helps_you' cannot be a list key; use lower-case letters, "
        "digits and _, and none of goal, description, helps_you, use_cases",
    ),
    "taken-page": (
        "    - key: signals",
        "    - key: plan",
        "signpost.yaml:8: model.lists[0].key: 'plan' names the catalog page of this list, and that page "
        "name is taken; choose another key",
    ),
    "boolean": (
        "      required: false\n    - key: caveats",
        "      required: maybe\n    - key: caveats",
        "signpost.yaml:24: model.lists[2].required: must be true or false, got the text 'maybe'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MODELS))
def test_a_declared_model_is_checked_before_the_content(reliability, case):
    old, new, expected = BAD_MODELS[case]
    config = reliability.root / "signpost.yaml"
    config.write_text(config.read_text().replace(old, new, 1))
    run = reliability.run("check")
    assert (run.code, run.err.splitlines()) == (1, [expected, "Aborted with 1 content error; nothing was written."])


ENGINE = [
    *ROOT.glob("signpost/**/*.py"),
    *ROOT.glob("signpost/**/*.js"),
    *ROOT.glob("templates/**/*.html"),
    *ROOT.glob("assets/**/*.js"),
    *ROOT.glob("assets/**/*.css"),
]


@pytest.mark.parametrize("path", ENGINE, ids=[str(p.relative_to(ROOT)) for p in ENGINE])
def test_no_engine_file_names_a_list_or_label_of_the_default_model(path: Path):
    """Outside signpost/default_model.yaml the engine knows no list of ours by name."""
    from signpost.declaration import default_model

    model = default_model()
    words = (
        {d.key for d in model.lists}
        | {d.label for d in model.lists}
        | {model.plan, model.tags_label, model.goal.singular, model.goal.plural}
    )
    text = path.read_text()
    assert [w for w in sorted(words) if re.search(rf"\b{re.escape(w)}\b", text)] == []


def test_an_items_list_may_not_take_the_name_of_another_generated_page():
    """declaration.py lists those names for its check; they must be the registry's."""
    from signpost.declaration import _TAKEN_SLUGS, default_model
    from signpost.generated import generated_pages

    model = default_model()
    assert set(generated_pages(model)) - {model.items.key} == set(_TAKEN_SLUGS)
