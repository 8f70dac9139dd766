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
    airlift: int = 0          # CC members one airlift action can bring in
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
    gathering_days: int = 1
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


@dataclass(frozen=True)
class ModelWeights:
    """Weights of the vote model and the action model; tunable per scenario."""

    stance: float = 3.0
    ideology: float = 0.8
    bandwagon: float = 1.2
    fear: float = 1.0
    patron: float = 1.0
    legitimacy: float = 1.0
    sharpness: float = 2.0
    abstain: float = 0.08
    lobby: float = 0.25
    promise: float = 0.45
    propaganda: float = 0.06
    reveal: float = 0.25
    court: float = 0.3
    intelligence_sd: float = 0.08
    signature_threshold: float = 0.15
    force_threshold: float = 0.55
    force_discontent: float = 0.15
    threat_fear: float = 0.6


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
