"""Saves and settings of the desktop game, in the user's data directory.

A save is ``{"version": 1, "scenario", "seed", "actions", "state", "players"}``:
the engine's JSON state plus the action log (enough to replay it) and who
plays each side. Files are written atomically (temp file, fsync,
``os.replace``), so a crash never leaves half a save. ``ANTI_PARTY_GROUP_HOME``
overrides the directory (tests use it).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

SAVE_VERSION = 1
AUTOSAVE = "autosave"
ENV_HOME = "ANTI_PARTY_GROUP_HOME"


class SaveError(ValueError):
    """A save file that cannot be read: missing, not JSON, or of another version."""


def data_dir() -> Path:
    """Where saves and settings live; ``$ANTI_PARTY_GROUP_HOME`` if set."""
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home)
    import platformdirs
    return Path(platformdirs.user_data_dir("anti-party-group"))


def saves_dir() -> Path:
    return data_dir() / "saves"


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON so the file is either the old one or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_path(name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "save"
    return saves_dir() / f"{safe}.json"


def write_save(data: dict, name: str) -> Path:
    path = save_path(name)
    write_json_atomic(path, data)
    return path


def read_save(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SaveError(f"{path}: no such save") from exc
    except (OSError, ValueError) as exc:
        raise SaveError(f"{path}: not a readable save ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != SAVE_VERSION:
        raise SaveError(f"{path}: save version {data.get('version') if isinstance(data, dict) else '?'} "
                        f"is not {SAVE_VERSION}")
    for key in ("scenario", "seed", "actions", "state"):
        if key not in data:
            raise SaveError(f"{path}: the save has no {key!r}")
    return data


@dataclass(frozen=True)
class SaveInfo:
    path: Path
    name: str
    title: str       # what the load screen shows
    modified: datetime


def list_saves() -> list[SaveInfo]:
    """Readable saves, newest first."""
    out = []
    folder = saves_dir()
    if not folder.is_dir():
        return []
    for path in folder.glob("*.json"):
        try:
            data = read_save(path)
        except SaveError:
            continue
        meta = data.get("meta", {})
        title = f"{meta.get('scenario_title', data['scenario'])} · {meta.get('day', '')} · {meta.get('players', '')}"
        out.append(SaveInfo(path, path.stem, title.strip(" ·"), datetime.fromtimestamp(path.stat().st_mtime)))
    out.sort(key=lambda s: s.modified, reverse=True)
    return out


def autosave_path() -> Path:
    return save_path(AUTOSAVE)


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
    write_json_atomic(settings_path(), settings)
