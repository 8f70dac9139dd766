"""A study on a real Dask cluster: a LocalCluster, and a scheduler and workers started from their
command lines (one of them killed mid-study). The numbers are the same as in one process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


from game.studies import study
from game.studies.runner import read_rows

ROOT = Path(__file__).resolve().parents[2]
STUDY = """
scenario = "1957"
design = "grid"
games = {games}
seed = 11
policies = "random"
[[vary]]
path = "actors.serov.stance"
values = [-0.5, 0.0, 0.5]
[[vary]]
path = "model.bandwagon"
values = [0.5, 1.0, 1.5, 2.0]
"""
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           DASK_DISTRIBUTED__WORKER__DAEMON="False")


def write(tmp_path: Path, games: int) -> Path:
    path = tmp_path / "study.toml"
    path.write_text(STUDY.format(games=games), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_local_cluster_gives_the_numbers_of_one_process(tmp_path):
    path = write(tmp_path, games=40)
    alone = study(path)
    clustered = study(path, out=tmp_path / "r.parquet", scheduler="local:2")
    assert clustered.rows == alone.rows
    assert clustered.summary["timing"]["workers"] == 2
    assert clustered.summary["analysis"] == alone.summary["analysis"]


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dask", *args], env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


RUN = """
import sys
import game.studies.runner as runner
from game.studies import study
runner.TASK_GAMES = 1          # one point a task: many tasks, some of them on the worker that dies
study(sys.argv[1], out=sys.argv[2], scheduler=sys.argv[3])
"""


def test_a_scheduler_and_workers_from_the_command_line_survive_a_lost_worker(tmp_path):
    path = write(tmp_path, games=150)
    out = tmp_path / "r.csv"
    journal = Path(f"{out}.journal")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [_start(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])]
    try:
        procs += [_start(["worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", f"w{i}"])
                  for i in range(2)]
        run = subprocess.Popen([sys.executable, "-c", RUN, str(path), str(out), address], env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(run)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and run.poll() is None:
            if journal.exists() and journal.read_text().count("\n") >= 3:
                break
            time.sleep(0.01)
        lines_at_kill = journal.read_text().count("\n") if journal.exists() else 0
        _stop(procs[1])                                       # a worker is lost mid-study
        _, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
    finally:
        for proc in procs:
            _stop(proc)
    assert lines_at_kill < 1 + 12, "the study ended before a worker could be lost"
    assert read_rows(out) == study(path).rows
