"""What happened: the game's log entries and the records of votes held."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class _Json:
    """A record saved as the JSON object of its fields."""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict):
        return cls(**data)


@dataclass(frozen=True)
class GameEvent(_Json):
    """One line of the game's log: what happened, when, and why.

    ``kind`` is one of: action, vote, session, event, choice, arrival,
    convened, signatures, intelligence, day, outcome, note.
    ``cause`` names what brought it about (an action, a motion, a trigger).
    ``reveals`` marks new information: undo may not go back past it.
    ``audience`` is ``None`` when both sides see the entry, or the one side
    that does (a private lobby, its own intelligence): see ``Game.log_for``.
    """

    kind: str
    text: str
    turn: int
    date: str
    side: str | None = None
    cause: str = ""
    reveals: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    audience: str | None = None


@dataclass(frozen=True)
class VoteRecord(_Json):
    """The result of one vote: the tally and the named members' ballots."""

    motion: str
    body: str
    turn: int
    date: str
    yes: int
    no: int
    abstain: int
    absent: int
    passed: bool
    called_by: str
    ballots: dict[str, str] = field(default_factory=dict)  # named actor id -> yes|no|abstain|absent

    @property
    def tally(self) -> str:
        text = f"{self.yes}–{self.no}"
        return f"{text} ({self.abstain} abstaining)" if self.abstain else text


@dataclass(frozen=True)
class VoterForecast:
    actor: str | None     # named actor id, or None for a CC member of a bloc
    bloc: str | None
    p_yes: float
    p_low: float          # 10th percentile over the side's uncertainty
    p_high: float         # 90th percentile
    known: bool           # the side knows this stance (narrow estimate)


@dataclass(frozen=True)
class Forecast:
    """A side's Monte Carlo forecast of a vote, from its own estimates."""

    motion: str
    body: str
    side: str
    probability: float    # that the motion passes
    yes: float
    no: float
    abstain: float
    yes_low: int          # 10th..90th percentile of yes votes
    yes_high: int
    present: int
    members: int
    needed: float         # yes must exceed this
    quorum: bool
    samples: int
    voters: tuple[VoterForecast, ...] = ()

    @property
    def likely_tally(self) -> str:
        return f"{round(self.yes)}–{round(self.no)}"
