"""Study files → the points of a study: which scenario, what varies, and every point's overrides.

A study file (TOML, see studies/README.md) names a scenario, the ``--set`` paths to
vary (``actors.*.stance`` expands to every named person), how (``values``, ``range``,
``around``, ``factor`` or a normal ``distribution``), the design (a full ``grid``, or
``sobol`` / ``morris`` sampling from SALib), the policies, games per point and the seed.
Study files are checked like scenarios: every problem names the file, the field and
the line, and a bad file is refused whole (``StudyError``, a ``ScenarioError``).
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import itertools
import json
import math
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, ValidationError

from ..engine.spec import Scenario
from ..scenario import loader
from ..scenario.errors import Problem, ScenarioError
from ..scenario.schema import ScenarioFile, Strict

MAX_POINTS = 1_000_000        # points of one study
MAX_GAMES = 10_000_000_000    # games of one study, all points together
MAX_GAME_ROWS = 10_000_000    # games of a study that writes one row per game (per_game = true)
MAX_PARAMETERS = 500
GRID_STEPS = 21               # steps of a --vary sweep when none are given
DESIGNS = ("grid", "sobol", "morris")
PATH_RE = r"^[A-Za-z0-9_*]{1,64}(\.[A-Za-z0-9_*]{1,64}){0,19}$"


class StudyError(ScenarioError):
    """A study file (or a study given as data) could not be used; ``problems`` lists every reason."""


def file_problem(path: os.PathLike | str, message: str) -> Problem:
    """A problem with a whole file (a study's results or journal)."""
    return Problem(loader._label(path), "", message)


Number = float | int


class VaryModel(Strict):
    """One ``[[vary]]`` entry: a ``--set`` path and the values it takes."""

    path: Annotated[str, Field(pattern=PATH_RE, max_length=300)] = Field(
        description="a --set path, e.g. actors.zhukov.stance; * stands for every entry or key, e.g. actors.*.stance")
    values: list[Number | str | bool] | None = Field(None, min_length=1, max_length=1000,
                                                     description="the values a grid takes")
    range: list[Number] | None = Field(None, min_length=2, max_length=2, description="[low, high]")
    around: Annotated[float, Field(gt=0)] | None = Field(
        None, description="the scenario's value minus and plus this (kept inside the field's bounds)")
    factor: list[Annotated[float, Field(ge=0)]] | None = Field(
        None, min_length=2, max_length=2, description="[low, high] times the scenario's value")
    steps: Annotated[int, Field(ge=2, le=1000)] | None = Field(None, description="grid points from low to high")
    distribution: Literal["uniform", "normal"] = Field("uniform", description="how sobol draws the value")
    mean: float | None = Field(None, description="normal: the mean (default: the scenario's value)")
    sd: Annotated[float, Field(gt=0)] | None = Field(None, description="normal: the standard deviation")


class StudyFile(Strict):
    """A whole study file."""

    title: Annotated[str, Field(max_length=200)] = ""
    scenario: Annotated[str, Field(min_length=1, max_length=4096)] = Field(
        description="a scenario id or alias, or a .toml path relative to the study file")
    design: Literal["grid", "sobol", "morris"] = Field(description="grid, sobol or morris")
    games: Annotated[int, Field(ge=1, le=1_000_000)] = Field(description="games per point")
    seed: Annotated[int, Field(ge=0, lt=2 ** 63)] = 0
    policies: Annotated[str, Field(max_length=40)] | dict[str, Annotated[str, Field(max_length=40)]] = "historical"
    side: str | None = Field(None, max_length=64, description="the side whose win rate is analysed")
    samples: Annotated[int, Field(ge=1, le=1 << 16)] | None = Field(
        None, description="sobol: base samples N (a power of 2); morris: trajectories")
    levels: Annotated[int, Field(ge=2, le=64)] = Field(4, description="morris: levels of the grid it walks")
    set: list[Annotated[str, Field(max_length=10_000)]] = Field(default_factory=list, max_length=1000,
                                                                description="overrides for every point")
    per_game: bool = Field(False, description="also write one row per game")
    vary: list[VaryModel] = Field(min_length=1, max_length=MAX_PARAMETERS)


@dataclass(frozen=True)
class Parameter:
    """One varied field: its ``--set`` path and the values or distribution it takes."""

    path: str
    low: float | None = None
    high: float | None = None
    values: tuple | None = None           # a grid's values, in order
    distribution: str = "uniform"         # uniform over [low, high], or normal(mean, sd) kept in [low, high]
    mean: float | None = None
    sd: float | None = None
    integer: bool = False                 # an integer field: sampled values are rounded
    entry: int = 0                        # the [[vary]] entry it came from
    direct: bool = False                  # set on the built scenario, not through the loader (_check_extremes)

    def salib(self) -> tuple[list[float], str]:
        """SALib's bounds and dist for this parameter."""
        if self.distribution == "normal":
            if self.low is not None and self.high is not None:
                return [self.low, self.high, self.mean, self.sd], "truncnorm"
            return [self.mean, self.sd], "norm"
        return [self.low, self.high], "unif"


@dataclass(frozen=True)
class BaseScenario:
    """A scenario file read once (merged with what it extends): each point's variant is built from it."""

    data: dict
    files: tuple
    text: str
    name: str
    fixed: tuple[str, ...] = ()       # the study's `set` overrides, applied to every point
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def build(self, overrides: tuple[str, ...] = ()) -> Scenario:
        """Override, validate and build a variant through the loader (about 30 ms for 1957)."""
        return loader.build_from_data(copy.deepcopy(self.data), list(self.files), self.text, self.name,
                                      list(self.fixed) + list(overrides))

    def built(self) -> Scenario:
        """The scenario with the study's fixed overrides, built once (the copy shipped to a worker keeps it)."""
        if "built" not in self.cache:
            self.cache["built"] = self.build()
        return self.cache["built"]

    def variant(self, overrides: tuple[str, ...], direct: tuple[tuple[tuple[str, ...], float], ...]) -> Scenario:
        """A point's scenario: the loader's build with ``overrides`` (or the built scenario when there are
        none), then each ``direct`` (path keys, number) set on it in microseconds."""
        scenario = self.build(overrides) if overrides else self.built()
        for keys, value in direct:
            scenario = _set(scenario, keys, value)
        if direct:
            mark = hashlib.sha256(f"{scenario.source_hash}{direct}".encode()).hexdigest()[:16]
            scenario = dataclasses.replace(scenario, source_hash=mark)
        return scenario


def _set(node: Any, keys: tuple[str, ...], value: Any) -> Any:
    """``node`` (the engine's frozen scenario) with the field a ``--set`` path names set to ``value``:
    the records along the path are copied, the rest shared."""
    if not keys:
        return value
    key, rest = keys[0], keys[1:]
    if isinstance(node, Scenario) and key == "scenario":       # [scenario]'s fields are the Scenario's own
        return _set(node, rest, value)
    if isinstance(node, tuple):                                # a list of records, by id
        i = next(i for i, item in enumerate(node) if getattr(item, "id", None) == key)
        return node[:i] + (_set(node[i], rest, value),) + node[i + 1:]
    if isinstance(node, dict):
        return {**node, key: _set(node[key], rest, value)}
    return dataclasses.replace(node, **{key: _set(getattr(node, key), rest, value)})


@dataclass
class Study:
    """A checked study: everything needed to play it, and its points."""

    name: str                          # the file (or "<study>") problems are named after
    title: str
    scenario: BaseScenario
    scenario_id: str
    sides: list[str]
    bodies: list[str]
    design: str
    parameters: list[Parameter]
    games: int
    seed: int
    policies: dict[str, str]
    side: str
    samples: int | None = None
    levels: int = 4
    per_game: bool = False
    values: list[tuple] = field(default_factory=list)     # one tuple per point, a value per parameter

    @property
    def points(self) -> int:
        return len(self.values)

    def overrides(self, point: int) -> tuple[str, ...]:
        return tuple(f"{p.path}={toml_value(v)}" for p, v in zip(self.parameters, self.values[point]))

    def recipe(self, point: int) -> tuple[tuple[str, ...], tuple]:
        """How a worker makes point ``point``'s scenario (``BaseScenario.variant``): the overrides the
        loader must apply, and the (path keys, number) pairs set directly on the built scenario."""
        slow = tuple(f"{p.path}={toml_value(v)}" for p, v in zip(self.parameters, self.values[point]) if not p.direct)
        direct = tuple((tuple(p.path.split(".")), float(toml_value(v)))
                       for p, v in zip(self.parameters, self.values[point]) if p.direct)
        return slow, direct

    def point_seed(self, point: int) -> int:
        """The seed point ``point`` is simulated with: ``simulate(its scenario, seed=this)`` plays its games."""
        state = np.random.SeedSequence([self.seed, point, 0x57AD1]).generate_state(2, dtype=np.uint32)
        return (int(state[0]) << 31) ^ int(state[1])

    def problem(self) -> dict:
        """The SALib problem of a sampling design."""
        bounds, dists = zip(*(p.salib() for p in self.parameters))
        return {"num_vars": len(self.parameters), "names": [p.path for p in self.parameters],
                "bounds": [list(b) for b in bounds], "dists": list(dists)}

    def games_key(self) -> str:
        """Identifies how every point's games are played (scenario, overrides for all, policies, games, seed)."""
        return _digest({"scenario": self.scenario.data, "fixed": self.scenario.fixed, "policies": self.policies,
                        "games": self.games, "seed": self.seed, "per_game": self.per_game})

    def point_key(self, point: int) -> str:
        """Identifies point ``point``: its number (hence its seed) and its overrides."""
        return _digest([point, self.overrides(point)])[:12]

    def fingerprint(self) -> str:
        """Identifies the games a study plays: its results file belongs to it alone."""
        return _digest([self.games_key()] + [self.point_key(i) for i in range(self.points)])


def _digest(value: Any) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def toml_value(v: Any) -> str:
    """A value as the right-hand side of a ``--set`` override."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return repr(round(float(v), 12))
    return json.dumps(str(v), ensure_ascii=False)


# ---------------------------------------------------------------- reading a study
def load_study(source: str | os.PathLike | dict, vary: list[str] | None = None, **changes: Any) -> Study:
    """Read and check a study file (or the same fields as a dict), and compute its points.

    ``vary`` (``["actors.zhukov.stance"]`` or ``["actors.zhukov.stance=-1:1:21"]``) replaces the file's
    parameters by a grid sweep of each; ``changes`` replace top-level fields (``games=``, ``seed=``,
    ``policies=``, ``scenario=``). Raises ``StudyError`` naming the file, the field and the line.
    """
    if isinstance(source, dict):
        data, text, name, folder = copy.deepcopy(source), "", "<study>", Path.cwd()
    else:
        if not isinstance(source, (str, os.PathLike)) or not isinstance(os.fspath(source), str):
            raise StudyError([Problem(repr(source)[:80], "", "give a study file (.toml) or its fields as a dict")])
        path = Path(os.fspath(source))
        name = loader._label(path)
        try:
            kind = "" if path.is_file() else f"is {loader._kind(path.stat().st_mode)}, not a file" if path.exists() \
                else "no such study file"
        except (OSError, ValueError) as exc:     # a name too long, a NUL in it
            kind = f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
        if kind:
            raise StudyError([Problem(name, "", f"{kind}; give a .toml file (see studies/README.md)")])
        data, text = _read(path)
        folder = path.resolve().parent
        if isinstance(data.get("scenario"), dict) or {"sides", "actors"} <= data.keys():
            raise StudyError([Problem(name, "", f"this is a scenario, not a study file: sweep it with `python main.py "
                                      f"study --scenario {path} --vary PATH`, or name it in a study file's "
                                      "'scenario' (see studies/README.md)")])
        ref = data.get("scenario") if changes.get("scenario") is None else None
        if isinstance(ref, str) and not loader.ID_RE.fullmatch(ref) and (os.path.isabs(ref)
                                                                        or not ref.endswith(".toml")):
            # a study file is shared like a scenario: it names scenarios, not any file of the reader's machine
            raise StudyError([Problem(name, "scenario", f"{ref[:200]!r}: give a scenario id or alias, or a .toml path "
                                      "relative to the study file", loader._find_line(text, ("scenario",)))])
    data.update({k: v for k, v in changes.items() if v is not None})
    if vary:
        data["design"] = "grid"
        data["vary"] = [_vary_flag(item) for item in vary]
        text = ""                                   # the sweep came from the command line, not the file
    try:
        model = StudyFile.model_validate(data)
    except ValidationError as exc:
        raise StudyError([_study_problem(p) for _, p in loader._problems_from(exc, name, text)]) from None
    return _check(model, name, text, folder)


def _read(path: Path) -> tuple[dict, str]:
    try:
        return loader.read_toml(path, path.resolve().parent)
    except ScenarioError as exc:
        raise StudyError(exc.problems) from None


def _study_problem(p: Problem) -> Problem:
    return Problem(p.file, p.field, p.message.replace("scenarios/README.md", "studies/README.md"), p.line)


def _vary_flag(item: str) -> dict:
    """``PATH`` or ``PATH=LOW:HIGH[:STEPS]`` from ``--vary``."""
    path, eq, spec = str(item).partition("=")
    entry: dict = {"path": path.strip()}
    if eq:
        parts = spec.split(":")
        try:
            numbers = [float(x) for x in parts[:2]]
            steps = int(parts[2]) if len(parts) == 3 else GRID_STEPS
        except ValueError:
            numbers, steps = [], 0
        if len(parts) not in (2, 3) or len(numbers) != 2 or not all(map(math.isfinite, numbers)):
            raise StudyError([Problem("--vary", str(item)[:120], "write PATH or PATH=LOW:HIGH[:STEPS], "
                                                                 "e.g. actors.zhukov.stance=-1:1:21")])
        entry.update(range=numbers, steps=steps)
    else:
        entry["steps"] = GRID_STEPS
    return entry


def _check(model: StudyFile, name: str, text: str, folder: Path) -> Study:
    problems: list[Problem] = []

    def bad(loc: tuple, message: str) -> None:
        problems.append(Problem(name, loader._field_path(loc), message, loader._find_line(text, loc)))

    base = _base_scenario(model, name, text, folder)
    sides = [s["id"] for s in base.data.get("sides", [])]
    bodies = [b["id"] for b in base.data.get("bodies", [])]
    policies = _policies(model, sides, bad)
    first = base.data.get("rules", {}).get("first_to_move") or sides[0]
    side = model.side or first
    if side not in sides:
        bad(("side",), f"this scenario has no side {side!r}; its sides are {', '.join(sides)}")
    parameters = []
    for i, entry in enumerate(model.vary):
        parameters += _parameters(i, entry, model.design, base, bad)
    if problems:
        raise StudyError(problems)
    if model.design != "grid" and model.samples is None:
        bad(("samples",), f"a {model.design} study needs samples = N "
                          + ("(base samples, a power of 2: points = N x (parameters + 2))" if model.design == "sobol"
                             else "(trajectories: points = N x (parameters + 1))"))
    if model.design == "sobol" and model.samples and model.samples & (model.samples - 1):
        bad(("samples",), f"sobol needs a power of 2 (16, 32, 64, …), got {model.samples}")
    if model.design == "morris" and any(p.distribution == "normal" for p in parameters):
        bad(("vary",), "morris walks a grid over each range: give range, around or factor, not a distribution")
    if problems:
        raise StudyError(problems)
    study = Study(name=name, title=model.title, scenario=base, scenario_id=base.data["scenario"]["id"],
                  sides=sides, bodies=bodies, design=model.design, parameters=parameters, games=model.games,
                  seed=model.seed, policies=policies, side=side, samples=model.samples, levels=model.levels,
                  per_game=model.per_game)
    count = _count_points(study)
    if count > MAX_POINTS or count * model.games > MAX_GAMES:
        bad(("design",), f"{count:,} points of {model.games:,} games is too large a study (at most "
                         f"{MAX_POINTS:,} points and {MAX_GAMES:,} games); vary fewer values or sample less")
    elif model.per_game and count * model.games > MAX_GAME_ROWS:
        bad(("per_game",), f"one row per game for {count * model.games:,} games is too many (at most "
                           f"{MAX_GAME_ROWS:,}); set per_game = false")
    if problems:
        raise StudyError(problems)
    study.values = _design_values(study)
    _check_extremes(study, bad)
    if problems:
        raise StudyError(problems)
    return study


def _base_scenario(model: StudyFile, name: str, text: str, folder: Path) -> BaseScenario:
    ref = model.scenario
    if ref.endswith(".toml") and not os.path.isabs(ref):
        ref = os.fspath(folder / ref)
    line = loader._find_line(text, ("scenario",))
    try:
        path = loader.find_scenario(ref)
        data, files, scen_text = loader._load_chain(path)
        base = BaseScenario(data, tuple(files), scen_text, loader._label(path))
        base.build()                                         # the scenario itself must load
        base = BaseScenario(data, tuple(files), scen_text, loader._label(path), tuple(model.set))
        base.build()
    except ScenarioError as exc:
        raise StudyError([Problem(name, "set", f"{p.field}: {p.message}", loader._find_line(text, ("set",)))
                          if p.file == "--set" else Problem(name, "scenario", str(p), line)
                          for p in exc.problems]) from None
    return base


def _policies(model: StudyFile, sides: list[str], bad) -> dict[str, str]:
    from ..ai.policies import POLICIES
    given = model.policies
    names = {s: given for s in sides} if isinstance(given, str) else {s: given.get(s, "historical") for s in sides}
    if isinstance(given, dict):
        for s in given:
            if s not in sides:
                bad(("policies", s), f"this scenario has no side {s!r}; its sides are {', '.join(sides)}")
    for s, p in names.items():
        if p not in POLICIES:
            where = ("policies",) if isinstance(given, str) else ("policies", s)
            bad(where, f"unknown policy {p!r}; choose from {', '.join(sorted(POLICIES))}")
    return names


# ---------------------------------------------------------------- parameters
def _expand(keys: list[str], node: Any, done: list[str] | None = None) -> list[list[str]]:
    """Concrete paths for a path with ``*``: every entry id of a list, every key of a table in the data."""
    done = done or []
    if not keys:
        return [done]
    key, rest = keys[0], keys[1:]
    if key != "*":
        nxt = _child(node, key)
        return _expand(rest, nxt, done + [key])
    if isinstance(node, list):
        names = [x["id"] for x in node if isinstance(x, dict) and isinstance(x.get("id"), str)]
    elif isinstance(node, dict):
        names = [k for k, v in node.items() if (isinstance(v, (int, float)) and not isinstance(v, bool)) == (not rest)]
    else:
        names = []
    return [p for n in names for p in _expand(rest, _child(node, n), done + [n])]


def _child(node: Any, key: str) -> Any:
    if isinstance(node, list):
        return next((x for x in node if isinstance(x, dict) and x.get("id") == key), None)
    return node.get(key) if isinstance(node, dict) else None


def _field(keys: list[str]) -> tuple[type | None, float | None, float | None]:
    """The type a path holds and its bounds, from the scenario schema (None where it has none)."""
    node: Any = ScenarioFile
    meta: list = []
    for key in keys:
        node, _ = _strip(node)
        if loader._is_model(node):
            info = {(f.alias or n): f for n, f in node.model_fields.items()}.get(key)
            if info is None:
                return None, None, None
            node, meta = info.annotation, list(info.metadata)
        elif typing.get_origin(node) in (list, dict):     # a list's key is an entry's id
            node, meta = typing.get_args(node)[-1], []
        else:
            return None, None, None
    node, more = _strip(node)
    meta += more
    low = next((float(getattr(m, a)) for m in meta for a in ("ge", "gt") if getattr(m, a, None) is not None), None)
    high = next((float(getattr(m, a)) for m in meta for a in ("le", "lt") if getattr(m, a, None) is not None), None)
    return node if isinstance(node, type) else None, low, high


def _strip(tp: Any) -> tuple[Any, list]:
    """A type without Annotated and None, and the constraints Annotated held (``Field(ge=0)``)."""
    meta: list = []
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            meta += [m for a in typing.get_args(tp)[1:] for m in (getattr(a, "metadata", None) or [a])]
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = next((a for a in args if loader._is_model(a)), args[0])
        else:
            return tp, meta


def _parameters(i: int, entry: VaryModel, design: str, base: BaseScenario, bad) -> list[Parameter]:
    loc = ("vary", i)
    keys = entry.path.split(".")
    paths = _expand(keys, base.data) if "*" in keys else [keys]
    if not paths:
        bad(loc + ("path",), f"{entry.path!r} matches nothing in scenario {base.data['scenario']['id']!r}")
        return []
    ways = [k for k in ("values", "range", "around", "factor") if getattr(entry, k) is not None]
    normal = entry.distribution == "normal"
    if len(ways) + normal > 1:
        bad(loc, "give one of values, range, around, factor or distribution = \"normal\" (with sd); "
                 "with none, the field's own bounds are the range")
        return []
    if design == "grid" and (normal or (entry.values is None and entry.steps is None)):
        bad(loc, "a grid takes values = [...], or range, around or factor with steps = N")
        return []
    if design != "grid" and entry.values is not None:
        bad(loc + ("values",), f"a {design} study samples each parameter: give range, around or factor "
                               "(or distribution = \"normal\"), not a list of values")
        return []
    if normal and entry.sd is None:
        bad(loc + ("sd",), "a normal distribution needs sd")
        return []
    if entry.range is not None and not entry.range[0] < entry.range[1]:
        bad(loc + ("range",), f"write [low, high] with low below high, got {entry.range}")
        return []
    if entry.factor is not None and not entry.factor[0] < entry.factor[1]:
        bad(loc + ("factor",), f"write [low, high] with low below high, got {entry.factor}")
        return []
    out = []
    for keys in paths:
        path = ".".join(keys)
        try:
            loader._override_shape(keys, path)
        except ScenarioError as exc:
            bad(loc + ("path",), f"{path}: {exc.problems[0].message}")
            continue
        kind, lo_b, hi_b = _field(keys)
        value = _value_at(base.data, keys)
        needs_value = entry.around is not None or entry.factor is not None or (normal and entry.mean is None)
        if needs_value and (not isinstance(value, (int, float)) or isinstance(value, bool)):
            bad(loc + ("path",), f"{path} has no number in the scenario to vary around; give range = [low, high]")
            continue
        if entry.values is not None:
            out.append(Parameter(path, values=tuple(entry.values), entry=i))
            continue
        if kind is not None and kind not in (int, float):     # text, a yes/no, an id: no number to sweep
            bad(loc + ("path",), f"{path} is not a number; a study sweeps numbers (a field like this one takes "
                                 "values = [...] in a study file)")
            continue
        if entry.range is not None:
            low, high = entry.range
        elif entry.around is not None:
            low, high = value - entry.around, value + entry.around
        elif entry.factor is not None:
            low, high = sorted((value * entry.factor[0], value * entry.factor[1]))
        else:
            low, high = lo_b, hi_b
        if entry.range is None:     # around/factor/normal stay inside what the field allows
            low = low if lo_b is None or low is None else max(low, lo_b)
            high = high if hi_b is None or high is None else min(high, hi_b)
        if not normal and (low is None or high is None):
            bad(loc, f"{path} has no bounds of its own; give range = [low, high] (on the command line, "
                     f"--vary {path}=LOW:HIGH)")
            continue
        if not normal and not low < high:
            bad(loc, f"{path}: the range is empty once kept inside the field's bounds ({lo_b}, {hi_b})")
            continue
        low, high = (None if x is None else round(x, 12) for x in (low, high))
        param = Parameter(path, low, high, distribution=entry.distribution,
                          mean=entry.mean if entry.mean is not None else value, sd=entry.sd,
                          integer=kind is int, entry=i)
        if design == "grid":
            grid = np.linspace(low, high, entry.steps)
            values = tuple(dict.fromkeys(int(round(v)) for v in grid)) if kind is int else \
                tuple(round(float(v), 12) for v in grid)
            param = Parameter(path, low, high, values=values, integer=kind is int, entry=i)
        out.append(param)
    return out


def _value_at(data: dict, keys: list[str]) -> Any:
    node: Any = data
    for key in keys:
        node = _child(node, key)
    return _schema_default(keys) if node is None else node


def _schema_default(keys: list[str]) -> Any:
    """The schema's default of a field the file leaves out (``model.fear``), or None."""
    node: Any = ScenarioFile
    default = None
    for key in keys:
        node, _ = _strip(node)
        info = {(f.alias or n): f for n, f in node.model_fields.items()}.get(key) if loader._is_model(node) else None
        if info is None:
            return None
        default, node = info.default, info.annotation
    return default if isinstance(default, (int, float)) else None


# ---------------------------------------------------------------- designs
def _count_points(study: Study) -> int:
    d = len(study.parameters)
    if study.design == "grid":
        return math.prod(len(p.values) for p in study.parameters)
    if study.design == "sobol":
        return study.samples * (d + 2)
    return study.samples * (d + 1)


def _design_values(study: Study) -> list[tuple]:
    """One tuple of values per point, in a fixed order (the same file gives the same points)."""
    if study.design == "grid":
        return list(itertools.product(*(p.values for p in study.parameters)))
    import warnings
    seed = study.seed % (2 ** 32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if study.design == "sobol":
            from SALib.sample import sobol
            x = sobol.sample(study.problem(), study.samples, calc_second_order=False, seed=seed)
        else:
            from SALib.sample import morris
            x = morris.sample(study.problem(), study.samples, num_levels=study.levels, seed=seed)
    return [tuple(int(round(v)) if p.integer else round(float(v), 12) for p, v in zip(study.parameters, row))
            for row in x]


def _check_extremes(study: Study, bad) -> None:
    """Build the scenario at each parameter's smallest and largest value, before any game is played.

    A real-valued field whose variants the loader builds exactly as ``_set`` makes them (compared at
    those extremes) is then set directly at every point (``Parameter.direct``): its values lie between
    checked extremes and the loader's cross-checks read no real number (ids, dates and counts only),
    so a full build per point (about 30 ms, as long as 60 games of 1957) would check nothing new.
    """
    for j, p in enumerate(study.parameters):
        column = [row[j] for row in study.values]
        tried = list(dict.fromkeys(column)) if p.values is not None else [min(column), max(column)]
        direct = _field(p.path.split("."))[0] is float
        for v in tried:
            override = f"{p.path}={toml_value(v)}"
            try:
                built = study.scenario.build((override,))
            except ScenarioError as exc:
                bad(("vary", p.entry), f"{override}: " + "; ".join(q.message for q in exc.problems[:3]))
                break
            direct = direct and _sets_alike(study.scenario, built, p.path, v)
        else:
            study.parameters[j] = dataclasses.replace(p, direct=direct)


def _sets_alike(base: BaseScenario, built: Scenario, path: str, value: Any) -> bool:
    """Does setting ``path`` to ``value`` on the built scenario give what the loader built?"""
    if not isinstance(value, (int, float, np.number)) or isinstance(value, (bool, np.bool_)):
        return False
    try:
        made = base.variant((), ((tuple(path.split(".")), float(toml_value(value))),))
    except (AttributeError, KeyError, StopIteration, TypeError, ValueError):
        return False
    return dataclasses.replace(made, source_hash=built.source_hash) == built
