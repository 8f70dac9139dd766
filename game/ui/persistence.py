"""Where the desktop game keeps its saves and settings (the user's data directory).

The saves themselves are written and read by :mod:`game.saves` only (one
format, one ``SaveError``, one atomic writer for the whole project), so a game
saved here passes ``python main.py replay FILE``. This module adds only what
the desktop needs: the folder (``$ANTI_PARTY_GROUP_HOME`` overrides it; tests
use it), file names for named saves, the rotating autosaves, the listing for
the Load menu, and the settings file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from game import saves
from game.engine import Game

ENV_HOME = "ANTI_PARTY_GROUP_HOME"
AUTOSAVE_KEEP = 5       # autosaves kept (one per new day), oldest deleted first


def data_dir() -> Path:
    """Where saves and settings live; ``$ANTI_PARTY_GROUP_HOME`` if set."""
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home)
    import platformdirs
    return Path(platformdirs.user_data_dir("anti-party-group"))


def saves_dir(create: bool = False) -> Path:
    folder = data_dir() / "saves"
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_path(name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "save"
    return saves_dir() / f"{safe}{saves.SAVE_SUFFIX}"


def write_save(game: Game, name: str, meta: dict | None = None) -> Path:
    """Save ``game`` as ``NAME.json`` in the saves folder (``saves.save_game``; raises ``saves.SaveError``)."""
    saves_dir(create=True)
    return saves.save_game(game, save_path(name), meta=meta)


def write_autosave(game: Game, meta: dict | None = None) -> Path:
    """The next rotating autosave (``saves.autosave``): the last :data:`AUTOSAVE_KEEP` are kept."""
    return saves.autosave(game, saves_dir(create=True), keep=AUTOSAVE_KEEP, meta=meta)


def autosaves() -> list[Path]:
    """The autosaves, newest first (what Continue tries, in order)."""
    return saves.autosaves(saves_dir())[::-1]


@dataclass(frozen=True)
class SaveListing:
    """One line of the Load menu, from a save's header (no replay)."""

    path: Path
    name: str
    title: str
    modified: datetime


def describe(info: saves.SaveInfo) -> str:
    """What the Load menu says about a save: scenario, day, players, or its outcome."""
    meta = info.meta or {}
    day = meta.get("day") or info.date
    where = info.outcome or day
    return " · ".join(str(p) for p in (info.scenario_title or info.scenario_id, where, meta.get("players_text", ""))
                      if p)


def list_saves() -> list[SaveListing]:
    """Readable saves in the saves folder, newest first (unreadable files are left out)."""
    out = []
    for info in saves.list_saves(saves_dir()):
        if isinstance(info, saves.SaveError):
            continue
        try:
            modified = datetime.fromtimestamp(info.path.stat().st_mtime)
        except OSError:
            continue
        out.append(SaveListing(info.path, info.path.stem, describe(info), modified))
    return out


def settings_path() -> Path:
    return data_dir() / "settings.json"


DEFAULT_SETTINGS = {"computer_delay": 0.8, "ballot_delay": 0.35, "fullscreen": False}


def load_settings() -> dict:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError
    except (OSError, ValueError):
        data = {}
    return {**DEFAULT_SETTINGS, **{k: v for k, v in data.items() if k in DEFAULT_SETTINGS}}


def store_settings(settings: dict) -> None:
    """Write the settings atomically (``saves.write_atomic``); raises ``saves.SaveError`` or TypeError."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    saves.write_atomic(path, json.dumps(settings, ensure_ascii=False).encode("utf-8"))
