"""The scenario file format, as pydantic models: types, ranges, defaults, docs.

The record tables (``[[actors]]``, ``[[bodies]]``, ``[model]`` ...) are generated from the engine's
spec dataclasses (``game/engine/spec.py``), where each field is defined once; the condition and
effect grammar and the file's outline are written here. These models validate a scenario's TOML
and give its JSON Schema (``python main.py schema``); ``loader.py`` turns a validated file into
the engine's frozen :class:`game.engine.spec.Scenario`.
"""

from __future__ import annotations

import dataclasses
import datetime
import string
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, model_validator

from ..engine import spec
from ..engine.actions import DEFAULT_COSTS


@dataclass(frozen=True)
class Mark:
    """In a type: the string names a record of ``kind`` ("actor", "side", ..., or "date": a day inside the
    calendar), checked by the loader once the whole file is read; ``defines``: it creates one (a flag)."""
    kind: str
    defines: bool = False


ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64,
                          description="lower-case identifier: letters, digits, underscores")]


def Ref(kind: str) -> Any:
    """The type of an id naming a record of ``kind``; a fate key may also hold ':' (``force:group``)."""
    return Annotated[str, Field(pattern=ID_PATTERN.replace("_", "_:") if kind == "fate" else ID_PATTERN,
                                max_length=64, description=f"the id of a{'n' * (kind[0] in 'aeiou')} {kind}"),
                     Mark(kind)]


def _real_date(value: str) -> str:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date on the calendar (is the month 01-12, "
                         "and does the month have that day?)") from None
    return value


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
Date = Annotated[str, Field(pattern=DATE_PATTERN, description="ISO date, YYYY-MM-DD"),
                 AfterValidator(_real_date), Mark("date")]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
Text = Annotated[str, Field(max_length=4000)]
Level = spec.Level
_ONE = r"(all|secretariat|(presidium|cc)(:(full|candidate))?)"
SELECTOR_PATTERN = rf"^{_ONE}(\+{_ONE})*$"
Selector = Annotated[str, Field(
    pattern=SELECTOR_PATTERN,
    description="membership selector: presidium, presidium:full, cc:candidate, secretariat, all; join with +")]
# The action kinds, read from the engine: the only keys [rules] costs may set.
ActionKind = Literal[tuple(DEFAULT_COSTS)]


# Every model is strict: no key the format does not define, no coercion (``year = "1957"``,
# ``stance = true`` and ``days_away = 2.0`` are refused; an integer is still a number where a float
# is expected) and no NaN or infinity anywhere.
STRICT = dict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Strict(BaseModel):
    model_config = ConfigDict(**STRICT)


class _OneKey(Strict):
    """A table with exactly one key, naming its kind (a condition or an effect)."""

    @model_validator(mode="after")
    def _one(self):
        set_keys = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(set_keys) != 1:
            raise ValueError(f"{self.kind_name} has exactly one key, found {len(set_keys)}: {set_keys}")
        return self


# ---------------------------------------------------------------- triggers
class Compare(Strict):
    above: float | None = Field(None, description="true if the value is greater than this")
    below: float | None = Field(None, description="true if the value is less than this")


class Selection(Strict):
    actor: Ref("actor") | None = Field(None, description="one named actor")
    actors: list[Ref("actor")] | None = Field(None, max_length=200, description="several named actors")
    bloc: Ref("bloc") | None = Field(None, description="every member of a CC bloc")
    members: Selector | None = Field(None, description="everyone holding a membership")

    @model_validator(mode="after")
    def _one(self):
        if sum(v is not None for v in (self.actor, self.actors, self.bloc, self.members)) != 1:
            raise ValueError("name exactly one of actor, actors, bloc, members")
        return self


class StanceTest(Selection, Compare):
    pass


class MemberTest(Strict):
    actor: Ref("actor") = Field(description="the actor")
    body: Literal["presidium", "cc", "secretariat"] = Field(description="which membership: presidium, cc or secretariat")
    level: Level = Field("full", description="full or candidate (none: holds no such membership)")


class BackingTest(Compare):
    institution: Ref("institution") = Field(description="institution id")
    side: Ref("side") = Field(description="side id")


class BodyShare(Compare):
    body: Ref("body") = Field(description="body id")


class MajorityTest(Strict):
    body: Ref("body") = Field(description="body id")
    side: Ref("side") = Field(description="side id")


class SideCompare(Compare):
    side: Ref("side") = Field(description="side id")


class Condition(_OneKey):
    """Exactly one key: the kind of test."""

    kind_name: ClassVar[str] = "a condition"
    all: list["Condition"] | None = Field(None, max_length=50, description="all of these hold")
    any: list["Condition"] | None = Field(None, max_length=50, description="at least one holds")
    not_: "Condition | None" = Field(None, alias="not", description="this does not hold")
    flag: Ref("flag") | None = Field(None, description="a flag is set")
    passed: Ref("motion") | None = Field(None, description="a motion has passed")
    failed: Ref("motion") | None = Field(None, description="a motion has been defeated")
    called: Ref("motion") | None = Field(None, description="a motion has been put to a vote at least once")
    fired: Ref("event") | None = Field(None, description="an event has fired")
    date_from: Date | None = Field(None, description="today is on or after this date")
    date_to: Date | None = Field(None, description="today is on or before this date")
    stance: StanceTest | None = Field(None, description="a stance (a group's mean) is above/below")
    member: MemberTest | None = Field(None, description="an actor holds a membership")
    backing: BackingTest | None = Field(None, description="an institution backs a side above/below a level")
    convened: Ref("body") | None = Field(None, description="a body is convened")
    sitting: Ref("body") | None = Field(None, description="a body sits today")
    present: BodyShare | None = Field(None, description="share of a body's voters in the capital")
    majority: MajorityTest | None = Field(None, description="most of a body's voters lean to a side")
    signatures: Compare | None = Field(None, description="signatures on the demand to convene a body")
    legitimacy: SideCompare | None = Field(None, description="a side's legitimacy")
    chance: Unit | None = Field(None, description="true with this probability (seeded)")

    model_config = ConfigDict(**STRICT, populate_by_name=True)

    def to_engine(self) -> dict[str, Any]:
        return _engine_condition(self.model_dump(by_alias=True, exclude_none=True))


def _engine_condition(data: dict) -> dict:
    ((k, v),) = data.items()
    if k in ("all", "any"):
        return {k: [_engine_condition(c) for c in v]}
    if k == "not":
        return {k: _engine_condition(v)}
    return {k: v}


# ---------------------------------------------------------------- effects
class StanceChange(Selection):
    add: Signed | None = Field(None, description="add this to each stance")
    set: Signed | None = Field(None, description="set each stance to this")
    toward: Ref("side") | None = Field(None, description="move toward this side by 'by'")
    by: Unit | None = Field(None, description="how far to move toward the side (with 'toward'); default 0.1")


class MembershipChange(Strict):
    actor: Ref("actor") = Field(description="the actor")
    body: Literal["presidium", "cc"] = Field(description="presidium or cc")
    level: Level = Field(description="none, candidate or full")


class SecretariatChange(Strict):
    actor: Ref("actor") = Field(description="the actor")
    member: bool = Field(description="true adds him to the Secretariat, false drops him")


class SideAmount(Strict):
    side: Ref("side") = Field(description="side id")
    add: Annotated[float, Field(ge=-10, le=10)] = Field(description="amount to add (legitimacy is kept in 0..1, capital in 0..capital_cap)")


class Reveal(Selection):
    side: Ref("side") = Field(description="the side that learns the selected stances")


class Arrive(Selection):
    count: Annotated[int, Field(ge=0, le=10000)] | None = Field(None, description="at most this many (default: all of them)")


class Sign(Selection):
    share: Unit = Field(1.0, description="share of those present and unsigned who sign")


class ChairChange(Strict):
    body: Ref("body") = Field(description="body id")
    actor: Ref("actor") = Field(description="the new chair")


class Appoint(Strict):
    post: Ref("post") = Field(description="post id")
    actor: Ref("actor") | None = Field(None, description="its new holder (leave out: the post falls vacant)")


class Effect(_OneKey):
    """Exactly one key: the kind of change."""

    kind_name: ClassVar[str] = "an effect"
    stance: StanceChange | None = Field(None, description="change stances of a selection")
    flag: Annotated[Id, Mark("flag", defines=True)] | None = Field(None, description="set a flag")
    unflag: Ref("flag") | None = Field(None, description="clear a flag")
    membership: MembershipChange | None = Field(None, description="change a Presidium or CC membership")
    secretariat: SecretariatChange | None = Field(None, description="add to or drop from the Secretariat")
    legitimacy: SideAmount | None = Field(None, description="change a side's legitimacy")
    capital: SideAmount | None = Field(None, description="change a side's political capital")
    reveal: Reveal | None = Field(None, description="a side learns where a selection stands")
    summon: Selection | None = Field(None, description="those of a selection who are away set off for the capital")
    arrive: Arrive | None = Field(None, description="those of a selection who are away arrive in the capital at once")
    sign: Sign | None = Field(None, description="those of a selection present in the capital sign the demand")
    convene: Ref("body") | None = Field(None, description="convene a body (it opens after its gathering_days)")
    chair: ChairChange | None = Field(None, description="change who chairs a body")
    appoint: Appoint | None = Field(None, description="give a post to an actor, or leave it vacant")
    end: Ref("outcome") | None = Field(None, description="end the game with this outcome id")
    message: Text | None = Field(None, description="a line for the game's log")

    def to_engine(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


# ---------------------------------------------------------------- the records, generated from the spec
SPEC_OF: dict[type[BaseModel], type] = {}     # each generated model -> the spec dataclass it was made from


class _List:
    """``tuple[X, ...]`` in a spec annotation is a list of X in the file."""

    def __class_getitem__(cls, args: Any) -> Any:
        return list[args[0] if isinstance(args, tuple) else args]


class _Ref:
    def __class_getitem__(cls, kind: str) -> Any:
        return Ref(kind)


_NAMES = {"str": Text, "Id": Id, "Date": Date, "Selector": Selector, "ActionKind": ActionKind, "Ref": _Ref,
          "tuple": _List, "Condition": Condition, "Effect": Effect}


def _without_none(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp):
        rest = [a for a in typing.get_args(tp) if a is not type(None)]
        return (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]), True
    return tp, False


def _numbers(tp: Any, limit: Any) -> Any:
    """``tp`` with its numbers (or those of its list or table values) kept within ``limit``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp in (int, float):
        return Annotated[tp, limit]
    if origin is list:
        return list[_numbers(args[0], limit)]
    if origin is dict:
        return dict[args[0], _numbers(args[1], limit)]
    return tp


def _field_type(f: dataclasses.Field) -> Any:
    """A spec field's type in the file: its annotation read with the format's names, bounded by its metadata."""
    names = {**vars(spec), **_NAMES, **{cls.__name__: model for model, cls in SPEC_OF.items()}}
    tp, optional = _without_none(eval(f.type, names))     # the annotation text of our own spec module
    lo, hi = f.metadata["range"]
    if lo is not None or hi is not None:
        tp = _numbers(tp, Field(ge=lo, le=hi))
    n = f.metadata["n"]
    if n is not None:
        least, most = n if isinstance(n, tuple) else (None, n)
        tp = Annotated[tp, Field(min_length=least, max_length=most)]
    return tp | None if optional else tp


def _default(f: dataclasses.Field) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return {"default_factory": f.default_factory}
    if f.default is dataclasses.MISSING:
        return {}
    if f.default == ():
        return {"default_factory": list}
    if dataclasses.is_dataclass(f.default):
        model = next(m for m, cls in SPEC_OF.items() if cls is type(f.default))
        return {"default": model(**dataclasses.asdict(f.default))}
    return {"default": f.default}


class _Record(Strict):
    @model_validator(mode="after")
    def _placeholders(self):
        """A piece of prose may use only the placeholders the engine fills in (``fills``)."""
        for f in _FILLS.get(type(self), ()):
            allowed, value = set(f.metadata["fills"]), getattr(self, f.name)
            try:
                used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
            except ValueError as exc:
                raise ValueError(f"{f.name}: {exc} (write {{{{ and }}}} for a literal brace)") from None
            if used - allowed:
                raise ValueError(f"{f.name} may use only {', '.join('{' + a + '}' for a in sorted(allowed)) or 'no'} "
                                 f"placeholders, not {', '.join('{' + u + '}' for u in sorted(used - allowed))}")
        return self


_FILLS: dict[type, list[dataclasses.Field]] = {}


def _fields(cls: type, only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The pydantic fields of a spec dataclass (or ``only`` some of its fields), in its order."""
    fields = [f for f in dataclasses.fields(cls) if only is None or f.name in only]
    for f in fields:
        if "doc" not in f.metadata:
            raise TypeError(f"spec.{cls.__name__}.{f.name}: declare it with _f(default, doc, ...) so that the "
                            "scenario format can check and document it")
    return {f.name: (_field_type(f), Field(description=f.metadata["doc"], **_default(f))) for f in fields}


def record_model(cls: type, name: str, only: tuple[str, ...] | None = None) -> type[BaseModel]:
    """The model of one table of the file, generated from a spec dataclass (or ``only`` some of its fields)."""
    model = create_model(name, __base__=_Record, **_fields(cls, only))
    SPEC_OF[model] = cls
    _FILLS[model] = [f for f in dataclasses.fields(cls) if "fills" in f.metadata and f.name in model.model_fields]
    return model


DistributionModel = record_model(spec.Distribution, "DistributionModel")
LooksModel = record_model(spec.Looks, "LooksModel")
ChoiceModel = record_model(spec.Choice, "ChoiceModel")
(SideModel, ActorModel, BlocModel, InstitutionModel, BodyModel, MotionModel, PostModel, DayModel, EventModel,
 CompromiseModel, OutcomeModel, HistoricalStepModel, ModelWeightsModel, WordsModel, RulesModel) = (
    record_model(cls, name) for cls, name in (
        (spec.Side, "SideModel"), (spec.Actor, "ActorModel"), (spec.Bloc, "BlocModel"),
        (spec.Institution, "InstitutionModel"), (spec.Body, "BodyModel"), (spec.Motion, "MotionModel"),
        (spec.Post, "PostModel"), (spec.Day, "DayModel"), (spec.EventSpec, "EventModel"),
        (spec.Compromise, "CompromiseModel"), (spec.OutcomeSpec, "OutcomeModel"),
        (spec.HistoricalStep, "HistoricalStepModel"), (spec.ModelWeights, "ModelWeightsModel"),
        (spec.Words, "WordsModel"), (spec.Rules, "RulesModel")))
INFO_FIELDS = ("id", "title", "title_ru", "year", "summary", "briefing", "aliases", "flags", "art")
ScenarioInfo = record_model(spec.Scenario, "ScenarioInfo", INFO_FIELDS)


# ---------------------------------------------------------------- the file
_TABLES = ("sides", "actors", "blocs", "institutions", "bodies", "motions", "posts", "calendar", "events",
           "compromises", "outcomes")
HistoricalModel = create_model("HistoricalModel", __base__=Strict, **dict(zip(
    ("steps", "choices"), _fields(spec.Scenario, ("historical", "historical_choices")).values())))
ScenarioFile = create_model(
    "ScenarioFile", __base__=Strict, __doc__="A whole scenario file.",
    extends=(str | None, Field(None, description="a scenario to start from; this file overrides it")),
    scenario=(ScenarioInfo, Field(description="the scenario's identity and briefing")),
    **_fields(spec.Scenario, _TABLES),
    historical=(HistoricalModel, Field(HistoricalModel(), description="the historical policy: steps and choices")),
    **_fields(spec.Scenario, ("model", "rules", "words")))
