"""Many games of one scenario at once, held as arrays: the batched engine.

:class:`Game` plays one game and is the source of truth. ``GameBatch`` plays
G games of the same scenario side by side for bulk simulation: every field
of a game's state becomes an array with one row per game (stances ``(G, P)``,
each side's estimates ``(G, 2, P)``, capital ``(G, 2)``, flags ``(G, F)``, the
turn ``(G,)`` ...), each side's actions form a fixed :class:`ActionSpace`
whose legality is a ``(G, A)`` mask, and an action is resolved for all the
games that chose it with masked array updates. Votes run through the same
vote model (``voting.vote_terms`` with a mask of who is present), and the
scenario's conditions and effects are evaluated over sets of games
(``batch_rules``).

The rules are the same; the order in which chance is drawn is not, so a game
of a batch is not the game :meth:`Game.new` would play from any seed. The two
engines agree in distribution, and ``tests/engine/test_batch.py`` holds them
to it: the legal actions of hundreds of positions match exactly, and the
outcome, vote and event frequencies of whole games match within sampling
error. The same scenario, size and seed give the same batch, on any machine.

Use it through :func:`game.sim.simulate` (which picks it for the ``random``
and ``historical`` policies) or directly::

    batch = GameBatch.new(scenario, games=1000, seed=1)
    batch.play({"khrushchev": RandomBatchPolicy(1), "group": RandomBatchPolicy(2)})
    batch.results()[0]   # {"winner": ..., "outcome": ..., "votes": [...], ...}
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Protocol, Sequence

import numpy as np

from . import batch_actions
from .actions import ACTION_TYPES, DEFAULT_COSTS, Action, action_from_json
from .batch_rules import Rules
from .errors import EngineError
from .game import Game, initial_estimates
from .population import Population, generate, membership_mask
from .spec import POWER_BASES, Scenario
from .voting import MotionContext, ballot_probabilities, cast_ballots, passes, tally, vote_terms

NO_ONE = -1          # to_move of a finished game; a winner of no one
NONE_PENDING, EVENT_PENDING, COMPROMISE_PENDING = 0, 1, 2


# --------------------------------------------------------------------- the action space
class ActionSpace:
    """Every action one side could ever take, in a fixed order (kind, then targets).

    ``actions[a]`` is the typed action of index ``a``; ``kind[a]`` its kind,
    ``target[a]`` and ``detail[a]`` the indices it names (an actor, bloc,
    body, motion, post, institution, compromise or decision option, by kind),
    ``cost[a]`` what it costs. ``span[kind]`` is the slice of its actions.
    """

    def __init__(self, scenario: Scenario, side_index: int):
        side = scenario.sides[side_index].id
        leaders = {s.leader for s in scenario.sides}
        actor_ix = {a.id: i for i, a in enumerate(scenario.actors)}
        self.options: tuple[str, ...] = options_of(scenario)
        rows: list[tuple[Action, int, int]] = []
        self.span: dict[str, slice] = {}
        for kind, cls in ACTION_TYPES.items():
            start = len(rows)
            if kind == "lobby":
                rows += [(cls(side, a.id), i, 0) for i, a in enumerate(scenario.actors) if a.id not in leaders]
            elif kind == "promise":
                rows += [(cls(side, a.id, p.id), i, j) for j, p in enumerate(scenario.posts)
                         for i, a in enumerate(scenario.actors)
                         if a.id not in leaders and a.ambition >= 0.4 and a.presidium != "none"]
            elif kind == "reveal":
                rows += [(cls(side, a.id), i, 0) for i, a in enumerate(scenario.actors)]
            elif kind == "court":
                rows += [(cls(side, inst.id), j, actor_ix[inst.commander])
                         for j, inst in enumerate(scenario.institutions)]
            elif kind == "intelligence":
                rows += [(cls(side, a.id), i, 0) for i, a in enumerate(scenario.actors)]
                rows += [(cls(side, b.id), j, 1) for j, b in enumerate(scenario.blocs)]
            elif kind in ("airlift", "propaganda"):
                rows += [(cls(side, b.id), j, 0) for j, b in enumerate(scenario.blocs)]
            elif kind == "signatures":
                rows += [(cls(side, b.id), j, 0) for j, b in enumerate(scenario.bodies) if b.demand_signatures > 0]
            elif kind == "call_vote":
                rows += [(cls(side, m.id), j, 0) for j, m in enumerate(scenario.motions)]
            elif kind == "stall":
                rows += [(cls(side, b.id), j, 0) for j, b in enumerate(scenario.bodies)]
            elif kind == "compromise":
                rows += [(cls(side, c.id), j, 0) for j, c in enumerate(scenario.compromises) if c.by == side]
            elif kind == "choose":
                rows += [(cls(side, o), j, 0) for j, o in enumerate(self.options)]
            else:                                   # pass, threaten, force: no targets
                rows.append((cls(side), 0, 0))
            self.span[kind] = slice(start, len(rows))
        self.actions: tuple[Action, ...] = tuple(r[0] for r in rows)
        self.target = np.array([r[1] for r in rows], dtype=np.int64)
        self.detail = np.array([r[2] for r in rows], dtype=np.int64)
        kinds = list(ACTION_TYPES)
        self.kind = np.array([kinds.index(a.kind) for a in self.actions], dtype=np.int64)
        costs = scenario.rules.costs
        self.cost = np.array([int(costs.get(a.kind, DEFAULT_COSTS[a.kind])) for a in self.actions], dtype=np.int64)
        self.repeatable = np.array([type(a).repeatable_per_day for a in self.actions])
        self.index = {a: i for i, a in enumerate(self.actions)}

    def __len__(self) -> int:
        return len(self.actions)


def options_of(scenario: Scenario) -> tuple[str, ...]:
    """Every decision option of the scenario: event choices, then accept and reject."""
    opts = [c.id for ev in scenario.events for c in ev.choices] + ["accept", "reject"]
    return tuple(dict.fromkeys(opts))


# --------------------------------------------------------------------- policies
class BatchPolicy(Protocol):
    name: str

    def choose(self, batch: "GameBatch", side: int, games: np.ndarray) -> np.ndarray:
        """One action index of ``batch.space[side]`` for each of ``games`` (all with ``side`` to move)."""
        ...


class RandomBatchPolicy:
    """Uniform over the legal actions, as the scalar ``random`` policy."""

    name = "random"

    def __init__(self, seed: int = 0):
        self.rng = np.random.Generator(np.random.PCG64(seed))

    def choose(self, batch, side, games):
        mask = batch.legal_mask(side, games)
        counts = mask.sum(axis=1)
        pick = (self.rng.random(len(games)) * counts).astype(np.int64)
        return np.argmax(np.cumsum(mask, axis=1) > pick[:, None], axis=1)


class HistoricalBatchPolicy:
    """The scenario's historical steps, as the scalar ``historical`` policy.

    On its move each game takes its side's first step dated today or earlier
    that it has not yet taken and that is legal now, else waits; decisions
    follow the scenario's historical choices (a compromise is refused).
    """

    name = "historical"

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._taken: dict[int, np.ndarray] = {}   # side -> (games, steps): steps already taken
        self._want: dict[int, np.ndarray] = {}    # side -> each step's action index (-1: never legal)

    def choose(self, batch, side, games):
        sc = batch.scenario
        space = batch.space[side]
        sid = sc.sides[side].id
        steps = [st for st in sc.historical if st.side == sid]
        taken = self._taken.get(side)
        if taken is None or taken.shape[0] != batch.size:
            taken = self._taken[side] = np.zeros((batch.size, len(steps)), dtype=bool)
        out = np.full(len(games), space.span["pass"].start, dtype=np.int64)
        pending = batch.pending_kind[games] != NONE_PENDING
        if pending.any():
            out[pending] = self._decide(batch, side, games[pending])
        idle = np.flatnonzero(~pending)
        if steps and idle.size:
            g = games[idle]
            mask = batch.legal_mask(side, g)
            dates = batch.dates[batch.day_index(g)]
            want = self._want.get(side)
            if want is None:
                want = self._want[side] = np.array([space.index.get(_step_action(st.action, sid), -1)
                                                    for st in steps])
            ok = np.zeros((len(g), len(steps)), dtype=bool)
            for j, st in enumerate(steps):
                if want[j] >= 0:
                    ok[:, j] = (np.array([st.date]) <= dates) & mask[:, want[j]] & ~taken[g, j]
            has = ok.any(axis=1)
            first = np.argmax(ok, axis=1)
            out[idle[has]] = want[first[has]]
            taken[g[has], first[has]] = True
        return out

    def _decide(self, batch, side, games):
        sc = batch.scenario
        space = batch.space[side]
        out = np.empty(len(games), dtype=np.int64)
        for row, g in enumerate(games):
            options = batch.pending_options(int(g))
            if batch.pending_kind[g] == EVENT_PENDING:
                want = sc.historical_choices.get(sc.events[batch.pending_id[g]].id)
            else:
                want = "reject"
            option = want if want in options else options[0]
            out[row] = space.span["choose"].start + space.options.index(option)
        return out


def _step_action(data: dict, side: str) -> Action | None:
    try:
        return action_from_json({**data, "side": side})
    except EngineError:
        return None


# --------------------------------------------------------------------- the outcomes
@dataclass(frozen=True)
class BatchOutcome:
    id: str
    winner: int        # side index, or NO_ONE
    degree: str


def outcome_table(scenario: Scenario) -> tuple[BatchOutcome, ...]:
    """Every way a game can end: the scenario's outcomes, accepted compromises, force."""
    side_ix = {s.id: k for k, s in enumerate(scenario.sides)}
    out = [BatchOutcome(o.id, side_ix.get(o.winner, NO_ONE), o.degree) for o in scenario.outcomes]
    out += [BatchOutcome(f"compromise:{c.id}", side_ix.get(c.winner, NO_ONE), c.degree) for c in scenario.compromises]
    for k, s in enumerate(scenario.sides):
        out.append(BatchOutcome(f"force:{s.id}", k, "pyrrhic"))
        out.append(BatchOutcome(f"force_failed:{s.id}", 1 - k, "decisive"))
    return tuple(out)


# --------------------------------------------------------------------- the batch
class GameBatch:
    """G games of one scenario, played side by side. Create with :meth:`new` or :meth:`from_games`."""

    def __init__(self, scenario: Scenario, size: int, seed: int):
        self.scenario = sc = scenario
        self.size = size
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.weights = sc.model
        self.space = (ActionSpace(sc, 0), ActionSpace(sc, 1))
        self.outcomes = outcome_table(sc)
        self._outcome_ix = {o.id: i for i, o in enumerate(self.outcomes)}
        self.n_actors = len(sc.actors)
        self.actor_ix = {a.id: i for i, a in enumerate(sc.actors)}
        self.bloc_ix = {b.id: i for i, b in enumerate(sc.blocs)}
        self.body_ix = {b.id: i for i, b in enumerate(sc.bodies)}
        self.motion_ix = {m.id: i for i, m in enumerate(sc.motions)}
        self.event_ix = {e.id: i for i, e in enumerate(sc.events)}
        self.side_ix = {s.id: k for k, s in enumerate(sc.sides)}
        first = sc.rules.first_to_move or sc.sides[0].id
        self.order = np.array([self.side_ix[first], 1 - self.side_ix[first]])
        self.dates = np.array([d.date for d in sc.calendar])
        scheduled = {b for day in sc.calendar for b in day.sittings}
        # sits[day, body]: whether the calendar lets the body sit that day (if convened)
        self.sits = np.array([[b.id not in scheduled or b.id in day.sittings for b in sc.bodies]
                              for day in sc.calendar], dtype=bool)
        self.power = np.array([[a.power.get(b, 0.0) for b in POWER_BASES] for a in sc.actors])
        self.power_values = np.array([sc.rules.power_values.get(b, 1.0) for b in POWER_BASES])
        self.commanders = np.array([self.actor_ix[i.commander] for i in sc.institutions], dtype=np.int64)
        self.strength = np.array([i.strength for i in sc.institutions], dtype=float)
        self.leaders = np.array([self.actor_ix[s.leader] for s in sc.sides])
        self.rules = Rules(self)
        self.flag_ix = {f: i for i, f in enumerate(self.rules.flag_names)}
        self.rounds = 2 * sc.rules.rounds_per_turn
        # -- the state, one row per game (filled by new() or from_games())
        n, b, m, e = size, len(sc.bodies), len(sc.motions), len(sc.events)
        self.turn = np.zeros(n, dtype=np.int64)
        self.round = np.zeros(n, dtype=np.int64)
        self.to_move = np.zeros(n, dtype=np.int64)
        self.capital = np.zeros((n, 2), dtype=np.int64)
        self.legitimacy = np.zeros((n, 2))
        self.pop: Population | None = None
        self.est_mean = np.zeros((n, 2, 0))
        self.est_sd = np.zeros((n, 2, 0))
        self.flags = np.zeros((n, len(self.flag_ix)), dtype=bool)
        self.agenda = np.full((n, m), -1, dtype=np.int64)          # position on today's agenda, -1 if not on it
        self.agenda_by = np.zeros((n, m), dtype=np.int64)          # side that called it
        self.agenda_next = np.zeros(n, dtype=np.int64)
        self.stalled = np.zeros((n, b), dtype=bool)
        self.convened = np.full((n, b), -1, dtype=np.int64)        # turn it opens, -1 if not convened
        self.chair = np.array([[self.actor_ix[x.chair] if x.chair else -1 for x in sc.bodies]] * n,
                              dtype=np.int64).reshape(n, b)
        self.passed = np.full((n, m), -1, dtype=np.int64)          # turn it passed, -1 if not
        self.failed = np.full((n, m), -1, dtype=np.int64)
        self.called = np.zeros((n, m), dtype=np.int64)
        self.fired = np.zeros((n, e), dtype=bool)
        self.fired_today = np.zeros((n, e), dtype=bool)
        self.pending_kind = np.zeros(n, dtype=np.int64)
        self.pending_id = np.zeros(n, dtype=np.int64)
        self.pending_side = np.zeros(n, dtype=np.int64)
        self.pending_by = np.zeros(n, dtype=np.int64)
        self.promised = np.zeros((n, 2, len(sc.posts)), dtype=bool)
        self.done_today = np.zeros((n, 2, max(len(self.space[0]), len(self.space[1]))), dtype=bool)
        self.revealed = np.zeros((n, 2, self.n_actors), dtype=bool)
        self.offered = np.zeros((n, len(sc.compromises)), dtype=bool)
        self.threat = np.full((n, 2), -1, dtype=np.int64)
        self.outcome = np.full(n, -1, dtype=np.int64)
        self.end_turn = np.zeros(n, dtype=np.int64)
        self.n_actions = np.zeros(n, dtype=np.int64)
        self._votes: list[tuple] = []      # (games, motion, yes, no, abstain, passed), in order
        self._fired_log: list[tuple] = []  # (games, event), in order
        self._all = np.arange(n)

    # ----------------------------------------------------------------- creation
    @classmethod
    def new(cls, scenario: Scenario, games: int, seed: int = 0) -> "GameBatch":
        """``games`` fresh games of ``scenario``; everything random follows from ``seed``."""
        if games < 1:
            raise ValueError(f"a batch needs at least one game, got {games}")
        batch = cls(scenario, games, seed)
        batch._generate()
        batch._start_day(batch._all)
        return batch

    @classmethod
    def from_games(cls, games: Sequence[Game], seed: int = 0) -> "GameBatch":
        """A batch holding these games' positions exactly (chance from ``seed`` onward)."""
        if not games:
            raise ValueError("from_games needs at least one game")
        sc = games[0].scenario
        batch = cls(sc, len(games), seed)
        batch._load(games)
        return batch

    def _generate(self) -> None:
        """Draw every game's Central Committee and both sides' first estimates at once."""
        sc, n = self.scenario, self.size
        self.pop = generate(sc, self.rng, games=n)
        self.est_mean, self.est_sd = initial_estimates(sc, self.pop, self.rng, games=n)
        self.capital[:] = 0
        self.legitimacy[:] = [s.legitimacy for s in sc.sides]
        for f in sc.flags:
            self.flags[:, self.flag_ix[f]] = True
        for j, b in enumerate(sc.bodies):
            if b.convened:
                self.convened[:, j] = 0

    def _load(self, games: Sequence[Game]) -> None:
        sc = self.scenario
        states = [g.state for g in games]
        arrays = {k: np.stack([getattr(s.pop, k) for s in states]) for k in Population.ARRAYS}
        arrays["patron"] = states[0].pop.patron.copy()
        arrays["bloc"] = states[0].pop.bloc.copy()
        self.pop = Population(**arrays)
        self.est_mean = np.stack([s.est_mean for s in states])
        self.est_sd = np.stack([s.est_sd for s in states])
        sides = [s.id for s in sc.sides]
        for r, st in enumerate(states):
            self.turn[r], self.round[r] = st.turn, st.round
            self.to_move[r] = self.side_ix[st.to_move] if st.to_move else NO_ONE
            self.capital[r] = [st.capital[s] for s in sides]
            self.legitimacy[r] = [st.legitimacy[s] for s in sides]
            for f in st.flags:
                self.flags[r, self.flag_ix[f]] = True
            for pos, item in enumerate(st.agenda):
                m = self.motion_ix[item["motion"]]
                self.agenda[r, m], self.agenda_by[r, m] = pos, self.side_ix[item["called_by"]]
            self.agenda_next[r] = len(st.agenda)
            for body in st.stalled:
                self.stalled[r, self.body_ix[body]] = True
            for body, opens in st.convened.items():
                self.convened[r, self.body_ix[body]] = opens
            for body, chair in st.chairs.items():
                self.chair[r, self.body_ix[body]] = self.actor_ix[chair] if chair else -1
            for table, source in ((self.passed, st.passed), (self.failed, st.failed), (self.called, st.called)):
                for motion, value in source.items():
                    table[r, self.motion_ix[motion]] = value
            for ev in st.fired:
                self.fired[r, self.event_ix[ev]] = True
                self._fired_log.append((np.array([r]), self.event_ix[ev]))
            for v in st.votes:   # the history so far, so results() tells the whole game
                self._votes.append((np.array([r]), self.motion_ix[v.motion], np.array([v.yes]), np.array([v.no]),
                                    np.array([v.abstain]), np.array([v.passed])))
            if st.pending:
                p = st.pending
                self.pending_side[r] = self.side_ix[p["side"]]
                if p["kind"] == "event":
                    self.pending_kind[r], self.pending_id[r] = EVENT_PENDING, self.event_ix[p["id"]]
                else:
                    self.pending_kind[r] = COMPROMISE_PENDING
                    self.pending_id[r] = [c.id for c in sc.compromises].index(p["id"])
                    self.pending_by[r] = self.side_ix[p["by"]]
            for key in st.promised:
                side, post = key.split(":", 1)
                self.promised[r, self.side_ix[side], [p.id for p in sc.posts].index(post)] = True
            done = set(st.done)
            for k in range(2):
                for a, action in enumerate(self.space[k].actions):
                    self.done_today[r, k, a] = f"{st.turn}:{action.key()}" in done
                for i, actor in enumerate(sc.actors):
                    self.revealed[r, k, i] = f"{sides[k]}:reveal:{actor.id}" in done
            for j, c in enumerate(sc.compromises):
                self.offered[r, j] = f"{c.by}:compromise:{c.id}" in done
            for j, ev in enumerate(sc.events):
                self.fired_today[r, j] = f"{st.turn}:event:{ev.id}" in done
            for side, turn in st.threat.items():
                self.threat[r, self.side_ix[side]] = turn
            if st.outcome is not None:
                self.outcome[r] = self._outcome_ix[st.outcome.id]
                self.end_turn[r] = st.outcome.turn
            self.n_actions[r] = len(st.actions)

    # ----------------------------------------------------------------- queries
    @property
    def bloc_matrix(self) -> np.ndarray:
        """``(P, blocs)`` one-hot: person i belongs to bloc k (named actors to none)."""
        if getattr(self, "_bloc_matrix", None) is None:
            self._bloc_matrix = (self.pop.bloc[:, None] == np.arange(len(self.scenario.blocs))[None, :]).astype(float)
        return self._bloc_matrix

    def is_over(self) -> np.ndarray:
        return self.outcome >= 0

    def day_index(self, games: np.ndarray) -> np.ndarray:
        return np.minimum(self.turn[games], len(self.scenario.calendar) - 1)

    def direction(self, side: int) -> int:
        return 1 if side == 0 else -1

    def pending_options(self, g: int) -> tuple[str, ...]:
        if self.pending_kind[g] == EVENT_PENDING:
            return tuple(c.id for c in self.scenario.events[self.pending_id[g]].choices)
        if self.pending_kind[g] == COMPROMISE_PENDING:
            return ("accept", "reject")
        return ()

    def membership(self, selector: str, games: np.ndarray) -> np.ndarray:
        """``(len(games), P)`` mask of a membership selector such as ``"cc:full"``."""
        view = SimpleNamespace(presidium=self.pop.presidium[games], cc=self.pop.cc[games],
                               secretariat=self.pop.secretariat[games])
        return membership_mask(view, selector)

    def voter_mask(self, body: int, games: np.ndarray) -> np.ndarray:
        return self.membership(self.scenario.bodies[body].voters, games)

    def speaker_mask(self, body: int, games: np.ndarray) -> np.ndarray:
        spec = self.scenario.bodies[body]
        if not spec.speakers:
            return np.zeros((len(games), self.pop.size), dtype=bool)
        return self.membership(spec.speakers, games) & ~self.voter_mask(body, games)

    def sits_today(self, body: int, games: np.ndarray) -> np.ndarray:
        opens = self.convened[games, body]
        return ((opens >= 0) & (opens <= self.turn[games]) & (self.outcome[games] < 0)
                & self.sits[self.day_index(games), body])

    def backing(self, side: int, games: np.ndarray) -> np.ndarray:
        """``(len(games), institutions)``: how far each institution backs ``side``."""
        stance = self.pop.stance[games[:, None], self.commanders]
        return np.maximum(0.0, self.direction(side) * stance) * self.strength

    def force_power(self, side: int, games: np.ndarray) -> np.ndarray:
        total = self.strength.sum()
        if total <= 0:
            return np.zeros(len(games))
        return self.backing(side, games).sum(axis=1) / total

    def fear(self, games: np.ndarray) -> np.ndarray:
        w = self.weights.threat_fear
        turn = self.turn[games]
        fa = self.force_power(0, games) * (1 + w * (self.threat[games, 0] == turn))
        fb = self.force_power(1, games) * (1 + w * (self.threat[games, 1] == turn))
        return np.clip(fa - fb, -1.5, 1.5)

    def force_odds(self, side: int, games: np.ndarray) -> np.ndarray:
        guard = np.array([i.guard for i in self.scenario.institutions])
        mine, theirs = self.backing(side, games), self.backing(1 - side, games)
        g = (mine - theirs)[:, guard].sum(axis=1)
        edge = self.force_power(side, games) - self.force_power(1 - side, games)
        w = self.weights
        return 1 / (1 + np.exp(-(w.force_edge * edge + w.force_guard * g + w.force_bias)))

    def airlift_capacity(self, side: int, games: np.ndarray) -> np.ndarray:
        insts = self.scenario.institutions
        lift = np.array([i.airlift for i in insts], dtype=float)
        back = self.backing(side, games)
        usable = (lift > 0) & (back >= self.weights.airlift_backing)
        return (lift * back * usable).sum(axis=1)

    def income(self, side: int, games: np.ndarray) -> np.ndarray:
        spec = self.scenario.sides[side]
        lean = np.maximum(0.0, self.direction(side) * self.pop.stance[games, : self.n_actors])
        weight = self.power.sum(axis=0)
        control = np.divide(lean @ self.power, weight, out=np.zeros((len(games), len(weight))), where=weight > 0)
        return spec.base_capital + np.round(control @ self.power_values).astype(np.int64)

    def add_legitimacy(self, side: int, games: np.ndarray, delta) -> None:
        self.legitimacy[games, side] = np.clip(self.legitimacy[games, side] + delta, 0.0, 1.0)

    def stall_odds(self, side: int, body: int, games: np.ndarray) -> np.ndarray:
        d = self.direction(side)
        stance = self.pop.stance[games]
        away = self.pop.days_away[games]
        voters = self.voter_mask(body, games)
        n_voters = voters.sum(axis=1)
        absent = np.where(n_voters > 0, ((away > 0) & voters).sum(axis=1) / np.maximum(n_voters, 1), 0.0)
        chair = self.chair[games, body]
        chair_lean = np.where(chair >= 0, d * stance[np.arange(len(games)), np.maximum(chair, 0)], 0.0)
        speakers = self.speaker_mask(body, games) & (away == 0)
        n_sp = speakers.sum(axis=1)
        speak = np.where(n_sp > 0, (d * stance * speakers).sum(axis=1) / np.maximum(n_sp, 1), 0.0)
        standing = self.legitimacy[games, side] - self.legitimacy[games, 1 - side]
        w = self.weights
        x = (w.stall_bias + w.stall_chair * chair_lean + w.stall_absent * absent
             + w.stall_speakers * speak + w.stall_standing * standing)
        return np.clip(1 / (1 + np.exp(-x)), 0.02, 0.98)

    # ----------------------------------------------------------------- knowledge
    def shift_stance(self, side: int, games: np.ndarray, people: np.ndarray, amount) -> None:
        """Move ``people`` (one per game, or a (G, P) mask) toward ``side``; the side sees what it did."""
        st = self.pop.stance
        if people.ndim == 1:
            before = st[games, people]
            after = np.clip(before + self.direction(side) * amount, -1.0, 1.0)
            st[games, people] = after
            self.est_mean[games, side, people] = np.clip(self.est_mean[games, side, people] + after - before, -1, 1)
        else:
            before = st[games]
            after = np.where(people, np.clip(before + self.direction(side) * amount, -1.0, 1.0), before)
            st[games] = after
            self.est_mean[games, side] = np.clip(self.est_mean[games, side] + after - before, -1, 1)

    def reveal(self, side: int, games: np.ndarray, mask: np.ndarray, sd: float) -> None:
        """The side learns the stances in ``mask`` (per game), give or take ``sd``."""
        rows, people = np.nonzero(mask)
        games = games[rows]
        noise = self.rng.normal(0.0, sd, rows.size)
        self.est_mean[games, side, people] = np.clip(self.pop.stance[games, people] + noise, -1, 1)
        self.est_sd[games, side, people] = np.minimum(self.est_sd[games, side, people], sd)

    # ----------------------------------------------------------------- legality
    def legal_mask(self, side: int, games: np.ndarray) -> np.ndarray:
        """``(len(games), len(space[side]))``: the actions ``side`` may take in each game now.

        Meaningful for games with ``side`` to move; the same tests as
        ``Game.legal_actions`` (cost, once a day, each kind's own check).
        """
        return batch_actions.legal_mask(self, side, games)

    # ----------------------------------------------------------------- play
    def step(self, policies: Sequence[BatchPolicy]) -> None:
        """Each unfinished game takes one action, chosen by the policy of its side to move."""
        for side in (0, 1):
            games = np.flatnonzero((self.to_move == side) & (self.outcome < 0))
            if games.size:
                self.apply(side, games, policies[side].choose(self, side, games))

    def play(self, policies, max_steps: int = 2000) -> "GameBatch":
        """Play every game to its end. ``policies``: one per side, as a sequence or ``{side id: policy}``."""
        if isinstance(policies, dict):
            policies = [policies[s.id] for s in self.scenario.sides]
        for _ in range(max_steps):
            if (self.outcome >= 0).all():
                return self
            self.step(policies)
        raise RuntimeError(f"games of the batch did not end within {max_steps} actions")

    def apply(self, side: int, games: np.ndarray, actions: np.ndarray) -> None:
        """Side ``side`` takes ``actions[i]`` (an index of ``space[side]``) in game ``games[i]``.

        The actions must be legal (see :meth:`legal_mask`); they are not re-checked.
        """
        space = self.space[side]
        self.capital[games, side] -= space.cost[actions]
        once = ~space.repeatable[actions]
        self.done_today[games[once], side, actions[once]] = True
        self.n_actions[games] += 1
        batch_actions.resolve(self, side, games, actions)
        live = self.outcome[games] < 0
        choose = space.kind[actions] == list(ACTION_TYPES).index("choose")
        self._resume(games[live & choose])
        self._advance(games[live & ~choose])

    # ----------------------------------------------------------------- turn flow
    def _advance(self, games: np.ndarray) -> None:
        pending = self.pending_kind[games] != NONE_PENDING
        waiting = games[pending]
        self.to_move[waiting] = self.pending_side[waiting]
        self.round[games] += 1
        rest = games[~pending]
        over_day = self.round[rest] >= self.rounds
        self.to_move[rest[~over_day]] = self.order[self.round[rest[~over_day]] % 2]
        self._end_day(rest[over_day])

    def _resume(self, games: np.ndarray) -> None:
        over_day = self.round[games] >= self.rounds
        self._end_day(games[over_day])
        games = games[~over_day]
        self._fire_events(games)
        games = games[self.outcome[games] < 0]
        self._to_move_after_events(games)

    def _to_move_after_events(self, games: np.ndarray) -> None:
        pending = self.pending_kind[games] != NONE_PENDING
        self.to_move[games[pending]] = self.pending_side[games[pending]]
        self.to_move[games[~pending]] = self.order[self.round[games[~pending]] % 2]

    def _start_day(self, games: np.ndarray) -> None:
        if games.size == 0:
            return
        self.round[games] = 0
        self.agenda[games] = -1
        self.agenda_next[games] = 0
        self.stalled[games] = False
        self.done_today[games] = False
        self.fired_today[games] = False
        cap = self.scenario.rules.capital_cap
        for side in (0, 1):
            self.capital[games, side] = np.minimum(cap, self.capital[games, side] + self.income(side, games))
        self._table_demands(games)
        self._fire_events(games)
        games = games[self.outcome[games] < 0]
        pending = self.pending_kind[games] != NONE_PENDING
        self.to_move[games[pending]] = self.pending_side[games[pending]]
        self.to_move[games[~pending]] = self.order[0]

    def _table_demands(self, games: np.ndarray) -> None:
        sc = self.scenario
        for j, body in enumerate(sc.bodies):
            if not body.demand_motion:
                continue
            m = self.motion_ix[body.demand_motion]
            motion = sc.motions[m]
            g = games[self.flags[games, self.flag_ix[f"demand:{body.id}"]] & (self.convened[games, j] < 0)]
            g = g[self.sits_today(self.body_ix[motion.body], g) & (self.passed[g, m] < 0)]
            self.put_on_agenda(m, g, self.side_ix[motion.favours])

    def put_on_agenda(self, motion: int, games: np.ndarray, side) -> None:
        self.agenda[games, motion] = self.agenda_next[games]
        self.agenda_by[games, motion] = side
        self.agenda_next[games] += 1
        self.called[games, motion] += 1

    def _end_day(self, games: np.ndarray) -> None:
        if games.size == 0:
            return
        sc = self.scenario
        for j in range(len(sc.bodies)):
            g = games[self.sits_today(j, games) & ~self.stalled[games, j]]
            self._hold_sitting(j, g)
        games = games[self.outcome[games] < 0]
        signed = np.count_nonzero(self.pop.signed[games], axis=1)
        for j, body in enumerate(sc.bodies):
            if body.demand_signatures <= 0:
                continue
            flag = self.flag_ix[f"demand:{body.id}"]
            met = games[(self.convened[games, j] < 0) & (signed >= body.demand_signatures) & ~self.flags[games, flag]]
            self.flags[met, flag] = True
            if not body.demand_motion:
                self.convene(j, met)
        self._travel(games)
        games = self._check_outcomes(games, at_end=False)
        last = self.turn[games] + 1 >= len(sc.calendar)
        self._check_outcomes(games[last], at_end=True)
        games = games[~last]
        self.turn[games] += 1
        self._start_day(games)

    def _travel(self, games: np.ndarray) -> None:
        away = self.pop.days_away[games]
        moving = self.pop.travelling[games] & (away > 0)
        away = away - moving
        self.pop.days_away[games] = away
        self.pop.travelling[games] &= ~(moving & (away == 0))

    def convene(self, body: int, games: np.ndarray) -> None:
        games = games[self.convened[games, body] < 0]
        if games.size == 0:
            return
        self.convened[games, body] = self.turn[games] + self.scenario.bodies[body].gathering_days
        summoned = (self.voter_mask(body, games) | self.speaker_mask(body, games)) & (self.pop.days_away[games] > 0)
        self.pop.travelling[games] |= summoned

    def _fire_events(self, games: np.ndarray) -> None:
        for j, ev in enumerate(self.scenario.events):
            g = games[(self.pending_kind[games] == NONE_PENDING) & (self.outcome[games] < 0)
                      & ~self.fired_today[games, j]]
            if ev.once:
                g = g[~self.fired[g, j]]
            if g.size == 0:
                continue
            g = g[self.rules.holds(ev.when, g)]
            if ev.chance < 1.0:
                g = g[self.rng.random(g.size) < ev.chance]
            if g.size == 0:
                continue
            self.fired[g, j] = True
            self.fired_today[g, j] = True
            self._fired_log.append((g, j))
            self.rules.apply_effects(ev.effects, g)
            if ev.choices:
                g = g[self.outcome[g] < 0]
                self.pending_kind[g] = EVENT_PENDING
                self.pending_id[g] = j
                self.pending_side[g] = self.side_ix[ev.chooser]

    # ----------------------------------------------------------------- sittings and votes
    def _hold_sitting(self, body: int, games: np.ndarray) -> None:
        sc = self.scenario
        motions = np.array([j for j, m in enumerate(sc.motions) if m.body == sc.bodies[body].id], dtype=np.int64)
        if games.size == 0 or motions.size == 0:
            return
        pos = self.agenda[games][:, motions]
        games, pos = games[(pos >= 0).any(axis=1)], pos[(pos >= 0).any(axis=1)]
        if games.size == 0:
            return
        voters = self.voter_mask(body, games)
        present = voters & (self.pop.days_away[games] == 0)
        quorate = present.sum(axis=1) >= sc.bodies[body].quorum * voters.sum(axis=1)
        games, pos, present = games[quorate], pos[quorate], present[quorate]
        order = np.argsort(np.where(pos >= 0, pos, np.iinfo(np.int64).max), axis=1, kind="stable")
        for slot in range(motions.size):
            item = motions[order[:, slot]]
            due = (pos[np.arange(len(games)), order[:, slot]] >= 0) & (self.outcome[games] < 0)
            for m in np.unique(item[due]):
                rows = np.flatnonzero(due & (item == m))
                self._hold_vote(int(m), games[rows], present[rows])
        games = games[self.outcome[games] < 0]
        self.agenda[games[:, None], motions[None, :]] = -1

    def _hold_vote(self, m: int, games: np.ndarray, present: np.ndarray) -> None:
        sc = self.scenario
        motion = sc.motions[m]
        body = self.body_ix[motion.body]
        spec = sc.bodies[body]
        fav = self.side_ix[motion.favours]
        d = self.direction(fav)
        standing = self.legitimacy[games, fav] - self.legitimacy[games, 1 - fav]
        ctx = MotionContext(direction=d, ideology=motion.ideology, legitimacy=motion.legitimacy + standing,
                            fear=self.fear(games), majority=spec.majority, majority_of=spec.majority_of,
                            members=self.voter_mask(body, games).sum(axis=1))
        pop = self.pop
        view = SimpleNamespace(conviction=pop.conviction[games], caution=pop.caution[games],
                               ideology=pop.ideology[games], cohesion=pop.cohesion[games], patron=pop.patron)
        everyone = slice(None)
        terms = vote_terms(pop.stance[games], everyone, view, ctx, self.weights, present=present)
        p_yes, p_abs = ballot_probabilities(terms, self.weights)
        ballots = cast_ballots(p_yes, p_abs, self.rng.random(p_yes.shape))
        yes, no, abstain = tally(ballots, present)
        carried = passes(ctx, yes, no, present.sum(axis=1))
        self._votes.append((games, m, yes, no, abstain, carried))
        # Ballots are cast openly: both sides learn them.
        lean = ballots.astype(float) * d * self.weights.ballot_lean
        for k in (0, 1):
            est = self.est_mean[games, k]
            self.est_mean[games, k] = np.where(present, 0.5 * est + 0.5 * lean, est)
            sd = self.est_sd[games, k]
            self.est_sd[games, k] = np.where(present, np.minimum(sd, self.weights.ballot_sd), sd)
        self.passed[games[carried], m] = self.turn[games[carried]]
        self.failed[games[~carried], m] = self.turn[games[~carried]]
        self.rules.apply_effects(motion.on_pass, games[carried])
        self.rules.apply_effects(motion.on_fail, games[~carried])

    # ----------------------------------------------------------------- the end
    def _check_outcomes(self, games: np.ndarray, at_end: bool) -> np.ndarray:
        """End the games an outcome's condition now holds for; returns those still going."""
        for j, spec in enumerate(self.scenario.outcomes):
            if spec.by_event or (spec.at_end and not at_end) or games.size == 0:
                continue
            hit = self.rules.holds(spec.when, games)
            self.finish(games[hit], j)
            games = games[~hit]
        return games

    def end_with(self, outcome_id: str, games: np.ndarray) -> None:
        self.finish(games, self._outcome_ix[outcome_id])

    def finish(self, games: np.ndarray, outcome: int) -> None:
        self.outcome[games] = outcome
        self.end_turn[games] = self.turn[games]
        self.pending_kind[games] = NONE_PENDING
        self.to_move[games] = NO_ONE

    def use_force(self, side: int, games: np.ndarray) -> None:
        odds = self.force_odds(side, games)
        self.add_legitimacy(side, games, -self.weights.force_cost)
        won = self.rng.random(games.size) < odds
        sid = self.scenario.sides[side].id
        self.finish(games[won], self._outcome_ix[f"force:{sid}"])
        self.finish(games[~won], self._outcome_ix[f"force_failed:{sid}"])

    # ----------------------------------------------------------------- results
    def results(self) -> list[dict]:
        """Per game: winner (side id or "none"), outcome, degree, turns, actions, votes, fired events."""
        sc = self.scenario
        votes: list[list[tuple]] = [[] for _ in range(self.size)]
        for games, m, yes, no, abstain, carried in self._votes:
            motion = sc.motions[m]
            for r, g in enumerate(games.tolist()):
                votes[g].append((motion.id, motion.body, int(yes[r]), int(no[r]), int(abstain[r]), bool(carried[r])))
        fired: list[list[str]] = [[] for _ in range(self.size)]
        for games, j in self._fired_log:
            for g in games.tolist():
                fired[g].append(sc.events[j].id)
        out = []
        for g in range(self.size):
            o = self.outcomes[self.outcome[g]] if self.outcome[g] >= 0 else None
            out.append({
                "winner": sc.sides[o.winner].id if o and o.winner != NO_ONE else "none",
                "outcome": o.id if o else "", "degree": o.degree if o else "",
                "turns": int(self.end_turn[g]) + 1, "actions": int(self.n_actions[g]),
                "votes": tuple(votes[g]), "fired": tuple(fired[g]),
            })
        return out
