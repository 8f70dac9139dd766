"""How a game ends: termination, winner, degree and the epilogue."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields

from .record import VoteRecord


class Termination(enum.Enum):
    VOTE = "vote"              # a decisive vote settled it
    CALENDAR = "calendar"      # the crisis calendar ran out
    FORCE = "force"            # arrests or troops decided it
    COMPROMISE = "compromise"  # one side accepted the other's terms
    EVENT = "event"            # a scenario event or choice ended it


class Degree(enum.Enum):
    """Victory has degrees; ordered from best to worst for the winner."""

    DECISIVE = "decisive"
    CLEAR = "clear"
    NARROW = "narrow"
    PYRRHIC = "pyrrhic"

    @property
    def rank(self) -> int:
        return list(Degree).index(self)


@dataclass(frozen=True)
class Fate:
    actor: str
    name: str
    text: str


@dataclass(frozen=True)
class Outcome:
    """The end of a game, as a value you can inspect."""

    id: str
    termination: Termination
    winner: str | None
    degree: Degree
    title: str
    text: str
    turn: int
    date: str
    decisive_votes: tuple[VoteRecord, ...]
    epilogue: tuple[Fate, ...]

    def to_json(self) -> dict:
        return {**{f.name: getattr(self, f.name) for f in fields(self)}, "termination": self.termination.value,
                "degree": self.degree.value, "decisive_votes": [v.to_json() for v in self.decisive_votes],
                "epilogue": [f.__dict__ for f in self.epilogue]}

    @classmethod
    def from_json(cls, data: dict) -> "Outcome":
        return cls(**{**data, "termination": Termination(data["termination"]), "degree": Degree(data["degree"]),
                      "decisive_votes": tuple(VoteRecord.from_json(v) for v in data["decisive_votes"]),
                      "epilogue": tuple(Fate(**f) for f in data["epilogue"])})
