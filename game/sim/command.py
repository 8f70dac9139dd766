"""The ``simulate`` and ``bench`` subcommands (wired into ``game/cli.py``)."""

from __future__ import annotations

import json
import os
import sys
from types import SimpleNamespace

from ..errors import BadInput, parse_count, parse_seed, shown, shown_json, shown_path


def _bad_input(message: str) -> Exception:
    return BadInput(message)


def side_policies(args, sides: list[str], own: bool = False) -> dict[str, str]:
    """One policy per side from ``--policy``, ``--side SIDE=POLICY`` and ``--SIDE POLICY`` (the scenario's side ids).
    With ``own``, a policy may also be one's own, ``FILE.py:NAME`` (loaded here: see :func:`own_policies`)."""
    from ..ai.policies import POLICIES
    names = {s: args.policy for s in sides}
    given = {s: "--policy" for s in sides}       # the flag that named each side's policy, for the message
    pairs = []
    for side, name in getattr(args, "side_flags", None) or []:
        pairs.append((side, name, f"--{side}"))
    for item in getattr(args, "side", None) or []:
        side, sep, name = item.partition("=")
        if not sep or not side or not name:
            raise _bad_input(f"--side: expected SIDE=POLICY, got {item!r}")
        pairs.append((side.strip(), name.strip(), "--side"))
    for side, name, flag in pairs:
        if side not in sides:
            raise _bad_input(f"{flag}: this scenario has no side {side!r}; its sides are {', '.join(sides)}")
        if given[side] != "--policy" and name != names[side]:      # named by a side's own flag already
            raise _bad_input(f"{flag}: {side}'s policy is given twice, {given[side]} {names[side]!r} and {flag} "
                             f"{name!r}; give it once")
        names[side], given[side] = name, flag
    for side, name in names.items():
        if name not in POLICIES and not (own and name.partition(":")[0].endswith(".py")):
            raise _bad_input(f"{given[side]}: unknown policy {name!r} for {side}; "
                             f"choose from {', '.join(sorted(POLICIES))}")
    return names


def own_policies(names: dict[str, str]) -> dict:
    """Each side's policy, those named ``FILE.py:NAME`` loaded from their files (bad ones: ``BadInput``)
    and guarded: an exception in one is reported as ``BadInput`` naming its file and line."""
    from ..ai.policies import POLICIES, line_in, load_policy
    out = dict(names)
    for side, name in names.items():
        if name not in POLICIES:
            try:
                out[side] = _Guarded(load_policy(name), name, side)
            except ValueError as exc:
                raise _bad_input(f"--policy for {side}: {exc}") from None
            except SystemExit as exc:      # the file's own code exits as it is loaded: said, not obeyed
                path = name.rpartition(":")[0]
                line = line_in(exc, path)
                raise _bad_input(f"--policy for {side}: {path}{f', line {line}' if line else ''}: "
                                 f"SystemExit: {exc}") from None
    return out


class _Guarded:
    """A policy of one's own as ``simulate`` plays it (through ``choose_batch`` or as a function of a seed
    giving one-game players), every call into it guarded by :meth:`run`."""

    def __init__(self, inner, ref: str, side: str):
        from ..ai.policies import policy_name
        self.inner, self.ref, self.side, self.name = inner, ref, side, policy_name(inner)
        if not isinstance(inner, type) and hasattr(inner, "choose_batch"):
            self.choose_batch = lambda *args: self.run(inner.choose_batch, *args)

    def __call__(self, seed: int):
        from ..ai.policies import one_game_maker
        player = self.run(one_game_maker(self.inner), seed)
        return SimpleNamespace(name=self.name, choose=lambda game: self.run(player.choose, game))

    def run(self, call, *args):
        try:
            return call(*args)
        except (BadInput, KeyboardInterrupt):
            raise
        except BaseException as exc:  # noqa: BLE001  (the user's code failed: where, in one line; an EngineError
            # too, raised by what the policy asked of the game: game.forecast("no_such_motion"), an apply on a
            # clone; and a SystemExit, which would otherwise end the command silently or end a worker)
            from ..ai.policies import line_in
            path = self.ref.rpartition(":")[0]
            line = line_in(exc, path)
            where = f"{path}, line {line}" if line else self.ref
            why = ("; the games are read-only while a policy chooses: work on batch.take(games), a copy"
                   if isinstance(exc, ValueError) and "read-only" in str(exc) else "")
            raise _bad_input(f"--policy for {self.side}: {where}: {type(exc).__name__}: {exc}{why}") from None


def check_output_file(flag: str, path: str, suffix: str | None = None) -> None:
    """Refuse, before any game is played, an output file that cannot be written (``BadInput``).

    A folder, a missing folder, a read-only place: each is said in one line now rather than
    after minutes of simulation. A file that does not exist yet is created to try, then removed;
    an existing one is opened for appending (never truncated). Devices and pipes are not opened
    (a pipe would wait for a reader); writing them is checked when it happens.
    """
    import stat
    if not path:
        raise BadInput(f"{flag}: give a file name")
    if "\0" in path:
        raise BadInput(f"{flag}: the file name contains a NUL character")
    if suffix and not path.lower().endswith(suffix):
        raise BadInput(f"{flag}: the file is written as {suffix[1:].upper()}; give a file ending in {suffix}, "
                       f"not {shown_path(repr(path))}")
    where = shown_path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise BadInput(f"{flag}: cannot write {where}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise BadInput(f"{flag}: {where} is a folder; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        return
    folder = os.path.dirname(os.path.abspath(path))
    if st is None and not os.path.isdir(folder):
        raise BadInput(f"{flag}: the folder of {where} does not exist")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | (os.O_CREAT | os.O_EXCL if st is None else 0), 0o644)
    except OSError as exc:
        raise BadInput(f"{flag}: cannot write {where}: {exc.strerror or exc}") from None
    os.close(fd)
    if st is None:
        try:
            os.unlink(path)
        except OSError:
            pass


def cmd_simulate(args, progress_printer) -> int:
    from ..scenario.loader import load_scenario
    from .batch import MAX_RUNS, available_cpus, simulate
    runs = parse_count(args.runs, "--runs", 1, MAX_RUNS,
                       " (every run is kept in memory; for more, run again with another --seed)")
    seed = parse_seed(args.seed)
    cpus = available_cpus()
    workers = parse_count(getattr(args, "workers", 1), "--workers", 1, cpus, " (the CPUs of this machine)")
    plot = getattr(args, "plot", None)
    csv_path = getattr(args, "csv", None)
    if plot is not None:
        check_output_file("--plot", plot, ".png")     # say so before playing
    if csv_path is not None:
        check_output_file("--csv", csv_path)
    scenario = load_scenario(args.scenario, args.set or None)   # ScenarioError -> exit 2 in main
    names = side_policies(args, [s.id for s in scenario.sides], own=True)
    engine = getattr(args, "engine", "auto")
    result = simulate(scenario, runs=runs, policies=own_policies(names), seed=seed, workers=workers,
                      progress=None if args.json else progress_printer(sys.stderr), engine=engine)
    result.policies = dict(names)      # as given: a policy of one's own by its FILE.py:NAME
    result.overrides = list(args.set or [])
    if csv_path:
        try:
            result.write_csv(csv_path)
        except OSError as exc:
            raise BadInput(f"--csv: cannot write {shown_path(csv_path)}: {exc.strerror or exc}") from None
    if plot:
        from .plot import PlotUnavailable, plot_result
        try:
            plot_result(result, plot)
        except PlotUnavailable as exc:
            raise BadInput(f"--plot: {exc}") from None
        except OSError as exc:
            raise BadInput(f"--plot: cannot write {shown_path(plot)}: {exc.strerror or exc}") from None
    if args.json:
        print(shown_json(json.dumps(result.to_json(), ensure_ascii=False)))
    else:
        print(shown(result.table(), keep_newlines=True))
        for path, what in ((csv_path, "per-game table"), (plot, "plot")):
            if path:
                print(f"{what} written to {shown_path(path, 400)}")
    return 0


MAX_BENCH = {"--games": 1_000_000, "--moves": 100_000, "--runs": 1_000_000, "--normal-runs": 1_000_000,
             "--decisions": 1_000}


def cmd_bench(args) -> int:
    if args.ui:
        from ..ui.bench import run_ui_bench
        games = parse_count(args.ui_games, "--ui-games", 1, 1000)
        report = run_ui_bench(games=games, display=args.display, out=None if args.json else sys.stdout)
        if args.json:
            print(shown_json(json.dumps(report, ensure_ascii=False)))
        return 0 if report["ok"] or not args.strict else 1
    from .batch import available_cpus
    from .bench import run_bench
    counts = {flag: parse_count(getattr(args, flag[2:].replace("-", "_")), flag, 1, high)
              for flag, high in MAX_BENCH.items()}
    cpus = available_cpus()
    workers = parse_count(min(2, cpus) if args.workers is None else args.workers, "--workers", 1, cpus,
                          " (the CPUs of this machine)")
    report = run_bench(args.scenario, games=counts["--games"], historical_runs=counts["--runs"], workers=workers,
                       decisions=counts["--decisions"], out=None if args.json else sys.stdout,
                       normal_runs=counts["--normal-runs"], moves=counts["--moves"])
    if args.json:
        print(shown_json(json.dumps(report, ensure_ascii=False)))
    return 0 if report["ok"] or not args.strict else 1


def add_simulate_arguments(p) -> None:
    p.add_argument("--side", action="append", default=[], metavar="SIDE=POLICY",
                   help="policy for one side by its id (repeatable), e.g. --side group=ai:hard, or one of your "
                        "own: --side group=mine.py:Stall (a class or function of a seed in mine.py; docs/AI.md)")
    p.add_argument("--workers", default=1, metavar="K",
                   help="worker processes, at most the machine's CPUs (results are identical whatever K is)")
    p.add_argument("--engine", choices=("auto", "batch", "scalar"), default="auto",
                   help="batch (auto, the default): many games at once as arrays; scalar: each run "
                        "replayed alone from its game_seed, a check giving the same numbers, slower")
    p.add_argument("--csv", metavar="FILE", help="write one row per game to FILE")
    p.add_argument("--plot", metavar="FILE.png", help="draw the outcome distribution and vote tallies into a PNG")


def add_bench_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure the engine and the computer players (see docs/PERFORMANCE.md)")
    p.add_argument("--scenario", default="1957")
    p.add_argument("--games", default=4000, help="random-vs-random games timed on one core")
    p.add_argument("--moves", default=400, help="interactive moves timed (apply + legal_actions)")
    p.add_argument("--runs", default=10000, help="historical games timed with --workers")
    p.add_argument("--normal-runs", default=10000,
                   help="ai:normal-against-ai:normal games timed with --workers")
    p.add_argument("--workers", default=None,
                   help="worker processes, at most the machine's CPUs (default: 2, or 1 on a single CPU)")
    p.add_argument("--decisions", default=10, help="decisions timed per AI level")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    p.add_argument("--ui", action="store_true",
                   help="measure the desktop game instead: launch time, idle CPU, frame times, memory over games")
    p.add_argument("--ui-games", default=20, help="with --ui: whole games played in one process for the memory figure")
    p.add_argument("--display", action="store_true",
                   help="with --ui: measure on the display (if there is one) rather than SDL's dummy driver")
    p.set_defaults(func=cmd_bench)
