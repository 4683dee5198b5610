"""The CI workflow is a valid GitHub Actions file and runs the README's commands, nothing more."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/site.yml"
STARTER_WORKFLOW = ROOT / "signpost/starter/files/dot-github/workflows/site.yml"  # what `signpost new` writes


@pytest.mark.parametrize("workflow", [WORKFLOW, STARTER_WORKFLOW], ids=["ours", "starter"])
def test_workflow_matches_the_github_actions_schema(workflow):
    checker = shutil.which("check-jsonschema") or str(ROOT / ".venv/bin/check-jsonschema")
    run = subprocess.run([checker, "--builtin-schema", "vendor.github-workflows", str(workflow)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflow_runs_on_push_and_pull_request_and_deploys_main_only():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {
        "push",
        "pull_request",
        "schedule",
        "workflow_dispatch",
    }  # the last two: the weekly external link check
    assert workflow["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main' && github.event_name == 'push'"
    upload = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["if-no-files-found"] == "error"


def test_every_command_the_workflow_runs_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and not s["name"].startswith("Trust")]
    for command in commands:
        normalised = command.replace('"$BASE_URL"', "https://acme.github.io/my-repo/")
        assert normalised in readme or re.search(rf"^{re.escape(normalised)}\b", readme, re.M), command


def test_ci_reuses_downloads_and_installs_the_wheel_outside_the_checkout():
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    cache = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/cache"))
    assert set(cache["with"]["path"].split()) == {"~/.cache/pip", "~/.npm"}
    assert "package-lock.json" in cache["with"]["key"] and "pyproject.toml" in cache["with"]["key"]
    build_cache = [s for s in jobs["build"]["steps"] if s.get("with", {}).get("path") == "~/.cache/signpost/build"]
    assert [s["uses"] for s in build_cache] == ["actions/cache@v4"]
    assert build_cache[0]["with"]["restore-keys"] == "signpost-build-"  # the latest cache, whatever the commit
    script = "\n".join(s.get("run", "") for s in jobs["package"]["steps"])
    for command in (
        "pip wheel --no-deps",
        "python -m venv /tmp/",
        "pip install dist/",
        "signpost new guide",
        "signpost build --strict",
        "signpost linkcheck site",
    ):
        assert command in script
