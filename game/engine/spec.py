"""A scenario as the engine sees it: frozen, already-validated plain data.

``game.scenario`` reads TOML, validates it with pydantic and builds these.
The engine never reads files; it only receives a :class:`Scenario`.

Each field is also the scenario format's one definition: its default, what it
means, the range of its numbers and the longest list or text (``_f``); the
scenario schema (``game/scenario/schema.py``) is generated from them. In the
annotations, ``Id`` is a new identifier, ``Ref["actor"]`` the id of an actor
the scenario defines (likewise ``"side"``, ``"body"``, ...), ``Date`` a real
day inside the calendar, ``Selector`` a membership selector: all plain ``str``
to the engine, each checked by ``validate``. A new field declared here with
``_f`` is read, checked, exported (``python main.py schema``) and settable with
``--set`` without more code; add its row to scenarios/README.md (a test checks).

Conventions used throughout the model:

* **stance** lies in [-1, 1]; +1 backs the scenario's *first* side
  (the incumbent, e.g. Khrushchev), -1 backs the second (the challengers).
* **ideology** lies in [-1, 1]; -1 is Stalinist, +1 reformer.
* conviction, caution, ambition, complicity, cohesion lie in [0, 1].
* Conditions and effects are small JSON-like dicts with exactly one key
  naming their kind (see ``rules.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partialmethod
from typing import Any, Literal, get_args

Level = Literal["none", "candidate", "full"]
PowerBase = Literal["apparatus", "state", "army", "security"]
Degree = Literal["decisive", "clear", "narrow", "pyrrhic"]
POWER_BASES: tuple[str, ...] = get_args(PowerBase)
MEMBERSHIP_LEVELS: tuple[str, ...] = get_args(Level)
Id = Date = Selector = ActionKind = str
Condition = dict[str, Any]
Effect = dict[str, Any]


class Ref:
    """``Ref["actor"]``: the id of a record of that kind; a plain ``str`` to the engine."""

    def __class_getitem__(cls, kind: str) -> type:
        return str


def _f(default: Any, doc: str, lo: float | None = None, hi: float | None = None, n: int | tuple | None = None,
       **more: Any) -> Any:
    """A field of the scenario format: its default (``...``: required), what it means, the range of its
    numbers (or of the numbers in its list or table) and ``n``, the most entries of a list or table or
    characters of a text (or a (least, most) pair)."""
    meta = {"doc": doc, "range": (lo, hi), "n": n, **more}
    if default is ...:
        return field(metadata=meta)
    if isinstance(default, dict):
        return field(default_factory=dict, metadata=meta)
    return field(default=default, metadata=meta)


UNIT, SIGNED = (0.0, 1.0), (-1.0, 1.0)


def mid_sentence(text: str) -> str:
    """``text`` (a name, or a name and its verb) inside a sentence: "with the Anti-Party Group", not "with The
    Anti-Party Group"."""
    return "the " + text[4:] if text.startswith("The ") else text


@dataclass(frozen=True)
class Side:
    id: Id = _f(..., "side id; the first side listed is +1 on every stance, the second -1")
    name: str = _f(..., "the side's name as shown to players")
    leader: Ref["actor"] = _f(..., "the actor who leads this side")
    goal: str = _f(..., "what the side wants, in a sentence")
    how_to_win: str = _f("", "advice shown to a player of this side")
    base_capital: int = _f(2, "political capital gained every day before power bases are counted", 0, 20)
    legitimacy: float = _f(0.5, "standing at the start, 0..1: helps motions favouring the side, needed for force",
                           *UNIT)
    plural: bool = _f(False, "its name takes a plural verb (\"Gomulka's reformers move\"; not \"the group moves\")")

    @property
    def within(self) -> str:
        """The name mid-sentence: "The General Secretary" reads "the General Secretary" after "Stood with"."""
        return mid_sentence(self.name)

    def does(self, verb: str) -> str:
        """The side's name and ``verb``, written for a singular name ("moves", "has"), agreeing with it."""
        if self.plural:
            verb = {"has": "have", "is": "are", "was": "were"}.get(verb, verb.removesuffix("s"))
        return f"{self.name} {verb}"


@dataclass(frozen=True)
class Looks:
    """What a person looks like, for his drawn portrait (the desktop game's only): None is unwritten."""
    sex: Literal["man", "woman"] | None = _f(None, "a woman: no moustache, beard or baldness; a bun, a dress")
    age: int | None = _f(None, "age in years: wrinkles; hair greys after 58", 20, 95)
    build: Literal["slight", "medium", "stout"] | None = _f(None, "width of face, neck and shoulders")
    face: Literal["round", "oval", "long", "square"] | None = _f(None, "shape of the head")
    skin: Literal["light", "medium", "olive"] | None = _f(None, "complexion")
    hair: Literal["black", "dark", "brown", "fair", "red", "grey", "white"] | None = _f(None, "hair colour")
    hair_style: Literal["short", "swept", "parted", "wavy", "cropped", "bun"] | None = _f(None, "how it is worn")
    baldness: float | None = _f(None, "0 a full head of hair .. 1 bald but for a fringe", *UNIT)
    eyebrows: Literal["thin", "medium", "heavy"] | None = _f(None, "weight of the eyebrows")
    glasses: Literal["none", "round", "rimless", "heavy", "pince-nez"] | None = _f(None, "spectacles")
    moustache: Literal["none", "trim", "toothbrush", "full", "walrus"] | None = _f(None, "moustache")
    beard: Literal["none", "goatee", "full"] | None = _f(None, "beard")
    clothing: Literal["suit", "tunic", "dress", "marshal", "general", "security"] | None = _f(
        None, "a suit, the party's closed tunic, a dress, or a marshal's, general's or security uniform")
    medals: int | None = _f(None, "ribbon bars, and a Hero's star for every six; on a suit, stars", 0, 40)
    mole: bool | None = _f(None, "a wart or mole on the cheek")


Motif = Literal["kremlin", "aircraft", "telephone", "ballot", "tanks", "newspaper", "typewriter", "train", "rostrum",
                "documents", "hall", "star"]


@dataclass(frozen=True)
class Actor:
    id: Id = _f(..., "actor id, unique among actors and blocs")
    name: str = _f(..., "name in English")
    name_ru: str = _f("", "name in Russian")
    short: str = _f("", "the short name on cards and tallies (\"Hua\" for Hua Guofeng, whose family name comes "
                        "first); blank: the last word of name, leaving out Jr., Sr., II, III and IV")
    offices: tuple[str, ...] = _f((), "offices held, for display", n=20)
    presidium: Level = _f("none", "Presidium membership: none, candidate or full")
    secretariat: bool = _f(False, "a Secretary of the Central Committee")
    cc: Level = _f("none", "Central Committee membership: none, candidate or full")
    stance: float = _f(0.0, "+1 backs the first side, -1 the second", *SIGNED)
    conviction: float = _f(0.5, "how hard he is to move", *UNIT)
    ambition: float = _f(0.5, "pull of offered posts", *UNIT)
    caution: float = _f(0.5, "pull of the likely winner (bandwagon) and of fear", *UNIT)
    ideology: float = _f(0.0, "-1 Stalinist .. +1 reformer", *SIGNED)
    complicity: float = _f(0.0, "exposure to revelations about the purges", *UNIT)
    power: dict[Ref["power"], float] = _f({}, "weight in each power base (apparatus, state, army, security, or one "
                                             "declared in [rules] power_values)", *UNIT)
    patron: Ref["actor"] | None = _f(None, "actor whose stance pulls his")
    cohesion: float = _f(0.5, "how strongly he follows his patron", *UNIT)
    days_away: int = _f(0, "days from Moscow at the start", 0, 30)
    returning: bool = _f(True, "if away, already on his way back")
    bio: str = _f("", "a short historical biography")
    portrait: str | None = _f(None, "image file, relative to the scenario's folder; must stay inside it or assets/",
                              n=200)
    belief: dict[Ref["side"], float] = _f({}, "side id -> what that side believes his stance is at the start (fog "
                                          "of war; unlisted sides see the truth blurred by uncertainty)", *SIGNED)
    uncertainty: float = _f(0.3, "how blurred other sides' estimates of his stance are (sd)", *UNIT)
    fates: dict[Ref["fate"], str] = _f({}, "his epilogue: outcome id (or force, force:SIDE, compromise, "
                                       "compromise:ID), winning side id, or 'default' -> text")
    looks: Looks | None = _f(None, "his drawn portrait's features; unwritten ones come from his id")

    @property
    def his(self) -> str:
        """His or her, as his ``looks`` say (a man unless written a woman)."""
        return "her" if self.looks is not None and self.looks.sex == "woman" else "his"

    @property
    def him(self) -> str:
        return "her" if self.his == "her" else "him"


@dataclass(frozen=True)
class Distribution:
    mean: float = _f(..., "mean of the normal distribution members are drawn from")
    sd: float = _f(0.0, "standard deviation (0: every member gets the mean)", *UNIT)


@dataclass(frozen=True, kw_only=True)
class Bloc:
    id: Id = _f(..., "bloc id, unique among actors and blocs")
    name: str = _f(..., "name shown to players")
    full: int = _f(..., "number of full CC members in the bloc", 0, 1000)
    candidate: int = _f(0, "number of candidate CC members in the bloc", 0, 1000)
    stance: Distribution = _f(..., "stance of members (drawn per member)")
    conviction: Distribution = _f(Distribution(0.4, 0.1), "conviction of members")
    caution: Distribution = _f(Distribution(0.6, 0.15), "caution of members")
    ambition: Distribution = _f(Distribution(0.5, 0.15), "ambition of members")
    ideology: Distribution = _f(Distribution(0.0, 0.3), "ideology of members")
    complicity: Distribution = _f(Distribution(0.1, 0.1), "complicity of members")
    patron: Ref["actor"] | None = _f(None, "actor whose stance pulls the bloc")
    cohesion: float = _f(0.5, "how strongly members follow the patron", *UNIT)
    in_moscow: float = _f(0.3, "share of members in Moscow at the start", *UNIT)
    travel_days: int = _f(2, "days a member away needs to reach Moscow by train", 0, 30)
    power: Ref["power"] = _f("apparatus", "the power base the bloc belongs to")
    uncertainty: float = _f(0.35, "how blurred sides' estimates of members' stances are (sd, at least the stance sd)",
                            *UNIT)
    description: str = _f("", "who they are")


@dataclass(frozen=True)
class Institution:
    id: Id = _f(..., "institution id")
    name: str = _f(..., "name shown to players")
    commander: Ref["actor"] = _f(..., "actor whose stance decides whom it backs")
    power_base: Ref["power"] = _f(..., "the power base it belongs to")
    strength: float = _f(1.0, "weight of its backing in force and fear", *UNIT)
    airlift: int = _f(0, "CC members its aircraft can fly to Moscow in a day at full backing (shared by the day's "
                      "airlifts)", 0, 1000)
    guard: bool = _f(False, "it guards the building where the leadership meets: who may hold a session; weighs on "
                     "force's odds")
    intelligence: float = _f(0.0, "bonus to the odds of gathering intelligence for the side it backs", *UNIT)
    description: str = _f("", "what it is")


@dataclass(frozen=True)
class Body:
    id: Id = _f(..., "body id")
    name: str = _f(..., "name shown to players")
    voters: Selector = _f(..., "who votes: a membership selector")
    speakers: Selector | Literal[""] = _f("", "who may speak but not vote: a selector, or empty")
    quorum: float = _f(0.5, "share of voters who must be in Moscow for a vote", *UNIT)
    majority: float = _f(0.5, "yes votes must exceed this share of the base (majority_of)", *UNIT)
    majority_of: Literal["present", "cast", "members"] = _f(
        "present", "the base of the majority: voters present, votes cast, or all members")
    chair: Ref["actor"] | None = _f(None, "actor who chairs it at the start (weighs on adjournments)")
    convened: bool = _f(True, "sits from the start; otherwise it must be convened")
    demand_signatures: int = _f(0, "signatures of CC members present in Moscow that force this body to convene "
                                "(0: none)", 0, 10000)
    demand_motion: Ref["motion"] | None = _f(None, "motion a met demand puts before its body at every sitting until "
                                             "it passes; without one, the demand convenes this body at once")
    gathering_days: int = _f(1, "calendar turns between being convened and its first sitting", 0, 30)
    tie: Literal["fails", "passes", "chair"] = _f(
        "fails", "a vote whose yes votes exactly reach the majority: fails, passes, or the chair's ballot decides "
        "(fails if he did not vote yes)")
    description: str = _f("", "what it is")


@dataclass(frozen=True)
class Motion:
    id: Id = _f(..., "motion id")
    body: Ref["body"] = _f(..., "body that votes on it")
    name: str = _f(..., "name shown to players")
    favours: Ref["side"] = _f(..., "side a yes vote helps")
    ideology: float = _f(0.0, "ideological colour: members whose ideology matches it lean yes", *SIGNED)
    legitimacy: float = _f(0.0, "how far it follows party rules (adds to every member's inclination to yes)", *SIGNED)
    proposers: tuple[Ref["side"], ...] = _f((), "sides that may call it (empty: either)")
    requires: Condition | None = _f(None, "condition that must hold to call it")
    on_pass: tuple[Effect, ...] = _f((), "effects when it passes", n=100)
    on_fail: tuple[Effect, ...] = _f((), "effects when it is defeated", n=100)
    on_tie: tuple[Effect, ...] = _f((), "effects after on_pass/on_fail when the vote was a tie, e.g. refer it to a "
                                    "plenum", n=100)
    repeatable: bool = _f(False, "may be called again on a later day after a defeat")
    decisive: bool = _f(False, "its votes are shown as the decisive votes of the outcome")
    text: str = _f("", "the motion's wording or context")


@dataclass(frozen=True)
class Post:
    id: Id = _f(..., "post id")
    name: str = _f(..., "name shown to players (\"the premiership\")")
    value: float = _f(0.5, "how tempting it is, 0..1 (scales a promise's pull by ambition)", *UNIT)
    holder: Ref["actor"] | None = _f(None, "the actor who holds it now: it is never promised to him, nor by his "
                                           "own side (a side does not offer its leader's chair)")
    title: str = _f("", "the holder's title on his card (\"First Secretary\"); changes of holder (the `appoint` "
                        "effect) show it; blank: the post's name")


@dataclass(frozen=True)
class Day:
    date: Date = _f(..., "the date of this turn")
    label: str = _f(..., "label shown to players")
    sittings: tuple[Ref["body"], ...] = _f((), "bodies scheduled to sit this day (a body never listed on any day "
                                           "sits every day once convened)")
    note: str = _f("", "a line shown at the start of the day")


@dataclass(frozen=True)
class Choice:
    id: Id = _f(..., "choice id (used by historical.choices)")
    label: str = _f(..., "button label")
    effects: tuple[Effect, ...] = _f((), "effects when chosen", n=100)
    text: str = _f("", "what choosing it means")


@dataclass(frozen=True)
class EventSpec:
    id: Id = _f(..., "event id")
    title: str = _f(..., "title shown to players")
    text: str = _f(..., "what happens")
    when: Condition | None = _f(None, "trigger: checked at the start of each day and after each decision")
    chance: float = _f(1.0, "probability it fires on a day its trigger holds", *UNIT)
    once: bool = _f(True, "fires at most once (otherwise at most once a day)")
    effects: tuple[Effect, ...] = _f((), "effects when it fires", n=100)
    chooser: Ref["side"] | None = _f(None, "side that must choose (required with choices)")
    choices: tuple[Choice, ...] = _f((), "options offered to the chooser", n=10)
    history: str = _f("", "what the record says (shown in the encyclopedia)")
    audience: Ref["side"] | None = _f(None, "a side id: only that side learns of the event (a secret); empty: "
                                      "everyone")
    art: Motif | None = _f(None, "the motif of its card's poster (none: the scenario's art)")


@dataclass(frozen=True)
class Compromise:
    id: Id = _f(..., "compromise id")
    by: Ref["side"] = _f(..., "side that may offer it")
    name: str = _f(..., "its terms in a line")
    text: str = _f(..., "its terms in full")
    winner: Ref["side"] | None = _f(None, "side that wins if accepted (none: a draw)")
    degree: Degree = _f("narrow", "degree of victory if accepted")
    requires: Condition | None = _f(None, "condition that must hold to offer it")


@dataclass(frozen=True, kw_only=True)
class OutcomeSpec:
    id: Id = _f(..., "outcome id (also a key for actors' fates)")
    title: str = _f(..., "title shown to players")
    text: str = _f(..., "what it means")
    winner: Ref["side"] | None = _f(None, "side that wins (none: a draw)")
    degree: Degree = _f(..., "decisive, clear, narrow or pyrrhic")
    when: Condition | None = _f(None, "condition; outcomes are checked in order at the end of every day")
    at_end: bool = _f(False, "checked only when the calendar runs out")
    by_event: bool = _f(False, "reached only through an event's 'end' effect")


@dataclass(frozen=True)
class HistoricalStep:
    side: Ref["side"] = _f(..., "side that takes it")
    date: Date = _f(..., "the earliest day it is taken")
    action: dict[Id, Id] = _f(..., "the action as JSON: kind plus its targets (ids)", n=8)
    note: str = _f("", "what happened (for readers)")


def _w(default: float, doc: str, lo: float = 0.0, hi: float = 20.0):
    """A model weight: its default, what it does, and the range a scenario may set."""
    return _f(default, doc, lo, hi)


@dataclass(frozen=True)
class ModelWeights:
    """Every number of the vote model and the action model; tunable per scenario.

    The scenario schema is generated from these fields (their ``doc`` and
    ``range``), so a weight is defined once, here.
    """

    # The vote model (voting.py).
    stance: float = _w(3.0, "weight of a member's own stance")
    stance_base: float = _w(0.5, "share of the stance weight a member of no conviction gives his own stance "
                            "(his conviction adds the rest)", 0.0, 5.0)
    ideology: float = _w(0.8, "weight of ideology against the motion's colour")
    bandwagon: float = _w(1.2, "pull of the likely result on the cautious")
    fear: float = _w(1.0, "pull of the army's and KGB's backing on the cautious")
    patron: float = _w(1.0, "pull of a member's patron")
    legitimacy: float = _w(1.0, "weight of procedure and standing")
    sharpness: float = _w(2.0, "how decisively inclination turns into a ballot", 0.1)
    abstain: float = _w(0.08, "chance that a torn member abstains", 0.0, 1.0)
    abstain_width: float = _w(0.5, "how torn a member must be to abstain: the spread of inclinations around "
                              "zero at which abstaining stays likely", 0.01, 10.0)
    unanimity: float = _w(0.0, "chance that a member who would vote against a landslide (landslide or more "
                          "expected the other way) abstains instead", 0.0, 1.0)
    landslide: float = _w(0.9, "expected share of the room at which a lone dissenter prefers silence "
                          "(unanimity)", 0.5, 0.99)
    # Actions (actions.py).
    fully_behind: float = _w(0.98, "believed stance at which a man counts as fully behind a side", 0.0, 1.0)
    lobby: float = _w(0.25, "stance shift of a successful lobby, before conviction", 0.0, 1.0)
    lobby_base: float = _w(0.6, "share of the lobby shift a man of no caution takes", 0.0, 2.0)
    lobby_caution: float = _w(0.8, "extra share of the lobby shift per unit of caution", 0.0, 2.0)
    lobby_odds: float = _w(0.9, "chance a lobby succeeds with a man of no conviction", 0.0, 1.0)
    lobby_conviction: float = _w(0.6, "how much conviction lowers a lobby's odds", 0.0, 1.0)
    lobby_opposed: float = _w(0.3, "how much opposition lowers a lobby's odds", 0.0, 1.0)
    lobby_fatigue: float = _w(0.0, "how much each earlier lobby of the same man by the same side lowers a lobby's "
                              "odds (a man pressed every day by one side stops listening to it)", 0.0, 1.0)
    lobby_odds_min: float = _w(0.05, "lowest chance of a lobby or a promise", 0.0, 1.0)
    lobby_odds_max: float = _w(0.95, "highest chance of a lobby or a promise", 0.0, 1.0)
    promise: float = _w(0.45, "stance shift of an accepted post, scaled by ambition", 0.0, 1.0)
    promise_ambition: float = _w(0.4, "ambition below which a man is not offered posts", 0.0, 1.0)
    promise_odds: float = _w(0.2, "chance a post tempts a man of no ambition", 0.0, 1.0)
    promise_ambition_odds: float = _w(0.7, "extra chance per unit of ambition times the post's value", 0.0, 1.0)
    promise_conviction: float = _w(0.5, "how much conviction damps an accepted post's pull", 0.0, 1.0)
    propaganda: float = _w(0.06, "stance shift of press work on a bloc", 0.0, 1.0)
    propaganda_legitimacy: float = _w(0.01, "legitimacy gained by press work", 0.0, 1.0)
    reveal: float = _w(0.25, "legitimacy cost of revelations, scaled by complicity", 0.0, 1.0)
    reveal_backfire: float = _w(0.6, "chance of backfire per unit of your leader's complicity", 0.0, 1.0)
    reveal_complicity: float = _w(0.2, "complicity below which there is nothing to reveal", 0.0, 1.0)
    reveal_reformer: float = _w(-0.2, "ideology above which CC members are swayed by revelations", -1.0, 1.0)
    reveal_sway: float = _w(0.3, "stance shift of swayed members per unit of revealed complicity", 0.0, 2.0)
    reveal_backfire_sway: float = _w(0.15, "stance shift of swayed members when a revelation backfires", 0.0, 2.0)
    court: float = _w(0.3, "stance shift of courting a commander, before conviction", 0.0, 1.0)
    court_odds: float = _w(0.85, "chance courting a commander of no conviction succeeds", 0.0, 1.0)
    court_conviction: float = _w(0.6, "how much conviction lowers the odds of courting", 0.0, 1.0)
    court_ambition: float = _w(0.5, "extra courting shift per unit of the commander's ambition", 0.0, 2.0)
    court_opposed: float = _w(0.0, "how much a commander's opposition lowers the odds of courting him (0: "
                              "courting is as easy from either side)", 0.0, 1.0)
    court_odds_min: float = _w(0.1, "lowest chance of courting a commander", 0.0, 1.0)
    court_odds_max: float = _w(0.9, "highest chance of courting a commander", 0.0, 1.0)
    intelligence_sd: float = _w(0.08, "uncertainty left after good intelligence", 0.0, 1.0)
    intelligence_vague: float = _w(1.5, "an estimate wider than this many times intelligence_sd is worth spying on",
                                   1.0, 10.0)
    intelligence_odds: float = _w(0.55, "chance intelligence succeeds without the KGB's help", 0.0, 1.0)
    intelligence_odds_min: float = _w(0.05, "lowest chance of intelligence", 0.0, 1.0)
    intelligence_odds_max: float = _w(0.98, "highest chance of intelligence, whatever the help", 0.0, 1.0)
    # Knowledge (game.py): what a side knows at the start and learns from open ballots.
    friend_stance: float = _w(0.6, "stance toward a side above which it knows a man's mind exactly", 0.0, 1.0)
    friend_sd: float = _w(0.05, "uncertainty left about a known friend", 0.0, 1.0)
    ballot_lean: float = _w(0.6, "stance a ballot reveals: a yes voter leans this far toward the motion", 0.0, 1.0)
    ballot_sd: float = _w(0.2, "uncertainty left about a man once his ballot is seen", 0.0, 1.0)
    known_sd: float = _w(0.1, "uncertainty at or below which a side counts a man's stance as known (a forecast's "
                         "'known', the player's 'known')", 0.0, 1.0)
    ballot_weight: float = _w(0.5, "how far a seen ballot moves a side's estimate of a man toward the stance it "
                              "shows (1: all the way)", 0.0, 1.0)
    airlift_backing: float = _w(0.3, "backing an institution must give before lending aircraft", 0.0, 1.0)
    self_travel: float = _w(0.0, "daily chance, per unit of stance either way, that a CC member away sets off "
                            "for Moscow unsummoned (0: only when summoned)", 0.0, 1.0)
    signature_threshold: float = _w(0.15, "stance above which members sign a demand", -1.0, 1.0)
    signature_slope: float = _w(8.0, "how sharply signing follows stance", 0.1, 50.0)
    signature_reach: float = _w(1.0, "share of the willing members one collection reaches (the rest sign a "
                                "later collection, if any)", 0.0, 1.0)
    stall_bias: float = _w(-0.3, "base inclination to grant an adjournment", -10.0, 10.0)
    stall_chair: float = _w(1.2, "weight of the chair's stance on an adjournment")
    stall_absent: float = _w(5.0, "weight of absent voters on an adjournment")
    stall_speakers: float = _w(1.5, "weight of the non-voting speakers' stance on an adjournment")
    stall_standing: float = _w(2.0, "weight of the legitimacy gap on an adjournment")
    stall_fatigue: float = _w(1.0, "how much each adjournment already granted lowers the inclination to grant "
                              "another (a body will not put off its business day after day)", 0.0, 10.0)
    stall_cost: float = _w(0.02, "legitimacy cost of demanding an adjournment", 0.0, 1.0)
    stall_odds_min: float = _w(0.02, "lowest chance an adjournment is granted", 0.0, 1.0)
    stall_odds_max: float = _w(0.98, "highest chance an adjournment is granted", 0.0, 1.0)
    compromise_credit: float = _w(0.05, "legitimacy gained when an offer is refused", 0.0, 1.0)
    # Force (game.py).
    threat_backing: float = _w(0.4, "coercive backing needed for a show of force", 0.0, 1.0)
    threat_cost: float = _w(0.08, "legitimacy cost of a show of force", 0.0, 1.0)
    threat_fear: float = _w(0.6, "extra fear in today's votes after a show of force", 0.0, 5.0)
    fear_cap: float = _w(1.5, "the most the force balance can weigh in a vote, either way", 0.0, 10.0)
    force_threshold: float = _w(0.55, "share of coercive backing needed to use force", 0.0, 1.0)
    force_discontent: float = _w(0.15, "legitimacy lead over the other side needed to use force", 0.0, 1.0)
    force_cover: float = _w(0.5, "share of the leading body's voters a side must believe with it to use force "
                            "(0: force needs no political cover)", 0.0, 1.0)
    force_cost: float = _w(0.3, "legitimacy cost of using force", 0.0, 1.0)
    force_edge: float = _w(6.0, "weight of the backing gap on force's odds")
    force_guard: float = _w(2.0, "weight of the Kremlin guard on force's odds")
    force_bias: float = _w(-2.0, "base inclination of force to succeed", -10.0, 10.0)
    # The epilogue (game.py): an actor's stance toward the winner beyond which his fate is derived.
    fate_lean: float = _w(0.2, "stance toward the winner beyond which an unwritten fate says he backed or "
                          "opposed him", 0.0, 1.0)


def _t(default: str, doc: str, fills: tuple[str, ...] = ()):
    """A piece of the engine's prose: its default, what it is for, and the placeholders the engine fills
    in (``fills``: ``{side}``, ``{winner}``, ``{target}`` ...): no others are allowed."""
    return _f(default, doc, n=(1, 600), fills=fills)


FORCE, WIN = ("side", "other"), ("winner", "capital", "his")


def prose(template: str, **names: str) -> str:
    """A line of [words] with its placeholders filled in (a side's name as it reads mid-sentence, ``Side.within``)
    and its first letter a capital, wherever the placeholder stands."""
    text = template.format(**names)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Words:
    """The prose the rules write that a scenario may need to say its own way.

    Generated into the scenario schema's ``[words]`` table like ``[model]``,
    so a crisis in another country or century reads right without code.
    """

    force_won_title: str = _t("Power seized by {side}", "title of a successful use of force", FORCE)
    force_won: str = _t("Troops and guards arrest the leaders of {other}. The party will remember who broke its "
                        "rules; the victory rests on bayonets.", "text of a successful use of force", FORCE)
    force_failed_title: str = _t("A failed seizure of power by {side}", "title of a failed use of force",
                                   FORCE)
    force_failed: str = _t("The attempt by {side} to use force collapses; the guards obey {other}, and the "
                           "plotters are ruined.", "text of a failed use of force", FORCE)
    fate_truce: str = _t("Keeps {his} place in an uneasy truce.", "fate of an actor when no one wins", ("his",))
    fate_with_winner: str = _t("Stood with {winner} and keeps {his} place.", "fate of an actor who backed the winner",
                                WIN)
    fate_against_winner: str = _t("Stood against {winner}; demoted and sent far from {capital}.",
                                  "fate of an actor who opposed the winner", WIN)
    fate_wavered: str = _t("Wavered to the end; survives, trusted by no one.", "fate of an actor who wavered",
                           ("his",))
    members_presidium_full: str = _t("the Presidium's full members", "name of the selector presidium:full")
    members_presidium_candidate: str = _t("the Presidium's candidate members",
                                          "name of the selector presidium:candidate")
    members_presidium: str = _t("the Presidium", "name of the selector presidium")
    members_cc_full: str = _t("the Central Committee's full members", "name of the selector cc:full")
    members_cc_candidate: str = _t("the Central Committee's candidates", "name of the selector cc:candidate")
    members_cc: str = _t("the Central Committee", "name of the selector cc")
    members_secretariat: str = _t("the Secretariat", "name of the selector secretariat")
    members_all: str = _t("everyone", "name of the selector all")
    reveal_action: str = _t("Reveal {target}'s past crimes", "the action revealing a man's past, as "
                            "listed to the player", ("target",))
    reveal_read: str = _t("The evidence of {target}'s past crimes is read out.", "log line of a revelation",
                          ("target",))
    reveal_backfire: str = _t("The revelations about {target} backfire: {leader} is implicated too.",
                              "log line of a revelation that turns on the revealing side's own leader",
                              ("target", "leader"))
    signatures: str = _t("{count} more signatures on the demand ({total} in all).",
                         "log line of signatures gathered for a demand", ("count", "total"))
    cc_members: str = _t("members of the Central Committee", "what generated bloc members are called in the log")
    cc_member: str = _t("member of the Central Committee", "one generated bloc member, in the log")
    capital: str = _t("the capital", "the city where members must be to vote and to sign (the board's 'in Moscow', "
                      "'3 days from Moscow' in 1957)")
    seat: str = _t("the headquarters", "the seat of power a guard holds (the board's 'Kremlin guard' in 1957)")
    demand: str = _t("the demand for a {body}", "how the log names a demand to convene a body by signatures "
                     "(e.g. 'the demand to convene the {body}' if the body's name needs 'the')", ("body",))

    def members(self, selector: str) -> str:
        """The name of a membership selector (``presidium:full`` ...), or a plain description."""
        return getattr(self, "members_" + selector.replace(":", "_"), None) or f"the members ({selector})"


@dataclass(frozen=True)
class Rules:
    rounds_per_turn: int = _f(2, "action rounds per side each day", 1, 10)
    first_to_move: Ref["side"] | None = _f(None, "side that acts first each day (default: the first side)")
    capital_cap: int = _f(8, "most political capital a side can hold", 1, 100)
    power_values: dict[Id, float] = _f({}, "capital per day from fully controlling each power base (default 1.0 "
                                       "each); a new name declares a power base of its own, such as an outside "
                                       "power backing one side", 0, 10)
    costs: dict[ActionKind, int] = _f({}, "action kind -> capital cost, overriding the defaults", 0, 20)


@dataclass(frozen=True, kw_only=True)
class Scenario:
    # [scenario]: the scenario's identity and briefing.
    id: Id = _f(..., "unique scenario id (also the name used by load_scenario and the CLI)")
    title: str = _f(..., "the title shown in menus")
    title_ru: str = _f("", "the title in Russian")
    year: int = _f(..., "the year of the crisis", 1900, 2100)
    summary: str = _f(..., "one or two sentences for the scenario list")
    briefing: tuple[str, ...] = _f((), "paragraphs shown before play", n=20)
    aliases: tuple[Id, ...] = _f((), "other names the scenario can be loaded by; must be unique across scenarios",
                                 n=20)
    flags: tuple[Id, ...] = _f((), "flags set at the start", n=100)
    art: Motif = _f("hall", "the poster of a day or an event that names no motif of its own (1957: \"kremlin\")")
    # The tables of the file.
    sides: tuple[Side, Side] = _f(..., "the two sides: first +1, second -1", n=(2, 2))
    actors: tuple[Actor, ...] = _f(..., "named people", n=(2, 200))
    blocs: tuple[Bloc, ...] = _f((), "Central Committee members generated in groups", n=50)
    institutions: tuple[Institution, ...] = _f((), "the army, the police: backing, aircraft, force", n=10)
    bodies: tuple[Body, ...] = _f(..., "voting bodies", n=(1, 10))
    motions: tuple[Motion, ...] = _f(..., "what the bodies may vote on", n=(1, 100))
    posts: tuple[Post, ...] = _f((), "posts a side may promise", n=20)
    calendar: tuple[Day, ...] = _f(..., "one entry per turn (a day)", n=(1, 60))
    events: tuple[EventSpec, ...] = _f((), "triggered events", n=200)
    compromises: tuple[Compromise, ...] = _f((), "terms a side may offer", n=20)
    outcomes: tuple[OutcomeSpec, ...] = _f(..., "how the game can end", n=(1, 50))
    historical: tuple[HistoricalStep, ...] = _f((), "the real actors' moves, in order", n=500)
    historical_choices: dict[Ref["event"], Id] = _f({}, "event id -> the choice the record made")
    model: ModelWeights = _f(ModelWeights(), "the vote and action model's weights")
    rules: Rules = _f(Rules(), "turn structure and costs")
    words: Words = _f(Words(), "the prose the rules write: force outcomes, derived fates, names of membership "
                      "selectors ({side}, {other}, {winner} are filled in)")
    source_hash: str = ""
    # Lookups. Frozen dataclasses cannot cache attributes, so these are small
    # linear scans over short tuples; the engine indexes them once per game.
    @property
    def power_bases(self) -> tuple[str, ...]:
        """The four classic power bases, then any other the scenario declares in ``[rules] power_values``."""
        return POWER_BASES + tuple(b for b in self.rules.power_values if b not in POWER_BASES)

    def _find(self, table: str, record_id: str):
        """The record of ``table`` with id ``record_id``; KeyError if there is none."""
        found = next((r for r in getattr(self, table) if r.id == record_id), None)
        if found is None:
            raise KeyError(record_id)
        return found

    # The side, actor, body, motion or event of that id (KeyError if there is none).
    side, actor, body = partialmethod(_find, "sides"), partialmethod(_find, "actors"), partialmethod(_find, "bodies")
    motion, event = partialmethod(_find, "motions"), partialmethod(_find, "events")

    def side_index(self, side_id: str) -> int:
        return [s.id for s in self.sides].index(side_id)

    def other_side(self, side_id: str) -> str:
        a, b = self.sides
        return b.id if side_id == a.id else a.id

    @property
    def lead_body(self) -> int:
        """Index of the leading body, the first convened from the start (whose voters give force its
        political cover), or -1 if none sits at first."""
        return next((j for j, b in enumerate(self.bodies) if b.convened), -1)
