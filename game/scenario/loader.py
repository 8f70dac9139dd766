"""Scenario files → validated engine scenarios. All or nothing: a bad file never half-loads.

``load_scenario(ref)`` takes a scenario id, an alias, or a path to a ``.toml``
file. A file may ``extends = "1957"`` another scenario and override parts of
it: tables merge key by key; lists of tables with ``id`` merge by id (an
entry with a new id is appended; ``remove = true`` drops one); other values
replace. Overrides from the command line (``--set actors.zhukov.stance=-0.3``)
use the same paths.

Scenario files are untrusted (people share them), so everything here is bounded
and refuses rather than guesses: a file is read only if it is a regular file of
at most ``MAX_BYTES`` inside the folder it came from (checked with ``os.stat``
before it is opened, so a FIFO or a device never blocks); ``extends`` and every
file path a scenario names stay inside that folder; ids are looked up only in
the scenario folders (``SCENARIO_DIRS``), never in the current directory, and two
files there may not claim the same id or alias; ``--set`` overrides are checked
against the schema before they are applied. See scenarios/README.md, section 11.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import json
import os
import re
import stat
import tomllib
import types
import typing
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from ..engine import spec
from ..engine.actions import ACTION_TYPES
from . import schema
from .errors import UNSAFE_CHARS, Problem, ScenarioError
from .schema import SPEC_OF, EventModel, Mark, ScenarioFile

MAX_BYTES = 2_000_000   # a scenario file, checked before it is read (1957.toml is about 70 kB)
MAX_DEPTH = 5           # `extends` chains: a variant of a variant of … at most this many files deep
MAX_NESTING = 32        # tables and arrays inside each other; 1957.toml needs 8
MAX_NAME = 255          # characters in one folder or file name of a path a scenario names
MAX_PATH = 4096         # characters in a whole path
MAX_FILES = 1000        # .toml files read from one scenarios folder (by `list` and id lookup)
MAX_PEOPLE = 2000       # Central Committee members generated from all blocs together
MAX_SET_CHARS = 10_000  # one --set override
MAX_SET_DEPTH = 20      # keys in a --set path, and arrays or tables nested in its value
MAX_SET_NUMBER = 100    # characters in a number written in a --set value

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"
ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
# The folders searched for scenario ids and aliases (a user scenario folder would be added here).
SCENARIO_DIRS: list[Path] = [SCENARIO_DIR]
# Fields that name a file. Scenario files are untrusted: such a path must stay
# inside the scenario's own folder or assets/ (see check_paths).
PATH_FIELDS = ("portrait", "image", "sound")
# Long text, which may hold line breaks and tabs; every other string is one line.
LONG_TEXT_FIELDS = frozenset({"text", "history", "bio", "summary", "briefing", "description", "note",
                              "how_to_win", "goal", "fates"})
ID_RE = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")


# ---------------------------------------------------------------- paths and files
def _label(path: Any) -> str:
    """A path as problems name it: at most 300 characters."""
    text = os.fspath(path) if isinstance(path, (str, os.PathLike)) else repr(path)
    text = text if isinstance(text, str) else repr(text)
    return text if len(text) <= 300 else text[:200] + "…" + text[-80:]


def _inside(path: str, folder: str) -> bool:
    """Is ``path`` ``folder`` or inside it? (both absolute and normalised)"""
    folder = folder.rstrip(os.sep) or os.sep
    return path == folder or path.startswith(folder if folder.endswith(os.sep) else folder + os.sep)


def _path_text_problem(value: str) -> str | None:
    """Why a path's text cannot be used at all (before any file system call), or None."""
    if not value.strip():
        return "must be a non-empty file path"
    if "\x00" in value:
        return "contains a NUL byte; write a plain file path"
    if UNSAFE_CHARS.search(value):
        return "contains a control character; write a plain file path"
    if len(value) > MAX_PATH:
        return f"is {len(value):,} characters long; a path may be at most {MAX_PATH:,}"
    longest = max(len(part) for part in re.split(r"[\\/]", value))
    if longest > MAX_NAME:
        return (f"has a folder or file name of {longest:,} characters; each name in a path may be "
                f"at most {MAX_NAME}")
    return None


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _root_for(path: Path) -> Path:
    """The folder a scenario file may use files from: the scenarios folder that holds it, else its own folder."""
    here = os.path.abspath(path)
    for folder in SCENARIO_DIRS:
        if _inside(here, os.path.abspath(folder)):
            return Path(os.path.abspath(folder))
    return Path(here).parent


def _refuse(path: Any, field: str, message: str, line: int | None = None) -> ScenarioError:
    return ScenarioError([Problem(_label(path), field, message, line)])


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes of a scenario file, or a ScenarioError: only a regular file of at most MAX_BYTES,
    whose real path (symlinks followed) lies inside ``root`` (default: the folder it came from)."""
    text = os.fspath(path)
    why = _path_text_problem(text)
    if why:
        raise _refuse(path, "", f"the file name {why}")
    root = root if root is not None else _root_for(Path(text))
    try:
        real, real_root = os.path.realpath(text), os.path.realpath(root)
        if not _inside(real, real_root):
            raise _refuse(path, "", f"leads to {_label(real)!r}, outside the folder {_label(root)!r}: a scenario "
                                    "may use only files inside its own folder (copy the file there instead of linking it)")
        info = os.stat(text)
    except OSError as exc:
        raise _refuse(path, "", f"cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "", f"is {_kind(info.st_mode)}, not a regular file; give a .toml file")
    if info.st_size > MAX_BYTES:
        raise _refuse(path, "", f"file is {info.st_size:,} bytes; a scenario may be at most {MAX_BYTES:,}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(text, flags)
        try:
            opened = os.fstat(fd)    # what was opened: the file checked above, not one swapped in since
            if not stat.S_ISREG(opened.st_mode):
                raise _refuse(path, "", f"is {_kind(opened.st_mode)}, not a regular file; give a .toml file")
            if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
                raise _refuse(path, "", "the file changed while it was being opened; try again")
            chunks, size = [], 0
            while size <= MAX_BYTES:
                chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _refuse(path, "", f"cannot read the file: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise _refuse(path, "", f"file is more than {MAX_BYTES:,} bytes; a scenario may be at most {MAX_BYTES:,}")
    return b"".join(chunks)


# ---------------------------------------------------------------- discovery
def scenario_files(directory: Path | None = None) -> list[Path]:
    """Every ``*.toml`` entry in a scenarios folder (default: each of SCENARIO_DIRS), recursively but
    not into linked folders, sorted, at most MAX_FILES a folder. Entries that are not regular files
    are listed too: loading one is refused with a message, so `list` shows it rather than hiding it."""
    if directory is None:
        return [p for folder in SCENARIO_DIRS for p in scenario_files(folder)]
    found: list[Path] = []
    for folder, subfolders, names in os.walk(directory):
        subfolders.sort()
        found += (Path(folder) / n for n in names if n.endswith(".toml"))
        if len(found) >= MAX_FILES:
            break
    return sorted(found)[:MAX_FILES]


@functools.lru_cache(maxsize=1024)
def _peek_cached(path: str, root: str, _version: tuple) -> tuple[str, ...]:
    try:
        data, _ = read_toml(Path(path), Path(root))
    except ScenarioError:
        return ()
    info = data.get("scenario")
    if not isinstance(info, dict):
        return ()
    aliases = info.get("aliases", [])
    names = [info.get("id")] + (aliases if isinstance(aliases, list) else [])
    return tuple(n for n in names if isinstance(n, str) and ID_RE.fullmatch(n))


def _peek_ids(path: Path, root: Path | None = None) -> list[str]:
    """The id and aliases a file claims (empty if it cannot be read), bounded like any read."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return []
    if not stat.S_ISREG(info.st_mode):
        return []
    root = root if root is not None else _root_for(path)
    return list(_peek_cached(os.fspath(path), os.fspath(root), (info.st_ino, info.st_size, info.st_mtime_ns)))


def _claims(folder: Path) -> dict[str, list[tuple[Path, str]]]:
    """Each id and alias claimed in a scenarios folder → the files claiming it, and as 'id' or 'alias'."""
    table: dict[str, list[tuple[Path, str]]] = {}
    for path in scenario_files(folder):
        names = _peek_ids(path, folder)
        for i, name in enumerate(dict.fromkeys(names)):
            table.setdefault(name, []).append((path, "id" if i == 0 and names[0] == name else "alias"))
    return table


def _duplicate_problems(path: Path, folders: list[Path], text: str = "") -> list[Problem]:
    """Problems if another file in a scenarios folder holding ``path`` claims one of its ids or aliases."""
    here = os.path.abspath(path)
    problems: list[Problem] = []
    for folder in folders:
        if not _inside(here, os.path.abspath(folder)):
            continue
        for name, claims in _claims(folder).items():
            mine = [what for p, what in claims if os.path.abspath(p) == here]
            others = [(p, what) for p, what in claims if os.path.abspath(p) != here]
            if mine and others:
                field = "scenario.id" if mine[0] == "id" else "scenario.aliases"
                problems.append(Problem(
                    _label(path), field,
                    f"{mine[0]} {name!r} is also {'the id' if others[0][1] == 'id' else 'an alias'} of "
                    f"{_label(others[0][0])}: every scenario "
                    "file needs its own id and aliases; rename one of them", _find_line(text, tuple(field.split(".")))))
    return list(dict.fromkeys(problems))


def _find_by_id(name: str) -> Path:
    """The one file in the scenario folders whose id or alias is ``name`` (never a path)."""
    if not ID_RE.fullmatch(name):
        raise _refuse(name, "", "not a scenario id (ids are lower-case letters, digits and _) and not a path to a "
                                "file ending in .toml; see `python main.py list`")
    claims = [c for folder in SCENARIO_DIRS for c in _claims(folder).get(name, [])]
    files = list(dict.fromkeys(p for p, _ in claims))
    if not files:
        known = sorted({n for folder in SCENARIO_DIRS for n, cs in _claims(folder).items()
                        if any(what == "id" for _, what in cs)})
        raise _refuse(name, "", f"no scenario with this id or alias; known: {_known(known)}")
    if len(files) > 1:
        raise ScenarioError([Problem(_label(p), "scenario.id" if what == "id" else "scenario.aliases",
                                     f"{name!r} is claimed by {len(files)} files ({', '.join(map(_label, files))}): "
                                     "every scenario file needs its own id and aliases; rename one of them")
                             for p, what in claims])
    return files[0]


def find_scenario(ref: str | Path) -> Path:
    """Resolve a scenario id, alias or path to a file path (ids only in the scenario folders)."""
    if not isinstance(ref, (str, os.PathLike)) or not isinstance(os.fspath(ref), str):
        raise _refuse(ref, "", "give a scenario id or a path to a .toml file")
    text = os.fspath(ref)
    why = _path_text_problem(text)
    if why:
        raise _refuse(ref, "", f"not a scenario id or file path: it {why}")
    path = Path(text)
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if path.suffix == ".toml" or info is not None:
        if info is None:
            raise _refuse(path, "", "no such scenario file; give a path to a .toml file or a scenario id "
                                    "(see `python main.py list`)")
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, "", f"is {_kind(info.st_mode)}, not a regular file; give a .toml file or a scenario id")
        return path
    return _find_by_id(text)


# ---------------------------------------------------------------- reading
def read_toml(path: Path, root: Path | None = None) -> tuple[dict, str]:
    """Parse one TOML file, bounded in size and nesting; returns (data, text)."""
    name = _label(path)
    raw = read_bytes(path, root)
    try:
        text = raw.decode("utf-8-sig")     # a byte-order mark first (Windows Notepad writes one) is not the text's
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(name, "", "the file is not UTF-8 text; save it as UTF-8", line)]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise ScenarioError([Problem(name, "", f"not valid TOML: {exc}", line)]) from None
    except RecursionError:
        raise ScenarioError([Problem(name, "", f"arrays or tables are nested too deeply "
                                     f"(a scenario needs at most {MAX_NESTING} levels)")]) from None
    except ValueError as exc:   # tomllib lets int() errors through: a number with thousands of digits
        raise ScenarioError([Problem(name, "", f"not valid TOML: a number is too long ({str(exc).split(';')[0]})")]) from None
    if _nesting_depth(data) > MAX_NESTING:
        raise ScenarioError([Problem(name, "", f"arrays or tables are nested too deeply "
                                     f"(a scenario needs at most {MAX_NESTING} levels)")])
    return data, text


def _nesting_depth(data: Any) -> int:
    """How deeply tables and arrays nest in parsed data (iterative: no recursion to exhaust)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            if depth <= MAX_NESTING:
                stack.extend((v, depth + 1) for v in (node.values() if isinstance(node, dict) else node))
    return deepest


def _id_key(item: dict) -> Any:
    """A dict key for an entry's id (an id that is not a plain value matches nothing)."""
    value = item["id"]
    return (type(value).__name__, value) if isinstance(value, (str, int, float, bool)) else object()


def merge(base: Any, over: Any) -> Any:
    """Merge ``over`` onto ``base`` (see the module docstring), in time linear in their sizes:
    entries of id lists are found through an index, not by scanning the list for each one."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    if (isinstance(base, list) and isinstance(over, list) and all(isinstance(x, dict) and "id" in x for x in base)
            and all(isinstance(x, dict) and "id" in x for x in over)):
        out = list(base)
        where: dict[Any, int] = {}
        for i, x in enumerate(out):
            where.setdefault(_id_key(x), i)
        dropped: set[int] = set()
        for item in over:
            key = _id_key(item)
            at = where.get(key)
            if item.get("remove") is True:
                if at is not None:
                    dropped.add(at)
                    del where[key]
            elif at is None:
                where[key] = len(out)
                out.append(item)
            else:
                out[at] = merge(out[at], item)
        return [x for i, x in enumerate(out) if i not in dropped] if dropped else out
    return over


def _extends_target(path: Path, root: Path, parent: Any, text: str) -> tuple[Path, Path]:
    """The file named by ``extends`` in ``path`` and the folder it may use: a path ending in .toml,
    relative to ``path`` and inside ``root``; anything else is an id, looked up in the scenario folders."""
    line = _find_line(text, ("extends",))

    def refuse(message: str) -> ScenarioError:
        return _refuse(path, "extends", message, line)

    if not isinstance(parent, str):
        raise refuse("must be a scenario id or a path ending in .toml (a string)")
    if not parent.endswith(".toml"):
        try:
            found = _find_by_id(parent)
        except ScenarioError as exc:   # name the file that says `extends`, not the missing id
            raise ScenarioError([Problem(_label(path), "extends", f"{_label(parent)!r}: {p.message}", line)
                                 for p in exc.problems]) from None
        return found, _root_for(found)
    why = _path_text_problem(parent)
    if why:
        raise refuse(f"the path {why}")
    if "://" in parent or parent.startswith("file:"):
        raise refuse(f"must be a file path relative to this file's folder, not a URL (got {parent!r})")
    unified = parent.replace("\\", "/")
    if PurePosixPath(unified).is_absolute() or PureWindowsPath(parent).anchor:
        raise refuse(f"must be relative to this file's folder (e.g. \"1957.toml\"), not an absolute path, or "
                     f"name a scenario by its id (got {parent!r})")
    target = path.parent / unified
    if not _inside(os.path.normpath(os.path.abspath(target)), os.path.abspath(root)):
        raise refuse(f"leaves the scenarios folder {_label(root)!r}: a variant may extend only files inside it, "
                     f"or a scenario by its id (remove the '..' that climbs out; got {parent!r})")
    if not _inside(os.path.realpath(target), os.path.realpath(root)):
        raise refuse(f"is a link that leads outside the scenarios folder {_label(root)!r} (got {parent!r}); "
                     "copy the file there, or name a scenario by its id")
    try:
        info = os.stat(target)
    except OSError as exc:
        raise refuse(f"{parent!r}: cannot read it: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise refuse(f"{parent!r} is {_kind(info.st_mode)}, not a regular file")
    return target, root


def _load_chain(path: Path, root: Path | None = None) -> tuple[dict, list[Path], str]:
    """Read a file and the files it extends (at most MAX_DEPTH, no loops) and merge them, base first.
    Returns (data, files from the base up, the text of ``path``)."""
    root = root if root is not None else _root_for(path)
    chain: list[tuple[Path, dict]] = []
    seen: list[str] = []
    current, text = path, ""
    while True:
        data, current_text = read_toml(current, root)
        text = text or current_text
        chain.append((current, data))
        seen.append(os.path.realpath(current))
        parent = data.pop("extends", None)
        if parent is None:
            break
        if len(chain) >= MAX_DEPTH:
            names = " → ".join(p.name for p, _ in chain)
            raise _refuse(current, "extends", f"variants extend each other too deeply ({names} → …): at most "
                                              f"{MAX_DEPTH} files in a chain; make one of them a whole scenario",
                          _find_line(current_text, ("extends",)))
        target, root = _extends_target(current, root, parent, current_text)
        if os.path.realpath(target) in seen:
            names = " → ".join([p.name for p, _ in chain] + [target.name])
            raise _refuse(current, "extends", f"scenarios extend each other in a loop ({names}); remove the "
                                              "`extends` that closes it", _find_line(current_text, ("extends",)))
        current = target
    merged = chain[-1][1]
    for _, over in reversed(chain[:-1]):
        info, base_info = over.get("scenario"), merged.get("scenario")
        if isinstance(info, dict) and "aliases" not in info and isinstance(base_info, dict):
            merged = {**merged, "scenario": {k: v for k, v in base_info.items() if k != "aliases"}}
        merged = merge(merged, over)
    return merged, [p for p, _ in reversed(chain)], text


def _load_raw(path: Path, root: Path | None = None) -> tuple[dict, list[Path]]:
    """A file merged onto what it extends, as plain data, and the files read (base first)."""
    data, files, _ = _load_chain(path, root)
    return data, files


# ---------------------------------------------------------------- --set overrides
def _bracket_depth(value: str) -> int:
    """How deeply arrays and inline tables nest in a TOML value, without parsing it."""
    depth = deepest = 0
    quote, i = "", 0
    while i < len(value):
        c = value[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
        elif c == "#":
            break
        i += 1
    return deepest


def parse_override(text: str) -> tuple[list[str], Any]:
    """``actors.zhukov.stance=-0.3`` → (["actors", "zhukov", "stance"], -0.3). Values are TOML
    (text that is not TOML is taken as a string); every override is bounded before it is parsed."""
    if not isinstance(text, str):
        raise _refuse("--set", repr(text)[:80], "an override is text: path=value, e.g. actors.zhukov.stance=-0.3")
    label = text if len(text) <= 120 else text[:100] + "…"

    def refuse(message: str) -> ScenarioError:
        return ScenarioError([Problem("--set", label, message)])

    if len(text) > MAX_SET_CHARS:
        raise refuse(f"is {len(text):,} characters long; an override may be at most {MAX_SET_CHARS:,}")
    bad = UNSAFE_CHARS.search(text)
    if bad:
        raise refuse(f"contains a newline, a control character or a bidi control ({bad.group()!r}); write the "
                     "override on one line, in plain text")
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise refuse("write an override as path=value, e.g. actors.zhukov.stance=-0.3")
    keys = path.strip().split(".")
    if len(keys) > MAX_SET_DEPTH:
        raise refuse(f"the path has {len(keys)} parts; at most {MAX_SET_DEPTH}")
    for key in keys:
        if not re.fullmatch(r"[A-Za-z0-9_]{1,64}", key):
            raise refuse(f"{key!r} is not a field name or an id: each part of the path is letters, digits or _ "
                         "(e.g. actors.zhukov.stance)")
    value = value.strip()
    long_number = re.search(r"[0-9][0-9_.eE+-]{%d,}" % MAX_SET_NUMBER, value)
    if long_number:
        raise refuse(f"a number of {len(long_number.group()):,} characters; a number may be at most {MAX_SET_NUMBER}")
    if _bracket_depth(value) > MAX_SET_DEPTH:
        raise refuse(f"the value nests arrays or tables more than {MAX_SET_DEPTH} deep")
    try:
        parsed = tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value
    except (ValueError, RecursionError, MemoryError):
        raise refuse("the value is not a TOML value this game can read") from None
    if _nesting_depth(parsed) > MAX_SET_DEPTH:
        raise refuse(f"the value nests arrays or tables more than {MAX_SET_DEPTH} deep")
    return keys, parsed


def _unwrap(tp: Any) -> Any:
    """The type a field holds: without Annotated, and without None in a union."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _default_table(field: Any) -> dict:
    """What a table the file leaves out holds, as far as its fields' own defaults do not say it: a bloc's
    ``caution`` is ``{ mean = 0.6, sd = 0.15 }``, though a table of one ``mean`` has ``sd = 0``."""
    default, fields = field.default, type(field.default).model_fields if _is_model(type(field.default)) else {}
    dumped = default.model_dump() if fields else {}
    return {(f.alias or n): dumped[n] for n, f in fields.items() if f.is_required() or f.default != dumped[n]}


def _override_shape(keys: list[str], label: str) -> list[tuple[str, dict]]:
    """Check an override's path against the schema; for each key, what it leads to
    ('model', 'list', 'dict' or 'value') and what a table made for it starts as (its default's values).
    Refuses unknown keys and keys that may not be overridden."""
    def refuse(message: str) -> ScenarioError:
        return ScenarioError([Problem("--set", label, message)])

    if keys[0] == "extends":
        raise refuse("'extends' cannot be overridden: --set changes values of the scenario you load, not which "
                     "scenario it starts from (load the other scenario, or write a variant file)")
    if keys in (["id"], ["scenario", "id"]):
        raise refuse("the scenario's id cannot be overridden: an overridden scenario keeps its id (its hash "
                     "changes); write a variant file to make a new scenario")
    if keys == ["scenario"]:
        raise refuse("set one field of [scenario] (e.g. scenario.title=...), not the whole table")
    node: Any = ScenarioFile
    shape: list[tuple[str, dict]] = []
    for i, key in enumerate(keys):
        start: dict = {}
        here = ".".join(keys[:i]) or "the top level"
        if _is_model(node):
            fields = {(f.alias or n): f for n, f in node.model_fields.items()}
            if key not in fields:
                names = sorted(fields)
                close = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
                hint = f"did you mean {' or '.join(map(repr, close))}?" if close else f"known keys: {', '.join(names)}"
                raise refuse(f"unknown key {key!r} in {here}; {hint}")
            node = _unwrap(fields[key].annotation)
            start = _default_table(fields[key])
        elif typing.get_origin(node) is list:
            item = _unwrap(typing.get_args(node)[0])
            if not (_is_model(item) and "id" in item.model_fields):
                raise refuse(f"{here} is a list without ids; set it whole ({here}=[...])")
            node = item                      # the key is an entry's id; apply_override finds it
        elif typing.get_origin(node) is dict:
            node = _unwrap(typing.get_args(node)[1])
        else:
            raise refuse(f"{here} is a single value, not a table; end the path there ({here}=...)")
        origin = typing.get_origin(node)
        shape.append(("model" if _is_model(node) else "list" if origin is list else "dict" if origin is dict
                      else "value", start))
    return shape


def apply_override(data: dict, keys: list[str], value: Any, label: str) -> tuple:
    """Set ``keys`` to ``value`` in the merged data; returns where (a field location, with list indices): the
    first table it had to create, if any (a field missing beside the one set is then the override's to fix)."""
    shape = _override_shape(keys, label)
    node: Any = data
    loc: list = []
    created: tuple | None = None
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        here = ".".join(keys[:i])
        if isinstance(node, list):
            at = next((j for j, x in enumerate(node) if isinstance(x, dict) and x.get("id") == key), None)
            if at is None:
                ids = [x["id"] for x in node if isinstance(x, dict) and isinstance(x.get("id"), str)]
                raise ScenarioError([Problem("--set", label, f"no entry with id {key!r} in {here}; ids: {_known(ids)}")])
            if last:
                raise ScenarioError([Problem("--set", label, "name a field of the entry, not the entry")])
            node = node[at]
            loc.append(at)
        elif isinstance(node, dict):
            loc.append(key)
            if last:
                node[key] = value
                return created or tuple(loc)
            if key not in node:
                node[key] = [] if shape[i][0] == "list" else dict(shape[i][1])
                created = created or tuple(loc)
            node = node[key]
        else:
            raise ScenarioError([Problem("--set", label, f"{here} is a value, not a table")])
    return tuple(loc)


def _known(names: list[str] | set[str], limit: int = 30) -> str:
    names = sorted(names)
    if not names:
        return "(none)"
    return ", ".join(names[:limit]) + (f", … ({len(names) - limit} more)" if len(names) > limit else "")


# ---------------------------------------------------------------- errors
def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@functools.lru_cache(maxsize=4)
def _lines(text: str) -> tuple[str, ...]:
    """The lines of a file's text, split once however many problems it has (a 2 MB file may have thousands)."""
    return tuple(text.splitlines())


@functools.lru_cache(maxsize=64)
def _header_lines(text: str, header: str) -> tuple[int, ...]:
    return tuple(i for i, ln in enumerate(_lines(text)) if ln.strip() == header)


@functools.lru_cache(maxsize=64)
def _entry_headers(text: str, section: str) -> dict[str, int]:
    """Each id written in ``text`` -> which ``[[section]]`` header opens its entry (in a variant, the merged
    list's n-th entry is rarely the file's n-th header)."""
    lines, out = _lines(text), {}
    for n, start in enumerate(_header_lines(text, f"[[{section}]]")):
        for line in lines[start + 1:]:
            if line.lstrip().startswith("["):
                break
            found = re.match(r"\s*id\s*=\s*[\"'](.*?)[\"']", line)
            if found:
                out.setdefault(found.group(1), n)
                break
    return out


def _find_line(text: str, loc: tuple, data: Any = None) -> int | None:
    """Best-effort line of a field: the ``[[table]]`` header of its entry (by the entry's id in the merged
    ``data``, else by position), then the key."""
    if not text:
        return None
    lines = _lines(text)
    start = 0
    if len(loc) == 1 and isinstance(loc[0], str) and not _header_lines(text, f"[{loc[0]}]") \
            and not _header_lines(text, f"[[{loc[0]}]]"):         # a top-level key: extends = …
        for i, line in enumerate(lines):
            if line.lstrip().startswith("["):
                break
            if re.match(rf"\s*{re.escape(loc[0])}\s*=", line):
                return i + 1
    if loc and isinstance(loc[0], str):
        section = loc[0]
        if len(loc) > 2 and isinstance(loc[1], str) and isinstance(loc[2], int) \
                and _header_lines(text, f"[[{section}.{loc[1]}]]"):     # [[historical.steps]]
            section, loc = f"{section}.{loc[1]}", (f"{section}.{loc[1]}",) + loc[2:]
        if len(loc) > 1 and isinstance(loc[1], int):
            headers = _header_lines(text, f"[[{section}]]")
            entries = data.get(section) if isinstance(data, dict) else None
            entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
            at = loc[1]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                at = _entry_headers(text, section).get(entry["id"])
            if at is not None and at < len(headers):
                start = headers[at]
                rest = [p for p in loc[2:] if isinstance(p, str)]
            else:
                return None
        else:
            hits = _header_lines(text, f"[{section}]")
            start = hits[0] if hits else 0
            rest = [p for p in loc[1:] if isinstance(p, str)]
        key = rest[0] if rest else None
        if key is None:
            return start + 1
        for i in range(start, len(lines)):
            if i > start and lines[i].lstrip().startswith("[") and not lines[i].lstrip().startswith(f"[{section}."):
                break
            if re.match(rf"\s*{re.escape(key)}\s*=", lines[i]):
                return i + 1
        return start + 1
    return None


_HINTS = {
    "extra_forbidden": "remove it, or check its spelling against scenarios/README.md",
    "missing": "add this field",
    "list_type": "write a list in brackets, e.g. [{ message = \"…\" }] for effects",
}


# What a string pattern of the format asks for, in words (pydantic would quote the regular expression).
_PATTERN_WORDS = {
    schema.ID_PATTERN: "an id is lower-case ASCII letters a-z, digits and underscores, starting with a letter "
                       "or digit (no accents, no Cyrillic: write those in a name)",
    schema.ID_PATTERN.replace("_", "_:"): "a key here is an id (lower-case ASCII letters a-z, digits, "
                                          "underscores) or an engine outcome such as force:SIDE",
    schema.SELECTOR_PATTERN: "a membership selector is presidium, presidium:full, presidium:candidate, cc, "
                             "cc:full, cc:candidate, secretariat or all, or several joined with +",
    schema.DATE_PATTERN: "a date is written YYYY-MM-DD, e.g. \"1957-06-18\"",
}


def _shown_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 100 else text[:80] + "…" + text[-10:]


def _problems_from(exc: ValidationError, name: str, text: str, data: Any = None) -> list[tuple[tuple, Problem]]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        msg = err["msg"]
        if err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") in _PATTERN_WORDS:
            msg = _PATTERN_WORDS[err["ctx"]["pattern"]]
        if loc and loc[-1] == "[key]":           # a key of a table that takes only some keys
            loc = loc[:-1]
            msg = f"not a key this table takes: {msg} (got {_shown_value(loc[-1])})"
        elif err["type"] == "value_error":      # our own validators: the message says it all
            msg = msg.removeprefix("Value error, ")
        elif err["type"] == "extra_forbidden" and loc[:1] == ("events",) and loc[2:3] == ("choices",) \
                and loc[-1] in EventModel.model_fields:
            msg = (f"{loc[-1]!r} is a key of the event, but TOML gives every key written after [[events.choices]] "
                   "to that choice: move it above the event's first [[events.choices]]")
        elif err["type"] in _HINTS:
            msg = f"{msg}: {_HINTS[err['type']]}"
        elif "input" in err and not isinstance(err["input"], (dict, list)):
            msg = f"{msg} (got {_shown_value(err['input'])})"
        out.append((loc, Problem(name, _field_path(loc), msg, _find_line(text, loc, data))))
    return out


def _text_problems(data: dict, name: str, text: str) -> list[tuple[tuple, Problem]]:
    """Every string and key is shown to players, never obeyed: refuse control characters (line breaks
    and tabs are allowed in long text) and the bidi controls that reorder what surrounds them."""
    out = []
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, dict):
            for k, v in reversed(list(node.items())):
                if isinstance(k, str) and UNSAFE_CHARS.search(k):
                    out.append((loc + (k,), "a key " + _what_unsafe(k, "")))
                stack.append((loc + (k,), v))
        elif isinstance(node, list):
            stack.extend((loc + (i,), v) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, str) and UNSAFE_CHARS.search(node):
            words = [p for p in loc if isinstance(p, str)]
            allowed = "\n\t" if set(words[-2:]) & LONG_TEXT_FIELDS else ""
            why = _what_unsafe(node, allowed)
            if why:
                out.append((loc, why))
    return [(loc, Problem(name, _field_path(loc), why, _find_line(text, loc, data))) for loc, why in out]


def _what_unsafe(value: str, allowed: str) -> str:
    found = sorted({c for c in UNSAFE_CHARS.findall(value) if c not in allowed})
    if not found:
        return ""
    if "\x1b" in found:
        what = "an escape character (ESC, as in ANSI terminal codes)"
    elif any(c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c" for c in found):
        what = "a Unicode bidi control (it reorders the text around it)"
    elif any(c in "\n\r\u2028\u2029" for c in found):
        what = ("a line break (allowed only in long text: " + ", ".join(sorted(LONG_TEXT_FIELDS)) + ")"
                if not allowed else "a carriage return or a Unicode line separator")
    elif "\t" in found and not allowed:
        what = "a tab (allowed only in long text)"
    else:
        what = "a control character"
    codes = ", ".join(f"U+{ord(c):04X}" for c in found[:5])
    return f"contains {what} ({codes}): text is shown to players, never obeyed; remove it"


# ---------------------------------------------------------------- cross-references
def _marked(value: Any, tp: Any, loc: tuple) -> Iterator[tuple[tuple, Mark, str]]:
    """(where, mark, text) for each string of validated data whose type carries a schema.Mark."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        mark = next((m for m in args[1:] if isinstance(m, Mark)), None)
        if mark is None:
            yield from _marked(value, args[0], loc)
        elif isinstance(value, str):
            yield loc, mark, value
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from _marked(value, arg, loc)
    elif origin is list and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _marked(item, args[0], loc + (i,))
    elif origin is dict and isinstance(value, dict):
        for key, item in value.items():
            yield from _marked(key, args[0], loc + (key,))
            yield from _marked(item, args[1], loc + (key,))
    elif _is_model(tp) and isinstance(value, tp):
        for name, fi in type(value).model_fields.items():
            field_type = typing.Annotated[(fi.annotation, *fi.metadata)] if fi.metadata else fi.annotation
            yield from _marked(getattr(value, name), field_type, loc + (fi.alias or name,))


def _cross_check(f: ScenarioFile, name: str, text: str, data: Any = None) -> list[Problem]:
    problems: list[Problem] = []

    def bad(loc: tuple, msg: str) -> None:
        problems.append(Problem(name, _field_path(loc), msg, _find_line(text, loc, data)))

    def ids(section: str, items, where: tuple | None = None) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                bad((*(where or (section,)), i, "id"), f"duplicate id {item.id!r}: every {section[:-1]} needs its "
                                                       "own id")
            seen.add(item.id)
        return seen

    actors, blocs = ids("actors", f.actors), ids("blocs", f.blocs)
    sides, bodies = ids("sides", f.sides), ids("bodies", f.bodies)
    motions, events = ids("motions", f.motions), ids("events", f.events)
    insts, posts = ids("institutions", f.institutions), ids("posts", f.posts)
    outcomes = ids("outcomes", f.outcomes)
    compromises = ids("compromises", f.compromises)
    overlap = actors & blocs
    for o in sorted(overlap):
        bad(("blocs",), f"{o!r} is both an actor and a bloc id; rename one")

    def ref(loc: tuple, value: str | None, known: set[str], what: str) -> None:
        if value is not None and value not in known:
            bad(loc, f"unknown {what} {value!r}; known: {_known(known)}")

    # Every id that names a record and every date, found by its type (schema.Mark): a new field typed
    # Ref["..."] or Date in game/engine/spec.py is checked here without new code.
    found = list(_marked(f, ScenarioFile, ()))
    flags = set(f.scenario.flags) | {value for _, mark, value in found if mark.defines}
    # A fate is looked up by outcome id (the engine's own are force:SIDE, force_failed:SIDE, compromise:ID),
    # by the part before ':', by the winning side, or 'default' (game.py, _epilogue).
    made = {f"{kind}:{s}" for kind in ("force", "force_failed") for s in sides} | {f"compromise:{c}" for c in compromises}
    fates = sides | outcomes | made | {m.split(":")[0] for m in made} | {"default"}
    known = {"actor": actors, "bloc": blocs, "side": sides, "body": bodies, "institution": insts, "motion": motions,
             "event": events, "outcome": outcomes, "post": posts, "compromise": compromises,
             "power": set(spec.POWER_BASES) | set(f.rules.power_values)}
    days = sorted(d.date for d in f.calendar)
    for loc, mark, value in found:
        if mark.defines:
            continue
        if mark.kind == "date":
            if not days[0] <= value <= days[-1]:
                bad(loc, f"{value!r} is outside the calendar, which runs from {days[0]} to {days[-1]}: "
                         "name a day of the scenario")
        elif mark.kind == "flag":
            if value not in flags:
                bad(loc, f"flag {value!r} is never set: set it in [scenario] flags or with a {{ flag = \"{value}\" }} "
                         f"effect; flags set: {_known(flags)}")
        elif mark.kind == "fate":
            if value not in fates:
                bad(loc, f"fate key {value!r} is not a side id, an outcome id, force, force_failed or compromise "
                         f"(alone or :SIDE / :COMPROMISE), or 'default'; known: {_known(fates)}")
        else:
            ref(loc, value, known[mark.kind], mark.kind)
    if len(f.sides) == 2 and f.sides[0].leader == f.sides[1].leader:
        bad(("sides", 1, "leader"), f"{f.sides[1].leader!r} already leads {f.sides[0].id!r}: each side needs a "
                                    "leader of its own (the other side's leader is the one force arrests)")
    for i, a in enumerate(f.actors):
        if a.patron == a.id:
            bad(("actors", i, "patron"), "an actor cannot be his own patron")
        if a.returning and a.days_away >= len(f.calendar):   # he travels a day each turn (batch._travel)
            bad(("actors", i, "days_away"), f"on his way back from {a.days_away} days away, he would arrive after "
                                            f"the calendar's last day (day {len(f.calendar)}): bring him closer, "
                                            "or set returning = false if he stays away until summoned")
    for low in (name for name in type(f.model).model_fields if name.endswith("_min")):
        high = low[:-4] + "_max"
        if getattr(f.model, low) > getattr(f.model, high):
            bad(("model", low), f"{low} = {getattr(f.model, low):g} is above {high} = {getattr(f.model, high):g}: "
                                "a lowest chance cannot exceed the highest")
    people = sum(b.full + b.candidate for b in f.blocs)
    if people > MAX_PEOPLE:
        bad(("blocs",), f"the blocs hold {people:,} members in all; a scenario may generate at most {MAX_PEOPLE:,} "
                        "(the whole 1957 Central Committee was 255): lower their 'full' and 'candidate'")
    for i, bl in enumerate(f.blocs):
        if bl.travel_days == 0 and bl.in_moscow < 1:
            bad(("blocs", i, "travel_days"), f"a member away is travel_days from the capital, so with 0 every member "
                                             f"of {bl.id!r} is there from the start and in_moscow = {bl.in_moscow:g} "
                                             "means nothing: give the members away travel_days of 1 or more, or write "
                                             "in_moscow = 1")
    for i, d in enumerate(f.calendar):
        if i and d.date <= f.calendar[i - 1].date:
            bad(("calendar", i, "date"), "calendar dates must increase day by day")
    if days[0][:4] != str(f.scenario.year):
        bad(("scenario", "year"), f"the scenario's year is {f.scenario.year}, but its calendar starts on {days[0]}: "
                                  "correct one of them")
    for i, e in enumerate(f.events):
        if e.choices and not e.chooser:
            bad(("events", i, "chooser"), "an event with choices needs a 'chooser' side")
        ids("choices", e.choices, ("events", i, "choices"))
    effects = [e for ev in f.events for e in [*ev.effects, *(e for c in ev.choices for e in c.effects)]]
    effects += [e for m in f.motions for e in [*m.on_pass, *m.on_fail, *m.on_tie]]
    chaired = {e.chair.body for e in effects if e.chair}
    for i, b in enumerate(f.bodies):
        if b.tie == "chair" and b.chair is None and b.id not in chaired:
            bad(("bodies", i, "tie"), "tie = \"chair\" lets the chair's ballot decide a tie, but this body has no "
                                      "chair: add chair = \"ACTOR_ID\", or choose tie = \"fails\" or \"passes\"")
        if b.demand_motion and b.demand_motion in motions:
            m = next(m for m in f.motions if m.id == b.demand_motion)
            if b.demand_signatures <= 0:
                bad(("bodies", i, "demand_motion"), "a demand_motion is tabled only once a demand has enough "
                                                    "signatures, but demand_signatures is 0: set it above 0")
            if m.body == b.id:
                bad(("bodies", i, "demand_motion"), f"motion {m.id!r} is voted by {b.id!r} itself, which cannot sit "
                                                    "before it is convened: put the motion in a body that sits")
            elif not any(e.convene == b.id for e in effects):
                bad(("bodies", i, "demand_motion"), f"nothing convenes {b.id!r} once {m.id!r} passes (a demand with "
                                                    f"a demand_motion does not convene by itself): add "
                                                    f"{{ convene = \"{b.id}\" }} to the motion's on_pass")
    problems += _sitting_problems(f, effects, name, text, data)
    if not any(o.at_end and o.when is None and not o.by_event for o in f.outcomes):
        bad(("outcomes",), "add a fallback outcome with at_end = true and no 'when', for when the calendar runs out")
    for ev, choice in f.historical.choices.items():
        if ev in events:
            options = {c.id for c in next(e for e in f.events if e.id == ev).choices}
            ref(("historical", "choices", ev), choice, options, "choice")

    options = {c.id for e in f.events for c in e.choices} | {"accept", "reject"}
    targets = {"motion": (motions, "motion"), "body": (bodies, "body"), "bloc": (blocs, "bloc"),
               "institution": (insts, "institution"), "post": (posts, "post"),
               "compromise": (compromises, "compromise"), "option": (options, "choice"), "target": (actors, "actor")}
    for i, step in enumerate(f.historical.steps):
        loc = ("historical", "steps", i, "action")
        kind = step.action.get("kind")
        if kind is None:
            bad(loc, f"add the action's kind, e.g. kind = \"call_vote\"; known: {_known(ACTION_TYPES)}")
            continue
        if kind not in ACTION_TYPES:
            bad(loc + ("kind",), f"unknown action kind {kind!r}; known: {_known(ACTION_TYPES)}")
            continue
        names = [fl.name for fl in dataclasses.fields(ACTION_TYPES[kind]) if fl.name not in ("side", "cost", "label")]
        for key in step.action:
            if key != "kind" and key not in names:
                bad(loc + (key,), f"a {kind!r} action takes {', '.join(names) or 'no target'}; remove {key!r}")
        for key in names:
            value = step.action.get(key)
            if value is None:
                bad(loc, f"a {kind!r} action needs {key!r}: add {key} = \"...\" (see scenarios/README.md, section 9)")
            elif key in targets:
                known_ids, what = targets[key]
                if kind == "intelligence" and key == "target":
                    known_ids, what = actors | blocs, "actor or bloc"
                ref(loc + (key,), value, known_ids, what)
    return problems


def _members_at_start(f: ScenarioFile) -> types.SimpleNamespace:
    """Who holds which membership when the game starts (named actors, then every bloc member), for
    ``population.membership_mask``: the levels do not depend on the seed."""
    from ..engine.population import LEVEL
    blocs = [(LEVEL["full"],) * b.full + (LEVEL["candidate"],) * b.candidate for b in f.blocs]
    cc = [LEVEL[a.cc] for a in f.actors] + [level for levels in blocs for level in levels]
    extra = len(cc) - len(f.actors)
    return types.SimpleNamespace(presidium=_array([LEVEL[a.presidium] for a in f.actors] + [0] * extra),
                                 cc=_array(cc), secretariat=_array([a.secretariat for a in f.actors] + [0] * extra,
                                                                   bool))


def _array(values: list, dtype: type = int):
    import numpy as np
    return np.asarray(values, dtype=dtype)


def _sitting_problems(f: ScenarioFile, effects: list, name: str, text: str, data: Any) -> list[Problem]:
    """Bodies that could never vote: one that no effect and no demand convenes, and one whose voters
    select no one (a vote there would be 0-0) while no effect gives anyone that membership."""
    from ..engine.population import membership_mask
    problems: list[Problem] = []
    people = _members_at_start(f)
    joins = {e.membership.body for e in effects if e.membership and e.membership.level != "none"}
    joins |= {"secretariat" for e in effects if e.secretariat and e.secretariat.member}
    for i, b in enumerate(f.bodies):
        if not b.convened and b.demand_signatures <= 0 and not any(e.convene == b.id for e in effects):
            problems.append(Problem(name, _field_path(("bodies", i, "convened")), (
                f"{b.id!r} does not sit at first (convened = false) and nothing convenes it, so it never sits and "
                f"its motions are never voted: add {{ convene = \"{b.id}\" }} to an effect, set demand_signatures, "
                "or leave convened out"), _find_line(text, ("bodies", i, "convened"), data)))
        parts = {part.strip().partition(":")[0] for part in b.voters.split("+")}
        if not membership_mask(people, b.voters).any() and not parts & joins:
            problems.append(Problem(name, _field_path(("bodies", i, "voters")), (
                f"voters = {b.voters!r} selects no one: no actor holds that membership, no bloc generates it and "
                "no membership effect grants it, so every vote there would be 0-0: give the actors that "
                "membership (presidium, cc, secretariat), or choose other voters"),
                _find_line(text, ("bodies", i, "voters"), data)))
    signers = int(membership_mask(people, "cc").sum())
    for i, b in enumerate(f.bodies):
        if b.demand_signatures > signers and "cc" not in joins:
            problems.append(Problem(name, _field_path(("bodies", i, "demand_signatures")), (
                f"a demand needs {b.demand_signatures} signatures, but only members of the Central Committee sign "
                f"(cc = \"full\" or \"candidate\", or a bloc's members) and the scenario has {signers}: lower it, "
                "or give more people cc membership"), _find_line(text, ("bodies", i, "demand_signatures"), data)))
    return problems


def _never_why(scenario: spec.Scenario, action) -> str:
    """Why a side's action space leaves ``action`` out, for the common cases ("" otherwise)."""
    if action.kind == "call_vote":
        proposers = ", ".join(map(repr, scenario.motion(action.motion).proposers))
        return f"motion {action.motion!r} may be called only by its proposers, {proposers}"
    if action.kind == "compromise":
        return "only " + next(repr(c.by) for c in scenario.compromises if c.id == action.compromise) + " may offer it"
    if action.kind == "promise":
        return (f"a post is promised only to a man with a Presidium seat and ambition of at least "
                f"{scenario.model.promise_ambition:g}, never to its holder nor by the side of the leader who holds it")
    return {"lobby": "a side's leader cannot be lobbied", "signatures": "the body has no demand_signatures"}.get(
        action.kind, "")


def step_problems(scenario: spec.Scenario, name: str, text: str, data: Any = None) -> list[Problem]:
    """Historical steps that the side can never take, in any game: an action its side's action space
    does not hold (a motion it is not among the proposers of, another side's compromise, a leader
    lobbied, a post promised to its holder ...). The historical policy would skip such a step silently."""
    from ..engine.actions import ActionSpace, InvalidActionError, action_from_json
    problems: list[Problem] = []
    spaces = {sd.id: ActionSpace(scenario, k) for k, sd in enumerate(scenario.sides)}
    for i, step in enumerate(scenario.historical):
        try:
            action = action_from_json({**step.action, "side": step.side})
        except InvalidActionError:         # reported by the cross-check already
            continue
        if action in spaces[step.side].index:
            continue
        loc = ("historical", "steps", i, "action")
        why = _never_why(scenario, action)
        problems.append(Problem(name, _field_path(loc), (
            f"side {step.side!r} can never take this action, so the historical policy would skip it in every game"
            + (f": {why}" if why else "") + "; correct the step or the scenario"), _find_line(text, loc, data)))
    return problems


# ---------------------------------------------------------------- file paths
def _path_problem(value: str, folders: list[Path]) -> str | None:
    """Why a file path from a scenario is unsafe, or None if it stays inside ``folders`` (or assets/)
    and names a regular file or nothing yet."""
    why = _path_text_problem(value)
    if why:
        return why
    if "://" in value or value.startswith("file:"):
        return "must be a file path relative to the scenario's folder, not a URL"
    unified = value.replace("\\", "/")
    if PurePosixPath(unified).is_absolute() or PureWindowsPath(value).anchor:
        return ("must be relative to the scenario's folder (e.g. \"portraits/zhukov.png\" or "
                "\"../assets/portraits/zhukov.png\"), not an absolute path")
    for folder in folders:
        target = os.path.realpath(folder / unified)       # symlinks followed: a link may not lead out
        for allowed in (os.path.realpath(folder), os.path.realpath(ASSETS_DIR)):
            if _inside(target, allowed):
                try:
                    mode = os.stat(target).st_mode
                except OSError:
                    return None           # not there (yet): the game draws a placeholder
                return None if stat.S_ISREG(mode) else f"is {_kind(mode)}, not a regular file"
    return ("leaves the scenario's folder: a path may point only inside the scenario's own folder "
            f"or {ASSETS_DIR.name}/ (remove the '..' that climbs out)")


def check_paths(f: ScenarioFile, files: list[Path], name: str, text: str, data: Any = None) -> list[Problem]:
    """Every file path field (``portrait``, …) must resolve inside the folder of the
    scenario file (or of a file it extends) or the project's ``assets/``."""
    folders = list(dict.fromkeys(Path(os.path.abspath(p)).parent for p in reversed(files)))
    problems: list[Problem] = []

    def walk(loc: tuple, node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in PATH_FIELDS and isinstance(v, str):
                    why = _path_problem(v, folders)
                    if why:
                        problems.append(Problem(name, _field_path(loc + (k,)), f"{why} (got {_shown_value(v)})",
                                                _find_line(text, loc + (k,), data)))
                else:
                    walk(loc + (k,), v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(loc + (i,), v)

    walk((), f.model_dump(by_alias=True, exclude_none=True))
    return problems


# ---------------------------------------------------------------- building
def _plain(value: Any) -> Any:
    """Validated data as the engine's frozen values: records as spec dataclasses, lists as tuples,
    conditions and effects as plain dicts."""
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "to_engine"):
        return value.to_engine()
    if isinstance(value, BaseModel):
        cls = SPEC_OF[type(value)]
        return cls(**{name: _plain(getattr(value, name)) for name in type(value).model_fields})
    return value


def build(f: ScenarioFile, digest: str) -> spec.Scenario:
    """Turn a validated file into the engine's frozen scenario."""
    tables = {name: _plain(getattr(f, name)) for name in ("sides", "actors", "blocs", "institutions", "bodies",
                                                          "motions", "posts", "calendar", "events", "compromises",
                                                          "outcomes", "model", "words")}
    tables["words"] = dataclasses.replace(tables["words"], **_body_words(f))
    return spec.Scenario(
        **{name: _plain(getattr(f.scenario, name)) for name in type(f.scenario).model_fields}, **tables,
        source_hash=digest, historical=_plain(f.historical.steps), historical_choices=dict(f.historical.choices),
        rules=dataclasses.replace(_plain(f.rules), first_to_move=f.rules.first_to_move or f.sides[0].id))


def _body_words(f: ScenarioFile) -> dict[str, str]:
    """The names of the presidium selectors that [words] leaves unwritten, from the body its members vote in:
    the Presidium's in 1957, the Harbour Board's in a crisis whose leading body is a harbour board (so the board
    never calls its members 'Presidium' when the scenario has no such body)."""
    body = next((b for b in f.bodies if "presidium" in {p.strip().partition(":")[0] for p in b.voters.split("+")}),
                None)
    if body is None:
        return {}
    the = body.name if body.name.lower().startswith("the ") else "the " + body.name
    derived = {"members_presidium": the, "members_presidium_full": f"{the}'s full members",
               "members_presidium_candidate": f"{the}'s candidate members"}
    default = spec.Words()
    return {k: v for k, v in derived.items() if getattr(f.words, k) == getattr(default, k)}


_SOURCES: dict[str, Path] = {}     # source_hash -> the file a scenario was loaded from (without overrides)


def source_of(scenario: spec.Scenario) -> str | Path:
    """What to reload a scenario from, to apply overrides to it: the file it was loaded from (which
    may lie outside scenarios/), else its id."""
    return _SOURCES.get(scenario.source_hash, scenario.id)


def load_scenario(ref: str | Path, overrides: list[str] | None = None) -> spec.Scenario:
    """Load, merge, override, validate and build a scenario; raises ScenarioError (and nothing else
    for bad input: a file, an id or an override)."""
    return _load(find_scenario(ref), overrides, SCENARIO_DIRS)


def _load(path: Path, overrides: list[str] | None, folders: list[Path]) -> spec.Scenario:
    if overrides is not None and (isinstance(overrides, (str, bytes)) or not isinstance(overrides, (list, tuple))):
        raise _refuse("--set", "", "overrides are a list of path=value strings")
    data, files, text = _load_chain(path)
    found = [(("scenario",), p) for p in _duplicate_problems(path, folders, text)]
    try:
        scenario = build_from_data(data, files, text, _label(path), overrides, found)
    except ScenarioError as exc:
        if not overrides:
            raise
        raise ScenarioError(_blame_overrides(exc.problems, path, folders, overrides)) from None
    if not overrides:
        _SOURCES[scenario.source_hash] = path
    return scenario


def _blame_overrides(problems: list[Problem], path: Path, folders: list[Path], overrides: list[str]) -> list[Problem]:
    """The problems the file has only with the overrides, named as theirs rather than as a line of the file: a
    model's lowest chance set above its highest, a historical step the overrides made impossible."""
    try:
        _load(path, None, folders)
        base: set[Problem] = set()
    except ScenarioError as exc:
        base = set(exc.problems)
    label = " ".join(map(str, overrides))
    label = label if len(label) <= 200 else label[:200] + "…"
    return [p if p.file == "--set" or p in base else Problem("--set", label, f"{p.field or '(file)'}: {p.message}")
            for p in problems]


def build_from_data(data: dict, files: list[Path], text: str, name: str, overrides: list[str] | None = None,
                    found: list[tuple[tuple, Problem]] | None = None) -> spec.Scenario:
    """Override, validate and build merged file data (as ``_load_chain`` reads it; changed in place).

    ``game.studies`` reads a file once and builds each point's variant from a copy of its data here,
    on whichever machine plays the point: ``text`` and ``name`` only place problems on lines.
    """
    found = list(found or [])
    overridden: list[tuple[str, str]] = []       # (field path, the override) for relabelling problems
    for item in overrides or []:
        keys, value = parse_override(item)
        overridden.append((_field_path(apply_override(data, keys, value, item)), item))
    found += _text_problems(data, name, text)
    try:
        model = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_relabel(found + _problems_from(exc, name, text, data), overridden)) from None
    except RecursionError:   # bounded by MAX_NESTING; kept as a last guard
        raise _refuse(name, "", f"arrays or tables are nested too deeply (at most {MAX_NESTING} levels)") from None
    problems = _relabel(found, overridden) + _relabel([((), p) for p in _cross_check(model, name, text, data)
                                                       + check_paths(model, files, name, text, data)], overridden)
    if problems:
        raise ScenarioError(problems)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    scenario = build(model, digest)
    problems = _relabel([((), p) for p in step_problems(scenario, name, text, data)], overridden)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _within(a: str, b: str) -> bool:
    """Is one field path the other, or inside it?"""
    short, long_ = sorted((a, b), key=len)
    return long_ == short or long_.startswith((short + ".", short + "["))


def _relabel(found: list[tuple[tuple, Problem]], overridden: list[tuple[str, str]]) -> list[Problem]:
    """A problem in a value a --set override wrote names the override, not the file's line."""
    out = []
    for _, p in found:
        by = next((item for where, item in overridden if p.field and _within(p.field, where)), None)
        out.append(Problem("--set", by, f"{p.field}: {p.message}") if by is not None else p)
    return out


def validate_file(ref: str | Path) -> list[Problem]:
    """Every problem with a scenario file (empty if it is valid). Given a folder, every file in it,
    and ids or aliases claimed by two files of the folder."""
    try:
        if isinstance(ref, (str, os.PathLike)) and isinstance(os.fspath(ref), str) \
                and not _path_text_problem(os.fspath(ref)) and os.path.isdir(ref):
            return _validate_folder(Path(ref))
        load_scenario(ref)
    except ScenarioError as exc:
        return exc.problems
    return []


def _validate_folder(folder: Path) -> list[Problem]:
    files = scenario_files(folder)
    if not files:
        return [Problem(_label(folder), "", "holds no .toml scenario files")]
    problems: list[Problem] = []
    for path in files:
        try:
            _load(path, None, [folder, *SCENARIO_DIRS])
        except ScenarioError as exc:
            problems += exc.problems
    return list(dict.fromkeys(problems))
