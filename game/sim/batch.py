"""Play whole games headless and summarise them. Same arguments, same numbers.

Every game is played on the one engine (``game.engine.batch``), many at a
time: runs go in blocks, each game seeded from ``(seed, run)`` alone
(:func:`_seeds`) and each side's policy from ``(seed, side)``, and every
policy draws its chance per game, so a run's numbers depend on neither the
block it was played in nor the number of worker processes. Each run keeps
its ``game_seed``; :func:`play_run` replays it alone, move for move.
``engine="scalar"`` plays each run alone that way (a check of the batch,
with the same results, only slower).
"""

from __future__ import annotations

import csv
import ctypes
import math
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from ..ai.policies import (
    OnBatch,
    Policy,
    batch_policy,
    check_policy,
    one_game_choice,
    policy_name,
    replay_policy,
)
from ..engine import EngineError, Game
from ..engine.batch import GameBatch, check_seed
from ..engine.spec import Scenario
from ..scenario.loader import load_scenario, source_of

MAX_ACTIONS = 2000  # a guard: every scenario ends long before this
Z95 = 1.959963984540054
BLOCK = 1000        # most games per block of the rule-only policies (random, historical); a study's cut
SIM_BLOCK = 4000    # the same for simulate, which keeps no journal: about 1.1x the games per CPU-second of 2,000
AI_BLOCK = 500      # most games per block with a computer player (ai:normal decides a block at once)
ENGINES = ("auto", "batch", "scalar")
MAX_RUNS = 1_000_000  # runs per call: every run's record (0.4-2 KB) is kept, so about 2 GB at most


def available_cpus() -> int:
    """The CPUs this process may run on: the most worker processes ``simulate`` and ``bench`` start."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


_U = np.uint32
_INIT_A, _MULT_A, _INIT_B, _MULT_B = _U(0x43B0D7E5), _U(0x931E8875), _U(0x8B51F9DD), _U(0x58F38DED)
_MIX_L, _MIX_R, _SHIFT = _U(0xCA01F9DD), _U(0x4973F715), _U(16)


def game_seeds(seed: int, runs) -> np.ndarray:
    """The game seed of each of ``runs`` (each below 2^32): ``SeedSequence([seed, run]).generate_state(1)[0]``,
    computed for all runs at once (7 us a run one by one, a few ns here; a test holds it equal to numpy's)."""
    runs = np.asarray(runs, dtype=np.uint64)
    return _seed_sequence(_words(seed) + [runs.astype(np.uint32)], runs.shape)


def _words(n: int) -> list[int]:
    """A whole number as numpy's SeedSequence reads it: its 32-bit words, lowest first (0 is one word)."""
    return [n >> s & 0xFFFFFFFF for s in range(0, max(n.bit_length(), 1), 32)]


def _seed_sequence(words: list, shape: tuple) -> np.ndarray:
    """``SeedSequence(entropy).generate_state(1)[0]`` for entropy of 32-bit ``words`` (numbers, or arrays of
    ``shape``): numpy's algorithm, O'Neill's seed_seq, in uint32 arithmetic (numpy.random is not imported)."""
    entropy = [np.broadcast_to(np.asarray(w, dtype=np.uint32), shape) for w in words]
    const = [_INIT_A]

    def hashmix(value):
        value = value ^ const[0]
        const[0] = const[0] * _MULT_A
        value = value * const[0]
        return value ^ (value >> _SHIFT)

    def mix(x, y):
        out = _MIX_L * x - _MIX_R * y
        return out ^ (out >> _SHIFT)

    with np.errstate(over="ignore"):
        pool = [hashmix(entropy[i] if i < len(entropy) else np.zeros(shape, np.uint32)) for i in range(4)]
        for src in range(4):
            for dst in range(4):
                if src != dst:
                    pool[dst] = mix(pool[dst], hashmix(pool[src]))
        for src in range(4, len(entropy)):
            for dst in range(4):
                pool[dst] = mix(pool[dst], hashmix(entropy[src]))
        out = (pool[0] ^ _INIT_B) * (_INIT_B * _MULT_B)
        return out ^ (out >> _SHIFT)


def _seeds(seed: int, run: int) -> int:
    """The game seed of run ``run``."""
    return int(game_seeds(seed, [run])[0])


def policy_seed(seed: int, side: int) -> int:
    """The seed of side ``side``'s policy in a simulation seeded ``seed``:
    ``SeedSequence([seed, side, 0x9071C7]).generate_state(1, dtype=np.uint32)[0]``."""
    return int(_seed_sequence(_words(seed) + [side, 0x9071C7], (1,))[0])


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a share ``k/n`` (95% by default)."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return lo, hi


def play_game(scenario: Scenario, seed: int, policies: dict[str, Policy]) -> Game:
    """Play one game to its end with one policy per side; returns the finished game.

    Each policy is asked as in a batch (:func:`~game.ai.policies.one_game_choice`); a choice that is not
    legal then is an ``EngineError`` naming the policy's side, the game's seed and day, and why.
    """
    game = Game.new(scenario, seed=seed)
    for _ in range(MAX_ACTIONS):
        if game.is_over():
            return game
        side = game.to_move
        k = scenario.side_index(side)
        action = one_game_choice(policies[side], game.batch, game.row, k, policy_name(policies[side]))[0]
        try:
            game.apply(action)
        except EngineError as exc:
            raise type(exc)(f"{game.side_name(side)} chose {action!r} in {game.batch.where(game.row)}, where it "
                            f"is not legal now: {exc}") from None
    raise EngineError(f"the game of seed {seed} did not end within {MAX_ACTIONS} actions")


@dataclass(frozen=True)
class RunRecord:
    """What one game left behind: enough to rebuild every number of the summary."""

    run: int
    game_seed: int               # replays the run alone: play_run(), or Game.new(scenario, game_seed)
    winner: str                  # a side id, or "none"
    outcome: str
    degree: str
    turns: int
    actions: int
    votes: tuple                 # (motion, body, yes, no, abstain, passed) per vote held
    fired: tuple                 # scenario events fired, in order

    def to_row(self) -> dict:
        return {"run": self.run, "game_seed": self.game_seed, "winner": self.winner, "outcome": self.outcome,
                "degree": self.degree, "turns": self.turns, "actions": self.actions,
                "votes": ";".join(f"{m}:{y}-{n}-{a}{'+' if p else '-'}" for m, _, y, n, a, p in self.votes),
                "events": ";".join(self.fired)}


def play_run(scenario: Scenario, names: dict[str, str], seed: int, run: int) -> RunRecord:
    """Replay run number ``run`` of a simulation seeded ``seed`` alone, as one ``Game``."""
    sides = [s.id for s in scenario.sides]
    game_seed = _seeds(seed, run)
    pols = {s: replay_policy(names[s], policy_seed(seed, k), game_seed) for k, s in enumerate(sides)}
    game = play_game(scenario, game_seed, pols)
    out = game.outcome()
    return RunRecord(
        run=run, game_seed=game_seed, winner=out.winner or "none", outcome=out.id, degree=out.degree.value,
        turns=out.turn + 1, actions=game.action_count,
        votes=tuple((v.motion, v.body, v.yes, v.no, v.abstain, v.passed) for v in game.votes),
        fired=tuple(game.fired))


def block_size(names: dict[str, str], runs: int = BLOCK, workers: int = 1, rule_only: int = BLOCK,
               spread: int = 2) -> int:
    """Games per block: large for the rule-only policies, small when a computer player thinks per game.

    Every game draws from its own streams, so the block size changes the speed, never the numbers:
    blocks are as large as helps numpy, and small enough to give every worker ``spread`` of them.
    """
    largest = rule_only if {policy_name(p) for p in names.values()} <= {"random", "historical"} else AI_BLOCK
    return max(1, min(largest, math.ceil(runs / (spread * workers))))


def play_block(scenario: Scenario, names: dict[str, str], seed: int, first: int, count: int) -> list[RunRecord]:
    """Play runs ``first`` to ``first + count - 1`` of a simulation seeded ``seed`` together, as one batch."""
    sides = [s.id for s in scenario.sides]
    policies = [batch_policy(names[s], policy_seed(seed, k)) for k, s in enumerate(sides)]
    # A one-game policy reads its game through a view, log and all: the batch records, as a game alone does.
    record = any(isinstance(p, OnBatch) for p in policies)
    batch = GameBatch.new(scenario, seeds=game_seeds(seed, np.arange(first, first + count)).tolist(), record=record)
    batch.play(policies, max_steps=MAX_ACTIONS)
    return [RunRecord(run=first + i, game_seed=r["seed"], winner=r["winner"], outcome=r["outcome"],
                      degree=r["degree"], turns=r["turns"], actions=r["actions"], votes=r["votes"], fired=r["fired"])
            for i, r in enumerate(batch.results())]


@dataclass
class VoteStats:
    motion: str
    body: str
    held: int = 0            # votes held, over all runs
    runs_held: int = 0       # runs in which it was voted at least once
    runs_passed: int = 0     # runs in which it passed
    yes: float = 0.0
    no: float = 0.0
    abstain: float = 0.0

    def to_json(self, runs: int) -> dict:
        n = max(self.held, 1)
        return {"motion": self.motion, "body": self.body, "held": self.held, "runs_held": self.runs_held,
                "mean_yes": round(self.yes / n, 3), "mean_no": round(self.no / n, 3),
                "mean_abstain": round(self.abstain / n, 3), "passed_share": round(self.runs_passed / runs, 4),
                # of all ballots in these votes, the share that were yes (unanimity reads 1.0)
                "yes_share": round(self.yes / max(self.yes + self.no + self.abstain, 1), 4)}


@dataclass
class SimResult:
    scenario: str
    runs: int
    seed: int
    policies: dict[str, str]
    wins: dict[str, int]
    outcomes: dict[str, int]
    degrees: dict[str, int]
    votes: dict[str, VoteStats]
    turns: list[int] = field(default_factory=list)
    records: list[RunRecord] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)
    engine: str = "scalar"       # which engine played the games: "scalar" or "batch"

    def win_rate(self, side: str) -> float:
        return self.wins.get(side, 0) / self.runs if self.runs else 0.0

    def win_interval(self, side: str) -> tuple[float, float]:
        """95% Wilson interval of a side's win rate."""
        return wilson(self.wins.get(side, 0), self.runs)

    def preceding_events(self, outcome: str, top: int = 3) -> list[tuple[str, int, float]]:
        """The scenario events that most often fired in the games ending in ``outcome``.

        (event id, games, share of that outcome's games), most frequent first;
        events that fired in every game of the batch are left out.
        """
        games = [r for r in self.records if r.outcome == outcome]
        always = self.events_in_every_game()
        counts = Counter(e for r in games for e in set(r.fired) if e not in always)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        return [(e, n, n / len(games)) for e, n in ranked]

    def events_in_every_game(self) -> set[str]:
        """Events that fired in every game of the batch: they tell no outcome from another."""
        if not self.records:
            return set()
        common = set(self.records[0].fired)
        for r in self.records[1:]:
            common &= set(r.fired)
        return common

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario, "runs": self.runs, "seed": self.seed, "policies": self.policies,
            "engine": self.engine, "overrides": self.overrides,
            "wins": self.wins, "win_rates": {k: round(v / self.runs, 4) for k, v in self.wins.items()},
            "win_ci95": {k: [round(x, 4) for x in wilson(v, self.runs)] for k, v in self.wins.items()},
            "outcomes": self.outcomes,
            "outcome_ci95": {k: [round(x, 4) for x in wilson(v, self.runs)] for k, v in self.outcomes.items()},
            "degrees": self.degrees,
            "votes": {k: v.to_json(self.runs) for k, v in self.votes.items()},
            "events_in_every_game": sorted(self.events_in_every_game()),
            "preceding_events": {o: [{"event": e, "games": n, "share": round(s, 4)}
                                     for e, n, s in self.preceding_events(o)] for o in self.outcomes},
            "mean_turns": round(float(np.mean(self.turns)), 3) if self.turns else 0.0,
        }

    def to_frame(self) -> dict[str, list]:
        """One row per game, as columns of plain lists (no pandas needed).

        Columns: run, game_seed, winner, outcome, degree, turns, actions,
        votes (``motion:yes-no-abstain+`` for passed, ``-`` for failed), events.
        """
        rows = [r.to_row() for r in self.records]
        keys = list(RunRecord.__dataclass_fields__) if not rows else list(rows[0])
        return {k: [row[k] for row in rows] for k in keys}

    def vote_frame(self) -> dict[str, list]:
        """The vote table as columns (plain lists): motion, body, held, mean tallies, passed share."""
        rows = [v.to_json(self.runs) for v in self.votes.values()]
        return {k: [r[k] for r in rows] for k in (rows[0] if rows else {})}

    def write_csv(self, path: str) -> None:
        """One row per game (see :meth:`to_frame`)."""
        frame = self.to_frame()
        keys = list(frame)
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(keys)
            for i in range(self.runs):
                w.writerow([frame[k][i] for k in keys])

    def table(self) -> str:
        lines = [f"{self.scenario}: {self.runs} games, seed {self.seed}, "
                 + ", ".join(f"{s}={p}" for s, p in self.policies.items()) + f" ({self.engine} engine)"]
        if self.overrides:
            lines.append("overrides: " + ", ".join(self.overrides))
        lines += ["", f"{'side':<16}{'wins':>8}{'share':>9}   95% interval"]
        for side, n in self.wins.items():
            lo, hi = wilson(n, self.runs)
            lines.append(f"{side:<16}{n:>8}{n / self.runs:>9.1%}   {lo:6.1%} – {hi:6.1%}")
        lines += ["", f"{'outcome':<30}{'games':>7}{'share':>8}   95% interval     most often preceded by"]
        for oid, n in sorted(self.outcomes.items(), key=lambda kv: (-kv[1], kv[0])):
            lo, hi = wilson(n, self.runs)
            before = ", ".join(f"{e} {s:.0%}" for e, _, s in self.preceding_events(oid)) or "(no events)"
            lines.append(f"{oid:<30}{n:>7}{n / self.runs:>8.1%}   {lo:6.1%} – {hi:6.1%}   {before}")
        lines += ["", f"{'vote':<26}{'held':>6}{'yes':>8}{'no':>7}{'abst':>7}{'passed in':>11}"]
        for v in self.votes.values():
            j = v.to_json(self.runs)
            lines.append(f"{v.motion:<26}{v.held:>6}{j['mean_yes']:>8.1f}{j['mean_no']:>7.1f}"
                         f"{j['mean_abstain']:>7.1f}{j['passed_share']:>11.1%}")
        always = sorted(self.events_in_every_game())
        if always:
            lines += ["", "events in every game: " + ", ".join(always)]
        if self.turns:
            lines += [f"mean length: {np.mean(self.turns):.2f} days"]
        return "\n".join(lines)


def summarise(scenario: Scenario, names: dict[str, str], seed: int, records: list[RunRecord],
              overrides: list[str] | None = None) -> SimResult:
    """Fold per-run records (in run order) into the summary."""
    sides = [s.id for s in scenario.sides]
    wins: Counter = Counter({s: 0 for s in sides})
    outcomes: Counter = Counter()
    degrees: Counter = Counter()
    votes: dict[str, VoteStats] = {}
    for r in records:
        wins[r.winner] += 1
        outcomes[r.outcome] += 1
        degrees[r.degree] += 1
        seen_held, seen_passed = set(), set()
        for motion, body, yes, no, abstain, passed in r.votes:
            st = votes.get(motion)
            if st is None:        # (not setdefault: a vote's stats are made once, not at every vote)
                st = votes[motion] = VoteStats(motion, body)
            st.held += 1
            st.yes += yes
            st.no += no
            st.abstain += abstain
            seen_held.add(motion)
            if passed:
                seen_passed.add(motion)
        for m in seen_held:
            votes[m].runs_held += 1
        for m in seen_passed:
            votes[m].runs_passed += 1
    return SimResult(scenario=scenario.id, runs=len(records), seed=seed,
                     policies={s: policy_name(p) for s, p in names.items()}, wins=dict(wins),
                     outcomes=dict(outcomes), degrees=dict(degrees), votes=votes,
                     turns=[r.turns for r in records], records=list(records), overrides=list(overrides or []))


def _one_thread() -> None:
    """Hold numpy's thread pools to one thread in this process (workers share the cores)."""
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except ImportError:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3      # glibc's mallopt parameters


def _keep_heap() -> None:
    """Fix glibc's malloc thresholds where it would grow them by itself (arrays mapped past 32 MB, the heap
    trimmed past 64 MB). Left to grow, they let a block's temporary arrays of a few megabytes be mapped or
    trimmed, then faulted in afresh, again and again: fixed, 4,000 random games fault half as many pages in,
    about 5% less CPU time (the games do not change). Elsewhere than glibc, nothing."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None)       # the process's own symbols: the C library it runs on
            libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)
            libc.mallopt(M_TRIM_THRESHOLD, 64 << 20)
        except (OSError, AttributeError):
            pass


def _small_pages() -> None:
    """Ask numpy not to advise the kernel to back its large arrays (4 MB and more) with transparent huge pages
    in this process. Every block's state is fresh memory, and where the kernel compacts memory to find huge
    pages (virtual machines especially) faulting them in cost up to a quarter of a run's CPU time, and varied
    from run to run; with ordinary pages it costs a few percent. (numpy's own switch, as its
    NUMPY_MADVISE_HUGEPAGE=0 is; the games do not change.)"""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:
        try:
            from numpy.core.multiarray import _set_madvise_hugepage  # numpy 1.26
        except ImportError:
            return
    _set_madvise_hugepage(False)


# -- worker processes: each loads the scenario once, then plays runs by number
_WORKER: dict = {}


def _worker_init(scenario: Scenario, names: dict[str, str], seed: int) -> None:
    _one_thread()
    _small_pages()
    _keep_heap()
    _WORKER.update(scenario=scenario, names=names, seed=seed)


class WorkerError(RuntimeError):
    """An exception raised in a worker process that could not be sent back as itself: its type, message and
    notes, as text. (Sent as it was, an exception whose class cannot be rebuilt from its arguments, such as
    one whose ``__init__`` takes two, kills the pool's result thread and ``simulate`` waits forever.)"""


def _sendable(exc: Exception) -> Exception:
    """``exc`` if it survives the trip back to the parent process (pickled and rebuilt), else a ``WorkerError``."""
    import pickle
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001  (any failure to pickle or rebuild it: send its words instead)
        notes = "".join(f"\n{n}" for n in getattr(exc, "__notes__", ()))
        return WorkerError(f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}{notes}")


class _Carried(Exception):
    """A ``BaseException`` that is not an ``Exception`` (``SystemExit`` from a policy), carried back from a worker
    to be raised again in the parent: raised as it is, it would end the worker and leave the pool waiting for
    ever for that block."""

    def __init__(self, exc: BaseException):
        super().__init__(exc)
        self.exc = exc


def _worker_block(job: tuple[int, int]) -> list[RunRecord]:
    first, count = job
    try:
        return play_block(_WORKER["scenario"], _WORKER["names"], _WORKER["seed"], first, count)
    except Exception as exc:
        sendable = _sendable(exc)
        if sendable is exc:
            raise
        raise sendable from None
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001  (SystemExit and the like: said in the parent, as with one worker)
        raise _Carried(_sendable(exc)) from None


def simulate(scenario: Scenario | str, runs: int = 100, policies: str | object | dict[str, object] = "historical",
             seed: int = 0, overrides: list[str] | None = None,
             progress: Callable[[int, int], None] | None = None, workers: int = 1,
             engine: str = "auto") -> SimResult:
    """Play ``runs`` games and summarise them.

    ``policies`` is one policy for both sides or ``{side: policy}`` (sides
    left out play ``historical``). A policy is a name (``"ai:hard"``) or one
    of your own: a class or function of a seed that returns an object with
    ``choose(game)`` (each game gets its own, seeded from ``seed`` and the
    game's seed), such an object itself (copied for each game), or an object
    with ``choose_batch(batch, side, games)`` that decides a whole batch.
    Either way each game plays as it would alone. ``overrides`` are
    ``path=value`` strings applied to the scenario (validated like the
    file). ``workers`` processes share the runs; the result does not depend
    on it. ``engine``
    ``"scalar"`` replays each run alone (the same numbers, slower); ``"auto"``
    and ``"batch"`` play them in batches.

    Raises ``EngineError`` (a ``ValueError``) for ``runs`` outside 1 to :data:`MAX_RUNS`, ``workers`` outside
    1 to :func:`available_cpus`, a ``seed`` outside [0, 2^63), an unknown side, policy or engine.
    """
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or not 1 <= runs <= MAX_RUNS:
        raise EngineError(f"runs must be a whole number from 1 to {MAX_RUNS:,} (each run's record is kept "
                          f"in memory; simulate again with another seed for more), got {runs!r}")
    cpus = available_cpus()
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)) or not 1 <= workers <= cpus:
        raise EngineError(f"workers must be a whole number from 1 to {cpus} (the CPUs this process may use), "
                          f"got {workers!r}")
    check_seed(seed)          # an EngineError (a ValueError): seeds are integers in [0, 2^63)
    runs, workers, seed = int(runs), int(workers), int(seed)
    _small_pages()
    _keep_heap()
    if not isinstance(scenario, Scenario) or overrides:
        scenario = load_scenario(scenario if not isinstance(scenario, Scenario) else source_of(scenario), overrides)
    sides = [s.id for s in scenario.sides]
    if not isinstance(policies, dict):
        names = {s: policies for s in sides}
    else:
        unknown_sides = set(policies) - set(sides)
        if unknown_sides:
            raise EngineError(f"unknown side(s) {', '.join(sorted(unknown_sides))}; "
                              f"this scenario's sides are {', '.join(sides)}")
        names = {s: policies.get(s, "historical") for s in sides}
    for side, name in names.items():
        try:
            check_policy(name, f"{side}: ")
        except ValueError as exc:        # check_policy's own, said as the engine's: one family to catch
            raise exc if isinstance(exc, EngineError) else EngineError(str(exc)) from None
    if progress is not None and not callable(progress):
        raise EngineError(f"progress must be a function of (done, total), got {progress!r}")
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "scalar":
        records = []
        for run in range(runs):
            records.append(play_run(scenario, names, seed, run))
            if progress:
                progress(run + 1, runs)
        return replace(summarise(scenario, names, seed, records, overrides), engine="scalar")
    records = _simulate_blocks(scenario, names, seed, runs, progress, workers)
    return replace(summarise(scenario, names, seed, records, overrides), engine="batch")


def _simulate_blocks(scenario: Scenario, names: dict[str, str], seed: int, runs: int,
                     progress: Callable[[int, int], None] | None, workers: int) -> list[RunRecord]:
    """All runs on the batched engine, block by block, in one process or several."""
    size = block_size(names, runs, workers, SIM_BLOCK, spread=1 if workers == 1 else 2)   # one process: no sharing
    jobs = [(first, min(size, runs - first)) for first in range(0, runs, size)]
    records: list[RunRecord] = []
    workers = min(workers, len(jobs))
    if workers == 1:
        for job in jobs:
            records += play_block(scenario, names, seed, *job)
            if progress:
                progress(len(records), runs)
        return records
    import multiprocessing as mp
    method = "fork" if "fork" in mp.get_all_start_methods() and os.name == "posix" else "spawn"
    with mp.get_context(method).Pool(workers, initializer=_worker_init, initargs=(scenario, names, seed)) as pool:
        # (each worker holds numpy to one thread: see _worker_init)
        try:
            for block in pool.imap(_worker_block, jobs):
                records += block
                if progress:
                    progress(len(records), runs)
        except _Carried as carried:
            raise carried.exc from None
    return records
