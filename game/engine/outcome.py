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
