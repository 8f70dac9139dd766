"""A scenario as the engine sees it: frozen, already-validated plain data.

``game.scenario`` reads TOML, validates it with pydantic and builds these.
The engine never reads files; it only receives a :class:`Scenario`.

Conventions used throughout the model:

* **stance** lies in [-1, 1]; +1 backs the scenario's *first* side
  (the incumbent, e.g. Khrushchev), -1 backs the second (the challengers).
* **ideology** lies in [-1, 1]; -1 is Stalinist, +1 reformer.
* conviction, caution, ambition, complicity, cohesion lie in [0, 1].
* Conditions and effects are small JSON-like dicts with exactly one key
  naming their kind (see ``conditions.py`` and ``effects.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

POWER_BASES = ("apparatus", "state", "army", "security")
MEMBERSHIP_LEVELS = ("none", "candidate", "full")

Condition = dict[str, Any]
Effect = dict[str, Any]


@dataclass(frozen=True)
class Side:
    id: str
    name: str
    leader: str
    goal: str
    how_to_win: str = ""
    base_capital: int = 2
    legitimacy: float = 0.5


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    name_ru: str
    offices: tuple[str, ...]
    presidium: str = "none"
    secretariat: bool = False
    cc: str = "none"
    stance: float = 0.0
    conviction: float = 0.5
    ambition: float = 0.5
    caution: float = 0.5
    ideology: float = 0.0
    complicity: float = 0.0
    power: dict[str, float] = field(default_factory=dict)
    patron: str | None = None
    cohesion: float = 0.5
    days_away: int = 0
    returning: bool = True
    bio: str = ""
    portrait: str | None = None
    # What each side believes of this actor's stance at the start (fog of war):
    # side id -> believed stance. Sides not listed see the truth blurred by
    # ``uncertainty``; the actor's own side (by sign of stance) knows it.
    belief: dict[str, float] = field(default_factory=dict)
    uncertainty: float = 0.3
    fates: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Distribution:
    mean: float
    sd: float = 0.0


@dataclass(frozen=True)
class Bloc:
    id: str
    name: str
    full: int
    candidate: int
    stance: Distribution
    conviction: Distribution = Distribution(0.4, 0.1)
    caution: Distribution = Distribution(0.6, 0.15)
    ambition: Distribution = Distribution(0.5, 0.15)
    ideology: Distribution = Distribution(0.0, 0.3)
    complicity: Distribution = Distribution(0.1, 0.1)
    patron: str | None = None
    cohesion: float = 0.5
    in_moscow: float = 0.3
    travel_days: int = 2
    power: str = "apparatus"
    uncertainty: float = 0.35
    description: str = ""


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    commander: str
    power_base: str
    strength: float = 1.0
    airlift: int = 0          # CC members its aircraft can bring in a day, at full backing
    guard: bool = False       # controls the Kremlin guard: who may hold a session
    intelligence: float = 0.0  # bonus to intelligence gathering for the side it backs
    description: str = ""


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    voters: str               # "presidium:full", "cc:full", "secretariat", ...
    speakers: str = ""        # members who speak but do not vote, e.g. "presidium:candidate"
    quorum: float = 0.5       # share of voting members who must be present
    majority: float = 0.5     # yes votes must exceed this share of majority_of
    majority_of: str = "present"  # "present" | "cast" | "members"
    chair: str | None = None
    convened: bool = True     # sits from the start; otherwise needs convening
    demand_signatures: int = 0  # signatures of CC members in Moscow that force it to convene
    # If set, a met demand does not convene the body by itself: it puts this
    # motion (e.g. "convene the plenum" in the Presidium) on the agenda of
    # every sitting until it passes. Otherwise the body convenes at once.
    demand_motion: str | None = None
    gathering_days: int = 1
    # A vote whose yes votes exactly reach the majority is a tie: it "fails", "passes", or
    # the "chair" decides (his ballot, if he voted; otherwise it fails).
    tie: str = "fails"
    description: str = ""


@dataclass(frozen=True)
class Motion:
    id: str
    body: str
    name: str
    favours: str              # side id a yes vote helps
    ideology: float = 0.0     # ideological colour of the motion (-1 Stalinist .. +1 reformer)
    legitimacy: float = 0.0   # how well it follows party rules in this body (-1 .. 1)
    proposers: tuple[str, ...] = ()  # sides who may call it; empty = either
    requires: Condition | None = None
    on_pass: tuple[Effect, ...] = ()
    on_fail: tuple[Effect, ...] = ()
    on_tie: tuple[Effect, ...] = ()   # after on_pass/on_fail, when the vote was a tie (e.g. refer it to a plenum)
    repeatable: bool = False
    decisive: bool = False
    text: str = ""


@dataclass(frozen=True)
class Post:
    id: str
    name: str
    value: float = 0.5        # how attractive the post is (scaled by ambition)


@dataclass(frozen=True)
class Day:
    date: str
    label: str
    sittings: tuple[str, ...] = ()  # bodies that meet this day if able
    note: str = ""


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    effects: tuple[Effect, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class EventSpec:
    id: str
    title: str
    text: str
    when: Condition | None = None
    chance: float = 1.0
    once: bool = True
    effects: tuple[Effect, ...] = ()
    chooser: str | None = None     # side id offered the choices
    choices: tuple[Choice, ...] = ()
    history: str = ""
    audience: str | None = None    # a side id: only that side learns of the event


@dataclass(frozen=True)
class Compromise:
    id: str
    by: str
    name: str
    text: str
    winner: str | None
    degree: str = "narrow"
    requires: Condition | None = None


@dataclass(frozen=True)
class OutcomeSpec:
    id: str
    title: str
    text: str
    winner: str | None
    degree: str
    when: Condition | None = None
    at_end: bool = False      # checked only when the calendar runs out
    by_event: bool = False    # reached only through an event's 'end' effect


@dataclass(frozen=True)
class HistoricalStep:
    side: str
    date: str
    action: dict[str, Any]
    note: str = ""


def _w(default: float, doc: str, lo: float = 0.0, hi: float = 20.0):
    """A model weight: its default, what it does, and the range a scenario may set."""
    return field(default=default, metadata={"doc": doc, "range": (lo, hi)})


@dataclass(frozen=True)
class ModelWeights:
    """Every number of the vote model and the action model; tunable per scenario.

    The scenario schema is generated from these fields (their ``doc`` and
    ``range``), so a weight is defined once, here.
    """

    # The vote model (voting.py).
    stance: float = _w(3.0, "weight of a member's own stance")
    ideology: float = _w(0.8, "weight of ideology against the motion's colour")
    bandwagon: float = _w(1.2, "pull of the likely result on the cautious")
    fear: float = _w(1.0, "pull of the army's and KGB's backing on the cautious")
    patron: float = _w(1.0, "pull of a member's patron")
    legitimacy: float = _w(1.0, "weight of procedure and standing")
    sharpness: float = _w(2.0, "how decisively inclination turns into a ballot", 0.1)
    abstain: float = _w(0.08, "chance that a torn member abstains", 0.0, 1.0)
    # Actions (actions.py).
    fully_behind: float = _w(0.98, "believed stance at which a man counts as fully behind a side", 0.0, 1.0)
    lobby: float = _w(0.25, "stance shift of a successful lobby, before conviction", 0.0, 1.0)
    lobby_base: float = _w(0.6, "share of the lobby shift a man of no caution takes", 0.0, 2.0)
    lobby_caution: float = _w(0.8, "extra share of the lobby shift per unit of caution", 0.0, 2.0)
    lobby_odds: float = _w(0.9, "chance a lobby succeeds with a man of no conviction", 0.0, 1.0)
    lobby_conviction: float = _w(0.6, "how much conviction lowers a lobby's odds", 0.0, 1.0)
    lobby_opposed: float = _w(0.3, "how much opposition lowers a lobby's odds", 0.0, 1.0)
    promise: float = _w(0.45, "stance shift of an accepted post, scaled by ambition", 0.0, 1.0)
    promise_ambition: float = _w(0.4, "ambition below which a man is not offered posts", 0.0, 1.0)
    promise_odds: float = _w(0.2, "chance a post tempts a man of no ambition", 0.0, 1.0)
    promise_ambition_odds: float = _w(0.7, "extra chance per unit of ambition times the post's value", 0.0, 1.0)
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
    intelligence_sd: float = _w(0.08, "uncertainty left after good intelligence", 0.0, 1.0)
    intelligence_vague: float = _w(1.5, "an estimate wider than this many times intelligence_sd is worth spying on",
                                   1.0, 10.0)
    intelligence_odds: float = _w(0.55, "chance intelligence succeeds without the KGB's help", 0.0, 1.0)
    # Knowledge (game.py): what a side knows at the start and learns from open ballots.
    friend_stance: float = _w(0.6, "stance toward a side above which it knows a man's mind exactly", 0.0, 1.0)
    friend_sd: float = _w(0.05, "uncertainty left about a known friend", 0.0, 1.0)
    ballot_lean: float = _w(0.6, "stance a ballot reveals: a yes voter leans this far toward the motion", 0.0, 1.0)
    ballot_sd: float = _w(0.2, "uncertainty left about a man once his ballot is seen", 0.0, 1.0)
    airlift_backing: float = _w(0.3, "backing an institution must give before lending aircraft", 0.0, 1.0)
    self_travel: float = _w(0.0, "daily chance, per unit of stance either way, that a CC member away sets off "
                            "for Moscow unsummoned (0: only when summoned)", 0.0, 1.0)
    signature_threshold: float = _w(0.15, "stance above which members sign a demand", -1.0, 1.0)
    signature_slope: float = _w(8.0, "how sharply signing follows stance", 0.1, 50.0)
    stall_bias: float = _w(-0.3, "base inclination to grant an adjournment", -10.0, 10.0)
    stall_chair: float = _w(1.2, "weight of the chair's stance on an adjournment")
    stall_absent: float = _w(5.0, "weight of absent voters on an adjournment")
    stall_speakers: float = _w(1.5, "weight of the non-voting speakers' stance on an adjournment")
    stall_standing: float = _w(2.0, "weight of the legitimacy gap on an adjournment")
    stall_fatigue: float = _w(1.0, "how much each adjournment already granted lowers the inclination to grant "
                              "another (a body will not put off its business day after day)", 0.0, 10.0)
    stall_cost: float = _w(0.02, "legitimacy cost of demanding an adjournment", 0.0, 1.0)
    compromise_credit: float = _w(0.05, "legitimacy gained when an offer is refused", 0.0, 1.0)
    # Force (game.py).
    threat_backing: float = _w(0.4, "coercive backing needed for a show of force", 0.0, 1.0)
    threat_cost: float = _w(0.08, "legitimacy cost of a show of force", 0.0, 1.0)
    threat_fear: float = _w(0.6, "extra fear in today's votes after a show of force", 0.0, 5.0)
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


def _t(default: str, doc: str):
    """A piece of the engine's prose: its default and what it is for (``{side}``, ``{other}``,
    ``{winner}`` are filled in)."""
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Words:
    """The prose the rules write that a scenario may need to say its own way.

    Generated into the scenario schema's ``[words]`` table like ``[model]``,
    so a crisis in another country or century reads right without code.
    """

    force_won_title: str = _t("{side} seizes power", "title of a successful use of force")
    force_won: str = _t("Troops and guards arrest the leaders of {other}. The party will remember who broke its "
                        "rules; the victory rests on bayonets.", "text of a successful use of force")
    force_failed_title: str = _t("{side} fails to seize power", "title of a failed use of force")
    force_failed: str = _t("The attempt by {side} to use force collapses; the guards obey {other}, and the "
                           "plotters are ruined.", "text of a failed use of force")
    fate_truce: str = _t("Keeps his place in an uneasy truce.", "fate of an actor when no one wins")
    fate_with_winner: str = _t("Stood with {winner} and keeps his place.", "fate of an actor who backed the winner")
    fate_against_winner: str = _t("Stood against {winner}; demoted and sent far from Moscow.",
                                  "fate of an actor who opposed the winner")
    fate_wavered: str = _t("Wavered to the end; survives, trusted by no one.", "fate of an actor who wavered")
    members_presidium_full: str = _t("the Presidium's full members", "name of the selector presidium:full")
    members_presidium_candidate: str = _t("the Presidium's candidate members",
                                          "name of the selector presidium:candidate")
    members_presidium: str = _t("the Presidium", "name of the selector presidium")
    members_cc_full: str = _t("the Central Committee's full members", "name of the selector cc:full")
    members_cc_candidate: str = _t("the Central Committee's candidates", "name of the selector cc:candidate")
    members_cc: str = _t("the Central Committee", "name of the selector cc")
    members_secretariat: str = _t("the Secretariat", "name of the selector secretariat")
    members_all: str = _t("everyone", "name of the selector all")
    cc_members: str = _t("members of the Central Committee", "what generated bloc members are called in the log")
    cc_member: str = _t("member of the Central Committee", "one generated bloc member, in the log")

    def members(self, selector: str) -> str:
        """The name of a membership selector (``presidium:full`` ...), or a plain description."""
        return getattr(self, "members_" + selector.replace(":", "_"), None) or f"the members ({selector})"


@dataclass(frozen=True)
class Rules:
    rounds_per_turn: int = 2
    first_to_move: str = ""
    capital_cap: int = 8
    power_values: dict[str, float] = field(default_factory=dict)
    costs: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    title_ru: str
    year: int
    summary: str
    briefing: tuple[str, ...]
    sides: tuple[Side, Side]
    actors: tuple[Actor, ...]
    blocs: tuple[Bloc, ...]
    institutions: tuple[Institution, ...]
    bodies: tuple[Body, ...]
    motions: tuple[Motion, ...]
    posts: tuple[Post, ...]
    calendar: tuple[Day, ...]
    events: tuple[EventSpec, ...]
    compromises: tuple[Compromise, ...]
    outcomes: tuple[OutcomeSpec, ...]
    historical: tuple[HistoricalStep, ...]
    historical_choices: dict[str, str]
    model: ModelWeights
    rules: Rules
    words: Words = Words()
    aliases: tuple[str, ...] = ()
    source_hash: str = ""
    flags: tuple[str, ...] = ()

    # Lookups. Frozen dataclasses cannot cache attributes, so these are small
    # linear scans over short tuples; the engine indexes them once per game.
    def side(self, side_id: str) -> Side:
        for s in self.sides:
            if s.id == side_id:
                return s
        raise KeyError(side_id)

    def side_index(self, side_id: str) -> int:
        return [s.id for s in self.sides].index(side_id)

    def actor(self, actor_id: str) -> Actor:
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def body(self, body_id: str) -> Body:
        for b in self.bodies:
            if b.id == body_id:
                return b
        raise KeyError(body_id)

    def motion(self, motion_id: str) -> Motion:
        for m in self.motions:
            if m.id == motion_id:
                return m
        raise KeyError(motion_id)

    def event(self, event_id: str) -> EventSpec:
        for e in self.events:
            if e.id == event_id:
                return e
        raise KeyError(event_id)

    def other_side(self, side_id: str) -> str:
        a, b = self.sides
        return b.id if side_id == a.id else a.id

    def direction(self, side_id: str) -> int:
        """+1 for the first side, -1 for the second: the sign of stance that backs it."""
        return 1 if side_id == self.sides[0].id else -1
