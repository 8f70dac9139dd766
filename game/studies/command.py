"""The ``study`` and ``ladder`` subcommands (wired into ``game/cli.py``)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..errors import BadInput, parse_count, parse_seed, shown, shown_json, shown_path


def add_parsers(sub) -> None:
    p = sub.add_parser("study", help="many variants x many games: sensitivity, tipping points (studies/README.md)")
    p.add_argument("file", nargs="?", help="a study file (.toml); or --scenario with --vary")
    p.add_argument("--scenario", help="the scenario (id, alias or .toml), in place of the file's")
    p.add_argument("--vary", action="append", default=[], metavar="PATH[=LOW:HIGH[:STEPS]]",
                   help="sweep one field on a grid and find its tipping point, e.g. actors.zhukov.stance "
                        "(default: the field's own bounds, 21 steps); repeatable, replaces the file's parameters")
    p.add_argument("--games", help="games per point, from 1 to 1,000,000")
    p.add_argument("--samples", help="sobol: base samples (a power of 2); morris: trajectories")
    p.add_argument("--seed", help="the study seed, a whole number from 0 to 2^63 - 1")
    p.add_argument("--policy", help="policy for both sides: historical, random, ai:easy, ai:normal, ai:hard")
    p.add_argument("--side", action="append", default=[], metavar="SIDE=POLICY", help="policy for one side")
    p.add_argument("--target", help="the side whose win rate is analysed (default: the file's, or who moves first)")
    p.add_argument("--out", metavar="FILE", help="results: .parquet or .csv (default: STEM.parquet here); "
                                                 "run again to resume an interrupted study")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--dask", metavar="local:N", help="a Dask LocalCluster of N worker processes on this machine")
    where.add_argument("--scheduler", metavar="tcp://HOST:8786", help="a Dask scheduler (workers started apart)")
    p.add_argument("--plot", metavar="FILE.png", help="draw the ranked parameters or the tipping curve (matplotlib)")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.add_argument("--bench", action="store_true", help="time the study against plain simulate and on 1 and 2 "
                                                        "local workers (docs/PERFORMANCE.md); nothing is kept")
    p.set_defaults(func=cmd_study, accepts_side_flags=True)

    p = sub.add_parser("ladder", help="rate every policy on every scenario from both seats (openskill)")
    p.add_argument("--scenario", action="append", default=[], help="a scenario (repeatable; default: all)")
    p.add_argument("--policies", help="comma-separated policies (default: all)")
    p.add_argument("--games", default=40, help="games per ordered pairing of policies")
    p.add_argument("--seed", default=0, help="a whole number from 0 to 2^63 - 1")
    p.add_argument("--workers", default=1, help="worker processes for each pairing's games")
    p.add_argument("--json", action="store_true", help="print the tables as one JSON object")
    p.set_defaults(func=cmd_ladder)


def cmd_study(args) -> int:
    from . import run
    from .design import load_study
    from .runner import parse_scheduler
    if not args.file and not (args.scenario and args.vary):
        raise BadInput("study: give a study file, or --scenario with --vary PATH (see studies/README.md)")
    if args.dask and not args.dask.startswith("local:"):
        raise BadInput(f"--dask: expected local:N, got {shown(repr(args.dask[:60]))}; for a cluster use --scheduler")
    if args.scheduler and args.scheduler.startswith("local:"):
        raise BadInput("--scheduler: give the scheduler's address (tcp://HOST:8786); for this machine use --dask local:N")
    scheduler = parse_scheduler(args.dask or args.scheduler) if (args.dask or args.scheduler) else None
    if args.plot is not None:
        from ..sim.command import check_output_file
        check_output_file("--plot", args.plot, ".png")
    changes = {"games": parse_count(args.games, "--games", 1, 1_000_000) if args.games is not None else None,
               "seed": parse_seed(args.seed) if args.seed is not None else None,
               "side": args.target,
               "samples": parse_count(args.samples, "--samples", 1, 1 << 16) if args.samples is not None else None}
    source = args.file if args.file else {"scenario": args.scenario, "design": "grid", "games": 1000,
                                          "vary": [], "title": ""}
    if args.file and args.scenario:
        changes["scenario"] = args.scenario
    spec = load_study(source, args.vary or None, **changes)    # a StudyError (a ScenarioError) exits 2 in main
    flagged = {side for side, _ in getattr(args, "side_flags", None) or []} | {i.partition("=")[0].strip()
                                                                             for i in args.side}
    if args.policy or flagged:
        from ..sim.command import side_policies
        policy, args.policy = args.policy, args.policy or "historical"
        names = side_policies(args, spec.sides)             # checks every side and policy named
        spec.policies = {s: names[s] if policy or s in flagged else spec.policies[s] for s in spec.sides}
    if args.bench:
        from .bench import bench
        report = bench(spec, out=None if args.json else sys.stdout)
        if args.json:
            print(json.dumps(report))
        return 0
    out = Path(args.out) if args.out else _default_out(spec, args.file)
    try:
        result = run(spec, out, scheduler, progress=not args.json)
    except KeyboardInterrupt:
        print(f"interrupted: the finished games are kept in {shown_path(str(out) + '.journal')}; "
              f"run the same command again to resume", file=sys.stderr)
        return 130
    if args.plot:
        from .plot import plot_study
        try:
            plot_study(result.summary, result.rows, args.plot)
        except OSError as exc:
            raise BadInput(f"--plot: cannot write {shown_path(args.plot)}: {exc.strerror or exc}") from None
    if args.json:
        print(shown_json(json.dumps(result.summary, ensure_ascii=False)))
        return 0
    print(shown(result.table(), keep_newlines=True))
    print(f"one row per point in {shown_path(out)}; the analysis in {shown_path(out.with_suffix(''))}.summary.json")
    if args.plot:
        print(f"plot written to {shown_path(args.plot)}")
    return 0


def _default_out(spec, file: str | None) -> Path:
    try:
        import pyarrow  # noqa: F401
        suffix = ".parquet"
    except ImportError:
        suffix = ".csv"
    stem = Path(file).stem if file else f"{spec.scenario_id}_" + "_".join(p.path for p in spec.parameters)[:80]
    return Path(stem.replace(os.sep, "_") + suffix)


def cmd_ladder(args) -> int:
    from ..ai.policies import POLICIES
    from ..scenario.loader import load_scenario, scenario_files
    from ..sim.batch import available_cpus
    from .ladder import ladder, render
    games = parse_count(args.games, "--games", 1, 100_000)
    seed = parse_seed(args.seed)
    workers = parse_count(args.workers, "--workers", 1, available_cpus(), " (the CPUs of this machine)")
    # An empty --policies "" names no policy (it is refused below), not every one.
    policies = [p.strip() for p in args.policies.split(",")] if args.policies is not None else sorted(POLICIES)
    for p in policies:
        if p not in POLICIES:
            raise BadInput(f"--policies: unknown policy {shown(repr(p))}; choose from {', '.join(sorted(POLICIES))}")
    if len(set(policies)) < 2:
        raise BadInput("--policies: a ladder needs at least two different policies")
    refs = args.scenario or [str(p) for p in scenario_files()]
    scenarios = [load_scenario(ref) for ref in refs]           # a ScenarioError exits 2 in main
    show = None
    if not args.json and sys.stderr.isatty():
        def show(what: str, done: int, total: int) -> None:
            sys.stderr.write(f"\r\033[K[{done}/{total}] {shown(what)}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()
    tables = ladder(scenarios, list(dict.fromkeys(policies)), games=games, seed=seed, workers=workers, progress=show)
    if args.json:
        print(shown_json(json.dumps({"seed": seed, "ladders": tables}, ensure_ascii=False)))
    else:
        print(shown(render(tables, seed), keep_newlines=True))
    return 0
