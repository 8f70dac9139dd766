"""The command line: ``python main.py [play|simulate|validate|list|schema|…]``.

Bad input (a broken scenario, an unknown policy, a bad override) prints one
line per problem naming the file, field and line, and exits with code 2.

``main`` is the one place errors leave: a ``ScenarioError`` (one line per problem),
``SaveError``, ``EngineError``, ``BadInput`` (a flag the user must fix, argparse's own
complaints included) and every ``OSError`` around the command's files and its standard
output (a full disk, a closed pipe) are printed as one line each, and exit with code 2;
never a traceback. Text that came from a file (titles, a save's ``game_version``, file
names) is printed through ``game.errors.shown``: control and bidi characters appear
escaped (``\\x1b``), never reach the terminal raw.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from .errors import EXIT_BAD_INPUT, BadInput, parse_seed, shown, shown_json, shown_path

MIN_WINDOW = (640, 400)
MAX_WINDOW = (7680, 4320)     # 8K, as game.ui.app.MAX_SIZE: 100000x100000 took 1.2 GB (SDL made it 16384 square)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``error: …``, exit 2 in ``main``), not the usage text."""

    def error(self, message: str):
        raise BadInput(f"{message} (see: {self.prog} --help)")


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
                print(shown(p), file=sys.stderr)
        else:
            print(f"{shown(ref)}: ok")
    return EXIT_BAD_INPUT if failed else 0


def cmd_list(args) -> int:
    from .scenario.loader import load_scenario, scenario_files
    from .scenario.errors import ScenarioError
    for path in scenario_files():
        try:
            s = load_scenario(path)
            print(f"{shown(s.id):<14} {s.year}  {shown(s.title)}  ({shown_path(path.name)})")
        except ScenarioError as exc:
            print(f"{shown_path(path.name)}: invalid ({len(exc.problems)} problems; run validate)")
    return 0


def cmd_rules(args) -> int:
    from .scenario.loader import load_scenario
    from .ui.rules import rules_markdown
    print(shown_json(rules_markdown(load_scenario(args.scenario))))
    return 0


def cmd_schema(args) -> int:
    from .scenario.schema import ScenarioFile
    print(shown_json(json.dumps(ScenarioFile.model_json_schema(by_alias=True), indent=2, ensure_ascii=False)))
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
    """Replay a save from its seed, checking every step; exit 2 at the first divergence.

    Everything printed from the save (its path, ``game_version``, scenario id and hash, step
    texts) goes through ``shown``: a save is a file from anywhere, and its text is shown,
    never obeyed by the terminal. ``--json`` escapes the same characters as ``\\uXXXX``.
    """
    from .saves import SaveError, SaveScenarioNotHere, read_save, verify_replay
    steps = []
    scenario = None
    if args.scenario:
        from .scenario.loader import load_scenario
        scenario = load_scenario(args.scenario)      # a ScenarioError exits 2 in main()
    try:
        info = read_save(args.save)
        game = verify_replay(info, scenario, on_step=steps.append)
    except SaveError as exc:
        if isinstance(exc, SaveScenarioNotHere) and scenario is None:
            exc = SaveScenarioNotHere(exc.path, f"{exc.message}; give the scenario file it was played on with "
                                                "--scenario FILE")
        if args.json:
            print(shown_json(json.dumps({"ok": False, "file": exc.path, "error": exc.message, "step": exc.step,
                                         "verified_steps": len(steps)}, ensure_ascii=False)))
        else:
            print(f"error: {shown(exc)}", file=sys.stderr)
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
        print(shown_json(json.dumps(summary, ensure_ascii=False)))
        return 0
    print(f"{shown_path(info.path, 400)}: scenario {shown(info.scenario_id)} (hash {shown(info.scenario_hash)}), "
          f"seed {info.seed}, saved by {shown(info.game_version)}")
    if args.verbose:
        for st in steps:
            print(f"  {st.n:4d}. [{shown(st.side)}] {shown(st.text)}  ({shown(st.digest)})")
    print(f"{len(steps)} of {info.actions} steps replayed; every step and the final state match the save.")
    for v in game.votes:
        print(f"  vote {shown(v.date)}: {shown(v.motion)}: {shown(v.tally)}, {'carried' if v.passed else 'defeated'}")
    if out is None:
        print(f"In progress: {shown(game.day.label)}, {shown(game.side_name(game.to_move))} to move.")
    else:
        verdict = (f"a {out.degree.value} victory for {shown(game.scenario.side(out.winner).within)}" if out.winner
                   else "no one prevails")
        print(f"Outcome: {shown(out.title)}: {verdict} ({out.termination.value}).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description="Anti-Party Group: Kremlin crises, modelled.")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("validate", help="check scenario files; exit 2 with one line per problem")
    p.add_argument("paths", nargs="+", help="scenario files, ids or aliases")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="list the scenarios in scenarios/")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("rules", help="print a scenario's rules page for each side (Markdown; docs/RULES.md)")
    p.add_argument("scenario", help="a scenario id, alias or .toml file")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("schema", help="print the scenario format as JSON Schema")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("simulate", help="play many games headless and summarise them")
    p.add_argument("scenario", help="scenario id, alias or .toml path")
    p.add_argument("--runs", default=100,
                   help="games to play, from 1 to 1,000,000 (each game's record is kept in memory)")
    p.add_argument("--seed", default=0, help="a whole number from 0 to 2^63 - 1")
    p.add_argument("--policy", default="historical",
                   help="policy for both sides: historical, random, ai:easy, ai:normal, ai:hard, strategy:NAME "
                        "(docs/AI.md), or one of your own, FILE.py:NAME")
    p.set_defaults(accepts_side_flags=True)
    p.epilog = ("Each side of the scenario also takes its own flag, named by its id: --SIDE POLICY "
                "(in 1957: --khrushchev ai:hard --group random; in 1953: --conspirators, --beria).")
    p.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                   help="override a scenario field, e.g. actors.zhukov.stance=-0.3 (repeatable)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    from .sim.command import add_bench_parser, add_simulate_arguments
    add_simulate_arguments(p)
    p.set_defaults(func=cmd_simulate)
    add_bench_parser(sub)
    from .studies.command import add_parsers as add_study_parsers
    add_study_parsers(sub)

    p = sub.add_parser("replay", help="replay a saved game from its seed and check every step; exit 2 if it diverges")
    p.add_argument("save", help="a save file (JSON)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("-v", "--verbose", action="store_true", help="list every step")
    p.add_argument("--scenario", help="the scenario file the game was played on, if it is not in scenarios/")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("play", help="open the desktop game (the default with no subcommand)")
    p.add_argument("--size", default="1280x720",
                   help="window size, WIDTHxHEIGHT, from 640x400 to 7680x4320")
    p.add_argument("--fullscreen", action="store_true")
    p.add_argument("--scenario", metavar="FILE",
                   help="a scenario file to play (checked first, as validate does), offered first in New game")
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("demo", help="computer against computer through every screen (attract mode)")
    p.add_argument("--screenshots", metavar="DIR", help="save one PNG per screen into DIR, then exit")
    p.add_argument("--seed", default=1957, help="a whole number from 0 to 2^63 - 1")
    p.add_argument("--policy", default="historical", help="computer player for both sides")
    p.add_argument("--size", default="1280x720",
                   help="window size, WIDTHxHEIGHT, from 640x400 to 7680x4320")
    p.add_argument("--scenario", metavar="NAME|FILE", help="the crisis to play (checked first, as validate does; "
                   "default 1957); the title's rules, figures and notes show it too")
    p.set_defaults(func=cmd_demo)
    return parser


def _size(text: str) -> tuple[int, int]:
    """``WIDTHxHEIGHT`` within :data:`MIN_WINDOW` and :data:`MAX_WINDOW`, or ``BadInput`` naming the range."""
    allowed = f"from {MIN_WINDOW[0]}x{MIN_WINDOW[1]} to {MAX_WINDOW[0]}x{MAX_WINDOW[1]}"
    parts = str(text).lower().split("x")
    if len(parts) != 2 or not all(p.strip().isascii() and p.strip().isdigit() and len(p.strip()) <= 6
                                  for p in parts):
        raise BadInput(f"--size: expected WIDTHxHEIGHT {allowed}, got {shown(repr(str(text)[:40]))}")
    w, h = (int(p) for p in parts)
    if w < MIN_WINDOW[0] or h < MIN_WINDOW[1]:
        raise BadInput(f"--size: {w}x{h} is too small; a window is {allowed}")
    if w > MAX_WINDOW[0] or h > MAX_WINDOW[1]:
        raise BadInput(f"--size: {w}x{h} is too large; a window is {allowed}")
    return w, h


def _scenario_option(args):
    """The scenario of ``--scenario`` (a name or a file), or None; a ScenarioError exits 2 in main(),
    before any window opens."""
    if getattr(args, "scenario", None) is None:
        return None
    if not args.scenario.strip():
        raise BadInput("--scenario: give a scenario id (see `python main.py list`) or a .toml file")
    from .scenario.loader import load_scenario
    return load_scenario(args.scenario)


def cmd_play(args) -> int:
    """The desktop game; pygame is imported only here, so ``import game`` stays pygame-free."""
    size = _size(getattr(args, "size", "1280x720"))
    scenario = _scenario_option(args)
    from .ui import play
    return play(size=size, fullscreen=getattr(args, "fullscreen", None) or None, scenario=scenario)


def cmd_demo(args) -> int:
    from .ai.policies import POLICIES
    if args.policy not in POLICIES:
        raise BadInput(f"--policy: unknown policy {shown(repr(args.policy))}; "
                       f"choose from {', '.join(sorted(POLICIES))}")
    seed = parse_seed(args.seed)
    size = _size(args.size)
    scenario = _scenario_option(args)
    from .ui.demo import prepare_screenshots, run_demo
    screenshots = prepare_screenshots(args.screenshots) if args.screenshots is not None else None
    return run_demo(screenshots=screenshots, seed=seed, policy=args.policy, size=size, scenario=scenario)


def _os_error_line(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"error: {shown_path(exc.filename)}: {shown(reason)}"
    return f"error: {shown(reason)}"


class _OutputError(Exception):
    """Writing to standard output failed (a full disk, a closed pipe): ``error`` is the OSError."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


class _GuardedOutput:
    """Standard output whose write errors are told apart from those of the command's own files."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise _OutputError(exc) from None

    def flush(self):
        try:
            return self._stream.flush()
        except OSError as exc:
            raise _OutputError(exc) from None

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _output_error_line(exc: OSError) -> str:
    if isinstance(exc, BrokenPipeError):
        return "error: cannot write the output: the program reading it has closed the pipe"
    return f"error: cannot write the output: {exc.strerror or exc}"


def _silence_stdout(stream) -> None:
    """After a failed write to stdout, point it at the null device, so the exit does not fail again."""
    import os
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, stream.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


def _run(argv: list[str] | None) -> int:
    from .engine.errors import EngineError
    from .saves import SaveError
    from .scenario.errors import ScenarioError
    parser = build_parser()
    parser.set_defaults(func=cmd_play)   # no subcommand: open the game
    try:
        args, extra = parser.parse_known_args(argv)
        if extra and getattr(args, "func", None) is not None and getattr(args, "accepts_side_flags", False):
            args.side_flags = _side_flags(extra)          # --<side id> POLICY, for the scenario's own sides
        elif extra:
            parser.parse_args(argv)                       # the usual one-line error for what is unknown
        code = args.func(args)
        sys.stdout.flush()               # what is buffered must reach stdout, or be said not to
        return code
    except _OutputError:
        raise
    except ScenarioError as exc:
        for line in _scenario_error_lines(exc):
            print(shown(line), file=sys.stderr)
    except (BadInput, SaveError, EngineError) as exc:
        print(f"error: {shown(exc)}", file=sys.stderr)
    except OSError as exc:               # a file of the command's own
        print(_os_error_line(exc), file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return EXIT_BAD_INPUT


def _side_flags(extra: list[str]) -> list[tuple[str, str]]:
    """``--SIDE POLICY`` (or ``--SIDE=POLICY``) pairs left over by argparse: checked against the scenario later."""
    pairs, i = [], 0
    while i < len(extra):
        word = extra[i]
        if not word.startswith("--") or len(word) < 3:
            raise BadInput(f"unrecognized arguments: {word}")
        name, eq, value = word[2:].partition("=")
        if not eq:
            if i + 1 >= len(extra) or extra[i + 1].startswith("--"):
                raise BadInput(f"unrecognized arguments: --{name} (a side's own flag takes a policy: "
                               f"--{name} ai:normal)")
            value, i = extra[i + 1], i + 1
        pairs.append((name, value))
        i += 1
    return pairs


def main(argv: list[str] | None = None) -> int:
    """Run one command; every documented error is one line on stderr and exit code 2 (see the module)."""
    real = sys.stdout
    sys.stdout = _GuardedOutput(real)
    try:
        code = _run(argv)
        sys.stdout.flush()
        return code
    except _OutputError as exc:
        _silence_stdout(real)
        print(_output_error_line(exc.error), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        if sys.stdout.__class__ is _GuardedOutput:
            sys.stdout = real
