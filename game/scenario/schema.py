"""The scenario file format, as pydantic models: types, ranges, defaults, docs.

These models validate a scenario's TOML and generate its JSON Schema
(``python main.py schema``). ``loader.py`` turns a validated file into the
engine's frozen :class:`game.engine.spec.Scenario`.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, model_validator

from ..engine.actions import DEFAULT_COSTS
from ..engine.spec import ModelWeights, Words

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=64,
                          description="lower-case identifier: letters, digits, underscores")]


def _real_date(value: str) -> str:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date on the calendar (is the month 01-12, "
                         "and does the month have that day?)") from None
    return value


Date = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="ISO date, YYYY-MM-DD"),
                 AfterValidator(_real_date)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
Text = Annotated[str, Field(max_length=4000)]
Level = Literal["none", "candidate", "full"]
PowerBase = Literal["apparatus", "state", "army", "security"]
Selector = Annotated[str, Field(
    pattern=r"^(all|secretariat|(presidium|cc)(:(full|candidate))?)(\+(all|secretariat|(presidium|cc)(:(full|candidate))?))*$",
    description="membership selector: presidium, presidium:full, cc:candidate, secretariat, all; join with +")]


# Every model is strict: no key the format does not define, no coercion (``year = "1957"``,
# ``stance = true`` and ``days_away = 2.0`` are refused; an integer is still a number where a float
# is expected) and no NaN or infinity anywhere.
STRICT = dict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)
# The action kinds, read from the engine: the only keys [rules] costs may set.
ActionKind = Literal[tuple(DEFAULT_COSTS)]
FateKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_:]*$", max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(**STRICT)


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
    actor: Id = Field(description="the actor")
    body: Literal["presidium", "cc", "secretariat"] = Field(description="which membership: presidium, cc or secretariat")
    level: Level = Field("full", description="full or candidate (none: holds no such membership)")


class BackingTest(Compare):
    institution: Id = Field(description="institution id")
    side: Id = Field(description="side id")


class BodyShare(Compare):
    body: Id = Field(description="body id")


class MajorityTest(Strict):
    body: Id = Field(description="body id")
    side: Id = Field(description="side id")


class SideCompare(Compare):
    side: Id = Field(description="side id")


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

    model_config = ConfigDict(**STRICT, populate_by_name=True)

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
    by: Unit | None = Field(None, description="how far to move toward the side (with 'toward'); default 0.1")


class MembershipChange(Strict):
    actor: Id = Field(description="the actor")
    body: Literal["presidium", "cc"] = Field(description="presidium or cc")
    level: Level = Field(description="none, candidate or full")


class SecretariatChange(Strict):
    actor: Id = Field(description="the actor")
    member: bool = Field(description="true adds him to the Secretariat, false drops him")


class SideAmount(Strict):
    side: Id = Field(description="side id")
    add: Annotated[float, Field(ge=-10, le=10)] = Field(description="amount to add (legitimacy is kept in 0..1, capital in 0..capital_cap)")


class Reveal(Selection):
    side: Id = Field(description="the side that learns the selected stances")


class Arrive(Selection):
    count: Annotated[int, Field(ge=0, le=10000)] | None = Field(None, description="at most this many (default: all of them)")


class Sign(Selection):
    share: Unit = Field(1.0, description="share of those present and unsigned who sign")


class ChairChange(Strict):
    body: Id = Field(description="body id")
    actor: Id = Field(description="the new chair")


class Effect(Strict):
    """Exactly one key: the kind of change."""

    stance: StanceChange | None = Field(None, description="change stances of a selection")
    flag: Id | None = Field(None, description="set a flag")
    unflag: Id | None = Field(None, description="clear a flag")
    membership: MembershipChange | None = Field(None, description="change a Presidium or CC membership")
    secretariat: SecretariatChange | None = Field(None, description="add to or drop from the Secretariat")
    legitimacy: SideAmount | None = Field(None, description="change a side's legitimacy")
    capital: SideAmount | None = Field(None, description="change a side's political capital")
    reveal: Reveal | None = Field(None, description="a side learns where a selection stands")
    summon: Selection | None = Field(None, description="those of a selection who are away set off for Moscow")
    arrive: Arrive | None = Field(None, description="those of a selection who are away arrive in Moscow at once")
    sign: Sign | None = Field(None, description="those of a selection present in Moscow sign the demand for a plenum")
    convene: Id | None = Field(None, description="convene a body (it opens after its gathering_days)")
    chair: ChairChange | None = Field(None, description="change who chairs a body")
    end: Id | None = Field(None, description="end the game with this outcome id")
    message: Text | None = Field(None, description="a line for the game's log")

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
    id: Id = Field(description="unique scenario id (also the name used by load_scenario and the CLI)")
    title: Text = Field(description="the title shown in menus")
    title_ru: Text = Field("", description="the title in Russian")
    year: Annotated[int, Field(ge=1900, le=2100)] = Field(description="the year of the crisis")
    summary: Text = Field(description="one or two sentences for the scenario list")
    briefing: list[Text] = Field(default_factory=list, max_length=20, description="paragraphs shown before play")
    aliases: list[Id] = Field(default_factory=list, max_length=20, description="other names the scenario can be loaded by; must be unique across scenarios")
    flags: list[Id] = Field(default_factory=list, max_length=100, description="flags set at the start")


class SideModel(Strict):
    id: Id = Field(description="side id; the first side listed is +1 on every stance, the second -1")
    name: Text = Field(description="the side's name as shown to players")
    leader: Id = Field(description="the actor who leads this side")
    goal: Text = Field(description="what the side wants, in a sentence")
    how_to_win: Text = Field("", description="advice shown to a player of this side")
    base_capital: Annotated[int, Field(ge=0, le=20)] = Field(2, description="political capital gained every day before power bases are counted")
    legitimacy: Unit = Field(0.5, description="standing at the start, 0..1: helps motions favouring the side, needed for force")


class ActorModel(Strict):
    id: Id = Field(description="actor id, unique among actors and blocs")
    name: Text = Field(description="name in English")
    name_ru: Text = Field("", description="name in Russian")
    offices: list[Text] = Field(default_factory=list, max_length=20, description="offices held, for display")
    presidium: Level = Field("none", description="Presidium membership: none, candidate or full")
    secretariat: bool = Field(False, description="a Secretary of the Central Committee")
    cc: Level = Field("none", description="Central Committee membership: none, candidate or full")
    stance: Signed = Field(0.0, description="+1 backs the first side, -1 the second")
    conviction: Unit = Field(0.5, description="how hard he is to move")
    ambition: Unit = Field(0.5, description="pull of offered posts")
    caution: Unit = Field(0.5, description="pull of the likely winner (bandwagon) and of fear")
    ideology: Signed = Field(0.0, description="-1 Stalinist .. +1 reformer")
    complicity: Unit = Field(0.0, description="exposure to revelations about the purges")
    power: dict[PowerBase, Unit] = Field(default_factory=dict, description="weight in each power base")
    patron: Id | None = Field(None, description="actor whose stance pulls his")
    cohesion: Unit = Field(0.5, description="how strongly he follows his patron")
    days_away: Annotated[int, Field(ge=0, le=30)] = Field(0, description="days from Moscow at the start")
    returning: bool = Field(True, description="if away, already on his way back")
    bio: Text = Field("", description="a short historical biography")
    portrait: Annotated[str, Field(max_length=200)] | None = Field(None, description="image file, relative to the scenario's folder; must stay inside it or assets/")
    belief: dict[Id, Signed] = Field(default_factory=dict, description="side id -> what it believes his stance is")
    uncertainty: Annotated[float, Field(ge=0.0, le=1.0)] = Field(0.3, description="how blurred other sides' estimates of his stance are (sd)")
    fates: dict[FateKey, Text] = Field(default_factory=dict, description="outcome id or side id (or 'default') -> fate")


class DistributionModel(Strict):
    mean: float = Field(description="mean of the normal distribution members are drawn from")
    sd: Annotated[float, Field(ge=0.0, le=1.0)] = Field(0.0, description="standard deviation (0: every member gets the mean)")


class BlocModel(Strict):
    id: Id = Field(description="bloc id, unique among actors and blocs")
    name: Text = Field(description="name shown to players")
    description: Text = Field("", description="who they are")
    full: Annotated[int, Field(ge=0, le=1000)] = Field(description="number of full CC members in the bloc")
    candidate: Annotated[int, Field(ge=0, le=1000)] = Field(0, description="number of candidate CC members in the bloc")
    stance: DistributionModel = Field(description="stance of members (drawn per member)")
    conviction: DistributionModel = Field(DistributionModel(mean=0.4, sd=0.1), description="conviction of members")
    caution: DistributionModel = Field(DistributionModel(mean=0.6, sd=0.15), description="caution of members")
    ambition: DistributionModel = Field(DistributionModel(mean=0.5, sd=0.15), description="ambition of members")
    ideology: DistributionModel = Field(DistributionModel(mean=0.0, sd=0.3), description="ideology of members")
    complicity: DistributionModel = Field(DistributionModel(mean=0.1, sd=0.1), description="complicity of members")
    patron: Id | None = Field(None, description="actor whose stance pulls the bloc")
    cohesion: Unit = Field(0.5, description="how strongly members follow the patron")
    in_moscow: Unit = Field(0.3, description="share of members in Moscow at the start")
    travel_days: Annotated[int, Field(ge=0, le=30)] = Field(2, description="days a member away needs to reach Moscow by train")
    power: PowerBase = Field("apparatus", description="the power base the bloc belongs to")
    uncertainty: Unit = Field(0.35, description="how blurred sides' estimates of members' stances are (sd, at least the stance sd)")


class InstitutionModel(Strict):
    id: Id = Field(description="institution id")
    name: Text = Field(description="name shown to players")
    description: Text = Field("", description="what it is")
    commander: Id = Field(description="actor whose stance decides whom it backs")
    power_base: PowerBase = Field(description="the power base it belongs to")
    strength: Unit = Field(1.0, description="weight of its backing in force and fear")
    airlift: Annotated[int, Field(ge=0, le=1000)] = Field(0, description="CC members its aircraft can fly to Moscow in a day at full backing (shared by the day's airlifts)")
    guard: bool = Field(False, description="it guards the building where the leadership meets (weighs on force's odds)")
    intelligence: Unit = Field(0.0, description="bonus to the odds of gathering intelligence for the side it backs")


class BodyModel(Strict):
    id: Id = Field(description="body id")
    name: Text = Field(description="name shown to players")
    description: Text = Field("", description="what it is")
    voters: Selector = Field(description="who votes: a membership selector")
    speakers: Selector | Literal[""] = Field("", description="who may speak but not vote: a selector, or empty")
    quorum: Unit = Field(0.5, description="share of voters who must be in Moscow for a vote")
    majority: Unit = Field(0.5, description="yes votes must exceed this share of the base (majority_of)")
    majority_of: Literal["present", "cast", "members"] = Field("present", description="the base of the majority: voters present, votes cast, or all members")
    chair: Id | None = Field(None, description="actor who chairs it at the start (weighs on adjournments)")
    convened: bool = Field(True, description="sits from the start; otherwise it must be convened")
    demand_signatures: Annotated[int, Field(ge=0, le=10000)] = Field(
        0, description="signatures of CC members present in Moscow that force this body to convene (0: none)")
    demand_motion: Id | None = Field(
        None, description="motion a met demand puts before its body at every sitting until it passes; "
                          "without one, the demand convenes this body at once")
    gathering_days: Annotated[int, Field(ge=0, le=30)] = Field(1, description="calendar turns between being convened and its first sitting")
    tie: Literal["fails", "passes", "chair"] = Field(
        "fails", description="a vote whose yes votes exactly reach the majority: fails, passes, or the chair's "
                             "ballot decides (fails if he did not vote yes)")


class MotionModel(Strict):
    id: Id = Field(description="motion id")
    body: Id = Field(description="body that votes on it")
    name: Text = Field(description="name shown to players")
    text: Text = Field("", description="the motion's wording or context")
    favours: Id = Field(description="side a yes vote helps")
    ideology: Signed = Field(0.0, description="ideological colour: members whose ideology matches it lean yes")
    legitimacy: Signed = Field(0.0, description="how far it follows party rules (adds to every member's inclination to yes)")
    proposers: list[Id] = Field(default_factory=list, description="sides that may call it (empty: either)")
    requires: Condition | None = Field(None, description="condition that must hold to call it")
    on_pass: list[Effect] = Field(default_factory=list, max_length=100, description="effects when it passes")
    on_fail: list[Effect] = Field(default_factory=list, max_length=100, description="effects when it is defeated")
    on_tie: list[Effect] = Field(default_factory=list, max_length=100,
                                 description="effects after on_pass/on_fail when the vote was a tie, e.g. refer it "
                                             "to a plenum")
    repeatable: bool = Field(False, description="may be called again on a later day after a defeat")
    decisive: bool = Field(False, description="its votes are shown as the decisive votes of the outcome")


class PostModel(Strict):
    id: Id = Field(description="post id")
    name: Text = Field(description="name shown to players (\"the premiership\")")
    value: Unit = Field(0.5, description="how tempting it is, 0..1 (scales a promise's pull)")


class DayModel(Strict):
    date: Date = Field(description="the date of this turn")
    label: Text = Field(description="label shown to players")
    sittings: list[Id] = Field(default_factory=list, description="bodies scheduled to sit this day (a body never listed on any day sits every day once convened)")
    note: Text = Field("", description="a line shown at the start of the day")


class ChoiceModel(Strict):
    id: Id = Field(description="choice id (used by historical.choices)")
    label: Text = Field(description="button label")
    text: Text = Field("", description="what choosing it means")
    effects: list[Effect] = Field(default_factory=list, max_length=100, description="effects when chosen")


class EventModel(Strict):
    id: Id = Field(description="event id")
    title: Text = Field(description="title shown to players")
    text: Text = Field(description="what happens")
    history: Text = Field("", description="what the record says (shown in the encyclopedia)")
    when: Condition | None = Field(None, description="trigger: checked at the start of each day and after each decision")
    chance: Unit = Field(1.0, description="probability it fires on a day its trigger holds")
    once: bool = Field(True, description="fires at most once (otherwise at most once a day)")
    effects: list[Effect] = Field(default_factory=list, max_length=100, description="effects when it fires")
    audience: Id | None = Field(
        None, description="a side id: only that side learns of the event (a secret); empty: everyone")
    chooser: Id | None = Field(None, description="side that must choose (required with choices)")
    choices: list[ChoiceModel] = Field(default_factory=list, max_length=10, description="options offered to the chooser")

    @model_validator(mode="after")
    def _chooser(self):
        if self.choices and not self.chooser:
            raise ValueError("an event with choices needs a 'chooser' side")
        return self


class CompromiseModel(Strict):
    id: Id = Field(description="compromise id")
    by: Id = Field(description="side that may offer it")
    name: Text = Field(description="its terms in a line")
    text: Text = Field(description="its terms in full")
    winner: Id | None = Field(None, description="side that wins if accepted (none: a draw)")
    degree: Literal["decisive", "clear", "narrow", "pyrrhic"] = Field("narrow", description="degree of victory if accepted")
    requires: Condition | None = Field(None, description="condition that must hold to offer it")


class OutcomeModel(Strict):
    id: Id = Field(description="outcome id (also a key for actors' fates)")
    title: Text = Field(description="title shown to players")
    text: Text = Field(description="what it means")
    winner: Id | None = Field(None, description="side that wins (none: a draw)")
    degree: Literal["decisive", "clear", "narrow", "pyrrhic"] = Field(description="decisive, clear, narrow or pyrrhic")
    when: Condition | None = Field(None, description="condition; outcomes are checked in order at the end of every day")
    at_end: bool = Field(False, description="checked only when the calendar runs out")
    by_event: bool = Field(False, description="reached only through an event's 'end' effect")


class HistoricalStepModel(Strict):
    side: Id = Field(description="side that takes it")
    date: Date = Field(description="the earliest day it is taken")
    action: dict[Id, Id] = Field(max_length=8, description="the action as JSON: kind plus its targets (ids)")
    note: Text = Field("", description="what happened (for readers)")


def _weights_model() -> type[BaseModel]:
    """The [model] table, generated from the engine's ModelWeights so each weight is defined once."""
    fields = {}
    for f in dataclasses.fields(ModelWeights):
        lo, hi = f.metadata["range"]
        fields[f.name] = (float, Field(f.default, ge=lo, le=hi, description=f.metadata["doc"]))
    return create_model("ModelWeightsModel", __base__=Strict, **fields)


ModelWeightsModel = _weights_model()


_PLACEHOLDERS = {"force_won_title": {"side", "other"}, "force_won": {"side", "other"},
                 "force_failed_title": {"side", "other"}, "force_failed": {"side", "other"},
                 "fate_with_winner": {"winner"}, "fate_against_winner": {"winner"}}


class _WordsBase(Strict):
    @model_validator(mode="after")
    def _placeholders(self):
        import string
        for name in type(self).model_fields:
            allowed = _PLACEHOLDERS.get(name, set())
            try:
                used = {field for _, field, _, _ in string.Formatter().parse(getattr(self, name)) if field is not None}
            except ValueError as exc:
                raise ValueError(f"{name}: {exc} (write {{{{ and }}}} for a literal brace)") from None
            if used - allowed:
                raise ValueError(f"{name} may use only {', '.join('{' + a + '}' for a in sorted(allowed)) or 'no'} "
                                 f"placeholders, not {', '.join('{' + u + '}' for u in sorted(used - allowed))}")
        return self


def _words_model() -> type[BaseModel]:
    """The [words] table, generated from the engine's Words so each piece of prose is defined once."""
    fields = {f.name: (Annotated[str, Field(min_length=1, max_length=600)], Field(f.default, description=f.metadata["doc"]))
              for f in dataclasses.fields(Words)}
    return create_model("WordsModel", __base__=_WordsBase, **fields)


WordsModel = _words_model()


class RulesModel(Strict):
    rounds_per_turn: Annotated[int, Field(ge=1, le=10)] = Field(2, description="action rounds per side each day")
    first_to_move: Id | None = Field(None, description="side that acts first each day (default: the first side)")
    capital_cap: Annotated[int, Field(ge=1, le=100)] = Field(8, description="most political capital a side can hold")
    power_values: dict[PowerBase, Annotated[float, Field(ge=0, le=10)]] = Field(default_factory=dict, description="capital per day from fully controlling each power base")
    costs: dict[ActionKind, Annotated[int, Field(ge=0, le=20)]] = Field(default_factory=dict, description="action kind -> capital cost, overriding the defaults")


class HistoricalModel(Strict):
    steps: list[HistoricalStepModel] = Field(default_factory=list, max_length=500, description="the real actors' moves, in order")
    choices: dict[Id, Id] = Field(default_factory=dict, description="event id -> choice id")


class ScenarioFile(Strict):
    """A whole scenario file."""

    extends: str | None = Field(None, description="a scenario to start from; this file overrides it")
    scenario: ScenarioInfo = Field(description="the scenario's identity and briefing")
    sides: list[SideModel] = Field(min_length=2, max_length=2, description="the two sides: first +1, second -1")
    actors: list[ActorModel] = Field(min_length=2, max_length=200, description="named people")
    blocs: list[BlocModel] = Field(default_factory=list, max_length=50, description="Central Committee members generated in groups")
    institutions: list[InstitutionModel] = Field(default_factory=list, max_length=10, description="the army, the police: backing, aircraft, force")
    bodies: list[BodyModel] = Field(min_length=1, max_length=10, description="voting bodies")
    motions: list[MotionModel] = Field(min_length=1, max_length=100, description="what the bodies may vote on")
    posts: list[PostModel] = Field(default_factory=list, max_length=20, description="posts a side may promise")
    calendar: list[DayModel] = Field(min_length=1, max_length=60, description="one entry per turn (a day)")
    events: list[EventModel] = Field(default_factory=list, max_length=200, description="triggered events")
    compromises: list[CompromiseModel] = Field(default_factory=list, max_length=20, description="terms a side may offer")
    outcomes: list[OutcomeModel] = Field(min_length=1, max_length=50, description="how the game can end")
    historical: HistoricalModel = Field(HistoricalModel(), description="the historical policy")
    model: ModelWeightsModel = Field(ModelWeightsModel(), description="the vote and action model's weights")
    rules: RulesModel = Field(RulesModel(), description="turn structure and costs")
    words: WordsModel = Field(WordsModel(), description="the prose the rules write: force outcomes, derived fates, "
                              "names of membership selectors ({side}, {other}, {winner} are filled in)")
