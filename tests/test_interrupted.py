"""A build killed at a random moment leaves the previous site complete; the next build cleans up."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate


def tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_sigkill_at_random_moments_never_damages_the_previous_site(tmp_path):
    project = tmp_path / "catalog"
    generate(200, project)  # large enough that a build takes a while to kill (about a second)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--out", "site"]
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    before = tree(project / "site")
    started = time.perf_counter()
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    duration = time.perf_counter() - started
    rng = random.Random(2026)
    for _ in range(6):
        build = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration))
        build.send_signal(signal.SIGKILL)
        build.wait()
        assert tree(project / "site") == before
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    assert tree(project / "site") == before  # same input, same bytes
    assert sorted(p.name for p in project.iterdir()) == ["content", "signpost.yaml", "site"]  # no temporary folder left
