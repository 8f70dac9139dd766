"""Scenario files → validated engine scenarios. All or nothing: a bad file never half-loads.

``load_scenario(ref)`` takes a scenario id, an alias, or a path to a ``.toml``
file. A file may ``extends = "1957"`` another scenario and override parts of
it: tables merge key by key; lists of tables with ``id`` merge by id (an
entry with a new id is appended; ``remove = true`` drops one); other values
replace. Overrides from the command line (``--set actors.zhukov.stance=-0.3``)
use the same paths.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tomllib
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import ValidationError

from ..engine import spec
from .errors import Problem, ScenarioError
from .schema import Condition, Effect, ScenarioFile

MAX_BYTES = 2_000_000
MAX_DEPTH = 5
MAX_NESTING = 32    # tables and arrays inside each other; 1957.toml needs 8
SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"
ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
# Fields that name a file. Scenario files are untrusted: such a path must stay
# inside the scenario's own folder or assets/ (see check_paths).
PATH_FIELDS = ("portrait", "image", "sound")


# ---------------------------------------------------------------- discovery
def scenario_files(directory: Path | None = None) -> list[Path]:
    """Every scenario file in ``scenarios/`` (recursively), sorted."""
    directory = directory or SCENARIO_DIR
    return sorted(p for p in directory.rglob("*.toml") if p.is_file())


def _peek_ids(path: Path) -> list[str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        info = data.get("scenario", {})
        return [info.get("id", "")] + list(info.get("aliases", []))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError, TypeError):
        return []


def find_scenario(ref: str | Path) -> Path:
    """Resolve a scenario id, alias or path to a file path."""
    path = Path(ref)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ScenarioError([Problem(str(path), "", "no such scenario file; give a path to a .toml "
                                         "file or a scenario id (see `python main.py list`)")])
        return path
    for candidate in scenario_files():
        if str(ref) in _peek_ids(candidate):
            return candidate
    known = sorted({i for c in scenario_files() for i in _peek_ids(c)[:1] if i})
    raise ScenarioError([Problem(str(ref), "", f"no scenario with this id or alias; known: {', '.join(known)}")])


# ---------------------------------------------------------------- reading
def read_toml(path: Path) -> tuple[dict, str]:
    """Parse one TOML file, bounded in size; returns (data, text)."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ScenarioError([Problem(name, "", f"cannot read the file: {exc.strerror}")]) from None
    if size > MAX_BYTES:
        raise ScenarioError([Problem(name, "", f"file is {size:,} bytes; a scenario may be at most {MAX_BYTES:,}")])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(name, "", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
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


def merge(base: Any, over: Any) -> Any:
    """Deep-merge ``over`` onto ``base`` (see the module docstring)."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    if (isinstance(base, list) and isinstance(over, list) and all(isinstance(x, dict) and "id" in x for x in base)
            and all(isinstance(x, dict) and "id" in x for x in over)):
        out = list(base)
        for item in over:
            at = next((i for i, x in enumerate(out) if x["id"] == item["id"]), None)
            if item.get("remove") is True:
                if at is not None:
                    out.pop(at)
            elif at is None:
                out.append(item)
            else:
                out[at] = merge(out[at], item)
        return out
    return over


def _load_raw(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict, list[Path]]:
    if len(seen) >= MAX_DEPTH or path.resolve() in seen:
        raise ScenarioError([Problem(str(path), "extends", "scenarios extend each other in a loop or too deeply")])
    data, _ = read_toml(path)
    files = [path]
    parent = data.pop("extends", None)
    if parent is None:
        return data, files
    if not isinstance(parent, str):
        raise ScenarioError([Problem(str(path), "extends", "must be a scenario id or a path (a string)")])
    try:
        parent_path = path.parent / parent if parent.endswith(".toml") else find_scenario(parent)
    except ScenarioError as exc:   # name the file that says `extends`, not the missing id
        raise ScenarioError([Problem(str(path), "extends", f"{parent!r}: {p.message}")
                             for p in exc.problems]) from None
    base, base_files = _load_raw(parent_path, seen + (path.resolve(),))
    info = data.get("scenario", {})
    if isinstance(info, dict) and "aliases" not in info:
        base.get("scenario", {}).pop("aliases", None)
    return merge(base, data), base_files + files


def parse_override(text: str) -> tuple[list[str], Any]:
    """``actors.zhukov.stance=-0.3`` → (["actors", "zhukov", "stance"], -0.3). Values are TOML."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise ScenarioError([Problem("--set", text, "write an override as path=value, e.g. actors.zhukov.stance=-0.3")])
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    return [p for p in path.strip().split(".")], parsed


def apply_override(data: dict, keys: list[str], value: Any, label: str) -> None:
    node: Any = data
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(node, list):
            match = next((x for x in node if isinstance(x, dict) and x.get("id") == key), None)
            if match is None:
                ids = [x.get("id") for x in node if isinstance(x, dict)]
                raise ScenarioError([Problem("--set", label, f"no entry with id {key!r} here; ids: {ids}")])
            if last:
                raise ScenarioError([Problem("--set", label, "name a field of the entry, not the entry")])
            node = match
        elif isinstance(node, dict):
            if last:
                node[key] = value
                return
            if key not in node:
                node[key] = {}
            node = node[key]
        else:
            raise ScenarioError([Problem("--set", label, f"{'.'.join(keys[:i])} is a value, not a table")])


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


def _find_line(text: str, loc: tuple) -> int | None:
    """Best-effort line of a field: the n-th ``[[table]]`` header, then the key."""
    if not text:
        return None
    lines = _lines(text)
    start = 0
    if loc and isinstance(loc[0], str):
        section = loc[0]
        if len(loc) > 1 and isinstance(loc[1], int):
            headers = _header_lines(text, f"[[{section}]]")
            if loc[1] < len(headers):
                start = headers[loc[1]]
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
}


def _problems_from(exc: ValidationError, name: str, text: str) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        msg = err["msg"]
        if err["type"] in _HINTS:
            msg = f"{msg}: {_HINTS[err['type']]}"
        elif "input" in err and not isinstance(err["input"], (dict, list)):
            msg = f"{msg} (got {err['input']!r})"
        out.append(Problem(name, _field_path(loc), msg, _find_line(text, loc)))
    return out


# ---------------------------------------------------------------- cross-references
def _cross_check(f: ScenarioFile, name: str, text: str) -> list[Problem]:
    problems: list[Problem] = []

    def bad(loc: tuple, msg: str) -> None:
        problems.append(Problem(name, _field_path(loc), msg, _find_line(text, loc)))

    def ids(section: str, items) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                bad((section, i, "id"), f"duplicate id {item.id!r}: every {section[:-1]} needs its own id")
            seen.add(item.id)
        return seen

    actors, blocs = ids("actors", f.actors), ids("blocs", f.blocs)
    sides, bodies = ids("sides", f.sides), ids("bodies", f.bodies)
    motions, events = ids("motions", f.motions), ids("events", f.events)
    insts, posts = ids("institutions", f.institutions), ids("posts", f.posts)
    outcomes = ids("outcomes", f.outcomes)
    ids("compromises", f.compromises)   # duplicate ids only: nothing refers to a compromise
    overlap = actors & blocs
    for o in sorted(overlap):
        bad(("blocs",), f"{o!r} is both an actor and a bloc id; rename one")

    def ref(loc: tuple, value: str | None, known: set[str], what: str) -> None:
        if value is not None and value not in known:
            bad(loc, f"unknown {what} {value!r}; known: {', '.join(sorted(known)) or '(none)'}")

    for i, s in enumerate(f.sides):
        ref(("sides", i, "leader"), s.leader, actors, "actor")
    for i, a in enumerate(f.actors):
        ref(("actors", i, "patron"), a.patron, actors, "actor")
        if a.patron == a.id:
            bad(("actors", i, "patron"), "an actor cannot be his own patron")
        for side in a.belief:
            ref(("actors", i, "belief"), side, sides, "side")
        for key in a.fates:
            if key not in sides | outcomes | {"default"} and not key.startswith(("force", "compromise")):
                bad(("actors", i, "fates"), f"fate key {key!r} is not a side id, an outcome id or 'default'")
    for i, b in enumerate(f.blocs):
        ref(("blocs", i, "patron"), b.patron, actors, "actor")
    for i, inst in enumerate(f.institutions):
        ref(("institutions", i, "commander"), inst.commander, actors, "actor")
    for i, b in enumerate(f.bodies):
        ref(("bodies", i, "chair"), b.chair, actors, "actor")
        ref(("bodies", i, "demand_motion"), b.demand_motion, motions, "motion")
    for i, m in enumerate(f.motions):
        ref(("motions", i, "body"), m.body, bodies, "body")
        ref(("motions", i, "favours"), m.favours, sides, "side")
        for p in m.proposers:
            ref(("motions", i, "proposers"), p, sides, "side")
    for i, d in enumerate(f.calendar):
        for b in d.sittings:
            ref(("calendar", i, "sittings"), b, bodies, "body")
        if i and d.date <= f.calendar[i - 1].date:
            bad(("calendar", i, "date"), "calendar dates must increase day by day")
    for i, e in enumerate(f.events):
        ref(("events", i, "chooser"), e.chooser, sides, "side")
        ref(("events", i, "audience"), e.audience, sides, "side")
    for i, c in enumerate(f.compromises):
        ref(("compromises", i, "by"), c.by, sides, "side")
        ref(("compromises", i, "winner"), c.winner, sides, "side")
    for i, o in enumerate(f.outcomes):
        ref(("outcomes", i, "winner"), o.winner, sides, "side")
    if not any(o.at_end and o.when is None and not o.by_event for o in f.outcomes):
        bad(("outcomes",), "add a fallback outcome with at_end = true and no 'when', for when the calendar runs out")
    if f.rules.first_to_move:
        ref(("rules", "first_to_move"), f.rules.first_to_move, sides, "side")
    for i, step in enumerate(f.historical.steps):
        ref(("historical", "steps", i, "side"), step.side, sides, "side")
    for ev, choice in f.historical.choices.items():
        ref(("historical", "choices"), ev, events, "event")
        if ev in events:
            options = {c.id for c in next(e for e in f.events if e.id == ev).choices}
            ref(("historical", "choices", ev), choice, options, "choice")

    # References inside conditions and effects.
    known = {"actor": actors, "bloc": blocs, "side": sides, "body": bodies, "institution": insts,
             "motion": motions, "event": events, "outcome": outcomes, "toward": sides, "post": posts}
    key_kind = {"passed": "motion", "failed": "motion", "called": "motion", "fired": "event",
                "convened": "body", "sitting": "body", "convene": "body", "end": "outcome"}

    def walk(loc: tuple, node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("membership", "member") and isinstance(v, dict):
                    # Its 'body' names a kind of membership (presidium|cc|secretariat),
                    # checked by the schema, not a body id.
                    ref(loc + (k, "actor"), v.get("actor"), actors, "actor")
                elif k in key_kind and isinstance(v, str):
                    ref(loc + (k,), v, known[key_kind[k]], key_kind[k])
                elif k in known and isinstance(v, str):
                    ref(loc + (k,), v, known[k], k)
                elif k == "actors" and isinstance(v, list):
                    for a in v:
                        ref(loc + (k,), a, actors, "actor")
                else:
                    walk(loc + (k,), v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(loc + (i,), v)

    dump = f.model_dump(by_alias=True, exclude_none=True)
    for section in ("motions", "events", "compromises", "outcomes"):
        walk((section,), dump[section])
    for i, step in enumerate(f.historical.steps):
        from ..engine.actions import ACTION_TYPES
        kind = step.action.get("kind")
        if kind not in ACTION_TYPES:
            bad(("historical", "steps", i, "action"), f"unknown action kind {kind!r}; known: {', '.join(sorted(ACTION_TYPES))}")
    return problems


# ---------------------------------------------------------------- file paths
def _path_problem(value: str, folders: list[Path]) -> str | None:
    """Why a file path from a scenario is unsafe, or None if it stays inside ``folders``."""
    if not value.strip() or "\x00" in value:
        return "must be a non-empty file path"
    if "://" in value or value.startswith("file:"):
        return "must be a file path relative to the scenario's folder, not a URL"
    unified = value.replace("\\", "/")
    if PurePosixPath(unified).is_absolute() or PureWindowsPath(value).anchor:
        return ("must be relative to the scenario's folder (e.g. \"portraits/zhukov.png\" or "
                "\"../assets/portraits/zhukov.png\"), not an absolute path")
    for folder in folders:
        target = (folder / unified).resolve()
        for allowed in (folder.resolve(), ASSETS_DIR):
            if target == allowed or allowed in target.parents:
                return None
    return ("leaves the scenario's folder: a path may point only inside the scenario's own folder "
            f"or {ASSETS_DIR.name}/ (remove the '..' that climbs out)")


def check_paths(f: ScenarioFile, files: list[Path], name: str, text: str) -> list[Problem]:
    """Every file path field (``portrait``, …) must resolve inside the folder of the
    scenario file (or of a file it extends) or the project's ``assets/``."""
    folders = list(dict.fromkeys(p.resolve().parent for p in reversed(files)))
    problems: list[Problem] = []

    def walk(loc: tuple, node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in PATH_FIELDS and isinstance(v, str):
                    why = _path_problem(v, folders)
                    if why:
                        problems.append(Problem(name, _field_path(loc + (k,)), f"{why} (got {v!r})",
                                                _find_line(text, loc + (k,))))
                else:
                    walk(loc + (k,), v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(loc + (i,), v)

    walk((), f.model_dump(by_alias=True, exclude_none=True))
    return problems


# ---------------------------------------------------------------- building
def _dist(d) -> spec.Distribution:
    return spec.Distribution(mean=d.mean, sd=d.sd)


def _conds(c: Condition | None):
    return c.to_engine() if c is not None else None


def _effects(items: list[Effect]) -> tuple:
    return tuple(e.to_engine() for e in items)


def build(f: ScenarioFile, digest: str) -> spec.Scenario:
    """Turn a validated file into the engine's frozen scenario."""
    info = f.scenario
    return spec.Scenario(
        id=info.id, title=info.title, title_ru=info.title_ru, year=info.year, summary=info.summary,
        briefing=tuple(info.briefing), aliases=tuple(info.aliases), flags=tuple(info.flags),
        source_hash=digest,
        sides=tuple(spec.Side(**s.model_dump()) for s in f.sides),
        actors=tuple(spec.Actor(**{**a.model_dump(), "offices": tuple(a.offices)}) for a in f.actors),
        blocs=tuple(spec.Bloc(**{**b.model_dump(), **{k: _dist(getattr(b, k)) for k in
                                                     ("stance", "conviction", "caution", "ambition",
                                                      "ideology", "complicity")}}) for b in f.blocs),
        institutions=tuple(spec.Institution(**i.model_dump()) for i in f.institutions),
        bodies=tuple(spec.Body(**b.model_dump()) for b in f.bodies),
        motions=tuple(spec.Motion(
            id=m.id, body=m.body, name=m.name, text=m.text, favours=m.favours, ideology=m.ideology,
            legitimacy=m.legitimacy, proposers=tuple(m.proposers), requires=_conds(m.requires),
            on_pass=_effects(m.on_pass), on_fail=_effects(m.on_fail), repeatable=m.repeatable,
            decisive=m.decisive) for m in f.motions),
        posts=tuple(spec.Post(**p.model_dump()) for p in f.posts),
        calendar=tuple(spec.Day(date=d.date, label=d.label, sittings=tuple(d.sittings), note=d.note)
                       for d in f.calendar),
        events=tuple(spec.EventSpec(
            id=e.id, title=e.title, text=e.text, history=e.history, when=_conds(e.when), chance=e.chance,
            once=e.once, effects=_effects(e.effects), chooser=e.chooser, audience=e.audience,
            choices=tuple(spec.Choice(id=c.id, label=c.label, text=c.text, effects=_effects(c.effects))
                          for c in e.choices)) for e in f.events),
        compromises=tuple(spec.Compromise(**{**c.model_dump(exclude={"requires"}), "requires": _conds(c.requires)})
                          for c in f.compromises),
        outcomes=tuple(spec.OutcomeSpec(**{**o.model_dump(exclude={"when"}), "when": _conds(o.when)})
                       for o in f.outcomes),
        historical=tuple(spec.HistoricalStep(**s.model_dump()) for s in f.historical.steps),
        historical_choices=dict(f.historical.choices),
        model=spec.ModelWeights(**f.model.model_dump()),
        rules=spec.Rules(**{**f.rules.model_dump(), "first_to_move": f.rules.first_to_move or f.sides[0].id}),
    )


def load_scenario(ref: str | Path, overrides: list[str] | None = None) -> spec.Scenario:
    """Load, merge, override, validate and build a scenario; raises ScenarioError."""
    path = find_scenario(ref)
    data, files = _load_raw(path)
    _, text = read_toml(path)
    for item in overrides or []:
        keys, value = parse_override(item)
        apply_override(data, keys, value, item)
    name = str(path)
    try:
        model = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_problems_from(exc, name, text)) from None
    problems = _cross_check(model, name, text) + check_paths(model, files, name, text)
    if problems:
        raise ScenarioError(problems)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return build(model, digest)


def validate_file(ref: str | Path) -> list[Problem]:
    """Every problem with a scenario file (empty if it is valid)."""
    try:
        load_scenario(ref)
    except ScenarioError as exc:
        return exc.problems
    return []
