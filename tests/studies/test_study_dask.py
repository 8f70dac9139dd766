"""A study on a real Dask cluster: a LocalCluster, and a scheduler and workers started from their
command lines (one of them killed mid-study). The numbers are the same as in one process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from game.studies import study
from game.studies.runner import read_rows

VARY = {"actors.serov.stance": [-0.5, 0.0, 0.5], "model.bandwagon": [0.5, 1.0, 1.5, 2.0]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_local_cluster_gives_the_numbers_of_one_process(tmp_path, grid_study):
    path = grid_study(VARY, games=40, seed=11)
    alone = study(path)
    clustered = study(path, out=tmp_path / "r.parquet", scheduler="local:2")
    assert clustered.rows == alone.rows
    assert clustered.summary["timing"]["workers"] == 2
    assert clustered.summary["analysis"] == alone.summary["analysis"]


def _start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dask", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


def _lose_a_worker(tmp_path, grid_study, play_apart, wait_for_journal, env, before: int, after: int) -> None:
    """Play a study on a scheduler and ``before`` workers started from their command lines, kill the
    first worker once three pieces are in, start ``after`` new workers: the study ends with the numbers
    of one process."""
    path = grid_study(VARY, games=150, seed=11)
    out = tmp_path / "r.csv"
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    worker = ["worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard"]
    procs = [_start(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], env)]
    try:
        procs += [_start([*worker, "--name", f"w{i}"], env) for i in range(before)]
        run = play_apart(path, out, address)
        procs.append(run)
        lines_at_kill = wait_for_journal(Path(f"{out}.journal"), 3, run)
        _stop(procs[1])                                       # a worker is lost mid-study
        procs += [_start([*worker, "--name", f"new{i}"], env) for i in range(after)]
        _, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
    finally:
        for proc in procs:
            _stop(proc)
    assert lines_at_kill < 1 + 12, "the study ended before a worker could be lost"
    assert read_rows(out) == study(path).rows


def test_a_scheduler_and_workers_from_the_command_line_survive_a_lost_worker(tmp_path, grid_study, play_apart,
                                                                               wait_for_journal, study_env):
    _lose_a_worker(tmp_path, grid_study, play_apart, wait_for_journal, study_env, before=2, after=0)


def test_a_study_goes_on_when_its_only_worker_is_lost_and_another_joins(tmp_path, grid_study, play_apart,
                                                                         wait_for_journal, study_env):
    """The lost worker held the only copy of the scenario the tasks read: the scheduler cancels the tasks
    still to play, and the study sends the scenario and them again to the new worker."""
    _lose_a_worker(tmp_path, grid_study, play_apart, wait_for_journal, study_env, before=1, after=1)
