"""The ``simulate`` and ``bench`` subcommands (wired into ``game/cli.py``)."""

from __future__ import annotations

import json
import os
import sys

from ..errors import BadInput


def _bad_input(message: str) -> Exception:
    return BadInput(message)


def side_policies(args, sides: list[str]) -> dict[str, str]:
    """One policy per side from ``--policy``, ``--side SIDE=POLICY`` and the 1957 shorthands."""
    from ..ai.policies import POLICIES
    names = {s: args.policy for s in sides}
    pairs = []
    for flag in ("khrushchev", "group"):
        if getattr(args, flag, None):
            pairs.append((flag, getattr(args, flag), f"--{flag}"))
    for item in getattr(args, "side", None) or []:
        side, sep, name = item.partition("=")
        if not sep or not side or not name:
            raise _bad_input(f"--side: expected SIDE=POLICY, got {item!r}")
        pairs.append((side.strip(), name.strip(), "--side"))
    for side, name, flag in pairs:
        if side not in sides:
            raise _bad_input(f"{flag}: this scenario has no side {side!r}; its sides are {', '.join(sides)}")
        names[side] = name
    for side, name in names.items():
        if name not in POLICIES:
            raise _bad_input(f"--policy: unknown policy {name!r} for {side}; "
                             f"choose from {', '.join(sorted(POLICIES))}")
    return names


def cmd_simulate(args, progress_printer) -> int:
    from ..scenario.loader import load_scenario
    from .batch import simulate
    if args.runs < 1:
        raise _bad_input("--runs: must be at least 1")
    workers = getattr(args, "workers", 1)
    if workers < 1:
        raise _bad_input("--workers: must be at least 1")
    if workers > (os.cpu_count() or 1) * 4:
        raise _bad_input(f"--workers: {workers} is far more than this machine's {os.cpu_count()} cores")
    plot = getattr(args, "plot", None)
    if plot and not plot.lower().endswith(".png"):
        raise _bad_input(f"--plot: the picture is written as PNG; give a file ending in .png, not {plot!r}")
    for flag, path in (("--csv", getattr(args, "csv", None)), ("--plot", plot)):
        if path and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
            raise _bad_input(f"{flag}: the folder of {path} does not exist")   # say so before playing
    scenario = load_scenario(args.scenario, args.set or None)   # ScenarioError -> exit 2 in main
    names = side_policies(args, [s.id for s in scenario.sides])
    engine = getattr(args, "engine", "auto")
    result = simulate(scenario, runs=args.runs, policies=names, seed=args.seed, workers=workers,
                      progress=None if args.json else progress_printer(sys.stderr), engine=engine)
    result.overrides = list(args.set or [])
    if getattr(args, "csv", None):
        try:
            result.write_csv(args.csv)
        except OSError as exc:
            raise _bad_input(f"--csv: cannot write {args.csv}: {exc.strerror}") from None
    if plot:
        from .plot import PlotUnavailable, plot_result
        try:
            plot_result(result, plot)
        except PlotUnavailable as exc:
            raise _bad_input(f"--plot: {exc}") from None
        except OSError as exc:
            raise _bad_input(f"--plot: cannot write {plot}: {exc.strerror or exc}") from None
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(result.table())
        for path, what in ((getattr(args, "csv", None), "per-game table"), (plot, "plot")):
            if path:
                print(f"{what} written to {path}")
    return 0


def cmd_bench(args) -> int:
    from .bench import run_bench
    if min(args.runs, args.games, args.normal_runs, args.decisions, args.moves) < 1:
        raise _bad_input("--runs, --normal-runs, --games, --decisions and --moves must be at least 1")
    if not 1 <= args.workers <= (os.cpu_count() or 1):
        raise _bad_input(f"--workers must be from 1 to the {os.cpu_count() or 1} CPUs of this machine")
    report = run_bench(args.scenario, games=args.games, historical_runs=args.runs, workers=args.workers,
                       decisions=args.decisions, out=None if args.json else sys.stdout,
                       normal_runs=args.normal_runs, moves=args.moves)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    return 0 if report["ok"] or not args.strict else 1


def add_simulate_arguments(p) -> None:
    p.add_argument("--side", action="append", default=[], metavar="SIDE=POLICY",
                   help="policy for one side by its id (repeatable), e.g. --side group=ai:hard")
    p.add_argument("--workers", type=int, default=1, metavar="K",
                   help="worker processes (results are identical whatever K is)")
    p.add_argument("--engine", choices=("auto", "batch", "scalar"), default="auto",
                   help="batch (auto, the default): many games at once as arrays; scalar: each run "
                        "replayed alone from its game_seed, a check giving the same numbers, slower")
    p.add_argument("--csv", metavar="FILE", help="write one row per game to FILE")
    p.add_argument("--plot", metavar="FILE.png", help="draw the outcome distribution and vote tallies into a PNG")


def add_bench_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure the engine and the computer players (see docs/PERFORMANCE.md)")
    p.add_argument("--scenario", default="1957")
    p.add_argument("--games", type=int, default=4000, help="random-vs-random games timed on one core")
    p.add_argument("--moves", type=int, default=400, help="interactive moves timed (apply + legal_actions)")
    p.add_argument("--runs", type=int, default=10000, help="historical games timed with --workers")
    p.add_argument("--normal-runs", type=int, default=10000,
                   help="ai:normal-against-ai:normal games timed with --workers")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--decisions", type=int, default=10, help="decisions timed per AI level")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    p.set_defaults(func=cmd_bench)
