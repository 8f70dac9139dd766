"""The scenario file format, as pydantic models: types, ranges, defaults, docs.

These models validate a scenario's TOML and generate its JSON Schema
(``python main.py schema``). ``loader.py`` turns a validated file into the
engine's frozen :class:`game.engine.spec.Scenario`.
"""

from __future__ import annotations

import dataclasses

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from ..engine.spec import ModelWeights

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=64,
                          description="lower-case identifier: letters, digits, underscores")]
Date = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="ISO date, YYYY-MM-DD")]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
Text = Annotated[str, Field(max_length=4000)]
Level = Literal["none", "candidate", "full"]
PowerBase = Literal["apparatus", "state", "army", "security"]
Selector = Annotated[str, Field(
    pattern=r"^(all|secretariat|(presidium|cc)(:(full|candidate))?)(\+(all|secretariat|(presidium|cc)(:(full|candidate))?))*$",
    description="membership selector: presidium, presidium:full, cc:candidate, secretariat, all; join with +")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- triggers
class Compare(Strict):
    above: float | None = Field(None, description="true if the value is greater than this")
    below: float | None = Field(None, description="true if the value is less than this")


class Selection(Strict):
    actor: Id | None = Field(None, description="one named actor")
    actors: list[Id] | None = Field(None, max_length=200, description="several named actors")
    bloc: Id | None = Field(None, description="every member of a CC bloc")
    members: Selector | None = Field(None, description="everyone holding a membership")

    @model_validator(mode="after")
    def _one(self):
        if sum(v is not None for v in (self.actor, self.actors, self.bloc, self.members)) != 1:
            raise ValueError("name exactly one of actor, actors, bloc, members")
        return self


class StanceTest(Selection, Compare):
    pass


class MemberTest(Strict):
    actor: Id
    body: Literal["presidium", "cc", "secretariat"]
    level: Level = "full"


class BackingTest(Compare):
    institution: Id
    side: Id


class BodyShare(Compare):
    body: Id


class MajorityTest(Strict):
    body: Id
    side: Id


class SideCompare(Compare):
    side: Id


class Condition(Strict):
    """Exactly one key: the kind of test."""

    all: list["Condition"] | None = Field(None, max_length=50, description="all of these hold")
    any: list["Condition"] | None = Field(None, max_length=50, description="at least one holds")
    not_: "Condition | None" = Field(None, alias="not", description="this does not hold")
    flag: Id | None = Field(None, description="a flag is set")
    passed: Id | None = Field(None, description="a motion has passed")
    failed: Id | None = Field(None, description="a motion has been defeated")
    called: Id | None = Field(None, description="a motion has been put to a vote at least once")
    fired: Id | None = Field(None, description="an event has fired")
    date_from: Date | None = Field(None, description="today is on or after this date")
    date_to: Date | None = Field(None, description="today is on or before this date")
    stance: StanceTest | None = Field(None, description="a stance (a group's mean) is above/below")
    member: MemberTest | None = Field(None, description="an actor holds a membership")
    backing: BackingTest | None = Field(None, description="an institution backs a side above/below a level")
    convened: Id | None = Field(None, description="a body is convened")
    sitting: Id | None = Field(None, description="a body sits today")
    present: BodyShare | None = Field(None, description="share of a body's voters in Moscow")
    majority: MajorityTest | None = Field(None, description="most of a body's voters lean to a side")
    signatures: Compare | None = Field(None, description="signatures on the demand for a plenum")
    legitimacy: SideCompare | None = Field(None, description="a side's legitimacy")
    chance: Unit | None = Field(None, description="true with this probability (seeded)")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one(self):
        set_keys = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(set_keys) != 1:
            raise ValueError(f"a condition has exactly one key, found {len(set_keys)}: {set_keys}")
        return self

    def to_engine(self) -> dict[str, Any]:
        data = self.model_dump(by_alias=True, exclude_none=True)
        return _engine_condition(data)


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
    toward: Id | None = Field(None, description="move toward this side by 'by'")
    by: Unit | None = None


class MembershipChange(Strict):
    actor: Id
    body: Literal["presidium", "cc"]
    level: Level


class SecretariatChange(Strict):
    actor: Id
    member: bool


class SideAmount(Strict):
    side: Id
    add: Annotated[float, Field(ge=-10, le=10)]


class Reveal(Selection):
    side: Id


class Arrive(Selection):
    count: Annotated[int, Field(ge=0, le=10000)] | None = None


class Sign(Selection):
    share: Unit = 1.0


class ChairChange(Strict):
    body: Id
    actor: Id


class Effect(Strict):
    """Exactly one key: the kind of change."""

    stance: StanceChange | None = None
    flag: Id | None = None
    unflag: Id | None = None
    membership: MembershipChange | None = None
    secretariat: SecretariatChange | None = None
    legitimacy: SideAmount | None = None
    capital: SideAmount | None = None
    reveal: Reveal | None = None
    summon: Selection | None = None
    arrive: Arrive | None = None
    sign: Sign | None = None
    convene: Id | None = None
    chair: ChairChange | None = None
    end: Id | None = Field(None, description="end the game with this outcome id")
    message: Text | None = None

    @model_validator(mode="after")
    def _one(self):
        set_keys = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(set_keys) != 1:
            raise ValueError(f"an effect has exactly one key, found {len(set_keys)}: {set_keys}")
        return self

    def to_engine(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


# ---------------------------------------------------------------- the file
class ScenarioInfo(Strict):
    id: Id
    title: Text
    title_ru: Text = ""
    year: Annotated[int, Field(ge=1900, le=2100)]
    summary: Text
    briefing: list[Text] = Field(default_factory=list, max_length=20, description="paragraphs shown before play")
    aliases: list[Id] = Field(default_factory=list, max_length=20)
    flags: list[Id] = Field(default_factory=list, max_length=100, description="flags set at the start")


class SideModel(Strict):
    id: Id
    name: Text
    leader: Id = Field(description="the actor who leads this side")
    goal: Text
    how_to_win: Text = ""
    base_capital: Annotated[int, Field(ge=0, le=20)] = 2
    legitimacy: Unit = 0.5


class ActorModel(Strict):
    id: Id
    name: Text
    name_ru: Text = ""
    offices: list[Text] = Field(default_factory=list, max_length=20)
    presidium: Level = "none"
    secretariat: bool = False
    cc: Level = "none"
    stance: Signed = Field(0.0, description="+1 backs the first side, -1 the second")
    conviction: Unit = Field(0.5, description="how hard he is to move")
    ambition: Unit = Field(0.5, description="pull of offered posts")
    caution: Unit = Field(0.5, description="pull of the likely winner (bandwagon) and of fear")
    ideology: Signed = Field(0.0, description="-1 Stalinist .. +1 reformer")
    complicity: Unit = Field(0.0, description="exposure to revelations about the purges")
    power: dict[PowerBase, Unit] = Field(default_factory=dict, description="weight in each power base")
    patron: Id | None = None
    cohesion: Unit = Field(0.5, description="how strongly he follows his patron")
    days_away: Annotated[int, Field(ge=0, le=30)] = Field(0, description="days from Moscow at the start")
    returning: bool = Field(True, description="if away, already on his way back")
    bio: Text = ""
    portrait: Annotated[str, Field(max_length=200)] | None = None
    belief: dict[Id, Signed] = Field(default_factory=dict, description="side id -> what it believes his stance is")
    uncertainty: Annotated[float, Field(ge=0.0, le=1.0)] = 0.3
    fates: dict[str, Text] = Field(default_factory=dict, description="outcome id or side id (or 'default') -> fate")


class DistributionModel(Strict):
    mean: float
    sd: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0


class BlocModel(Strict):
    id: Id
    name: Text
    description: Text = ""
    full: Annotated[int, Field(ge=0, le=1000)]
    candidate: Annotated[int, Field(ge=0, le=1000)] = 0
    stance: DistributionModel
    conviction: DistributionModel = DistributionModel(mean=0.4, sd=0.1)
    caution: DistributionModel = DistributionModel(mean=0.6, sd=0.15)
    ambition: DistributionModel = DistributionModel(mean=0.5, sd=0.15)
    ideology: DistributionModel = DistributionModel(mean=0.0, sd=0.3)
    complicity: DistributionModel = DistributionModel(mean=0.1, sd=0.1)
    patron: Id | None = None
    cohesion: Unit = 0.5
    in_moscow: Unit = Field(0.3, description="share of members in Moscow at the start")
    travel_days: Annotated[int, Field(ge=0, le=30)] = 2
    power: PowerBase = "apparatus"
    uncertainty: Unit = 0.35


class InstitutionModel(Strict):
    id: Id
    name: Text
    description: Text = ""
    commander: Id
    power_base: PowerBase
    strength: Unit = 1.0
    airlift: Annotated[int, Field(ge=0, le=1000)] = 0
    guard: bool = False
    intelligence: Unit = 0.0


class BodyModel(Strict):
    id: Id
    name: Text
    description: Text = ""
    voters: Selector
    speakers: Selector | Literal[""] = ""
    quorum: Unit = 0.5
    majority: Unit = 0.5
    majority_of: Literal["present", "cast", "members"] = "present"
    chair: Id | None = None
    convened: bool = True
    demand_signatures: Annotated[int, Field(ge=0, le=10000)] = Field(
        0, description="signatures of CC members present in Moscow that force this body to convene (0: none)")
    demand_motion: Id | None = Field(
        None, description="motion a met demand puts before its body at every sitting until it passes; "
                          "without one, the demand convenes this body at once")
    gathering_days: Annotated[int, Field(ge=0, le=30)] = 1


class MotionModel(Strict):
    id: Id
    body: Id
    name: Text
    text: Text = ""
    favours: Id
    ideology: Signed = 0.0
    legitimacy: Signed = 0.0
    proposers: list[Id] = Field(default_factory=list)
    requires: Condition | None = None
    on_pass: list[Effect] = Field(default_factory=list, max_length=100)
    on_fail: list[Effect] = Field(default_factory=list, max_length=100)
    repeatable: bool = False
    decisive: bool = False


class PostModel(Strict):
    id: Id
    name: Text
    value: Unit = 0.5


class DayModel(Strict):
    date: Date
    label: Text
    sittings: list[Id] = Field(default_factory=list)
    note: Text = ""


class ChoiceModel(Strict):
    id: Id
    label: Text
    text: Text = ""
    effects: list[Effect] = Field(default_factory=list, max_length=100)


class EventModel(Strict):
    id: Id
    title: Text
    text: Text
    history: Text = ""
    when: Condition | None = None
    chance: Unit = 1.0
    once: bool = True
    effects: list[Effect] = Field(default_factory=list, max_length=100)
    chooser: Id | None = None
    choices: list[ChoiceModel] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _chooser(self):
        if self.choices and not self.chooser:
            raise ValueError("an event with choices needs a 'chooser' side")
        return self


class CompromiseModel(Strict):
    id: Id
    by: Id
    name: Text
    text: Text
    winner: Id | None = None
    degree: Literal["decisive", "clear", "narrow", "pyrrhic"] = "narrow"
    requires: Condition | None = None


class OutcomeModel(Strict):
    id: Id
    title: Text
    text: Text
    winner: Id | None = None
    degree: Literal["decisive", "clear", "narrow", "pyrrhic"]
    when: Condition | None = None
    at_end: bool = Field(False, description="checked only when the calendar runs out")
    by_event: bool = Field(False, description="reached only through an event's 'end' effect")


class HistoricalStepModel(Strict):
    side: Id
    date: Date
    action: dict[str, Any] = Field(description="the action as JSON: kind plus its targets")
    note: Text = ""


def _weights_model() -> type[BaseModel]:
    """The [model] table, generated from the engine's ModelWeights so each weight is defined once."""
    fields = {}
    for f in dataclasses.fields(ModelWeights):
        lo, hi = f.metadata["range"]
        fields[f.name] = (float, Field(f.default, ge=lo, le=hi, description=f.metadata["doc"]))
    return create_model("ModelWeightsModel", __base__=Strict, **fields)


ModelWeightsModel = _weights_model()


class RulesModel(Strict):
    rounds_per_turn: Annotated[int, Field(ge=1, le=10)] = 2
    first_to_move: Id | None = None
    capital_cap: Annotated[int, Field(ge=1, le=100)] = 8
    power_values: dict[PowerBase, Annotated[float, Field(ge=0, le=10)]] = Field(default_factory=dict)
    costs: dict[str, Annotated[int, Field(ge=0, le=20)]] = Field(default_factory=dict)


class HistoricalModel(Strict):
    steps: list[HistoricalStepModel] = Field(default_factory=list, max_length=500)
    choices: dict[Id, Id] = Field(default_factory=dict, description="event id -> choice id")


class ScenarioFile(Strict):
    """A whole scenario file."""

    extends: str | None = Field(None, description="a scenario to start from; this file overrides it")
    scenario: ScenarioInfo
    sides: list[SideModel] = Field(min_length=2, max_length=2)
    actors: list[ActorModel] = Field(min_length=2, max_length=200)
    blocs: list[BlocModel] = Field(default_factory=list, max_length=50)
    institutions: list[InstitutionModel] = Field(default_factory=list, max_length=10)
    bodies: list[BodyModel] = Field(min_length=1, max_length=10)
    motions: list[MotionModel] = Field(min_length=1, max_length=100)
    posts: list[PostModel] = Field(default_factory=list, max_length=20)
    calendar: list[DayModel] = Field(min_length=1, max_length=60)
    events: list[EventModel] = Field(default_factory=list, max_length=200)
    compromises: list[CompromiseModel] = Field(default_factory=list, max_length=20)
    outcomes: list[OutcomeModel] = Field(min_length=1, max_length=50)
    historical: HistoricalModel = HistoricalModel()
    model: ModelWeightsModel = ModelWeightsModel()
    rules: RulesModel = RulesModel()
