"""Saved games: versioned JSON, written atomically, checked in full on loading.

A save holds what it takes to rebuild a game anywhere, and what it takes to
notice when that is no longer possible:

* ``format`` and ``format_version``: which reader it needs (this one reads
  version :data:`FORMAT_VERSION`); ``game_version``: the program that wrote it;
* ``scenario``: the scenario's ``id`` and ``hash`` (``Scenario.source_hash``);
* ``seed`` and ``actions``: the game as a seed and an action log (JSON
  actions, as in ``Game.actions``); replaying them gives the same game;
* ``digests``: a short hash of the state after each action, so a replay can be
  checked step by step (``python main.py replay SAVE``), on any machine;
* ``snapshot``: the final state (``Game.to_json()``), to load without replaying;
* ``meta`` (optional): the front end's own JSON object, e.g. who plays each side.

This module is the library every front end uses; it takes paths, never
chooses them (the UI decides where saves live)::

    from game.saves import save_game, load_game, autosave, list_saves, SaveError
    save_game(g, path, meta={"players": {"group": "human"}})   # atomic: temp, fsync, os.replace, fsync dir
    g = load_game(path)                # checks JSON, versions, scenario hash, replays every step
    g, info = load(path)               # the same, with the header (info.meta is what you saved)
    autosave(g, folder, keep=5)        # writes autosave-000042.json, keeps the last five
    for info in list_saves(folder): ...  # headers only (scenario, date, outcome, meta), no replay

Every failure raises :class:`SaveError` (a ``ValueError``) whose message
names the file and what is wrong. Nothing from a file is ever unpickled or
evaluated: a save is parsed as JSON and checked field by field.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .engine import Game
from .engine.errors import EngineError
from .engine.spec import Scenario

FORMAT = "anti-party-group-save"
FORMAT_VERSION = 2   # 2: the state of the one batched engine (per-game chance stream)
MAX_SAVE_BYTES = 16_000_000      # a finished game is well under 1 MB
MAX_ACTIONS = 10_000             # every scenario ends long before this
SAVE_SUFFIX = ".json"
AUTOSAVE_PREFIX = "autosave-"
_FIELDS = {"format": str, "format_version": int, "game_version": str, "saved_at": str, "scenario": dict,
           "seed": int, "actions": list, "digests": list, "snapshot": dict}
_OPTIONAL = {"meta": dict}       # the front end's own data (who plays each side, a save name, ...)
MAX_META_BYTES = 64_000
MAX_SHOWN_PATH = 240             # a longer path is shown with its middle elided in messages


class SaveError(ValueError):
    """A save could not be written, read or trusted. ``str()`` names the file and the problem."""

    def __init__(self, path: str | os.PathLike, message: str, step: int | None = None):
        self.path = str(path)
        self.message = message
        self.step = step          # 1-based index of the action where a replay diverged, if any
        shown_path = self.path if len(self.path) <= MAX_SHOWN_PATH else (
            f"{self.path[:MAX_SHOWN_PATH // 2]}…{self.path[-(MAX_SHOWN_PATH // 2):]}")   # one readable line
        super().__init__(f"{shown_path}: {message}")


class SaveScenarioNotHere(SaveError):
    """The scenario a save was played on is not found here by its id, or has another hash (a scenario file
    kept outside ``scenarios/``, or one changed since)."""


# ------------------------------------------------------------------ digests
def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


# State fields about how a position was reached rather than the position itself: after
# Game.undo, ``undoable`` is False although a replay of the same actions may say True. They
# are left out of digests and comparisons; a loaded game may undo only if both the replay
# and the save allow it (a save can take the right away, never grant it).
_HISTORY_KEYS = ("undoable",)


def _position(game_json: Any) -> Any:
    """``Game.to_json()`` without the history fields (see ``_HISTORY_KEYS``)."""
    if isinstance(game_json, dict) and isinstance(game_json.get("state"), dict):
        state = game_json["state"]
        if any(k in state for k in _HISTORY_KEYS):
            return {**game_json, "state": {k: v for k, v in state.items() if k not in _HISTORY_KEYS}}
    return game_json


def state_digest(game: Game) -> str:
    """A short hash of the game's position (RNG included); equal positions give equal digests."""
    return hashlib.sha256(_canonical(_position(game.to_json())).encode("utf-8")).hexdigest()[:16]


def _game_version() -> str:
    from . import __version__
    return __version__


def replay(scenario: Scenario, seed: int, actions: list[dict],
           on_step: Callable[[int, Game, list], None] | None = None) -> Game:
    """Play ``actions`` from ``seed``; ``on_step(n, game, events)`` after each (n from 1).

    Raises :class:`EngineError` from the engine if an action is not legal.
    """
    game = Game.new(scenario, seed=seed)
    for n, action in enumerate(actions, start=1):
        events = game.apply(action)
        if on_step is not None:
            on_step(n, game, events)
    return game


# ------------------------------------------------------------------ writing
def save_data(game: Game, meta: dict | None = None) -> dict:
    """The save of ``game`` as a JSON-ready dict (see the module docstring).

    ``meta`` is the caller's own JSON object (e.g. the UI's ``{"players": ...}``),
    stored as it is and returned by :func:`read_save` as ``SaveInfo.meta``.

    Replays the game from its seed to record a digest per step, and refuses
    (``SaveError``) a game that its own seed and actions do not reproduce,
    e.g. one whose state was edited outside ``Game.apply``.
    """
    actions = game.actions
    digests: list[str] = []
    try:
        again = replay(game.scenario, game.seed, actions,
                       on_step=lambda n, g, events: digests.append(state_digest(g)))
    except EngineError as exc:
        raise SaveError("(game)", f"the game's own action log does not replay: {exc}") from None
    final = state_digest(game)
    if state_digest(again) != final:
        raise SaveError("(game)", "the game's state differs from a replay of its seed and actions "
                        "(was it changed outside Game.apply?); refusing to write a save that cannot be checked")
    if meta is not None:
        if not isinstance(meta, dict):
            raise SaveError("(game)", f"meta must be a dict, got {type(meta).__name__}")
        try:
            size = len(_canonical(meta))
        except (TypeError, ValueError, RecursionError) as exc:
            raise SaveError("(game)", f"meta must be plain JSON: {exc}") from None
        if size > MAX_META_BYTES:
            raise SaveError("(game)", f"meta is {size:,} bytes; at most {MAX_META_BYTES:,}")
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "game_version": _game_version(),
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scenario": {"id": game.scenario.id, "hash": game.scenario.source_hash, "title": game.scenario.title},
        "seed": int(game.seed),
        "actions": actions,
        "digests": digests,
        "snapshot": game.to_json(),
    }
    if meta is not None:
        data["meta"] = meta
    return data


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable: fsync the directory (not possible on Windows; skipped there)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one.

    The bytes go to a temporary file in the same folder, which is flushed and
    fsynced, then renamed over ``path`` with ``os.replace``; the folder is
    fsynced so the rename survives a power cut. On any error the temporary
    file is removed and the old file is untouched.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not path.name or "\0" in str(path):
        raise SaveError(path, "cannot save: give a file name (without NUL characters)")
    try:
        target = os.lstat(path)
    except OSError:
        target = None
    if target is not None and not (stat.S_ISREG(target.st_mode) or stat.S_ISLNK(target.st_mode)):
        # os.replace would put the save in the place of a folder's entry, a device or a pipe
        raise SaveError(path, "cannot save: it is not a regular file (a folder, a device or a pipe); give a file name")
    try:
        folder = directory.stat()
    except FileNotFoundError:
        raise SaveError(path, f"cannot save: the folder {str(directory)[:200]!r} does not exist") from None
    except OSError as exc:      # a file on the way (ENOTDIR), a name too long, no permission
        raise SaveError(path, f"cannot save: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(folder.st_mode):
        raise SaveError(path, f"cannot save: {str(directory)[:200]!r} is not a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise SaveError(path, f"cannot save: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise SaveError(path, f"cannot save: {exc.strerror or exc}") from None
        raise
    _fsync_dir(directory)
    return path


def save_game(game: Game, path: str | os.PathLike, meta: dict | None = None) -> Path:
    """Save ``game`` to ``path`` atomically; the previous file survives any crash mid-save.

    ``meta``: the caller's own JSON object, kept with the save (see :func:`save_data`).
    """
    try:
        data = save_data(game, meta)
    except SaveError as exc:
        raise SaveError(path, exc.message) from None
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    written = write_atomic(path, text.encode("utf-8"))
    remove_stale_temps(written.parent)
    return written


# ------------------------------------------------------------------ temp files of interrupted saves
STALE_SECONDS = 60
"""A temp file of :func:`write_atomic` untouched this long is left over from a save that was
interrupted (a crash, ``kill -9``, a power cut). A save writes its temp file in one go and renames
it at once, so a save under way has touched its temp file within the last moment; and should a
save be suspended longer than this between its write and its rename (a stopped process), removing
its temp file only makes that save fail with ``SaveError``: the old save is never touched."""
_TEMP_RE = re.compile(r"\..+\.json\.[A-Za-z0-9_]{1,16}\.tmp")     # what write_atomic's mkstemp makes of NAME.json
MAX_LISTED = 1000                 # entries of a folder examined by one listing or clean-up


def remove_stale_temps(directory: str | os.PathLike, older_than: float = STALE_SECONDS) -> list[Path]:
    """Delete the temp files interrupted saves left in ``directory``; returns those removed.

    Only regular files named as :func:`write_atomic` names its temp files for a ``.json`` file
    (``.NAME.json.XXXXXXXX.tmp``) and untouched for ``older_than`` seconds (see
    :data:`STALE_SECONDS`); never a link, a folder or any other file. Never raises: a folder that
    cannot be read is left alone (the listing or the save that follows reports it).
    """
    removed: list[Path] = []
    now = time.time()
    try:
        with os.scandir(directory) as entries:
            for n, entry in enumerate(entries):
                if n >= 10 * MAX_LISTED:
                    break
                if not _TEMP_RE.fullmatch(entry.name):
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
                except OSError:
                    continue
    except (OSError, ValueError):
        pass
    return removed


# ------------------------------------------------------------------ reading
@dataclass(frozen=True)
class SaveInfo:
    """A save's header: enough to list it in a menu without replaying it."""

    path: Path
    format_version: int
    game_version: str
    saved_at: str
    scenario_id: str
    scenario_hash: str
    scenario_title: str
    seed: int
    actions: int
    turn: int
    date: str
    to_move: str
    outcome: str | None      # outcome title, if the game is over
    meta: dict = field(default_factory=dict, compare=False)   # the front end's own data, as saved
    data: dict = field(default_factory=dict, repr=False, compare=False)


def _describe_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "an integer", float: "a number",
            bool: "true/false", type(None): "null"}.get(type(value), type(value).__name__)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_save(path: str | os.PathLike) -> SaveInfo:
    """Parse a save and check its structure and version (no replay); raises SaveError."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SaveError(path, "no such save file") from None
    except OSError as exc:
        raise SaveError(path, f"cannot read the save: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise SaveError(path, "this is a folder, not a save file")
    if not stat.S_ISREG(info.st_mode):     # a device or a pipe could stream forever
        raise SaveError(path, "not a regular file (a device, pipe or socket); give a save file")
    if info.st_size > MAX_SAVE_BYTES:
        raise SaveError(path, f"file is {info.st_size:,} bytes; a save may be at most {MAX_SAVE_BYTES:,}")
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_SAVE_BYTES + 1)      # bounded even if the file grows meanwhile
    except OSError as exc:
        raise SaveError(path, f"cannot read the save: {exc.strerror or exc}") from None
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(path, f"file is over {MAX_SAVE_BYTES:,} bytes, the most a save may be")
    if not raw.strip():
        raise SaveError(path, "the file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SaveError(path, "the file is UTF-16 text; a save is UTF-8 JSON written by this game")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(path, f"not UTF-8 text (bad byte at offset {exc.start}); "
                        "a save is UTF-8 JSON written by this game") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        cut = (text.lstrip().startswith("{") and not text.rstrip().endswith("}")    # a save's start, not its end
               and exc.msg != "Extra data")                                          # (not a save and more)
        hint = "; the file ends early (truncated?)" if cut else ""
        raise SaveError(path, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}") from None
    except RecursionError:
        raise SaveError(path, "not a save: the JSON is nested too deeply") from None
    except ValueError as exc:   # NaN/Infinity, or an integer with thousands of digits
        raise SaveError(path, f"not valid JSON: {str(exc).split('; use ')[0]}") from None
    return _check_header(path, data)


def _check_header(path: Path, data: Any) -> SaveInfo:
    if not isinstance(data, dict):
        raise SaveError(path, f"not a save: the file holds {_describe_type(data)}, not a JSON object")
    if data.get("format") != FORMAT:
        raise SaveError(path, f"not a save of this game (format is {data.get('format')!r}, expected {FORMAT!r})")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(path, f"format_version must be an integer, got {_describe_type(version)}")
    if version != FORMAT_VERSION:
        newer = "a newer" if version > FORMAT_VERSION else "an older"
        hint = (" (version 1 saves hold the state of the old two-engine rules and cannot be replayed "
                "exactly; start the game again from its seed)") if version == 1 else ""
        digits = str(version)
        number = digits if len(digits) <= 20 else f"{digits[:12]}… ({len(digits):,} digits)"
        raise SaveError(path, f"saved by format version {number} ({newer} game); "
                        f"this game reads version {FORMAT_VERSION}{hint}")
    unknown = sorted(set(data) - set(_FIELDS) - set(_OPTIONAL))
    if unknown:
        raise SaveError(path, f"unknown field(s) {', '.join(map(repr, unknown))} in a version {FORMAT_VERSION} save")
    for name, kind in _FIELDS.items():
        if name not in data:
            raise SaveError(path, f"missing field {name!r}")
        value = data[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SaveError(path, f"field {name!r} must be {_describe_type(kind())}, got {_describe_type(value)}")
    if "meta" in data and not isinstance(data["meta"], dict):
        raise SaveError(path, f"field 'meta' must be an object, got {_describe_type(data['meta'])}")
    sc = data["scenario"]
    for key in ("id", "hash"):
        if not isinstance(sc.get(key), str) or not sc.get(key):
            raise SaveError(path, f"field 'scenario.{key}' must be a non-empty string")
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", sc["id"]):
        raise SaveError(path, f"field 'scenario.id' is not a scenario id: {sc['id'][:80]!r}")
    if data["seed"] < 0 or data["seed"] >= 2**63:      # the engine's seeds: integers in [0, 2^63)
        raise SaveError(path, f"field 'seed' must be between 0 and 2**63-1, got {data['seed']}")
    actions, digests = data["actions"], data["digests"]
    if len(actions) > MAX_ACTIONS:
        raise SaveError(path, f"{len(actions):,} actions; a game has at most {MAX_ACTIONS:,}")
    for n, a in enumerate(actions, start=1):
        if not isinstance(a, dict) or not isinstance(a.get("kind"), str) or not isinstance(a.get("side"), str):
            raise SaveError(path, f"action {n} must be an object with 'kind' and 'side', got {str(a)[:80]}", step=n)
    if len(digests) != len(actions) or not all(isinstance(d, str) for d in digests):
        raise SaveError(path, f"'digests' must list one string per action ({len(actions)}), got {len(digests)}")
    snap = data["snapshot"]
    state = snap.get("state")
    if not isinstance(state, dict):
        raise SaveError(path, "field 'snapshot.state' is missing or not an object")
    if snap.get("scenario") != sc["id"]:
        raise SaveError(path, f"the snapshot is of scenario {snap.get('scenario')!r} but the save says {sc['id']!r}")
    if state.get("seed") != data["seed"]:
        raise SaveError(path, "the snapshot's seed differs from the save's seed")
    if state.get("actions") != actions:
        raise SaveError(path, "the snapshot's action log differs from the save's action log")
    view = snap.get("view") if isinstance(snap.get("view"), dict) else {}
    outcome = view.get("outcome")
    calendar_date = view.get("date", "")
    return SaveInfo(
        path=path, format_version=version, game_version=data["game_version"], saved_at=data["saved_at"],
        scenario_id=sc["id"], scenario_hash=sc["hash"], scenario_title=str(sc.get("title", "")),
        seed=data["seed"], actions=len(actions), turn=state.get("turn", 0) if isinstance(state.get("turn"), int) else 0,
        date=calendar_date if isinstance(calendar_date, str) else "", to_move=str(view.get("to_move", "")),
        outcome=outcome if isinstance(outcome, str) else None, meta=data.get("meta", {}), data=data)


def _scenario_for(info: SaveInfo, scenario: Scenario | None) -> Scenario:
    if scenario is None:
        from .scenario.errors import ScenarioError
        from .scenario.loader import load_scenario
        try:
            scenario = load_scenario(info.scenario_id)
        except ScenarioError as exc:
            first = exc.problems[0].message if exc.problems else str(exc)
            raise SaveScenarioNotHere(info.path, f"saved for scenario {info.scenario_id!r}, which cannot be "
                                      f"loaded here: {first}") from None
    if scenario.id != info.scenario_id:
        raise SaveError(info.path, f"saved for scenario {info.scenario_id!r}, not {scenario.id!r}")
    if scenario.source_hash != info.scenario_hash:
        raise SaveScenarioNotHere(info.path, f"saved for scenario {info.scenario_id} with a different hash "
                                  f"({info.scenario_hash}, here {scenario.source_hash}): the scenario file has "
                                  "changed since")
    return scenario


@dataclass(frozen=True)
class Step:
    """One verified step of a replay."""

    n: int
    side: str
    action: dict
    text: str
    digest: str


def verify_replay(info: SaveInfo, scenario: Scenario | None = None,
                  on_step: Callable[[Step], None] | None = None) -> Game:
    """Replay a save from its seed, checking every step against the save; returns the game.

    ``on_step`` is called with each :class:`Step` once it matches the save's
    digest. Raises :class:`SaveError` at the first action the engine refuses,
    the first step whose state differs from the save's, or a final state that
    differs from the snapshot.
    """
    scenario = _scenario_for(info, scenario)
    data = info.data
    try:
        game = Game.new(scenario, seed=data["seed"])
    except EngineError as exc:
        raise SaveError(info.path, f"the game cannot be started again from the save: {exc}") from None
    for n, (action, digest) in enumerate(zip(data["actions"], data["digests"]), start=1):
        try:
            events = game.apply(action)
        except EngineError as exc:
            raise SaveError(info.path, f"step {n} ({_short(action)}) is refused by the rules: {exc}", step=n) from None
        except (TypeError, KeyError, AttributeError, IndexError, ValueError) as exc:
            raise SaveError(info.path, f"step {n} ({_short(action)}) is malformed: {exc}", step=n) from None
        got = state_digest(game)
        if got != digest:
            raise SaveError(info.path, f"step {n} ({_short(action)}) diverges: the replayed state has digest "
                            f"{got}, the save recorded {digest} (saved by game {info.game_version}; the rules "
                            f"may have changed since)", step=n)
        if on_step is not None:
            on_step(Step(n=n, side=str(action.get("side")), action=action,
                         text=events[0].text if events else _short(action), digest=got))
    expected = _canonical(_position(data["snapshot"]))
    actual = _canonical(_position(game.to_json()))
    if expected != actual:
        where = _first_difference(json.loads(expected), json.loads(actual))
        raise SaveError(info.path, f"the snapshot does not match the replayed game (first difference at {where})",
                        step=len(data["actions"]) or None)
    saved_undoable = data["snapshot"]["state"].get("undoable", False)
    if not isinstance(saved_undoable, bool):
        raise SaveError(info.path, "field 'snapshot.state.undoable' must be true or false")
    game.undoable = game.undoable and saved_undoable
    return game


def _short(action: dict) -> str:
    rest = ", ".join(f"{k}={v}" for k, v in action.items() if k not in ("kind", "side"))
    return f"{action.get('side')} {action.get('kind')}" + (f" {rest}" if rest else "")


def _first_difference(a: Any, b: Any, where: str = "snapshot") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{where}.{k}"
            if _canonical(a[k]) != _canonical(b[k]):
                return _first_difference(a[k], b[k], f"{where}.{k}")
        return where
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            if _canonical(x) != _canonical(y):
                return _first_difference(x, y, f"{where}[{i}]")
        return f"{where} (length {len(a)} vs {len(b)})"
    return where


def load_game(path: str | os.PathLike, scenario: Scenario | None = None, verify: bool = True) -> Game:
    """Load a save; raises :class:`SaveError` (see :func:`load`, which also returns the header)."""
    return load(path, scenario, verify)[0]


def load(path: str | os.PathLike, scenario: Scenario | None = None, verify: bool = True) -> tuple[Game, SaveInfo]:
    """Load a save; raises :class:`SaveError` naming the file and the problem.

    Checks the JSON, the format version, the scenario's id and hash (the
    scenario is loaded by id unless given), and, with ``verify`` (the
    default), replays the action log from the seed and checks every step and
    the snapshot. Without ``verify`` the game is built from the snapshot
    alone (faster; the header checks still apply).
    """
    info = read_save(path)
    if verify:
        try:
            return verify_replay(info, scenario), info
        except RecursionError:
            raise SaveError(path, "the snapshot is nested too deeply to be a game state") from None
    scenario = _scenario_for(info, scenario)
    try:
        game = Game.from_json(scenario, info.data["snapshot"])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise SaveError(path, f"the snapshot is damaged ({type(exc).__name__}: {exc}); load with verify") from None
    game.undoable = False     # unverified: no undo until the next action (it could re-roll chance)
    return game, info


# ------------------------------------------------------------------ folders
def _entries(directory: Path) -> list[os.DirEntry]:
    """The entries of a saves folder; [] if there is no such folder; ``SaveError`` if it cannot be read.

    "No such folder" includes a path through a file (``ENOTDIR``): nothing was ever saved there.
    A folder that exists but cannot be read (no permission, a name too long, a loop of links) is
    a ``SaveError`` naming it, so a menu can say why it shows nothing.
    """
    try:
        with os.scandir(directory) as it:
            entries = []
            for entry in it:
                entries.append(entry)
                if len(entries) >= 10 * MAX_LISTED:
                    break
            return entries
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise SaveError(directory, f"cannot read the folder: {exc.strerror or exc}") from None
    except ValueError as exc:    # a NUL in the path
        raise SaveError(directory, f"not a folder name: {exc}") from None


def list_saves(directory: str | os.PathLike) -> list[SaveInfo | SaveError]:
    """Every ``*.json`` save in a folder, newest first; broken ones as their SaveError.

    At most :data:`MAX_LISTED` saves (the newest) are read. Temp files that interrupted saves
    left behind are removed first (:func:`remove_stale_temps`). Raises ``SaveError`` if the
    folder exists but cannot be read; a folder that does not exist holds no saves.
    """
    directory = Path(directory)
    entries = _entries(directory)
    if any(_TEMP_RE.fullmatch(e.name) for e in entries):
        remove_stale_temps(directory)
    stamped: list[tuple[float, Path]] = []
    for entry in entries:
        if not entry.name.endswith(SAVE_SUFFIX):
            continue
        try:
            stamped.append((entry.stat().st_mtime, Path(entry.path)))
        except OSError:
            continue
    stamped.sort(key=lambda t: (t[0], str(t[1])), reverse=True)
    out: list[SaveInfo | SaveError] = []
    for _, p in stamped[:MAX_LISTED]:
        try:
            out.append(read_save(p))
        except SaveError as exc:
            out.append(exc)
    return out


_AUTOSAVE_RE = re.compile(rf"{re.escape(AUTOSAVE_PREFIX)}(\d{{6,}}){re.escape(SAVE_SUFFIX)}$")


def autosaves(directory: str | os.PathLike) -> list[Path]:
    """The autosaves in a folder, oldest first (by sequence number).

    [] if the folder does not exist; ``SaveError`` if it exists but cannot be read.
    """
    directory = Path(directory)
    found = [(int(m.group(1)), Path(e.path)) for e in _entries(directory) if (m := _AUTOSAVE_RE.fullmatch(e.name))]
    return [p for _, p in sorted(found)]


def autosave(game: Game, directory: str | os.PathLike, keep: int = 5, meta: dict | None = None) -> Path:
    """Write the next autosave (``autosave-000001.json``, …) and delete all but the last ``keep``."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    directory = Path(directory)
    existing = autosaves(directory)
    number = int(_AUTOSAVE_RE.fullmatch(existing[-1].name).group(1)) + 1 if existing else 1
    path = save_game(game, directory / f"{AUTOSAVE_PREFIX}{number:06d}{SAVE_SUFFIX}", meta=meta)
    for old in autosaves(directory)[:-keep]:
        try:
            old.unlink()
        except OSError:
            pass
    return path


__all__ = [
    "FORMAT_VERSION", "SaveError", "SaveInfo", "Step", "autosave", "autosaves", "list_saves", "load", "load_game",
    "read_save", "remove_stale_temps", "replay", "save_data", "save_game", "state_digest", "verify_replay",
    "write_atomic",
]
