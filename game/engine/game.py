"""The game: one crisis played from its first day to its outcome.

``Game`` is the engine's single public entry point (OpenSpiel's state,
python-chess's board): ``legal_actions``, ``preview``, ``apply``,
``forecast``, ``outcome``, ``clone``, ``to_json``/``from_json``. Chance is drawn
only from the generator kept in the state, so the same scenario, seed and
action list give the same game, event for event.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace

import numpy as np

from . import conditions, effects
from .actions import ACTION_TYPES, DEFAULT_COSTS, Action, Choose, action_from_json
from .errors import GameOverError, IllegalActionError, InvalidActionError, UnknownMotionError
from .outcome import Degree, Fate, Outcome, Termination
from .population import LEVEL, generate
from .record import Forecast, GameEvent, VoteRecord, VoterForecast
from .spec import POWER_BASES, Body, Institution, Motion, Scenario
from .state import GameState
from .voting import MotionContext, ballot_probabilities, cast_ballots, passes, required_yes, tally, vote_terms


@dataclass(frozen=True)
class Preview:
    """What an action costs, may do, and its odds: shown before it is chosen."""

    action: Action
    cost: int
    affordable: bool
    odds: float
    text: str
    effect: str


class Game:
    """A game in progress. Create with :meth:`Game.new` (or ``game.new_game``)."""

    def __init__(self, scenario: Scenario, state: GameState):
        self.scenario = scenario
        self.state = state
        self._actor_index = {a.id: i for i, a in enumerate(scenario.actors)}
        self._bloc_index = {b.id: i for i, b in enumerate(scenario.blocs)}
        self._motions = {m.id: m for m in scenario.motions}
        self._bodies = {b.id: b for b in scenario.bodies}
        self._institutions = {i.id: i for i in scenario.institutions}
        self._order = [scenario.rules.first_to_move or scenario.sides[0].id]
        self._order.append(scenario.other_side(self._order[0]))
        self.leaders = frozenset(s.leader for s in scenario.sides)
        self._scheduled = {b for day in scenario.calendar for b in day.sittings}
        self._side_ids = frozenset(s.id for s in scenario.sides)
        self._power = np.array([[a.power.get(b, 0.0) for b in POWER_BASES] for a in scenario.actors])

    # ------------------------------------------------------------------ setup
    @classmethod
    def new(cls, scenario: Scenario, seed: int = 0) -> "Game":
        """Start a game of ``scenario``; everything random follows from ``seed``."""
        if not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        seed = int(seed)
        rng = np.random.Generator(np.random.PCG64(seed))
        pop = generate(scenario, rng)
        est_mean, est_sd = initial_estimates(scenario, pop, rng)
        state = GameState(
            seed=seed, turn=0, round=0, to_move="",
            capital={s.id: 0 for s in scenario.sides},
            legitimacy={s.id: s.legitimacy for s in scenario.sides},
            pop=pop, est_mean=est_mean, est_sd=est_sd, rng=rng,
            flags=set(scenario.flags),
            convened={b.id: 0 for b in scenario.bodies if b.convened},
            chairs={b.id: b.chair for b in scenario.bodies},
        )
        game = cls(scenario, state)
        game._start_day()
        return game

    # ------------------------------------------------------------- properties
    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def day(self):
        return self.scenario.calendar[min(self.state.turn, len(self.scenario.calendar) - 1)]

    @property
    def date(self) -> str:
        return self.day.date

    @property
    def to_move(self) -> str:
        """The side whose action (or decision) is awaited."""
        return self.state.to_move

    @property
    def log(self) -> list[GameEvent]:
        return list(self.state.log)

    @property
    def votes(self) -> list[VoteRecord]:
        return list(self.state.votes)

    def is_over(self) -> bool:
        return self.state.outcome is not None

    def outcome(self) -> Outcome | None:
        """``None`` until the game ends; then the winner, degree and epilogue."""
        return self.state.outcome

    def capital(self, side: str) -> int:
        return self.state.capital[side]

    def legitimacy(self, side: str) -> float:
        return self.state.legitimacy[side]

    def clone(self) -> "Game":
        return Game(self.scenario, self.state.copy())

    def to_json(self) -> dict:
        return {"scenario": self.scenario.id, "scenario_hash": self.scenario.source_hash,
                "state": self.state.to_json()}

    @classmethod
    def from_json(cls, scenario: Scenario, data: dict) -> "Game":
        if data.get("scenario") != scenario.id:
            raise ValueError(f"this state is of scenario {data.get('scenario')!r}, not {scenario.id!r}")
        return cls(scenario, GameState.from_json(data["state"]))

    # ------------------------------------------------------------- lookups
    def other(self, side: str) -> str:
        return self.scenario.other_side(side)

    def direction(self, side: str) -> int:
        return self.scenario.direction(side)

    def side_name(self, side: str) -> str:
        return self.scenario.side(side).name

    def actor_index(self, actor_id: str) -> int:
        return self._actor_index[actor_id]

    def actor_name(self, actor_id: str) -> str:
        return self.scenario.actors[self._actor_index[actor_id]].name

    def require_actor(self, actor_id: str) -> int:
        if actor_id not in self._actor_index:
            raise InvalidActionError(f"unknown actor {actor_id!r}")
        return self._actor_index[actor_id]

    def require_motion(self, motion_id: str) -> Motion:
        if motion_id not in self._motions:
            raise InvalidActionError(f"unknown motion {motion_id!r}; known: {', '.join(self._motions)}")
        return self._motions[motion_id]

    def require_body(self, body_id: str) -> Body:
        if body_id not in self._bodies:
            raise InvalidActionError(f"unknown body {body_id!r}; known: {', '.join(self._bodies)}")
        return self._bodies[body_id]

    def require_institution(self, inst_id: str) -> Institution:
        if inst_id not in self._institutions:
            raise InvalidActionError(f"unknown institution {inst_id!r}; known: {', '.join(self._institutions)}")
        return self._institutions[inst_id]

    def target_selection(self, target: str) -> dict:
        """An actor or bloc id as a selection for :meth:`selection_mask`."""
        if target in self._actor_index:
            return {"actor": target}
        if target in self._bloc_index:
            return {"bloc": target}
        raise InvalidActionError(f"{target!r} is neither an actor nor a bloc")

    def selection_mask(self, sel: dict) -> np.ndarray:
        pop = self.state.pop
        mask = np.zeros(pop.size, dtype=bool)
        if "actor" in sel:
            mask[self.require_actor(sel["actor"])] = True
        for a in sel.get("actors", ()):
            mask[self.require_actor(a)] = True
        if "bloc" in sel:
            if sel["bloc"] not in self._bloc_index:
                raise InvalidActionError(f"unknown bloc {sel['bloc']!r}")
            mask |= pop.bloc == self._bloc_index[sel["bloc"]]
        if "members" in sel:
            mask |= pop.membership(sel["members"])
        return mask

    def selection_name(self, sel: dict) -> str:
        if "actor" in sel:
            return self.actor_name(sel["actor"])
        if "actors" in sel:
            return ", ".join(self.actor_name(a) for a in sel["actors"])
        if "bloc" in sel:
            return self.scenario.blocs[self._bloc_index[sel["bloc"]]].name
        return _SELECTOR_NAMES.get(sel.get("members", ""), f"the members ({sel.get('members', '')})")

    def membership_level(self, index: int, body: str) -> str:
        level = int(getattr(self.state.pop, body)[index])
        return [k for k, v in LEVEL.items() if v == level][0]

    def voter_mask(self, body_id: str) -> np.ndarray:
        return self.state.pop.membership(self.require_body(body_id).voters)

    def speaker_mask(self, body_id: str) -> np.ndarray:
        body = self.require_body(body_id)
        if not body.speakers:
            return np.zeros(self.state.pop.size, dtype=bool)
        return self.state.pop.membership(body.speakers) & ~self.voter_mask(body_id)

    def sits_today(self, body_id: str) -> bool:
        """Whether a body sits today: convened, opened, and (if scheduled) on the calendar."""
        opens = self.state.convened.get(body_id)
        if opens is None or opens > self.state.turn or self.is_over():
            return False
        return body_id not in self._scheduled or body_id in self.day.sittings

    def condition_holds(self, cond: dict | None) -> bool:
        return conditions.holds(cond, self)

    # ------------------------------------------------------- power and force
    def backing(self, side: str, institution: str) -> float:
        """How far an institution backs a side, in [0, 1]: its commander's stance."""
        inst = self.require_institution(institution)
        stance = self.state.pop.stance[self.actor_index(inst.commander)]
        return float(max(0.0, self.direction(side) * stance) * inst.strength)

    def force_power(self, side: str) -> float:
        """Share of all coercive strength (army, security) that backs a side."""
        total = sum(i.strength for i in self.scenario.institutions)
        if total <= 0:
            return 0.0
        return sum(self.backing(side, i.id) for i in self.scenario.institutions) / total

    def fear(self) -> float:
        """Force balance toward the first side, threats of today included."""
        a, b = (s.id for s in self.scenario.sides)
        w = self.scenario.model.threat_fear
        fa = self.force_power(a) * (1 + w * (self.state.threat.get(a) == self.state.turn))
        fb = self.force_power(b) * (1 + w * (self.state.threat.get(b) == self.state.turn))
        return float(np.clip(fa - fb, -1.5, 1.5))

    def force_odds(self, side: str) -> float:
        guard = sum(self.backing(side, i.id) - self.backing(self.other(side), i.id)
                    for i in self.scenario.institutions if i.guard)
        edge = self.force_power(side) - self.force_power(self.other(side))
        w = self.scenario.model
        return float(1 / (1 + np.exp(-(w.force_edge * edge + w.force_guard * guard + w.force_bias))))

    def airlift_capacity(self, side: str) -> float:
        need = self.scenario.model.airlift_backing
        return float(sum(i.airlift * self.backing(side, i.id) for i in self.scenario.institutions
                         if i.airlift and self.backing(side, i.id) >= need))

    def income(self, side: str) -> int:
        """Political capital a side gains each day from the power bases it controls."""
        spec = self.scenario.side(side)
        lean = np.maximum(0.0, self.direction(side) * self.state.pop.stance[: len(self.scenario.actors)])
        weight = self._power.sum(axis=0)
        control = np.divide(lean @ self._power, weight, out=np.zeros_like(weight), where=weight > 0)
        values = np.array([self.scenario.rules.power_values.get(b, 1.0) for b in POWER_BASES])
        return int(spec.base_capital + round(float(control @ values)))

    def add_legitimacy(self, side: str, delta: float) -> None:
        self.state.legitimacy[side] = float(np.clip(self.state.legitimacy[side] + delta, 0.0, 1.0))

    def stall_odds(self, side: str, body_id: str) -> float:
        """Chance an adjournment is granted: chair, absences, speakers, standing."""
        pop = self.state.pop
        d = self.direction(side)
        voters = self.voter_mask(body_id)
        absent = float((pop.days_away[voters] > 0).mean()) if voters.any() else 0.0
        chair = self.state.chairs.get(body_id)
        chair_lean = d * pop.stance[self.actor_index(chair)] if chair else 0.0
        speakers = self.speaker_mask(body_id) & (pop.days_away == 0)
        speak = float((d * pop.stance[speakers]).mean()) if speakers.any() else 0.0
        standing = self.state.legitimacy[side] - self.state.legitimacy[self.other(side)]
        w = self.scenario.model
        x = (w.stall_bias + w.stall_chair * chair_lean + w.stall_absent * absent
             + w.stall_speakers * speak + w.stall_standing * standing)
        return float(np.clip(1 / (1 + np.exp(-x)), 0.02, 0.98))

    # --------------------------------------------------------- knowledge
    def shift_stance(self, side: str, idx, amount) -> None:
        """Move people toward ``side``; the acting side sees roughly what it did."""
        pop = self.state.pop
        before = pop.stance[idx].copy()
        pop.stance[idx] = np.clip(before + self.direction(side) * np.asarray(amount), -1.0, 1.0)
        k = self.scenario.side_index(side)
        self.state.est_mean[k, idx] = np.clip(self.state.est_mean[k, idx] + pop.stance[idx] - before, -1, 1)

    def reveal(self, side: str, mask: np.ndarray, sd: float) -> None:
        """The side learns the stances in ``mask``, give or take ``sd``."""
        k = self.scenario.side_index(side)
        st = self.state
        noise = st.rng.normal(0.0, sd, int(mask.sum()))
        st.est_mean[k, mask] = np.clip(st.pop.stance[mask] + noise, -1, 1)
        st.est_sd[k, mask] = np.minimum(st.est_sd[k, mask], sd)

    def believed_stance(self, side: str, index: int) -> float:
        """What ``side`` believes person ``index``'s stance to be (its estimate's mean)."""
        return float(self.state.est_mean[self.scenario.side_index(side), index])

    def estimates(self, side: str) -> tuple[np.ndarray, np.ndarray]:
        """A side's (mean, sd) estimate of every person's stance: its fog of war."""
        k = self.scenario.side_index(side)
        return self.state.est_mean[k].copy(), self.state.est_sd[k].copy()

    # ------------------------------------------------------------- actions
    def legal_actions(self) -> list[Action]:
        """The typed actions the side to move may take now, with cost and label."""
        if self.is_over():
            return []
        side = self.state.to_move
        kinds = [Choose] if self.state.pending else [t for k, t in ACTION_TYPES.items() if k != "choose"]
        out = []
        capital = self.state.capital[side]
        costs = self.scenario.rules.costs
        # The same tests as _why_illegal, less those every candidate passes by
        # construction (a known kind, this side, its turn, the pending state):
        # this is the engine's hottest loop.
        turn = self.state.turn
        prefix = f"{turn}:{side}:"
        done_today = {d for d in self.state.done if d.startswith(prefix)}
        kinds_done = {d.split(":")[2] for d in done_today}
        for kind in kinds:
            cost = int(costs.get(kind.kind, DEFAULT_COSTS[kind.kind]))
            if cost > capital:
                continue   # unaffordable today: no candidate of this kind can be legal
            once = not kind.repeatable_per_day and kind.kind in kinds_done
            for action in kind.candidates(self, side):
                if once and f"{turn}:{action.key()}" in done_today:
                    continue
                try:
                    action.check(self)
                except IllegalActionError:
                    continue
                # Candidates are fresh instances: fill in cost and label in place
                # (cheaper than dataclasses.replace; they compare by targets only).
                object.__setattr__(action, "cost", cost)
                object.__setattr__(action, "label", action.describe(self))
                out.append(action)
        return out

    def cost_of(self, action: Action) -> int:
        return int(self.scenario.rules.costs.get(action.kind, DEFAULT_COSTS[action.kind]))

    def is_legal(self, action: Action) -> bool:
        try:
            return self._why_illegal(action) is None
        except InvalidActionError:
            return False

    def _why_illegal(self, action: Action, check_cost: bool = True) -> str | None:
        st = self.state
        if not isinstance(action, Action) or action.kind not in ACTION_TYPES:
            raise InvalidActionError(f"not an action: {action!r}")
        if action.side not in self._side_ids:
            raise InvalidActionError(f"unknown side {action.side!r}")
        if self.is_over():
            return "the game is over"
        if action.side != st.to_move:
            return f"it is {self.side_name(st.to_move)}'s move, not {self.side_name(action.side)}'s"
        if st.pending and not isinstance(action, Choose):
            return f"{self.side_name(st.pending['side'])} must first decide: {self.pending_title()}"
        if check_cost and self.cost_of(action) > st.capital[action.side]:
            return (f"{action.describe(self)} costs {self.cost_of(action)} political capital; "
                    f"{self.side_name(action.side)} has {st.capital[action.side]}")
        if not action.repeatable_per_day and f"{st.turn}:{action.key()}" in st.done:
            return f"{action.describe(self)} has already been done today"
        try:
            action.check(self)
        except IllegalActionError as exc:
            return str(exc)
        return None

    def preview(self, action: Action) -> Preview:
        """Cost, odds and likely effect of an action, without taking it."""
        why = self._why_illegal(action, check_cost=False)
        if why is not None:
            raise IllegalActionError(why)
        cost = self.cost_of(action)
        return Preview(action=action, cost=cost, affordable=cost <= self.state.capital[action.side],
                       odds=action.odds(self), text=action.describe(self), effect=action.effect(self))

    def apply(self, action: Action | dict) -> list[GameEvent]:
        """Take an action for the side to move; returns the events it caused.

        Raises :class:`IllegalActionError` or :class:`InvalidActionError` (both
        ``ValueError``) and changes nothing if the action is not legal now.
        """
        if isinstance(action, dict):
            action = action_from_json(action)
        if self.is_over():
            raise GameOverError("the game is over")
        why = self._why_illegal(action)
        if why is not None:
            raise IllegalActionError(why)
        st = self.state
        start = len(st.log)
        chance_before = st.rng.bit_generator.state["state"]
        cost = self.cost_of(action)
        st.capital[action.side] -= cost
        st.done.append(f"{st.turn}:{action.key()}")
        st.actions.append(action.to_json())
        audience = None if action.public else action.side
        self._log(GameEvent("action", action.describe(self), st.turn, self.date, side=action.side, audience=audience,
                            cause=action.kind, data={"action": action.to_json(), "cost": cost}))
        for event in action.resolve(self):
            if audience and event.kind in _PRIVATE_KINDS and event.audience is None:
                event = replace(event, audience=audience)
            self._log(event)
        if not self.is_over():
            if isinstance(action, Choose):
                self._resume()
            else:
                self._advance()
        new = st.log[start:]
        st.undoable = (st.rng.bit_generator.state["state"] == chance_before
                       and not any(e.reveals for e in new) and not self.is_over())
        return new

    def can_undo(self) -> bool:
        """Whether :meth:`undo` may take back the last action.

        Only an action that drew no chance and revealed nothing can be taken
        back (undo must not become a way to peek), and only once.
        """
        return self.state.undoable and bool(self.state.actions)

    def undo(self) -> "Game":
        """Take back the last action by replaying the game without it; returns self."""
        if not self.can_undo():
            raise IllegalActionError("the last action cannot be taken back: it drew chance or revealed something")
        replay = Game.new(self.scenario, self.state.seed)
        for data in self.state.actions[:-1]:
            replay.apply(data)
        replay.state.undoable = False
        self.state = replay.state
        return self

    # ------------------------------------------------------------ pending choices
    def pending_title(self) -> str:
        p = self.state.pending
        if p is None:
            return ""
        if p["kind"] == "event":
            return self.scenario.event(p["id"]).title
        return self._compromise(p["id"]).name

    def pending_options(self) -> dict[str, str]:
        p = self.state.pending
        if p is None:
            return {}
        if p["kind"] == "event":
            return {c.id: c.label for c in self.scenario.event(p["id"]).choices}
        return {"accept": "Accept the terms", "reject": "Refuse them"}

    def _compromise(self, cid: str):
        return next(c for c in self.scenario.compromises if c.id == cid)

    def resolve_choice(self, side: str, option: str) -> list[GameEvent]:
        p = self.state.pending
        self.state.pending = None
        if p["kind"] == "event":
            choice = next(c for c in self.scenario.event(p["id"]).choices if c.id == option)
            out = [self.note("choice", f"{self.side_name(side)}: {choice.label}. {choice.text}".strip(),
                             side=side, cause=p["id"])]
            return out + effects.apply_effects(choice.effects, self, cause=p["id"])
        comp = self._compromise(p["id"])
        if option == "accept":
            self._finish(Outcome(
                id=f"compromise:{comp.id}", termination=Termination.COMPROMISE, winner=comp.winner,
                degree=Degree(comp.degree), title=comp.name, text=comp.text, turn=self.turn,
                date=self.date, decisive_votes=tuple(self._decisive_votes()),
                epilogue=()))
            return [self.note("outcome", f"{self.side_name(side)} accepts: {comp.name}.", side=side)]
        self.add_legitimacy(p["by"], self.scenario.model.compromise_credit)
        return [self.note("choice", f"{self.side_name(side)} refuses: {comp.name}.", side=side)]

    # ------------------------------------------------------------ turn flow
    def _advance(self) -> None:
        st = self.state
        if st.pending:
            st.to_move = st.pending["side"]
            st.round += 1
            return
        st.round += 1
        if st.round >= 2 * self.scenario.rules.rounds_per_turn:
            self._end_day()
        else:
            st.to_move = self._order[st.round % 2]

    def _resume(self) -> None:
        """After a decision: fire any further events, then play on."""
        st = self.state
        if st.round >= 2 * self.scenario.rules.rounds_per_turn:
            self._end_day()
            return
        self._fire_events()
        if self.is_over():
            return
        if st.pending:
            st.to_move = st.pending["side"]
        else:
            st.to_move = self._order[st.round % 2]

    def _start_day(self) -> None:
        st = self.state
        st.round = 0
        st.agenda = []
        st.stalled = []
        cap = self.scenario.rules.capital_cap
        for s in self.scenario.sides:
            st.capital[s.id] = min(cap, st.capital[s.id] + self.income(s.id))
        self._log(GameEvent("day", f"{self.day.label}. {self.day.note}".strip(), st.turn, self.date))
        self._table_demands()
        self._fire_events()
        if self.is_over():
            return
        st.to_move = st.pending["side"] if st.pending else self._order[0]

    def demand_met(self, body_id: str) -> bool:
        """Whether enough members have signed the demand to convene ``body_id``."""
        body = self._bodies[body_id]
        return (body.demand_signatures > 0 and body_id not in self.state.convened
                and int(np.count_nonzero(self.state.pop.signed)) >= body.demand_signatures)

    def _table_demands(self) -> None:
        """A delivered demand puts its motion on the agenda of every sitting until granted."""
        st = self.state
        for body in self.scenario.bodies:
            if not body.demand_motion or f"demand:{body.id}" not in st.flags or body.id in st.convened:
                continue
            m = self._motions[body.demand_motion]
            if self.sits_today(m.body) and m.id not in st.passed:
                st.agenda.append({"motion": m.id, "called_by": m.favours})
                st.called[m.id] = st.called.get(m.id, 0) + 1
                self._log(self.note("session", f"The signed demand puts '{m.name}' before the "
                                    f"{self._bodies[m.body].name}.", side=m.favours, cause="demand"))

    def _end_day(self) -> None:
        st = self.state
        for body in self.scenario.bodies:
            if self.sits_today(body.id) and body.id not in st.stalled:
                self._hold_sitting(body)
                if self.is_over():
                    return
        for body in self.scenario.bodies:
            if self.demand_met(body.id) and f"demand:{body.id}" not in st.flags:
                st.flags.add(f"demand:{body.id}")
                if body.demand_motion:
                    m = self._motions[body.demand_motion]
                    self._log(self.note("signatures", f"The demand for a {body.name} is delivered with "
                                        f"{int(st.pop.signed.sum())} signatures: the {self._bodies[m.body].name} "
                                        f"must vote on it at every sitting until it is granted.",
                                        cause="demand", reveals=True))
                else:
                    for e in self.convene(body.id, cause="demand"):
                        self._log(e)
        self._travel()
        if self._check_outcomes(at_end=False):
            return
        if st.turn + 1 >= len(self.scenario.calendar):
            self._check_outcomes(at_end=True)
            return
        st.turn += 1
        self._start_day()

    def _travel(self) -> None:
        pop = self.state.pop
        moving = pop.travelling & (pop.days_away > 0)
        pop.days_away[moving] -= 1
        arrived = moving & (pop.days_away == 0)
        pop.travelling[arrived] = False
        if arrived.any():
            named = [self.scenario.actors[i].name for i in np.flatnonzero(arrived) if i < len(self.scenario.actors)]
            rest = int(arrived.sum()) - len(named)
            parts = named + ([f"{rest} members of the Central Committee"] if rest else [])
            self._log(self.note("arrival", f"Arriving in Moscow: {', '.join(parts)}.", cause="travel"))

    def convene(self, body_id: str, cause: str) -> list[GameEvent]:
        st = self.state
        body = self.require_body(body_id)
        if body_id in st.convened:
            return []
        st.convened[body_id] = st.turn + body.gathering_days
        summoned = (self.voter_mask(body_id) | self.speaker_mask(body_id)) & (st.pop.days_away > 0)
        st.pop.travelling[summoned] = True
        opens = self.scenario.calendar[min(st.turn + body.gathering_days, len(self.scenario.calendar) - 1)]
        return [self.note("convened", f"The {body.name} is convened; it opens {opens.label}. "
                          f"{int(summoned.sum())} members set off for Moscow.", cause=cause, reveals=True)]

    # ------------------------------------------------------------ votes
    def motion_context(self, motion: Motion) -> MotionContext:
        body = self._bodies[motion.body]
        d = self.direction(motion.favours)
        standing = self.state.legitimacy[motion.favours] - self.state.legitimacy[self.other(motion.favours)]
        return MotionContext(
            direction=d, ideology=motion.ideology, legitimacy=motion.legitimacy + standing,
            fear=self.fear(), majority=body.majority, majority_of=body.majority_of,
            members=int(self.voter_mask(body.id).sum()),
        )

    def explain(self, motion_id: str, actor_id: str, side: str | None = None) -> dict[str, float]:
        """The named terms of one actor's inclination to vote yes (see voting.py).

        With ``side``, computed from that side's estimates (what it may know).
        """
        m = self._motion_or_error(motion_id)
        i = self.require_actor(actor_id)
        stance = self.state.pop.stance if side is None else self.estimates(side)[0]
        terms = vote_terms(stance, np.array([i]), self.state.pop, self.motion_context(m), self.scenario.model)
        p_yes, p_abs = ballot_probabilities(terms, self.scenario.model)
        out = {k: float(v[0]) for k, v in terms.items()}
        out["p_yes"] = float(p_yes[0])
        out["p_abstain"] = float(p_abs[0])
        return out

    def _motion_or_error(self, motion_id: str) -> Motion:
        if motion_id not in self._motions:
            raise UnknownMotionError(f"unknown motion {motion_id!r}; known: {', '.join(self._motions)}")
        return self._motions[motion_id]

    def _hold_sitting(self, body: Body) -> None:
        st = self.state
        items = [a for a in st.agenda if self._motions[a["motion"]].body == body.id]
        if not items:
            return
        voters = self.voter_mask(body.id)
        present = voters & (st.pop.days_away == 0)
        if present.sum() < body.quorum * voters.sum():
            self._log(self.note("session", f"The {body.name} lacks a quorum "
                                f"({int(present.sum())} of {int(voters.sum())}); nothing is voted.", cause=body.id))
            return
        for item in items:
            self._hold_vote(self._motions[item["motion"]], item["called_by"], present)
            if self.is_over():
                return
        st.agenda = [a for a in st.agenda if a not in items]

    def _hold_vote(self, motion: Motion, called_by: str, present: np.ndarray) -> VoteRecord:
        st = self.state
        idx = np.flatnonzero(present)
        ctx = self.motion_context(motion)
        terms = vote_terms(st.pop.stance, idx, st.pop, ctx, self.scenario.model)
        p_yes, p_abs = ballot_probabilities(terms, self.scenario.model)
        ballots = cast_ballots(p_yes, p_abs, st.rng.random(len(idx)))
        yes, no, abstain = (int(x) for x in tally(ballots))
        passed = bool(passes(ctx, np.int64(yes), np.int64(no), len(idx)))
        named = {}
        n_actors = len(self.scenario.actors)
        voters = self.voter_mask(motion.body)
        for i in np.flatnonzero(voters[:n_actors]):
            named[self.scenario.actors[i].id] = "absent"
        for j, i in enumerate(idx):
            if i < n_actors:
                named[self.scenario.actors[i].id] = {1: "yes", 0: "abstain", -1: "no"}[int(ballots[j])]
        record = VoteRecord(motion=motion.id, body=motion.body, turn=st.turn, date=self.date, yes=yes, no=no,
                            abstain=abstain, absent=int(voters.sum()) - len(idx), passed=passed,
                            called_by=called_by, ballots=named)
        st.votes.append(record)
        # Ballots are cast openly (a show of hands): both sides learn them.
        w = self.scenario.model
        lean = ballots.astype(float) * ctx.direction * w.ballot_lean
        for k in range(2):
            st.est_mean[k, idx] = 0.5 * st.est_mean[k, idx] + 0.5 * lean
            st.est_sd[k, idx] = np.minimum(st.est_sd[k, idx], w.ballot_sd)
        body = self._bodies[motion.body]
        verdict = "carried" if passed else "defeated"
        self._log(GameEvent("vote", f"The {body.name} votes on '{motion.name}': {record.tally}, {verdict}.",
                            st.turn, self.date, side=called_by, cause=motion.id, reveals=True,
                            data={"vote": record.to_json()}))
        if passed:
            st.passed[motion.id] = st.turn
        else:
            st.failed[motion.id] = st.turn
        for e in effects.apply_effects(motion.on_pass if passed else motion.on_fail, self, cause=motion.id):
            self._log(e)
        return record

    def forecast(self, motion_id: str, side: str | None = None, samples: int = 400) -> Forecast:
        """Monte Carlo forecast of a vote from ``side``'s estimates (fog of war).

        Draws stances from the side's estimates and ballots from the vote model,
        with a generator seeded from the game's position, so it is repeatable
        and never disturbs the game's own chance.
        """
        m = self._motion_or_error(motion_id)
        side = side or self.state.to_move or self.scenario.sides[0].id
        body = self._bodies[m.body]
        st = self.state
        voters = self.voter_mask(m.body)
        present_mask = voters & (st.pop.days_away == 0)
        idx = np.flatnonzero(present_mask)
        members = int(voters.sum())
        ctx = self.motion_context(m)
        quorum = len(idx) >= body.quorum * members
        seed = zlib.crc32(f"{st.seed}:{len(st.actions)}:{st.turn}:{motion_id}:{side}".encode())
        rng = np.random.Generator(np.random.PCG64(seed))
        mean, sd = self.estimates(side)
        stance = np.clip(mean + sd * rng.standard_normal((samples, len(mean))), -1, 1)
        terms = vote_terms(stance, idx, st.pop, ctx, self.scenario.model)
        p_yes, p_abs = ballot_probabilities(terms, self.scenario.model)
        ballots = cast_ballots(p_yes, p_abs, rng.random(p_yes.shape))
        yes, no, abstain = tally(ballots)
        passed = passes(ctx, yes, no, len(idx)) & quorum
        n_actors = len(self.scenario.actors)
        voter_rows = []
        for j, i in enumerate(idx):
            if i >= n_actors:
                continue
            col = p_yes[:, j]
            voter_rows.append(VoterForecast(
                actor=self.scenario.actors[i].id, bloc=None, p_yes=float(col.mean()),
                p_low=float(np.percentile(col, 10)), p_high=float(np.percentile(col, 90)),
                known=bool(sd[i] <= KNOWN_SD)))
        return Forecast(
            motion=m.id, body=m.body, side=side, probability=float(passed.mean()),
            yes=float(yes.mean()), no=float(no.mean()), abstain=float(abstain.mean()),
            yes_low=int(np.percentile(yes, 10)), yes_high=int(np.percentile(yes, 90)),
            present=len(idx), members=members, needed=float(required_yes(ctx, len(idx), len(idx))),
            quorum=bool(quorum), samples=samples, voters=tuple(voter_rows))

    # ------------------------------------------------------------ events
    def _fire_events(self) -> None:
        st = self.state
        for ev in self.scenario.events:
            if st.pending or self.is_over():
                return
            key = f"{st.turn}:event:{ev.id}"
            if (ev.once and ev.id in st.fired) or key in st.done:
                continue
            if not conditions.holds(ev.when, self):
                continue
            if ev.chance < 1.0 and st.rng.random() >= ev.chance:
                continue
            st.fired.append(ev.id)
            st.done.append(key)
            self._log(GameEvent("event", f"{ev.title}. {ev.text}", st.turn, self.date, cause=ev.id, reveals=True,
                                data={"event": ev.id, "history": ev.history}, audience=ev.audience))
            for e in effects.apply_effects(ev.effects, self, cause=ev.id):
                self._log(replace(e, audience=e.audience or ev.audience))
            if ev.choices and not self.is_over():
                st.pending = {"kind": "event", "id": ev.id, "side": ev.chooser}

    # ------------------------------------------------------------ the end
    def _check_outcomes(self, at_end: bool) -> bool:
        for spec in self.scenario.outcomes:
            if spec.by_event or (spec.at_end and not at_end):
                continue
            if conditions.holds(spec.when, self):
                term = Termination.CALENDAR if at_end and spec.at_end else Termination.VOTE
                self._finish(self._outcome_from(spec, term))
                return True
        return False

    def end_with(self, outcome_id: str, cause: str) -> list[GameEvent]:
        spec = next(o for o in self.scenario.outcomes if o.id == outcome_id)
        self._finish(self._outcome_from(spec, Termination.EVENT))
        return []

    def _outcome_from(self, spec, term: Termination) -> Outcome:
        return Outcome(id=spec.id, termination=term, winner=spec.winner, degree=Degree(spec.degree),
                       title=spec.title, text=spec.text, turn=self.turn, date=self.date,
                       decisive_votes=tuple(self._decisive_votes()), epilogue=())

    def use_force(self, side: str, odds: float) -> list[GameEvent]:
        st = self.state
        self.add_legitimacy(side, -self.scenario.model.force_cost)
        other = self.other(side)
        if st.rng.random() < odds:
            outcome = Outcome(
                id=f"force:{side}", termination=Termination.FORCE, winner=side, degree=Degree.PYRRHIC,
                title=f"{self.side_name(side)} seizes power",
                text=(f"Troops and guards arrest the leaders of {self.side_name(other)}. The party will "
                      f"remember who broke its rules; the victory rests on bayonets."),
                turn=self.turn, date=self.date, decisive_votes=tuple(self._decisive_votes()), epilogue=())
        else:
            outcome = Outcome(
                id=f"force_failed:{side}", termination=Termination.FORCE, winner=other, degree=Degree.DECISIVE,
                title=f"{self.side_name(side)} fails to seize power",
                text=(f"The attempt by {self.side_name(side)} to use force collapses; the guards obey "
                      f"{self.side_name(other)}, and the plotters are ruined."),
                turn=self.turn, date=self.date, decisive_votes=tuple(self._decisive_votes()), epilogue=())
        self._finish(outcome)
        return [self.note("outcome", outcome.title + ".", side=side)]

    def _decisive_votes(self) -> list[VoteRecord]:
        last: dict[str, VoteRecord] = {}
        for v in self.state.votes:
            last[v.motion] = v
        return [v for v in last.values() if self._motions[v.motion].decisive] or list(last.values())

    def _finish(self, outcome: Outcome) -> None:
        outcome = replace(outcome, epilogue=tuple(self._epilogue(outcome)))
        self.state.outcome = outcome
        self.state.pending = None
        self.state.to_move = ""
        winner = self.side_name(outcome.winner) if outcome.winner else "no one"
        self._log(GameEvent("outcome", f"{outcome.title}: {winner} prevails ({outcome.degree.value}).",
                            self.turn, self.date, side=outcome.winner, cause=outcome.id, reveals=True,
                            data={"outcome": outcome.id}))

    def _epilogue(self, outcome: Outcome) -> list[Fate]:
        """Each named actor's fate: written for this outcome, or its winner, or derived."""
        fates = []
        pop = self.state.pop
        for i, a in enumerate(self.scenario.actors):
            base_id = outcome.id.split(":")[0]
            text = a.fates.get(outcome.id) or a.fates.get(base_id) or (
                a.fates.get(outcome.winner) if outcome.winner else None) or a.fates.get("default")
            if text is None:
                if outcome.winner is None:
                    text = "Keeps his place in an uneasy truce."
                elif self.direction(outcome.winner) * pop.stance[i] > 0.2:
                    text = f"Stood with {self.side_name(outcome.winner)} and keeps his place."
                elif self.direction(outcome.winner) * pop.stance[i] < -0.2:
                    text = f"Stood against {self.side_name(outcome.winner)}; demoted and sent far from Moscow."
                else:
                    text = "Wavered to the end; survives, trusted by no one."
            fates.append(Fate(actor=a.id, name=a.name, text=text))
        return fates

    # ------------------------------------------------------------ log
    def note(self, kind: str, text: str, side: str | None = None, cause: str = "",
             reveals: bool = False) -> GameEvent:
        return GameEvent(kind, text, self.state.turn, self.date, side=side, cause=cause, reveals=reveals)

    def log_for(self, side: str) -> list[GameEvent]:
        """The log as ``side`` may see it: the other side's private moves left out."""
        return [e for e in self.state.log if e.audience is None or e.audience == side]

    def _log(self, event: GameEvent) -> None:
        self.state.log.append(event)


# An estimate this narrow counts as knowing a man's mind (forecast rows, the board).
KNOWN_SD = 0.1

# What a private action's results may be: these stay with the acting side.
_PRIVATE_KINDS = frozenset({"action", "intelligence", "note"})

_SELECTOR_NAMES = {
    "presidium:full": "the Presidium's full members",
    "presidium:candidate": "the Presidium's candidate members",
    "presidium": "the Presidium",
    "cc:full": "the Central Committee's full members",
    "cc:candidate": "the Central Committee's candidates",
    "cc": "the Central Committee",
    "secretariat": "the Secretariat",
    "all": "everyone",
}


def initial_estimates(scenario: Scenario, pop, rng: np.random.Generator,
                      games: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """What each side believes of every stance at the start: its fog of war.

    A side knows its firm friends; it believes what the scenario says it
    believes of others, blurred by their uncertainty; of a CC member it knows
    only his bloc's usual stance. With ``games``, for that many games at once
    (shape ``(games, 2, P)``, the draws in the same order).
    """
    n = pop.size
    w = scenario.model
    lead = () if games is None else (games,)
    mean = np.zeros(lead + (2, n))
    sd = np.zeros(lead + (2, n))
    for k, side in enumerate(scenario.sides):
        d = scenario.direction(side.id)
        for i, a in enumerate(scenario.actors):
            if side.id in a.belief:
                mean[..., k, i], sd[..., k, i] = a.belief[side.id], a.uncertainty
            elif a.id == side.leader or d * a.stance >= w.friend_stance:
                mean[..., k, i], sd[..., k, i] = a.stance, w.friend_sd
            else:
                mean[..., k, i] = np.clip(a.stance + rng.normal(0, a.uncertainty / 2, games), -1, 1)
                sd[..., k, i] = a.uncertainty
        for b_index, b in enumerate(scenario.blocs):
            members = pop.bloc == b_index
            mean[..., k, members] = b.stance.mean
            sd[..., k, members] = max(b.stance.sd, b.uncertainty)
    return mean, sd
