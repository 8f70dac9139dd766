"""Where the desktop game keeps its saves and settings (the user's data directory).

The saves themselves are written and read by :mod:`game.saves` only (one
format, one ``SaveError``, one atomic writer for the whole project), so a game
saved here passes ``python main.py replay FILE``. This module adds only what
the desktop needs: the folder (``$ANTI_PARTY_GROUP_HOME`` overrides it; tests
use it), file names for named saves, the rotating autosaves, the listing for
the Load menu, and the settings file.

The folder is not trusted to be usable: ``$ANTI_PARTY_GROUP_HOME`` may name a
file, a path through a file, a read-only place or a name too long for the
system. Every call here that writes or lists raises ``saves.SaveError`` (one
line naming the folder and the reason), never a bare ``OSError``;
:func:`load_settings` never raises at all (a missing, unreadable or wrong
settings file gives the defaults, each bad value replaced by its default).
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from game import saves
from game.engine import Game
from game.errors import shown

ENV_HOME = "ANTI_PARTY_GROUP_HOME"
AUTOSAVE_KEEP = 5       # autosaves kept (one per new day), oldest deleted first
MAX_NAME = 80           # characters of a save's name (the file name is NAME.json)
MAX_SETTINGS_BYTES = 64_000


def data_dir() -> Path:
    """Where saves and settings live; ``$ANTI_PARTY_GROUP_HOME`` if set."""
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home)
    import platformdirs
    return Path(platformdirs.user_data_dir("anti-party-group"))


def _make_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents); ``SaveError`` naming it and the reason if that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise saves.SaveError(folder, "cannot create the folder: a file of that name is in the way "
                              f"(check ${ENV_HOME})") from None
    except OSError as exc:
        raise saves.SaveError(folder, f"cannot create the folder: {exc.strerror or exc} "
                              f"(check ${ENV_HOME})") from None
    except ValueError as exc:       # a NUL in the path
        raise saves.SaveError(folder, f"not a folder name: {exc}") from None
    return folder


def saves_dir(create: bool = False) -> Path:
    """The saves folder; with ``create``, made if missing (``SaveError`` if it cannot be)."""
    folder = data_dir() / "saves"
    if create:
        _make_folder(folder)
    return folder


def save_path(name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in str(name)[:MAX_NAME]) or "save"
    return saves_dir() / f"{safe}{saves.SAVE_SUFFIX}"


def write_save(game: Game, name: str, meta: dict | None = None) -> Path:
    """Save ``game`` as ``NAME.json`` in the saves folder (``saves.save_game``; raises ``saves.SaveError``)."""
    saves_dir(create=True)
    return saves.save_game(game, save_path(name), meta=meta)


def write_autosave(game: Game, meta: dict | None = None) -> Path:
    """The next rotating autosave (``saves.autosave``): the last :data:`AUTOSAVE_KEEP` are kept."""
    return saves.autosave(game, saves_dir(create=True), keep=AUTOSAVE_KEEP, meta=meta)


def autosaves() -> list[Path]:
    """The autosaves, newest first (what Continue tries, in order); ``SaveError`` if the folder cannot be read."""
    return saves.autosaves(saves_dir())[::-1]


def continuable() -> list[Path]:
    """Autosaves Continue may open, newest first: never a finished game (``SaveError`` if unreadable)."""
    out = []
    for path in autosaves():
        try:
            if saves.read_save(path).outcome is None:
                out.append(path)
        except saves.SaveError:
            continue
    return out


def retire_autosaves(game_id: str) -> list[Path]:
    """Delete the autosaves of the game ``game_id`` (it has ended); the removed paths. Never raises."""
    gone = []
    try:
        found = autosaves()
    except saves.SaveError:
        return gone
    for path in found:
        try:
            if saves.read_save(path).meta.get("game_id") == game_id:
                path.unlink()
                gone.append(path)
        except (saves.SaveError, OSError):
            continue
    return gone


def delete_save(path: Path) -> None:
    """Delete a save from the saves folder; ``SaveError`` naming it if that fails."""
    try:
        Path(path).unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise saves.SaveError(path, f"cannot delete it: {exc.strerror or exc}") from None


def remove_stale_temps() -> list[Path]:
    """Remove the temp files interrupted saves left (``saves.remove_stale_temps``) in the saves
    folder and beside the settings; called when the game starts. Never raises."""
    removed = []
    for folder in (data_dir(), saves_dir()):
        removed += saves.remove_stale_temps(folder)
    return removed


@dataclass(frozen=True)
class SaveListing:
    """One line of the Load menu, from a save's header (no replay)."""

    path: Path
    name: str
    title: str
    modified: datetime


def describe(info: saves.SaveInfo) -> str:
    """What the Load menu says about a save: scenario, day, players, or its outcome.

    A save is a file from anywhere: every part is text to show (``game.errors.shown``), never markup
    or a control character, and kept short.
    """
    meta = info.meta or {}
    day = meta.get("day") or info.date
    where = f"ended: {info.outcome}" if info.outcome else day
    parts = (info.scenario_title or info.scenario_id, meta.get("players_text", ""), where)
    return " · ".join(shown(str(p))[:120] for p in parts if p)


def list_saves() -> list[SaveListing]:
    """Readable saves in the saves folder, newest first (unreadable files are left out).

    Raises ``saves.SaveError`` if the folder exists but cannot be read (the Load menu shows it).
    """
    out = []
    for info in saves.list_saves(saves_dir()):
        if isinstance(info, saves.SaveError):
            continue
        try:
            modified = datetime.fromtimestamp(info.path.stat().st_mtime)
        except (OSError, ValueError, OverflowError):
            continue
        out.append(SaveListing(info.path, shown(info.path.stem)[:MAX_NAME], describe(info), modified))
    return out


def settings_path() -> Path:
    return data_dir() / "settings.json"


DEFAULT_SETTINGS = {"computer_delay": 0.8, "ballot_delay": 0.35, "fullscreen": False, "volume": 0.7, "mute": False,
                    "details": False,
                    # the new-game screen's last choices (ids; an unknown one is ignored there)
                    "last_scenario": "", "last_side": "", "last_opponent": ""}
# What each setting may be: a number within a range (what it is, for the message), or true/false.
SETTING_RANGES = {"computer_delay": (0.0, 10.0), "ballot_delay": (0.0, 5.0), "volume": (0.0, 1.0)}
RANGE_WORDS = {"volume": "a volume"}


def check_settings(data: object, keep_unknown: bool = False) -> tuple[dict, list[str]]:
    """Settings with every known key valid, and one line per value replaced by its default.

    A delay (or the volume) must be a finite number within :data:`SETTING_RANGES` (not text, not
    true/false, not NaN); ``fullscreen``, ``mute`` and ``details`` must be true or
    false; the last choices short texts. Missing keys get their defaults.
    Unknown keys are dropped unless ``keep_unknown`` (the front end's own, e.g. in tests).
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        if data is not None:
            problems.append(f"settings: expected a JSON object, got {type(data).__name__}; using the defaults")
        data = {}
    out = dict(DEFAULT_SETTINGS)
    if keep_unknown:
        out.update({k: v for k, v in data.items() if k not in DEFAULT_SETTINGS})
    for key, default in DEFAULT_SETTINGS.items():
        if key not in data:
            continue
        value = data[key]
        if key in SETTING_RANGES:
            low, high = SETTING_RANGES[key]
            ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
                  and math.isfinite(value) and low <= value <= high)
            if ok:
                out[key] = float(value)
            else:
                what = RANGE_WORDS.get(key, "a number of seconds")
                problems.append(f"{key}: {shown(repr(value))[:60]} is not {what} from {low:g} to "
                                f"{high:g}; using {default}")
        elif isinstance(default, bool):
            if isinstance(value, bool):
                out[key] = value
            else:
                problems.append(f"{key}: {shown(repr(value))[:60]} is not true or false; using {default}")
        elif isinstance(default, str):
            if isinstance(value, str) and len(value) <= MAX_NAME:
                out[key] = value
            else:
                problems.append(f"{key}: {shown(repr(value))[:60]} is not a short text; using none")
    return out, problems


def read_settings() -> tuple[dict, list[str]]:
    """The settings file, checked (:func:`check_settings`), and what was wrong with it. Never raises.

    No file gives the defaults and no problem. A file that is not a regular file, over
    :data:`MAX_SETTINGS_BYTES`, not UTF-8 JSON, or unreadable gives the defaults and says why.
    """
    path = settings_path()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):      # a pipe would block the start forever
            return dict(DEFAULT_SETTINGS), [f"{shown(path)}: not a regular file; using the defaults"]
        if info.st_size > MAX_SETTINGS_BYTES:
            return dict(DEFAULT_SETTINGS), [f"{shown(path)}: {info.st_size:,} bytes, more than settings "
                                            f"take; using the defaults"]
        with open(path, "rb") as f:
            raw = f.read(MAX_SETTINGS_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        return dict(DEFAULT_SETTINGS), []
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return dict(DEFAULT_SETTINGS), [f"{shown(path)}: cannot read the settings ({reason}); using the defaults"]
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=lambda name: float("nan"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return dict(DEFAULT_SETTINGS), [f"{shown(path)}: not JSON settings ({type(exc).__name__}); "
                                        f"using the defaults"]
    settings, problems = check_settings(data)
    return settings, [f"{shown(path)}: {p}" for p in problems]


def load_settings() -> dict:
    """The settings, every value valid (see :func:`read_settings`); never raises."""
    return read_settings()[0]


def store_settings(settings: dict) -> None:
    """Write the settings atomically (``saves.write_atomic``).

    Raises ``saves.SaveError`` if the folder or the file cannot be written (or a value is NaN),
    ``TypeError`` for a value JSON cannot hold.
    """
    path = settings_path()
    try:
        text = json.dumps(settings, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise saves.SaveError(path, f"settings must be plain JSON: {exc}") from None
    _make_folder(path.parent)
    saves.write_atomic(path, text.encode("utf-8"))
