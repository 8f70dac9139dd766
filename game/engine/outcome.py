"""How a game ends: termination, winner, degree and the epilogue."""

from __future__ import annotations

import enum
from dataclasses import dataclass

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
        return {
            "id": self.id,
            "termination": self.termination.value,
            "winner": self.winner,
            "degree": self.degree.value,
            "title": self.title,
            "text": self.text,
            "turn": self.turn,
            "date": self.date,
            "decisive_votes": [v.to_json() for v in self.decisive_votes],
            "epilogue": [f.__dict__ for f in self.epilogue],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Outcome":
        return cls(
            id=data["id"],
            termination=Termination(data["termination"]),
            winner=data["winner"],
            degree=Degree(data["degree"]),
            title=data["title"],
            text=data["text"],
            turn=data["turn"],
            date=data["date"],
            decisive_votes=tuple(VoteRecord.from_json(v) for v in data["decisive_votes"]),
            epilogue=tuple(Fate(**f) for f in data["epilogue"]),
        )
