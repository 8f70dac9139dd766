"""The command line: ``python main.py [play|simulate|validate|list|schema|…]``.

Bad input (a broken scenario, an unknown policy, a bad override) prints one
line per problem naming the file, field and line, and exits with code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from .errors import EXIT_BAD_INPUT, BadInput


def _scenario_error_lines(exc) -> list[str]:
    return [str(p) for p in exc.problems]


def cmd_validate(args) -> int:
    from .scenario.loader import validate_file
    failed = False
    for ref in args.paths:
        problems = validate_file(ref)
        if problems:
            failed = True
            for p in problems:
                print(p, file=sys.stderr)
        else:
            print(f"{ref}: ok")
    return EXIT_BAD_INPUT if failed else 0


def cmd_list(args) -> int:
    from .scenario.loader import load_scenario, scenario_files
    from .scenario.errors import ScenarioError
    for path in scenario_files():
        try:
            s = load_scenario(path)
            print(f"{s.id:<14} {s.year}  {s.title}  ({path.name})")
        except ScenarioError as exc:
            print(f"{path.name}: invalid ({len(exc.problems)} problems; run validate)")
    return 0


def cmd_schema(args) -> int:
    from .scenario.schema import ScenarioFile
    print(json.dumps(ScenarioFile.model_json_schema(by_alias=True), indent=2, ensure_ascii=False))
    return 0


def _progress_printer(stream) -> Callable[[int, int], None] | None:
    if not stream.isatty():
        return None
    import time
    start = time.monotonic()

    def show(done: int, total: int) -> None:
        elapsed = time.monotonic() - start
        eta = elapsed / done * (total - done) if done else 0.0
        bar = "#" * int(30 * done / total)
        stream.write(f"\r[{bar:<30}] {done}/{total}  {elapsed:5.1f}s elapsed, ETA {eta:5.1f}s")
        if done == total:
            stream.write("\n")
        stream.flush()
    return show


def cmd_simulate(args) -> int:
    """Play many games headless; see game/sim/command.py."""
    from .sim.command import cmd_simulate as run
    return run(args, _progress_printer)


def cmd_replay(args) -> int:
    """Replay a save from its seed, checking every step; exit 2 at the first divergence."""
    from .saves import SaveError, read_save, verify_replay
    steps = []
    scenario = None
    if args.scenario:
        from .scenario.loader import load_scenario
        scenario = load_scenario(args.scenario)      # a ScenarioError exits 2 in main()
    try:
        info = read_save(args.save)
        game = verify_replay(info, scenario, on_step=steps.append)
    except SaveError as exc:
        if args.json:
            print(json.dumps({"ok": False, "file": exc.path, "error": exc.message, "step": exc.step,
                              "verified_steps": len(steps)}, ensure_ascii=False))
        else:
            print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = game.outcome()
    summary = {
        "ok": True, "file": str(info.path), "format_version": info.format_version,
        "game_version": info.game_version, "scenario": info.scenario_id, "scenario_hash": info.scenario_hash,
        "seed": info.seed, "actions": info.actions, "verified_steps": len(steps),
        "turn": game.turn, "date": game.date, "to_move": game.to_move,
        "outcome": None if out is None else {"id": out.id, "title": out.title, "winner": out.winner,
                                             "degree": out.degree.value, "termination": out.termination.value},
        "votes": [{"motion": v.motion, "date": v.date, "tally": v.tally, "passed": v.passed} for v in game.votes],
        "final_digest": steps[-1].digest if steps else None,
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    print(f"{info.path}: scenario {info.scenario_id} (hash {info.scenario_hash}), seed {info.seed}, "
          f"saved by {info.game_version}")
    if args.verbose:
        for st in steps:
            print(f"  {st.n:4d}. [{st.side}] {st.text}  ({st.digest})")
    print(f"{len(steps)} of {info.actions} steps replayed; every step and the final state match the save.")
    for v in game.votes:
        print(f"  vote {v.date}: {v.motion}: {v.tally}, {'carried' if v.passed else 'defeated'}")
    if out is None:
        print(f"In progress: {game.day.label}, {game.side_name(game.to_move)} to move.")
    else:
        winner = game.side_name(out.winner) if out.winner else "no one"
        print(f"Outcome: {out.title}: {winner} prevails ({out.degree.value}, {out.termination.value}).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Anti-Party Group: Kremlin crises, modelled.")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("validate", help="check scenario files; exit 2 with one line per problem")
    p.add_argument("paths", nargs="+", help="scenario files, ids or aliases")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="list the scenarios in scenarios/")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("schema", help="print the scenario format as JSON Schema")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("simulate", help="play many games headless and summarise them")
    p.add_argument("scenario", help="scenario id, alias or .toml path")
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--policy", default="historical",
                   help="policy for both sides: historical, random, ai:easy, ai:normal, ai:hard")
    p.add_argument("--khrushchev", help="policy for the first side (overrides --policy)")
    p.add_argument("--group", help="policy for the second side (overrides --policy)")
    p.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                   help="override a scenario field, e.g. actors.zhukov.stance=-0.3 (repeatable)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    from .sim.command import add_bench_parser, add_simulate_arguments
    add_simulate_arguments(p)
    p.set_defaults(func=cmd_simulate)
    add_bench_parser(sub)

    p = sub.add_parser("replay", help="replay a saved game from its seed and check every step; exit 2 if it diverges")
    p.add_argument("save", help="a save file (JSON)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("-v", "--verbose", action="store_true", help="list every step")
    p.add_argument("--scenario", help="the scenario file the game was played on, if it is not in scenarios/")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("play", help="open the desktop game (the default with no subcommand)")
    p.add_argument("--size", default="1280x720", help="window size, WIDTHxHEIGHT")
    p.add_argument("--fullscreen", action="store_true")
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("demo", help="computer against computer through every screen (attract mode)")
    p.add_argument("--screenshots", metavar="DIR", help="save one PNG per screen into DIR, then exit")
    p.add_argument("--seed", type=int, default=1957)
    p.add_argument("--policy", default="historical", help="computer player for both sides")
    p.add_argument("--size", default="1280x720", help="window size, WIDTHxHEIGHT")
    p.set_defaults(func=cmd_demo)
    return parser


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise BadInput(f"--size: expected WIDTHxHEIGHT, got {text!r}") from None
    if w < 640 or h < 400:
        raise BadInput(f"--size: {text} is too small (at least 640x400)")
    return w, h


def cmd_play(args) -> int:
    """The desktop game; pygame is imported only here, so ``import game`` stays pygame-free."""
    from .ui import play
    return play(size=_size(getattr(args, "size", "1280x720")), fullscreen=getattr(args, "fullscreen", None) or None)


def cmd_demo(args) -> int:
    from .ai.policies import POLICIES
    if args.policy not in POLICIES:
        raise BadInput(f"--policy: unknown policy {args.policy!r}; choose from {', '.join(sorted(POLICIES))}")
    size = _size(args.size)
    from .ui.demo import run_demo
    return run_demo(screenshots=args.screenshots, seed=args.seed, policy=args.policy, size=size)


def main(argv: list[str] | None = None) -> int:
    from .scenario.errors import ScenarioError
    parser = build_parser()
    parser.set_defaults(func=cmd_play)   # no subcommand: open the game
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as exc:
        for line in _scenario_error_lines(exc):
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130

