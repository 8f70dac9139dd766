"""The whole mutable state of a game, JSON-serialisable, RNG state included."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .outcome import Outcome
from .population import Population
from .record import GameEvent, VoteRecord


@dataclass
class GameState:
    seed: int
    turn: int
    round: int
    to_move: str
    capital: dict[str, int]
    legitimacy: dict[str, float]
    pop: Population
    est_mean: np.ndarray          # (2, P): each side's estimate of every stance
    est_sd: np.ndarray            # (2, P): its uncertainty
    rng: np.random.Generator       # the game's one source of chance
    flags: set[str] = field(default_factory=set)
    agenda: list[dict] = field(default_factory=list)       # {"motion", "called_by"} for today
    stalled: list[str] = field(default_factory=list)       # bodies adjourned today
    convened: dict[str, int] = field(default_factory=dict)  # body id -> turn it opens
    chairs: dict[str, str | None] = field(default_factory=dict)
    passed: dict[str, int] = field(default_factory=dict)    # motion id -> turn
    failed: dict[str, int] = field(default_factory=dict)
    called: dict[str, int] = field(default_factory=dict)    # motion id -> times called
    votes: list[VoteRecord] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)          # scenario events fired
    pending: dict | None = None                             # a choice awaiting a side
    promised: dict[str, str] = field(default_factory=dict)  # "side:post" -> actor id
    done: list[str] = field(default_factory=list)           # "side:kind:target" once-only / per-day keys
    threat: dict[str, int] = field(default_factory=dict)    # side -> turn of its last show of force
    log: list[GameEvent] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)       # the action log, as JSON
    undoable: bool = False     # the last action drew no chance and revealed nothing
    outcome: Outcome | None = None

    def copy(self) -> "GameState":
        return GameState(
            seed=self.seed, turn=self.turn, round=self.round, to_move=self.to_move,
            capital=dict(self.capital), legitimacy=dict(self.legitimacy),
            pop=self.pop.copy(), est_mean=self.est_mean.copy(), est_sd=self.est_sd.copy(),
            rng=_copy_rng(self.rng), flags=set(self.flags),
            agenda=[dict(a) for a in self.agenda], stalled=list(self.stalled),
            convened=dict(self.convened), chairs=dict(self.chairs), passed=dict(self.passed),
            failed=dict(self.failed), called=dict(self.called), votes=list(self.votes),
            fired=list(self.fired), pending=_copy_json(self.pending), promised=dict(self.promised),
            done=list(self.done), threat=dict(self.threat), log=list(self.log),
            actions=[_copy_json(a) for a in self.actions], undoable=self.undoable, outcome=self.outcome,
        )

    def to_json(self) -> dict:
        return {
            "seed": self.seed, "turn": self.turn, "round": self.round, "to_move": self.to_move,
            "capital": self.capital, "legitimacy": self.legitimacy,
            "pop": self.pop.to_json(),
            "est_mean": self.est_mean.tolist(), "est_sd": self.est_sd.tolist(),
            "rng_state": self.rng.bit_generator.state, "flags": sorted(self.flags),
            "agenda": self.agenda, "stalled": self.stalled, "convened": self.convened,
            "chairs": self.chairs, "passed": self.passed, "failed": self.failed,
            "called": self.called, "votes": [v.to_json() for v in self.votes],
            "fired": self.fired, "pending": self.pending, "promised": self.promised,
            "done": self.done, "threat": self.threat,
            "log": [e.to_json() for e in self.log], "actions": self.actions, "undoable": self.undoable,
            "outcome": self.outcome.to_json() if self.outcome else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> "GameState":
        return cls(
            seed=data["seed"], turn=data["turn"], round=data["round"], to_move=data["to_move"],
            capital=dict(data["capital"]), legitimacy=dict(data["legitimacy"]),
            pop=Population.from_json(data["pop"]),
            est_mean=np.asarray(data["est_mean"], dtype=np.float64),
            est_sd=np.asarray(data["est_sd"], dtype=np.float64),
            rng=_rng_from_state(data["rng_state"]), flags=set(data["flags"]),
            agenda=list(data["agenda"]), stalled=list(data["stalled"]),
            convened=dict(data["convened"]), chairs=dict(data["chairs"]),
            passed=dict(data["passed"]), failed=dict(data["failed"]), called=dict(data["called"]),
            votes=[VoteRecord.from_json(v) for v in data["votes"]], fired=list(data["fired"]),
            pending=data["pending"], promised=dict(data["promised"]), done=list(data["done"]),
            threat=dict(data["threat"]),
            log=[GameEvent.from_json(e) for e in data["log"]], actions=list(data["actions"]),
            undoable=bool(data.get("undoable", False)),
            outcome=Outcome.from_json(data["outcome"]) if data["outcome"] else None,
        )


def _copy_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    return value


def _copy_rng(rng: np.random.Generator) -> np.random.Generator:
    return _rng_from_state(rng.bit_generator.state)


def _rng_from_state(state: dict) -> np.random.Generator:
    bits = np.random.PCG64()
    bits.state = state
    return np.random.Generator(bits)
