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
    """The end of a game, as a value you can inspect (``Game.outcome()``, ``None`` until the end).

    ``id``: the scenario's outcome that ended it (``force:SIDE`` for a seizure of power); ``termination``:
    how (a vote, the calendar, force, a compromise, an event); ``winner``: a side id, or ``None`` for no
    winner; ``degree``: how complete the win; ``title`` and ``text``: its words; ``turn`` and ``date``: the
    day it ended (an index of the scenario's calendar, and that day's date); ``decisive_votes``: the last
    vote on each decisive motion held (else on each motion held); ``epilogue``: every named actor's fate,
    in the scenario's order.
    """

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
