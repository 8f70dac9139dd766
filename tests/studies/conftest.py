"""Shared by the study tests: small grid studies of 1957 under random play, and studies played in
another process (to be killed, interrupted or sent to a cluster), watched through their journal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           DASK_DISTRIBUTED__WORKER__DAEMON="False")
PLAY = """
import sys
import game.studies.runner as runner
from game.studies import study
runner.TASK_GAMES = 1          # a piece a task: a journal line at a time, many tasks for a cluster
study(sys.argv[1], out=sys.argv[2], scheduler=sys.argv[3] if len(sys.argv) > 3 else None)
"""


@pytest.fixture
def grid_study(tmp_path):
    """``write(vary={path: values}, games=30, seed=5, per_game=False, name=...)``: a grid study file of 1957."""
    def write(vary: dict[str, list], games: int = 30, seed: int = 5, per_game: bool = False,
              name: str = "study.toml") -> Path:
        lines = ['scenario = "1957"', 'design = "grid"', f"games = {games}", f"seed = {seed}", 'policies = "random"',
                 f"per_game = {json.dumps(per_game)}"]
        for path, values in vary.items():
            lines += ["[[vary]]", f'path = "{path}"', f"values = {json.dumps(values)}"]
        file = tmp_path / name
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return file
    return write


def _play_apart(path: Path, out: Path, *scheduler: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PLAY, str(path), str(out), *scheduler], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_journal(journal: Path, lines: int, proc: subprocess.Popen, seconds: float = 120) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_text().count("\n") >= lines:
            break
        time.sleep(0.01)
    return journal.read_text().count("\n") if journal.exists() else 0


@pytest.fixture
def study_env() -> dict:
    """The environment of a process that plays studies: this checkout's game on its path."""
    return dict(ENV)


@pytest.fixture
def play_apart():
    """``play_apart(study file, out, [scheduler])``: the study played in another process, a piece a task."""
    return _play_apart


@pytest.fixture
def wait_for_journal():
    """``wait_for_journal(journal, lines, process)``: wait until the journal holds ``lines`` lines (or the
    process ends, or two minutes pass); how many it holds then."""
    return _wait_for_journal
