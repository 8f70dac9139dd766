"""The game: one crisis played from its first day to its outcome.

``Game`` is one row of a :class:`~game.engine.batch.GameBatch` (OpenSpiel's
state, python-chess's board): ``legal_actions``, ``preview``, ``apply``,
``undo``, ``forecast``, ``explain``, ``outcome``, ``clone``,
``to_json``/``from_json``, ``log_for``. It holds no rule of its own: every
rule is the batch's, run over this one game. Chance is the game's own
counter-based stream, so the same scenario, seed and action list give the
same game, event for event, alone or in a batch.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from functools import partialmethod

import numpy as np

from .actions import ACTION_TYPES, Action, Choose, action_from_json, cost_of
from .batch import EVENT_PENDING, NO_ONE, NONE_PENDING, GameBatch, check_seed, _TERMINATIONS
from .errors import EngineError, GameOverError, IllegalActionError, InvalidActionError, UnknownMotionError
from .outcome import Degree, Fate, Outcome
from .population import Population
from .record import Forecast, GameEvent, VoterForecast
from .spec import MEMBERSHIP_LEVELS, ModelWeights, Motion, Scenario, prose
from .voting import (MotionContext, ballot_probabilities, carried, cast_ballots, chair_yes, required_yes, tally,
                     vote_terms)


@dataclass(frozen=True)
class Preview:
    """What an action costs, may do, and its odds: shown before it is chosen.

    ``amount`` is what it moves if it succeeds (a stance shift, members flown
    in, signatures expected, legitimacy at stake; 0 for the rest).
    """

    action: Action
    cost: int
    affordable: bool
    odds: float
    text: str
    effect: str
    amount: float = 0.0


def _of_row(field: str, cast: type = int, doc: str | None = None) -> property:
    """A property: this game's entry of the batch's array ``field``."""
    return property(lambda self: cast(getattr(self.batch, field)[self.row]), doc=doc)


def _recorded(field: str) -> property:
    """A property: this game's list from the batch's records (empty in a batch that does not record)."""
    return property(lambda self: list(getattr(self.batch, field)[self.row]) if self.batch.recording else [])


def _by_record(records: str, field: str, doc: str | None = None, actor: bool = False) -> property:
    """A property: id of each of the scenario's ``records`` -> this game's entry of the batch's array ``field``
    for it: a turn, left out while -1 (not yet); with ``actor``, the id of the actor it names (-1: ``None``)."""
    def get(self):
        pairs = zip(getattr(self.scenario, records), getattr(self.batch, field)[self.row].tolist())
        if actor:
            return {x.id: self.scenario.actors[i].id if i >= 0 else None for x, i in pairs}
        return {x.id: t for x, t in pairs if t >= 0}
    return property(get, doc=doc)


class Game:
    """A game in progress: row ``row`` of ``batch``. Create with :meth:`Game.new` (or ``game.new_game``)."""

    def __init__(self, batch: GameBatch, row: int = 0, undoable: bool = False):
        self.batch = batch
        self.row = int(row)
        self._g = np.array([self.row])
        self.scenario = batch.scenario
        self.undoable = undoable     # the last action drew no chance and revealed nothing

    # ------------------------------------------------------------------ setup
    @classmethod
    def new(cls, scenario: Scenario, seed: int = 0) -> "Game":
        """Start a game of ``scenario``; everything random follows from ``seed`` (an integer in [0, 2^63))."""
        return cls(GameBatch.new(scenario, seeds=[check_seed(seed)], record=True), 0)

    def clone(self) -> "Game":
        return Game(self.batch.take([self.row]), 0, self.undoable)

    def to_json(self) -> dict:
        state = self.batch.row_to_json(self.row)
        state["undoable"] = self.undoable
        out = self.outcome()
        view = {"date": self.date, "to_move": self.to_move, "outcome": out.title if out else None}
        return {"scenario": self.scenario.id, "scenario_hash": self.scenario.source_hash, "state": state, "view": view}

    @classmethod
    def from_json(cls, scenario: Scenario, data: dict) -> "Game":
        if not isinstance(data, dict) or data.get("scenario") != scenario.id:
            got = data.get("scenario") if isinstance(data, dict) else data
            raise InvalidActionError(f"this state is of scenario {got!r}, not {scenario.id!r}")
        state = data.get("state")
        if not isinstance(state, dict):
            raise InvalidActionError("the saved game has no state")
        return cls(GameBatch.from_row_json(scenario, state), 0, bool(state.get("undoable", False)))

    # ------------------------------------------------------------- properties
    seed, turn, action_count = _of_row("seeds"), _of_row("turn"), _of_row("n_actions")
    round = _of_row("round", doc="Action rounds taken today (both sides, decisions included).")
    log, votes = _recorded("logs"), _recorded("vote_records")
    passed, failed = _by_record("motions", "passed"), _by_record("motions", "failed")
    convened = _by_record("bodies", "convened", "Body id -> the turn it opens (bodies sitting from the start open on "
                                                "turn 0).")
    chairs = _by_record("bodies", "chair", "Each body's chair now (``None``: no one).", actor=True)
    holders = _by_record("posts", "holder", "Each post's holder now (``None``: vacant), as ``appoint`` effects left "
                                            "it.", actor=True)

    @property
    def day(self):
        return self.scenario.calendar[min(self.turn, len(self.scenario.calendar) - 1)]

    @property
    def date(self) -> str:
        return self.day.date

    @property
    def to_move(self) -> str:
        """The side whose action (or decision) is awaited; "" once the game is over."""
        k = int(self.batch.to_move[self.row])
        return "" if k == NO_ONE else self.scenario.sides[k].id

    @property
    def weights(self) -> ModelWeights:
        return self.scenario.model

    @property
    def leaders(self) -> frozenset[str]:
        return frozenset(s.leader for s in self.scenario.sides)

    @property
    def actions(self) -> list[dict]:
        """The actions taken so far, as JSON, in order."""
        return [dict(a) for a in self.batch.action_log[self.row]] if self.batch.recording else []

    @property
    def people(self) -> Population:
        """Every person's traits, memberships and whereabouts (views: read, do not write)."""
        return self.batch.pop.row(self.row)

    @property
    def agenda(self) -> list[dict]:
        """Today's agenda, in order: ``{"motion", "called_by"}``."""
        b, r = self.batch, self.row
        items = [(int(b.agenda[r, m]), m) for m in np.flatnonzero(b.agenda[r] >= 0)]
        return [{"motion": self.scenario.motions[m].id, "called_by": self.scenario.sides[int(b.agenda_by[r, m])].id}
                for _, m in sorted(items)]

    @property
    def stalled(self) -> list[str]:
        """Bodies adjourned today."""
        return [body.id for j, body in enumerate(self.scenario.bodies) if self.batch.stalled[self.row, j]]

    @property
    def fired(self) -> list[str]:
        """Scenario events fired so far, in order."""
        if self.batch.recording:
            return list(self.batch.fired_order[self.row])
        return [e.id for e, f in zip(self.scenario.events, self.batch.fired[self.row]) if f]

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(f for f, i in self.batch.flag_ix.items() if self.batch.flags[self.row, i])

    @property
    def pending(self) -> dict | None:
        """The decision awaited, if any: ``{"kind": "event"|"compromise", "id", "side"[, "by"]}``."""
        b, r = self.batch, self.row
        kind = int(b.pending_kind[r])
        if kind == NONE_PENDING:
            return None
        side = self.scenario.sides[int(b.pending_side[r])].id
        if kind == EVENT_PENDING:
            return {"kind": "event", "id": self.scenario.events[int(b.pending_id[r])].id, "side": side}
        return {"kind": "compromise", "id": self.scenario.compromises[int(b.pending_id[r])].id, "side": side,
                "by": self.scenario.sides[int(b.pending_by[r])].id}

    def is_over(self) -> bool:
        return bool(self.batch.outcome[self.row] >= 0)

    def outcome(self) -> Outcome | None:
        """``None`` until the game ends; then the winner, degree and epilogue."""
        b, r = self.batch, self.row
        if b.outcome[r] < 0:
            return None
        o = b.outcomes[int(b.outcome[r])]
        t = int(b.end_turn[r])
        last = {v.motion: v for v in self.votes}     # the last vote on each motion, the decisive ones if any
        decisive = [v for v in last.values() if self.scenario.motion(v.motion).decisive] or list(last.values())
        return Outcome(
            id=o.id, termination=_TERMINATIONS[int(b.termination[r])],
            winner=self.scenario.sides[o.winner].id if o.winner != NO_ONE else None, degree=Degree(o.degree),
            title=o.title, text=o.text, turn=t,
            date=self.scenario.calendar[min(t, len(self.scenario.calendar) - 1)].date,
            decisive_votes=tuple(decisive), epilogue=tuple(self._epilogue(o.id, o.winner)))

    def capital(self, side: str) -> int:
        return int(self.batch.capital[self.row, self._side(side)])

    def legitimacy(self, side: str) -> float:
        return float(self.batch.legitimacy[self.row, self._side(side)])

    def lobbies(self, side: str) -> np.ndarray:
        """How often ``side`` has lobbied each named actor so far (scenario order): what it knows of its own
        persuasion, which wears out by ``model.lobby_fatigue`` of the odds a lobby."""
        return self.batch.lobbied[self.row, self._side(side)].copy()

    # ------------------------------------------------------------- lookups
    def _find(self, field: str, value: str, error: type = InvalidActionError):
        """The scenario's record of that kind (a side, or ``batch.records``) with id ``value``; ``error`` if there is
        none."""
        records = self.scenario.sides if field == "side" else self.batch.records(field)
        for r in records:
            if r.id == value:
                return r
        raise error(f"unknown {field} {value!r}; known: {', '.join(r.id for r in records)}")

    def _ix(self, field: str, value: str) -> int:
        """The index of the record :meth:`_find` finds, read from the batch's ``FIELD_ix`` table if it has one."""
        i = getattr(self.batch, f"{field}_ix", {}).get(value) if isinstance(value, str) else None
        return self.batch.records(field).index(self._find(field, value)) if i is None else i

    # The index of the side, actor or bloc of that id (InvalidActionError if it has none).
    _side, bloc_index = partialmethod(_ix, "side"), partialmethod(_ix, "bloc")
    actor_index = require_actor = partialmethod(_ix, "actor")

    def other(self, side: str) -> str:
        return self.scenario.sides[1 - self._side(side)].id

    def direction(self, side: str) -> int:
        return 1 if self._side(side) == 0 else -1

    def side_name(self, side: str) -> str:
        return self.scenario.sides[self._side(side)].name

    def actor_name(self, actor_id: str) -> str:
        return self.scenario.actors[self.actor_index(actor_id)].name

    def name_of(self, field: str, value: str) -> str:
        """The name shown for the id an action's ``field`` holds (a decision's option: its label)."""
        return self.pending_options().get(value, value) if field == "option" else self._find(field, value).name

    # The scenario's compromise, motion, body or institution of that id (InvalidActionError if it has none).
    compromise, require_motion = partialmethod(_find, "compromise"), partialmethod(_find, "motion")
    require_body, require_institution = partialmethod(_find, "body"), partialmethod(_find, "institution")

    def target_selection(self, target: str) -> dict:
        """An actor or bloc id as a selection for :meth:`selection_mask`."""
        if not isinstance(target, str):
            raise InvalidActionError(f"{target!r} is neither an actor nor a bloc")
        if target in self.batch.actor_ix:
            return {"actor": target}
        if target in self.batch.bloc_ix:
            return {"bloc": target}
        raise InvalidActionError(f"{target!r} is neither an actor nor a bloc")

    def selection_mask(self, sel: dict) -> np.ndarray:
        for field in ("actor", "bloc"):
            if field in sel:
                self._find(field, sel[field])
        return self.batch.rules.selection(sel, self._g)[0]

    def _person(self, index) -> int:
        """``index`` if it is a person's (a whole number from 0 to the population's size - 1), else
        InvalidActionError: a negative index is refused, not read from the end."""
        size = self.batch.pop.size
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < size:
            raise InvalidActionError(f"a person is a whole number from 0 to {size - 1}, got {str(index)[:60]}")
        return int(index)

    def membership_level(self, index: int, body: str) -> str:
        if body not in ("presidium", "cc"):
            raise InvalidActionError(f"membership levels are of the presidium and the cc, not {str(body)[:60]!r}")
        return MEMBERSHIP_LEVELS[int(getattr(self.batch.pop, body)[self.row, self._person(index)])]

    def condition_holds(self, cond: dict | None) -> bool:
        if cond is not None and not isinstance(cond, dict):
            raise InvalidActionError(f"a condition is a table (a dict) or None, got {str(cond)[:60]}")
        return bool(self.batch.rules.holds(cond, self._g)[0])

    # ------------------------------------------------------- power and force: the batch's queries, for this game
    def _query(name: str, cast: type = float, side: bool = True, body: bool = False):   # noqa: N805
        def query(self, *args):
            if len(args) != side + body:
                raise InvalidActionError(f"{name} takes {' and '.join(['a side'] * side + ['a body'] * body)}, got "
                                         f"{len(args)} argument(s)")
            ids = list(args)
            ix = ([self._side(ids.pop(0))] if side else []) + ([self._ix("body", ids.pop(0))] if body else [])
            return cast(getattr(self.batch, name)(*ix, self._g)[0])
        query.__doc__ = getattr(GameBatch, name).__doc__
        return query

    force_power, force_odds, airlift_capacity = _query("force_power"), _query("force_odds"), _query("airlift_capacity")
    income, fear, stall_odds = _query("income", int), _query("fear", side=False), _query("stall_odds", body=True)
    voter_mask = _query("voter_mask", np.asarray, side=False, body=True)
    speaker_mask = _query("speaker_mask", np.asarray, side=False, body=True)
    sits_today = _query("sits_today", bool, side=False, body=True)
    del _query

    def backing(self, side: str, institution: str) -> float:
        """How far an institution backs a side, in [0, 1]: its commander's stance."""
        j = self._ix("institution", institution)
        return float(self.batch.backing(self._side(side), self._g)[0, j])

    # --------------------------------------------------------- knowledge
    def believed_stance(self, side: str, index: int) -> float:
        """What ``side`` believes person ``index``'s stance to be (its estimate's mean)."""
        return float(self.batch.est_mean[self.row, self._side(side), self._person(index)])

    def estimates(self, side: str) -> tuple[np.ndarray, np.ndarray]:
        """A side's (mean, sd) estimate of every person's stance: its fog of war."""
        k = self._side(side)
        return self.batch.est_mean[self.row, k].copy(), self.batch.est_sd[self.row, k].copy()

    def believed_world(self, side: str, stance: np.ndarray, seed: int) -> "Game":
        """A copy of this game as ``side`` pictures it, for planning.

        Every stance is ``stance`` (one of the side's pictures of the hidden
        minds), both sides know it, the other side has lobbied no one, nothing
        is logged, and chance comes from a fresh stream keyed by ``seed``:
        nothing in it comes from the other side's secrets or the real game's
        future dice.
        """
        k = self._side(side)
        sd = self.batch.est_sd[self.row, k]
        if np.shape(stance) != sd.shape:
            raise InvalidActionError(f"a believed world needs one stance per person, {sd.shape[0]}; got an array of "
                                     f"shape {np.shape(stance)}")
        world = Game(self.batch.take([self.row], record=False), 0)
        world.batch.pop.stance[0] = stance
        world.batch.est_mean[0] = stance
        world.batch.est_sd[0] = np.minimum(sd, self.batch.weights.friend_sd)   # known as a friend is
        world.batch.lobbied[0, 1 - k] = 0     # whom the other side has lobbied is its secret
        world.reseed(seed)
        return world

    def reseed(self, seed: int) -> "Game":
        """Draw this game's chance from now on from a fresh stream keyed by ``seed``; returns self."""
        self.batch.reseed([check_seed(seed)], [self.row])
        return self

    # ------------------------------------------------------------- actions
    def rule_args(self, action: Action) -> tuple:
        """(batch, side index, games, targets, details) for a kind's rules in this game."""
        k, a = self._index(action)
        space = self.batch.space[k]
        return self.batch, k, self._g, space.target[[a]], space.detail[[a]]

    def _index(self, action: Action) -> tuple[int, int]:
        """The action's side index and its index in that side's space; an :class:`EngineError` if it has none."""
        k = self._side(action.side)
        a = self.batch.space[k].index.get(action)
        if a is None:
            options = self.batch.space[k].options
            unknown = [f"{name} {value!r}" for name, value in action.targets().items()
                       if value not in (options if name == "option" else [r.id for r in self.batch.records(name)])]
            if unknown:
                raise InvalidActionError(f"{action.kind}: unknown {', '.join(unknown)} in this scenario")
            side = self.scenario.side(action.side)
            raise IllegalActionError(f"{side.does('has')} no such action in this scenario: {action!r}")
        return k, a

    def legal_actions(self) -> list[Action]:
        """The typed actions the side to move may take now, with cost and label."""
        if self.is_over():
            return []
        k = int(self.batch.to_move[self.row])
        legal = np.flatnonzero(self.batch.legal_mask(k, self._g)[0])
        if self.pending:   # a decision's options are labelled by the decision at hand
            space = self.batch.space[k]
            return [replace(space.actions[a], label=space.actions[a].describe(self)) for a in legal]
        labelled = self.batch.labelled(k)
        return [labelled[a] for a in legal]

    def legal_mask(self, side: str | None = None) -> np.ndarray:
        """Over ``side``'s whole action space (``action_space(side)``): which actions are legal now."""
        k = self._side(side or self.to_move or self.scenario.sides[0].id)
        return self.batch.legal_mask(k, self._g)[0]

    def action_space(self, side: str) -> tuple[Action, ...]:
        """Every action ``side`` could ever take in this scenario, in a fixed order."""
        return self.batch.space[self._side(side)].actions

    def cost_of(self, action: Action) -> int:
        if not isinstance(action, Action):
            raise InvalidActionError(f"not an action: {action!r}")
        return cost_of(self.scenario, action.kind)

    def is_legal(self, action: Action) -> bool:
        try:
            self._check(action)
        except EngineError:
            return False
        return True

    def _check(self, action, check_cost: bool = True) -> tuple[Action, int, int]:
        """The action (built from JSON if need be), its side index and its index in the space, if it may be
        taken now; otherwise an :class:`EngineError` saying why."""
        if isinstance(action, dict):
            action = action_from_json(action)
        if not isinstance(action, Action) or ACTION_TYPES.get(action.kind) is not type(action):
            raise InvalidActionError(f"not an action: {action!r}")
        for name, value in action.to_json().items():
            if not isinstance(value, str):
                raise InvalidActionError(f"action {action.kind!r}: {name} must be text (an id), got {value!r}")
        k, a = self._index(action)
        b, r = self.batch, self.row
        if self.is_over():
            raise GameOverError("the game is over")
        if self.to_move != action.side:
            raise IllegalActionError(f"it is {self.side_name(self.to_move)}'s move, not "
                                     f"{self.side_name(action.side)}'s")
        pending = self.pending
        if pending and not isinstance(action, Choose):
            raise IllegalActionError(f"{self.side_name(pending['side'])} must first decide: {self.pending_title()}")
        if not pending and isinstance(action, Choose):
            raise IllegalActionError("there is no decision to make")
        if b.legal_mask(k, self._g, ignore_cost=not check_cost, actions=np.array([a]))[0, 0]:
            return action, k, a
        label = action.describe(self)
        cost = int(b.space[k].cost[a])
        if check_cost and cost > b.capital[r, k]:
            holder = self.scenario.side(action.side).does("has")
            raise IllegalActionError(f"{label} costs {cost} political capital; {holder} {int(b.capital[r, k])}")
        if b.done_today[r, k, a] and not b.space[k].repeatable[a]:
            raise IllegalActionError(f"{label} has already been done today")
        raise IllegalActionError(f"{label} is not possible now")

    def preview(self, action: Action) -> Preview:
        """Cost, odds and likely effect of an action, without taking it."""
        action, k, a = self._check(action, check_cost=False)
        cost = int(self.batch.space[k].cost[a])
        return Preview(action=action, cost=cost, affordable=cost <= self.capital(action.side),
                       odds=float(action.chance_of_success(self)), text=action.describe(self),
                       effect=action.effect(self), amount=float(action.magnitude(self)))

    def apply(self, action: Action | dict) -> list[GameEvent]:
        """Take an action for the side to move; returns the events it caused.

        Raises :class:`IllegalActionError` or :class:`InvalidActionError` (both
        ``EngineError``) and changes nothing if the action is not listed by
        :meth:`legal_actions` now.
        """
        action, k, a = self._check(action)
        b, r = self.batch, self.row
        start = len(b.logs[r]) if b.recording else 0
        chance_before = int(b.chance.counter[r])
        b.apply(k, self._g, np.array([a]), check=False)
        new = b.logs[r][start:] if b.recording else []
        self.undoable = (int(b.chance.counter[r]) == chance_before and not any(e.reveals for e in new)
                         and not self.is_over())
        return list(new)

    def can_undo(self) -> bool:
        """Whether :meth:`undo` may take back the last action.

        Only an action that drew no chance and revealed nothing can be taken
        back (undo must not become a way to peek), and only once.
        """
        return self.undoable and self.action_count > 0 and self.batch.recording

    def undo(self) -> "Game":
        """Take back the last action by replaying the game without it; returns self."""
        if not self.can_undo():
            why = ("no action has been taken" if self.action_count == 0 else
                   "this game keeps no record of its actions (a view of a batch that does not record)"
                   if not self.batch.recording else
                   "it drew chance, revealed something or ended the game, or was taken back already (once only)")
            raise IllegalActionError(f"the last action cannot be taken back: {why}")
        replay = Game.new(self.scenario, self.seed)
        for data in self.actions[:-1]:
            replay.apply(data)
        self.batch, self.row, self._g = replay.batch, 0, np.array([0])
        self.undoable = False
        return self

    # ------------------------------------------------------------ pending choices
    def _decision(self) -> tuple[str, dict[str, tuple[str, str]]]:
        """The pending decision's title and options: option id -> (label, what choosing it does)."""
        p = self.pending
        if p is None:
            return "", {}
        if p["kind"] == "event":
            event = self.scenario.event(p["id"])
            return event.title, {c.id: (c.label, c.text) for c in event.choices}
        comp = self.compromise(p["id"])
        lapse = (f"The offer lapses; {self.scenario.side(p['by']).does('gains')} {self.weights.compromise_credit:.2f} "
                 f"legitimacy for having made it.")
        return comp.name, {"accept": ("Accept the terms", f"The game ends: {comp.text}"),
                           "reject": ("Refuse them", lapse)}

    def pending_title(self) -> str:
        return self._decision()[0]

    def pending_options(self) -> dict[str, str]:
        return {option: label for option, (label, _) in self._decision()[1].items()}

    def pending_effect(self, option: str) -> str:
        """What answering the pending decision with ``option`` does, in words."""
        return self._decision()[1].get(option, ("", ""))[1]

    # ------------------------------------------------------------ votes
    def motion_context(self, motion: Motion) -> MotionContext:
        ctx = self.batch.motion_context(self.batch.motion_ix[motion.id], self._g)
        return replace(ctx, legitimacy=float(ctx.legitimacy[0]), fear=float(ctx.fear[0]), members=int(ctx.members[0]))

    def explain(self, motion_id: str, actor_id: str, side: str | None = None) -> dict[str, float]:
        """The named terms of one actor's inclination to vote yes (see voting.py).

        With ``side``, computed from that side's estimates (what it may know).
        """
        m = self._find("motion", motion_id, UnknownMotionError)
        i = self.require_actor(actor_id)
        stance = self.people.stance if side is None else self.estimates(side)[0]
        # Judged in the room he would vote in (the unanimity norm depends on the others).
        room = np.flatnonzero(self.voter_mask(m.body) & (self.people.days_away == 0))
        room = np.append(room[room != i], i)
        terms = vote_terms(stance, room, self.people, self.motion_context(m), self.weights)
        p_yes, p_abstain = ballot_probabilities(terms, self.weights)
        return {k: float(v[-1]) for k, v in {**terms, "p_yes": p_yes, "p_abstain": p_abstain}.items()}

    def forecast(self, motion_id: str, side: str | None = None, samples: int = 400) -> Forecast:
        """Monte Carlo forecast of a vote from ``side``'s estimates (fog of war).

        Draws stances from the side's estimates and ballots from the vote model,
        with a generator seeded from the game's position, so it is repeatable
        and never disturbs the game's own chance.
        """
        m = self._find("motion", motion_id, UnknownMotionError)
        side = side or self.to_move or self.scenario.sides[0].id
        self._side(side)
        if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or not 1 <= samples <= 100_000:
            raise InvalidActionError(f"samples must be an integer from 1 to 100000, got {samples!r}")
        pop = self.people
        voters = self.voter_mask(m.body)
        idx = np.flatnonzero(voters & (pop.days_away == 0))
        members = int(voters.sum())
        ctx = self.motion_context(m)
        quorum = len(idx) >= self.require_body(m.body).quorum * members
        seed = zlib.crc32(f"{self.seed}:{self.action_count}:{self.turn}:{motion_id}:{side}".encode())
        rng = np.random.Generator(np.random.PCG64(seed))
        mean, sd = self.estimates(side)
        stance = np.clip(mean + sd * rng.standard_normal((samples, len(mean))), -1, 1)
        terms = vote_terms(stance, idx, pop, ctx, self.weights)
        p_yes, p_abs = ballot_probabilities(terms, self.weights)
        ballots = cast_ballots(p_yes, p_abs, rng.random(p_yes.shape))
        yes, no, abstain = tally(ballots)
        body = self.require_body(m.body)
        chair = self.chairs[m.body]
        seat = np.flatnonzero(idx == self.actor_index(chair)) if body.tie == "chair" and chair else []
        chair = chair_yes(ballots == 1, seat[0] if len(seat) else -1) if body.tie == "chair" else False
        passed = carried(ctx, yes, no, len(idx), body.tie, chair) & quorum
        named = idx < len(self.scenario.actors)
        rows = tuple(VoterForecast(actor=self.scenario.actors[i].id, bloc=None, p_yes=float(col.mean()),
                                   p_low=float(np.percentile(col, 10)), p_high=float(np.percentile(col, 90)),
                                   known=bool(sd[i] <= self.weights.known_sd))
                     for i, col in zip(idx[named], p_yes[:, named].T))
        return Forecast(
            motion=m.id, body=m.body, side=side, probability=float(passed.mean()),
            yes=float(yes.mean()), no=float(no.mean()), abstain=float(abstain.mean()),
            yes_low=int(np.percentile(yes, 10)), yes_high=int(np.percentile(yes, 90)),
            present=len(idx), members=members, needed=float(required_yes(ctx, len(idx), len(idx))),
            quorum=bool(quorum), samples=int(samples), voters=rows)

    # ------------------------------------------------------------ the end
    def _epilogue(self, outcome_id: str, winner: int) -> list[Fate]:
        """Each named actor's fate: written for this outcome, or its winner, or derived."""
        words, lean, stance = self.scenario.words, self.weights.fate_lean, self.people.stance
        win = self.scenario.sides[winner] if winner != NO_ONE else None
        fates = []
        for i, a in enumerate(self.scenario.actors):
            text = (a.fates.get(outcome_id) or a.fates.get(outcome_id.split(":")[0])
                    or a.fates.get(win.id if win else None) or a.fates.get("default"))
            if text is None:
                toward = self.direction(win.id) * stance[i] if win else 0.0
                template = (words.fate_truce if win is None else words.fate_with_winner if toward > lean
                            else words.fate_against_winner if toward < -lean else words.fate_wavered)
                text = prose(template, winner=win.within if win else "", capital=words.capital, his=a.his)
            fates.append(Fate(actor=a.id, name=a.name, text=text))
        return fates

    # ------------------------------------------------------------ log
    def log_for(self, side: str) -> list[GameEvent]:
        """The log as ``side`` may see it: the other side's private moves left out."""
        self._side(side)
        return [e for e in self.log if e.audience is None or e.audience == side]


GameBatch.View = Game
