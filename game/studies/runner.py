"""Playing a study: blocks of games, in this process or on a Dask cluster, journalled and resumable.

Every point is ``simulate(its scenario, runs=games, seed=Study.point_seed(point))``: its games
are cut into pieces of at most a block (``game.sim.batch.block_size``), and a task plays a few
consecutive pieces. A game's numbers depend only on the study seed, the point and the game's
number, so they are the same in one process, on two workers or on twenty machines, and
whichever piece or task played them. Finished pieces are appended to a journal next to the
results file (one JSON line each, flushed), so a study stopped by Ctrl-C, a killed process or
a lost machine starts again where it stopped, and never plays a piece twice; Dask itself
retries a lost worker's tasks on the others. The results file is written, whole, at the end.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import BadInput, shown_path
from ..sim.batch import _keep_heap, _one_thread, block_size, play_block, wilson
from .design import BaseScenario, Study, StudyError, file_problem

TASK_GAMES = 1000        # a task plays pieces of consecutive points up to about this many games
SUFFIXES = (".parquet", ".csv")
WAIT_FOR_WORKERS = 120   # seconds a study waits for the first worker to join a scheduler
RESUBMITS = 5            # times a task the cluster lost (cancelled, not failed) is sent again
LOCAL_CLUSTER = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                 "distributed.worker.memory.monitor-interval": "1s", "distributed.admin.system-monitor.interval": "5s"}


@dataclass(frozen=True)
class Piece:
    """Games ``first`` to ``first + count - 1`` of point ``point``."""

    point: int
    first: int
    count: int


def pieces(study: Study, done: set[tuple[int, int]] = frozenset()) -> list[Piece]:
    """Every piece of the study not yet ``done`` (by (point, first)); the cut depends on the study alone."""
    size = block_size(study.policies)          # the most games the policies play well at once
    return [Piece(p, first, min(size, study.games - first)) for p in range(study.points)
            for first in range(0, study.games, size) if (p, first) not in done]


def tasks(todo: list[Piece], size: int = TASK_GAMES) -> list[list[Piece]]:
    """Consecutive pieces grouped into tasks of about ``size`` games (a piece is never split)."""
    out: list[list[Piece]] = []
    games = size
    for piece in todo:
        if games + piece.count > size:
            out.append([])
            games = 0
        out[-1].append(piece)
        games += piece.count
    return out


_THREADS_HELD = []


def _hold_worker() -> None:
    """Once in a process that plays tasks: numpy keeps to one thread (workers share the cores), and
    malloc keeps a block's arrays (megabytes) for the next block.

    A Dask nanny starts its worker with ``MALLOC_TRIM_THRESHOLD_=65536``, which also freezes glibc's
    mmap threshold at 128 KB: every array of a block is then mapped, zeroed and unmapped afresh, and a
    game cost a Dask worker about 1.3 times the CPU it costs here. The thresholds glibc would have grown
    to by itself (32 MB, trimmed past 64 MB) give that back.
    """
    if _THREADS_HELD:
        return
    _one_thread()
    _keep_heap()       # (simulate's own setting: the same thresholds)
    _THREADS_HELD.append(True)


def play_task(base: BaseScenario, names: dict[str, str], items: list[tuple], per_game: bool) -> dict:
    """Play a task's pieces, given as (point, overrides, direct, point seed, first, count) (see
    ``Study.recipe``): {"pieces": one tally per piece, "cpu": the CPU seconds it took here}.

    Runs on a Dask worker (or in this process): it needs only the installed package.
    """
    _hold_worker()
    cpu = time.process_time()
    out, built = [], (None, None)
    for point, overrides, direct, seed, first, count in items:
        if built[0] != point:
            built = (point, base.variant(overrides, direct))
        records = play_block(built[1], names, seed, first, count)
        out.append(tally(point, first, count, records, per_game))
    return {"pieces": out, "cpu": time.process_time() - cpu}


def tally(point: int, first: int, count: int, records: list, per_game: bool) -> dict:
    """What a piece's games add to its point's row (and, with ``per_game``, its games' rows)."""
    bodies: dict[str, list[int]] = {}
    for r in records:
        for _, body, yes, no, abstain, _ in r.votes:
            b = bodies.setdefault(body, [0, 0, 0, 0])
            b[0] += 1
            b[1] += yes
            b[2] += no
            b[3] += abstain
    piece = {"p": point, "f": first, "n": count, "wins": dict(Counter(r.winner for r in records)),
             "outcomes": dict(Counter(r.outcome for r in records)), "bodies": bodies,
             "turns": sum(r.turns for r in records)}
    if per_game:
        piece["games"] = [[r.run, r.game_seed, r.winner, r.outcome, r.degree, r.turns, r.actions,
                           r.to_row()["votes"]] for r in records]
    return piece


GAME_COLUMNS = ("point", "run", "game_seed", "winner", "outcome", "degree", "turns", "actions", "votes")


# ---------------------------------------------------------------- rows
def point_rows(study: Study, done: dict[tuple[int, int], dict]) -> list[dict]:
    """One row per point, in point order: its values, win counts and rates (95% interval), tallies."""
    by_point: dict[int, list[dict]] = {}
    for piece in done.values():
        by_point.setdefault(piece["p"], []).append(piece)
    outcomes = sorted({o for piece in done.values() for o in piece["outcomes"]})
    bodies = [b for b in study.bodies if any(b in piece["bodies"] for piece in done.values())]
    rows = []
    for point in range(study.points):
        parts = by_point.get(point, [])
        n = sum(p["n"] for p in parts)
        row = {"point": point, "seed": study.point_seed(point)}
        row.update({p.path: v for p, v in zip(study.parameters, study.values[point])})
        row["games"] = n
        wins = Counter()
        for p in parts:
            wins.update(p["wins"])
        for side in study.sides:
            lo, hi = wilson(wins[side], n)
            row.update({f"wins_{side}": wins[side], f"win_{side}": round(wins[side] / n, 6) if n else None,
                        f"win_{side}_lo": round(lo, 6), f"win_{side}_hi": round(hi, 6)})
        row["no_winner"] = wins["none"]
        row["mean_turns"] = round(sum(p["turns"] for p in parts) / n, 4) if n else None
        for body in bodies:
            held, yes, no, abstain = (sum(p["bodies"].get(body, [0] * 4)[k] for p in parts) for k in range(4))
            row[f"votes_{body}"] = held
            row[f"yes_{body}"] = round(yes / (yes + no + abstain), 6) if yes + no + abstain else None
        for o in outcomes:
            row[f"outcome:{o}"] = sum(p["outcomes"].get(o, 0) for p in parts)
        rows.append(row)
    return rows


def game_rows(done: dict[tuple[int, int], dict]) -> list[dict]:
    return [dict(zip(GAME_COLUMNS, [key[0], *g])) for key in sorted(done) for g in done[key].get("games", [])]


def write_rows(path: Path, rows: list[dict], fingerprint: str) -> None:
    """Write rows to a Parquet or CSV file whole (a temporary file renamed over it: never half-written)."""
    tmp = path.with_name(path.name + ".tmp")
    columns = list(dict.fromkeys(k for r in rows for k in r))
    if path.suffix.lower() == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq
        table = pa.table({c: [r.get(c) for r in rows] for c in columns})
        table = table.replace_schema_metadata({b"study": fingerprint.encode()})
        pq.write_table(table, tmp)
    else:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, columns)
            w.writeheader()
            w.writerows(rows)
    os.replace(tmp, path)


def read_rows(path: Path) -> list[dict]:
    """Rows back from a results file (numbers as numbers)."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq
        return pq.read_table(path).to_pylist()
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: _number(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def _number(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return None if text == "" else text


# ---------------------------------------------------------------- the journal
class Journal:
    """Finished pieces, one JSON line each, appended and flushed as they arrive; read back to resume.

    The first line names how the games are played (``Study.games_key``): a journal of another
    scenario, seed, policy or game count is refused. Each piece carries its point's key (its
    number and overrides): a piece counts only for the same point, so a study grown from it (a
    Sobol study of twice the samples begins with the same points) plays only the new ones.
    """

    def __init__(self, path: Path, study: Study):
        self.path, self.study = path, study

    def load(self) -> dict[tuple[int, int], dict]:
        if not self.path.exists():
            return {}
        done: dict[tuple[int, int], dict] = {}
        with open(self.path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        keys = {}
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                if i >= len(lines) - 2:          # the last line, cut short when the process was killed
                    break
                raise StudyError([file_problem(self.path, f"line {i + 1} is damaged; delete the file to start again")])
            if i == 0:
                if item.get("study") != self.study.games_key():
                    raise StudyError([file_problem(self.path, "holds the games of another study (another scenario, "
                                                              "seed, policies or games per point); delete it or "
                                                              "choose another --out")])
                continue
            p = item["p"]
            if p < self.study.points and item.get("o") == keys.setdefault(p, self.study.point_key(p)):
                done[(p, item["f"])] = item
        return done

    def open(self):
        fresh = not self.path.exists()
        fh = open(self.path, "a", encoding="utf-8")
        if fresh:
            fh.write(json.dumps({"study": self.study.games_key(), "points": self.study.points,
                                 "games": self.study.games}) + "\n")
            fh.flush()
        return fh


def results_paths(out: Path) -> tuple[Path, Path, Path, Path]:
    """The results file, its summary, its per-game file and its journal."""
    stem = out.with_suffix("")
    return out, Path(f"{stem}.summary.json"), Path(f"{stem}.games{out.suffix}"), Path(f"{out}.journal")


def check_out(out: Path) -> None:
    if out.suffix.lower() not in SUFFIXES:
        raise BadInput(f"--out: results are written as Parquet or CSV; give a file ending in .parquet or .csv, "
                       f"not {shown_path(out)}")
    if out.suffix.lower() == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise BadInput("--out: Parquet needs pyarrow (pip install \"anti-party-group[study]\"), "
                           "or give a .csv file") from None
    for path in results_paths(out):            # said now, not after hours of games
        folder = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path) or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            raise BadInput(f"--out: cannot write {shown_path(path)}: "
                           + ("it is a folder" if os.path.isdir(path) else "its folder does not exist or is read-only"))


# ---------------------------------------------------------------- running
def play(study: Study, out: Path | None = None, scheduler: str | None = None,
         progress: bool = False) -> tuple[dict, dict]:
    """Play every piece not yet in ``out``'s journal; returns (every piece by (point, first), timing)."""
    journal = Journal(results_paths(out)[3], study) if out is not None else None
    done = journal.load() if journal else {}
    todo = pieces(study, set(done))
    total = study.points * study.games
    names, base = study.policies, study.scenario
    jobs = [[(pc.point, *study.recipe(pc.point), study.point_seed(pc.point), pc.first, pc.count) for pc in task]
            for task in tasks(todo, max(TASK_GAMES, block_size(study.policies)))]
    bar = _bar(total, sum(p["n"] for p in done.values())) if progress else None
    fh = journal.open() if journal else None
    played = 0
    clock = {"start": time.perf_counter(), "workers": 1, "startup": 0.0, "worker_cpu": 0.0}
    client_cpu = time.process_time()

    def finished(result: dict) -> None:
        nonlocal played
        clock["worker_cpu"] += result["cpu"]
        result = result["pieces"]
        for piece in result:
            piece["o"] = study.point_key(piece["p"])
            done[(piece["p"], piece["f"])] = piece
            played += piece["n"]
            if bar is not None:
                bar.update(piece["n"])
        if fh is not None:
            fh.write("".join(json.dumps(p, separators=(",", ":")) + "\n" for p in result))
            fh.flush()

    try:
        if scheduler is None:
            for job in jobs:
                finished(play_task(base, names, job, study.per_game))
        else:
            _play_dask(scheduler, base, names, jobs, study.per_game, study.fingerprint(), finished, clock)
            client_cpu = clock.get("client_cpu", client_cpu)
    finally:
        if fh is not None:
            fh.close()
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - clock["start"]
    cpu = clock["worker_cpu"]
    timing = {"games_played": played, "seconds": round(elapsed, 3), "workers": clock["workers"],
              "games_per_s": round(played / elapsed, 1) if elapsed > 0 and played else None,
              "cluster_start_s": round(clock["startup"], 3),
              "play_cpu_s": round(cpu, 3), "games_per_cpu_s": round(played / cpu, 1) if cpu > 0 else None,
              "client_cpu_s": round(time.process_time() - client_cpu, 3)}
    return done, timing


def _bar(total: int, initial: int):
    """A progress bar with an ETA on a terminal (stderr); nothing in scripts and pipes."""
    if not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, initial=initial, unit="game", unit_scale=True, dynamic_ncols=True, file=sys.stderr,
                smoothing=0.05)


def parse_scheduler(text: str) -> str:
    """``local:N`` or a scheduler address (``tcp://HOST:8786``), checked before anything starts."""
    text = str(text).strip()
    if text.startswith("local:"):
        n = text[6:]
        if not n.isdigit() or not 1 <= int(n) <= 256:
            raise BadInput(f"--dask: expected local:N with N from 1 to 256 workers, got {text!r}")
        return text
    if "://" not in text or len(text) > 300 or any(c.isspace() for c in text):
        raise BadInput(f"--scheduler: expected an address such as tcp://HOST:8786, got {text[:80]!r}")
    return text


def _play_dask(scheduler: str, base: BaseScenario, names: dict, jobs: list, per_game: bool, key: str,
               finished: Callable[[dict], None], clock: dict) -> None:
    """Play the jobs on a Dask cluster: a LocalCluster of N single-threaded worker processes for
    ``local:N``, else the scheduler at that address. ``clock`` gets the workers seen, the time it
    took to start or reach the cluster and make the workers ready, and a new start: the games' own
    time excludes it."""
    import logging
    from concurrent.futures import CancelledError

    import dask
    from dask.distributed import Client, LocalCluster, as_completed
    cluster = None
    try:
        if scheduler.startswith("local:"):
            # The workers' statistical profiler samples the playing thread's stack every 10 ms: a few
            # per cent of a core for a picture nobody looks at (start remote workers likewise:
            # DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False, studies/README.md). The scheduler, the
            # nannies and the workers also wake 50 times a second to check their own event loops and
            # 10 times to read the workers' memory: 2.7% of a core here with the cluster idle, 0.8% at
            # once a second, which is often enough for tasks of half a second or more.
            with dask.config.set(LOCAL_CLUSTER):
                cluster = LocalCluster(n_workers=int(scheduler[6:]), threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            try:
                client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise BadInput(f"--scheduler: cannot reach {scheduler}: {exc}") from None
        with client:
            try:
                client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
            except TimeoutError:
                raise BadInput(f"--scheduler: no worker joined {scheduler} within {WAIT_FOR_WORKERS} s; start "
                               f"some with: dask worker {scheduler} --nthreads 1") from None
            shared = client.scatter(base, broadcast=True)      # the scenario travels once to each worker
            client.run(_hold_worker)                            # before the clock starts
            now = time.perf_counter()
            clock.update(workers=max(1, len(client.scheduler_info(n_workers=-1).get("workers", {}))),
                         startup=now - clock["start"], start=now, client_cpu=time.process_time())
            tries: dict[str, tuple[int, int]] = {}
            queue = as_completed()

            def submit(i: int, attempt: int) -> None:
                name = f"apg-study-{key}-{i}" + (f"-again{attempt}" if attempt else "")
                tries[name] = (i, attempt)
                queue.add(client.submit(play_task, shared, names, jobs[i], per_game, key=name))

            for i in range(len(jobs)):
                submit(i, 0)
            for future in queue:
                i, attempt = tries.pop(future.key)
                try:
                    result = future.result()
                except CancelledError:
                    # A lost worker can take a task, or the scenario it reads, with it: the
                    # scheduler then forgets the task instead of playing it again. The games are
                    # the same wherever they are played, so send it again (a task that fails
                    # raises its own error, which is not caught here).
                    if attempt >= RESUBMITS:
                        raise
                    if shared.status != "finished":
                        shared = client.scatter(base, broadcast=True, hash=False, timeout=WAIT_FOR_WORKERS)
                    submit(i, attempt + 1)
                    continue
                finally:
                    future.release()
                finished(result)
    finally:
        if cluster is not None:
            cluster.close()
