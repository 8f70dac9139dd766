"""Typed actions: what a side may do in an action round (the Command pattern).

Each action is a frozen value naming its side and targets. ``Game.legal_actions``
returns them with ``cost`` and ``label`` filled in; ``Game.preview`` tells
what an action costs, what it may do and its odds, before it is taken;
``Game.apply`` checks legality and resolves it. Two actions are equal when
their kind, side and targets are equal, whatever their cost or label.

Every action kind implements four hooks used by the game:

* ``check(game)``     raise :class:`IllegalActionError` if not allowed now;
* ``odds(game)``      chance of success in [0, 1] (1 for certain actions);
* ``effect(game)``    a sentence saying what it may do;
* ``resolve(game)``   carry it out, drawing chance from the game's generator.

and a classmethod ``candidates(game, side)`` listing the instances to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import numpy as np

from .errors import IllegalActionError, InvalidActionError
from .record import GameEvent

if TYPE_CHECKING:
    from .game import Game

DEFAULT_COSTS = {
    "pass": 0, "lobby": 1, "promise": 2, "reveal": 2, "court": 2, "intelligence": 1,
    "airlift": 2, "signatures": 1, "call_vote": 1, "stall": 1, "propaganda": 1,
    "compromise": 1, "threaten": 2, "force": 3, "choose": 0,
}


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


@dataclass(frozen=True)
class Action:
    """Base of all actions. ``side`` is the side taking it."""

    side: str
    cost: int = field(default=0, compare=False, repr=False, kw_only=True)
    label: str = field(default="", compare=False, repr=False, kw_only=True)

    kind: ClassVar[str] = ""
    group: ClassVar[str] = ""        # for menus: politics, procedure, force, intelligence
    repeatable_per_day: ClassVar[bool] = False
    title: ClassVar[str] = ""
    public: ClassVar[bool] = True    # False: only the acting side sees it in the log

    # --- identity and serialisation -------------------------------------
    def targets(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _target_names(type(self))}

    def key(self) -> str:
        parts = [self.side, self.kind, *(str(getattr(self, name)) for name in _target_names(type(self)))]
        return ":".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "side": self.side, **self.targets()}

    # --- hooks ----------------------------------------------------------
    def check(self, game: "Game") -> None:
        pass

    def odds(self, game: "Game") -> float:
        return 1.0

    def effect(self, game: "Game") -> str:
        return ""

    def describe(self, game: "Game") -> str:
        return self.title

    def resolve(self, game: "Game") -> list[GameEvent]:
        return []

    @classmethod
    def candidates(cls, game: "Game", side: str) -> Iterator["Action"]:
        yield cls(side)


ACTION_TYPES: dict[str, type[Action]] = {}
_TARGET_NAMES: dict[type, tuple[str, ...]] = {}


def _target_names(cls: type) -> tuple[str, ...]:
    """The names of an action class's target fields, in order (cached: a hot path)."""
    names = _TARGET_NAMES.get(cls)
    if names is None:
        names = _TARGET_NAMES[cls] = tuple(f.name for f in fields(cls) if f.name not in ("side", "cost", "label"))
    return names


def action_type(cls: type[Action]) -> type[Action]:
    ACTION_TYPES[cls.kind] = cls
    return cls


def action_from_json(data: dict[str, Any]) -> Action:
    """Build an action from its JSON form; raises InvalidActionError if malformed."""
    if not isinstance(data, dict) or "kind" not in data or "side" not in data:
        raise InvalidActionError(f"an action needs 'kind' and 'side', got {data!r}")
    cls = ACTION_TYPES.get(data["kind"])
    if cls is None:
        raise InvalidActionError(f"unknown action kind {data['kind']!r}; known: {', '.join(sorted(ACTION_TYPES))}")
    names = {f.name for f in fields(cls)} - {"cost", "label"}
    extra = set(data) - names - {"kind"}
    missing = names - set(data)
    if extra or missing:
        raise InvalidActionError(
            f"action {data['kind']!r} takes {sorted(names)}; "
            + (f"unexpected {sorted(extra)}" if extra else f"missing {sorted(missing)}"))
    return cls(**{k: v for k, v in data.items() if k != "kind"})


# ---------------------------------------------------------------------------
@action_type
@dataclass(frozen=True)
class Pass(Action):
    kind: ClassVar[str] = "pass"
    public: ClassVar[bool] = False
    group: ClassVar[str] = "procedure"
    repeatable_per_day: ClassVar[bool] = True
    title: ClassVar[str] = "Wait"

    def effect(self, game):
        return "Do nothing this round; political capital carries over to tomorrow."

    def resolve(self, game):
        return []


@action_type
@dataclass(frozen=True)
class Lobby(Action):
    """Talk a man round: shifts his stance, more so the less convinced he is."""

    target: str = ""
    kind: ClassVar[str] = "lobby"
    public: ClassVar[bool] = False
    group: ClassVar[str] = "politics"
    title: ClassVar[str] = "Lobby"

    def check(self, game):
        i = game.require_actor(self.target)
        if self.target in game.leaders:
            raise IllegalActionError(f"{game.actor_name(self.target)} leads a side and cannot be lobbied")
        if game.direction(self.side) * game.believed_stance(self.side, i) >= 0.98:
            raise IllegalActionError(f"{game.actor_name(self.target)} already backs {game.side_name(self.side)} fully")

    def _shift(self, game) -> float:
        i = game.actor_index(self.target)
        pop = game.state.pop
        return game.scenario.model.lobby * (1 - pop.conviction[i]) * (0.6 + 0.8 * pop.caution[i])

    def odds(self, game):
        i = game.actor_index(self.target)
        pop = game.state.pop
        against = max(0.0, -game.direction(self.side) * pop.stance[i])
        w = game.scenario.model
        return float(np.clip(w.lobby_odds - w.lobby_conviction * pop.conviction[i] - w.lobby_opposed * against,
                             0.05, 0.95))

    def describe(self, game):
        return f"Lobby {game.actor_name(self.target)}"

    def effect(self, game):
        return f"Moves {game.actor_name(self.target)} up to {self._shift(game):.2f} toward {game.side_name(self.side)}."

    def resolve(self, game):
        name = game.actor_name(self.target)
        if game.state.rng.random() < self.odds(game):
            game.shift_stance(self.side, game.actor_index(self.target), self._shift(game))
            return [game.note("action", f"{name} listens to {game.side_name(self.side)}.", side=self.side)]
        return [game.note("action", f"{name} will not be moved.", side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        for a in game.scenario.actors:
            if a.id not in game.leaders:
                yield cls(side, a.id)


@action_type
@dataclass(frozen=True)
class PromisePost(Action):
    """Offer a post: pulls the ambitious; each post can be promised once per side."""

    target: str = ""
    post: str = ""
    kind: ClassVar[str] = "promise"
    public: ClassVar[bool] = False
    group: ClassVar[str] = "politics"
    title: ClassVar[str] = "Promise a post"

    def _post(self, game):
        for p in game.scenario.posts:
            if p.id == self.post:
                return p
        raise InvalidActionError(f"unknown post {self.post!r}")

    def check(self, game):
        game.require_actor(self.target)
        self._post(game)
        if self.target in game.leaders:
            raise IllegalActionError("a side's leader is not bought with a post")
        if f"{self.side}:{self.post}" in game.state.promised:
            raise IllegalActionError(f"{game.side_name(self.side)} has already promised {self._post(game).name}")

    def _shift(self, game):
        i = game.actor_index(self.target)
        pop = game.state.pop
        return game.scenario.model.promise * pop.ambition[i] * self._post(game).value * (1 - 0.5 * pop.conviction[i])

    def odds(self, game):
        i = game.actor_index(self.target)
        return float(np.clip(0.2 + 0.7 * game.state.pop.ambition[i] * self._post(game).value, 0.05, 0.95))

    def describe(self, game):
        return f"Promise {self._post(game).name} to {game.actor_name(self.target)}"

    def effect(self, game):
        return (f"If tempted, {game.actor_name(self.target)} moves {self._shift(game):.2f} toward "
                f"{game.side_name(self.side)}. The post cannot be promised again.")

    def resolve(self, game):
        game.state.promised[f"{self.side}:{self.post}"] = self.target
        name = game.actor_name(self.target)
        if game.state.rng.random() < self.odds(game):
            game.shift_stance(self.side, game.actor_index(self.target), self._shift(game))
            return [game.note("action", f"{name} is tempted by {self._post(game).name}.", side=self.side)]
        return [game.note("action", f"{name} is not tempted by {self._post(game).name}.", side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        for post in game.scenario.posts:
            if f"{side}:{post.id}" in game.state.promised:
                continue
            for a in game.scenario.actors:
                if a.id not in game.leaders and a.ambition >= 0.4 and a.presidium != "none":
                    yield cls(side, a.id, post.id)


@action_type
@dataclass(frozen=True)
class RevealMaterial(Action):
    """Reveal a man's part in the purges. It can backfire: your leader signed too."""

    target: str = ""
    kind: ClassVar[str] = "reveal"
    group: ClassVar[str] = "politics"
    title: ClassVar[str] = "Reveal compromising material"

    def check(self, game):
        i = game.require_actor(self.target)
        pop = game.state.pop
        if pop.complicity[i] < 0.2:
            raise IllegalActionError(f"there is nothing damaging on {game.actor_name(self.target)}")
        # Whether he is an opponent is judged from the side's own estimate, so
        # the list of legal actions does not leak his true stance.
        if game.direction(self.side) * game.believed_stance(self.side, i) >= 0:
            raise IllegalActionError(f"{game.actor_name(self.target)} is not an opponent, as far as you know")
        if f"{self.side}:reveal:{self.target}" in game.state.done:
            raise IllegalActionError(f"the material on {game.actor_name(self.target)} is already out")

    def backfire(self, game) -> float:
        leader = game.actor_index(game.scenario.side(self.side).leader)
        return float(game.scenario.model.reveal_backfire * game.state.pop.complicity[leader])

    def odds(self, game):
        return 1.0 - self.backfire(game)

    def describe(self, game):
        return f"Reveal {game.actor_name(self.target)}'s part in the purges"

    def effect(self, game):
        i = game.actor_index(self.target)
        harm = game.scenario.model.reveal * game.state.pop.complicity[i]
        return (f"Costs {game.side_name(game.other(self.side))} up to {harm:.2f} legitimacy and sways reformers; "
                f"{self.backfire(game):.0%} risk it turns on your own leader's record.")

    def resolve(self, game):
        st = game.state
        st.done.append(f"{self.side}:reveal:{self.target}")
        pop = st.pop
        i = game.actor_index(self.target)
        w = game.scenario.model.reveal
        cc = np.flatnonzero((pop.cc > 0) & (pop.ideology > -0.2))
        if st.rng.random() < self.backfire(game):
            leader = game.actor_index(game.scenario.side(self.side).leader)
            game.add_legitimacy(self.side, -w * pop.complicity[leader])
            pop.stance[cc] -= game.direction(self.side) * 0.15 * w * (1 - pop.conviction[cc])
            np.clip(pop.stance, -1, 1, out=pop.stance)
            return [game.note("action", f"The revelations about {game.actor_name(self.target)} backfire: "
                              f"{game.actor_name(game.scenario.side(self.side).leader)} signed lists too.",
                              side=self.side)]
        game.add_legitimacy(game.other(self.side), -w * pop.complicity[i])
        pop.stance[cc] += game.direction(self.side) * 0.3 * w * pop.complicity[i] * (1 - pop.conviction[cc])
        np.clip(pop.stance, -1, 1, out=pop.stance)
        return [game.note("action", f"{game.actor_name(self.target)}'s signatures on the purge lists are read out.",
                          side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        d = game.direction(side)
        pop = game.state.pop
        believed = game.state.est_mean[game.scenario.side_index(side)]
        for i, a in enumerate(game.scenario.actors):
            if pop.complicity[i] >= 0.2 and d * believed[i] < 0:
                yield cls(side, a.id)


@action_type
@dataclass(frozen=True)
class Court(Action):
    """Court an institution's commander (the army, the KGB)."""

    institution: str = ""
    kind: ClassVar[str] = "court"
    public: ClassVar[bool] = False
    group: ClassVar[str] = "force"
    title: ClassVar[str] = "Court"

    def check(self, game):
        inst = game.require_institution(self.institution)
        i = game.actor_index(inst.commander)
        if game.direction(self.side) * game.believed_stance(self.side, i) >= 0.98:
            raise IllegalActionError(f"{inst.name} already backs {game.side_name(self.side)} fully")

    def _shift(self, game):
        i = game.actor_index(game.require_institution(self.institution).commander)
        pop = game.state.pop
        return game.scenario.model.court * (1 - pop.conviction[i]) * (1 + 0.5 * pop.ambition[i])

    def odds(self, game):
        i = game.actor_index(game.require_institution(self.institution).commander)
        return float(np.clip(0.85 - 0.6 * game.state.pop.conviction[i], 0.1, 0.9))

    def describe(self, game):
        return f"Court {game.require_institution(self.institution).name}"

    def effect(self, game):
        inst = game.require_institution(self.institution)
        return (f"Moves {game.actor_name(inst.commander)} up to {self._shift(game):.2f} toward "
                f"{game.side_name(self.side)}; backing now {game.backing(self.side, inst.id):.0%}.")

    def resolve(self, game):
        inst = game.require_institution(self.institution)
        if game.state.rng.random() < self.odds(game):
            game.shift_stance(self.side, game.actor_index(inst.commander), self._shift(game))
            return [game.note("action", f"{game.actor_name(inst.commander)} warms to {game.side_name(self.side)}.",
                              side=self.side)]
        return [game.note("action", f"{game.actor_name(inst.commander)} keeps his own counsel.", side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        for inst in game.scenario.institutions:
            yield cls(side, inst.id)


@action_type
@dataclass(frozen=True)
class GatherIntelligence(Action):
    """Learn where a man or a bloc really stands (better with the KGB behind you)."""

    target: str = ""
    kind: ClassVar[str] = "intelligence"
    public: ClassVar[bool] = False
    group: ClassVar[str] = "intelligence"
    title: ClassVar[str] = "Gather intelligence"

    def check(self, game):
        game.selection_mask(game.target_selection(self.target))

    def odds(self, game):
        bonus = sum(inst.intelligence * game.backing(self.side, inst.id) for inst in game.scenario.institutions)
        return float(np.clip(0.55 + bonus, 0.05, 0.98))

    def describe(self, game):
        return f"Gather intelligence on {game.selection_name(game.target_selection(self.target))}"

    def effect(self, game):
        return "Narrows your estimate of their stance to what it truly is, give or take a little."

    def resolve(self, game):
        sel = game.target_selection(self.target)
        if game.state.rng.random() < self.odds(game):
            game.reveal(self.side, game.selection_mask(sel), sd=game.scenario.model.intelligence_sd)
            return [game.note("intelligence", f"Reports come in on {game.selection_name(sel)}.",
                              side=self.side, reveals=True)]
        return [game.note("intelligence", f"Nothing useful is learned about {game.selection_name(sel)}.",
                          side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        k = game.scenario.side_index(side)
        sd = game.state.est_sd[k]
        for i, a in enumerate(game.scenario.actors):
            if sd[i] > game.scenario.model.intelligence_sd * 1.5:
                yield cls(side, a.id)
        for b in game.scenario.blocs:
            yield cls(side, b.id)


@action_type
@dataclass(frozen=True)
class Airlift(Action):
    """Fly a bloc's Central Committee members to Moscow on military or KGB aircraft."""

    bloc: str = ""
    kind: ClassVar[str] = "airlift"
    group: ClassVar[str] = "force"
    title: ClassVar[str] = "Fly in CC members"

    def _away(self, game) -> np.ndarray:
        pop = game.state.pop
        return game.selection_mask({"bloc": self.bloc}) & (pop.days_away > 0)

    def check(self, game):
        game.selection_mask({"bloc": self.bloc})
        if game.airlift_capacity(self.side) < 1:
            raise IllegalActionError(f"{game.side_name(self.side)} has no aircraft: it needs the army's or the KGB's backing")
        if not self._away(game).any():
            raise IllegalActionError("every member of that bloc is already in Moscow")

    def effect(self, game):
        n = min(int(game.airlift_capacity(self.side)), int(self._away(game).sum()))
        return f"Brings {n} of the {int(self._away(game).sum())} members still away to Moscow today, your supporters first."

    def describe(self, game):
        return f"Fly in {game.selection_name({'bloc': self.bloc})}"

    def resolve(self, game):
        pop = game.state.pop
        idx = np.flatnonzero(self._away(game))
        order = np.argsort(-game.direction(self.side) * pop.stance[idx], kind="stable")
        chosen = idx[order[: int(game.airlift_capacity(self.side))]]
        pop.days_away[chosen] = 0
        pop.travelling[chosen] = False
        return [game.note("arrival", f"Aircraft bring {len(chosen)} of {game.selection_name({'bloc': self.bloc})} "
                          f"to Moscow.", side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        if game.airlift_capacity(side) < 1:
            return
        pop = game.state.pop
        for b_index, b in enumerate(game.scenario.blocs):
            if ((pop.bloc == b_index) & (pop.days_away > 0)).any():
                yield cls(side, b.id)


@action_type
@dataclass(frozen=True)
class CollectSignatures(Action):
    """Gather signatures of CC members present in Moscow demanding a plenum."""

    body: str = ""
    kind: ClassVar[str] = "signatures"
    group: ClassVar[str] = "procedure"
    title: ClassVar[str] = "Collect signatures for a plenum"

    def _eligible(self, game) -> np.ndarray:
        pop = game.state.pop
        return np.flatnonzero((pop.cc > 0) & (pop.days_away == 0) & ~pop.signed)

    def _p(self, game, idx) -> np.ndarray:
        pop = game.state.pop
        w = game.scenario.model
        return 1 / (1 + np.exp(-w.signature_slope * (game.direction(self.side) * pop.stance[idx] - w.signature_threshold)))

    def check(self, game):
        body = game.require_body(self.body)
        if body.demand_signatures <= 0:
            raise IllegalActionError(f"{body.name} cannot be convened by a demand of its members")
        if self.body in game.state.convened:
            raise IllegalActionError(f"{body.name} is already convened")

    def describe(self, game):
        return f"Collect signatures to convene the {game.require_body(self.body).name}"

    def effect(self, game):
        body = game.require_body(self.body)
        expected = float(self._p(game, self._eligible(game)).sum())
        have = int(game.state.pop.signed.sum())
        return (f"About {expected:.0f} more of the members in Moscow would sign ({have} signed, "
                f"{body.demand_signatures} needed to force the {body.name}).")

    def odds(self, game):
        return 1.0

    def resolve(self, game):
        st = game.state
        idx = self._eligible(game)
        signs = st.rng.random(len(idx)) < self._p(game, idx)
        st.pop.signed[idx[signs]] = True
        body = game.require_body(self.body)
        return [game.note("signatures", f"{int(signs.sum())} members sign the demand for a {body.name} "
                          f"({int(st.pop.signed.sum())} of {body.demand_signatures} needed).", side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        for b in game.scenario.bodies:
            if b.demand_signatures > 0 and b.id not in game.state.convened:
                yield cls(side, b.id)


@action_type
@dataclass(frozen=True)
class CallVote(Action):
    """Put a motion to the vote at today's sitting of its body."""

    motion: str = ""
    kind: ClassVar[str] = "call_vote"
    group: ClassVar[str] = "procedure"
    title: ClassVar[str] = "Call a vote"

    def check(self, game):
        m = game.require_motion(self.motion)
        body = game.require_body(m.body)
        if m.proposers and self.side not in m.proposers:
            raise IllegalActionError(f"{game.side_name(self.side)} cannot move '{m.name}'")
        if not game.sits_today(m.body):
            raise IllegalActionError(f"the {body.name} does not sit today")
        if m.body in game.state.stalled:
            raise IllegalActionError(f"the {body.name} has adjourned for today")
        if any(a["motion"] == m.id for a in game.state.agenda):
            raise IllegalActionError(f"'{m.name}' is already on today's agenda")
        if m.id in game.state.passed:
            raise IllegalActionError(f"'{m.name}' has already passed")
        if m.id in game.state.failed and (not m.repeatable or game.state.failed[m.id] == game.state.turn):
            raise IllegalActionError(f"'{m.name}' has been voted down" + ("" if m.repeatable else " for good"))
        if not game.condition_holds(m.requires):
            raise IllegalActionError(f"'{m.name}' cannot be moved yet")

    def odds(self, game):
        return game.forecast(self.motion, side=self.side, samples=200).probability

    def describe(self, game):
        return f"Call the vote: {game.require_motion(self.motion).name}"

    def effect(self, game):
        m = game.require_motion(self.motion)
        return (f"The {game.require_body(m.body).name} votes on it at today's sitting unless it adjourns; "
                f"your forecast gives it {self.odds(game):.0%}.")

    def resolve(self, game):
        st = game.state
        st.agenda.append({"motion": self.motion, "called_by": self.side})
        st.called[self.motion] = st.called.get(self.motion, 0) + 1
        m = game.require_motion(self.motion)
        return [game.note("session", f"{game.side_name(self.side)} moves: {m.name}.", side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        for m in game.scenario.motions:
            yield cls(side, m.id)


@action_type
@dataclass(frozen=True)
class Stall(Action):
    """Press for an adjournment of today's sitting: the motions on its agenda lapse."""

    body: str = ""
    kind: ClassVar[str] = "stall"
    group: ClassVar[str] = "procedure"
    title: ClassVar[str] = "Demand an adjournment"

    def check(self, game):
        body = game.require_body(self.body)
        if not game.sits_today(self.body):
            raise IllegalActionError(f"the {body.name} does not sit today")
        if self.body in game.state.stalled:
            raise IllegalActionError(f"the {body.name} has already adjourned")
        if not any(game.scenario.motion(a["motion"]).body == self.body for a in game.state.agenda):
            raise IllegalActionError(f"there is nothing on the {body.name}'s agenda to put off")

    def odds(self, game):
        return game.stall_odds(self.side, self.body)

    def describe(self, game):
        return f"Demand the {game.require_body(self.body).name} adjourn"

    def effect(self, game):
        return ("If the chair and the room agree, today's votes lapse; they must be called again. "
                "Helped by absent members, a friendly chair and speakers on your side; costs a little legitimacy.")

    def resolve(self, game):
        st = game.state
        body = game.require_body(self.body)
        game.add_legitimacy(self.side, -game.scenario.model.stall_cost)
        if st.rng.random() < self.odds(game):
            st.stalled.append(self.body)
            lapsed = [a for a in st.agenda if game.scenario.motion(a["motion"]).body == self.body]
            st.agenda = [a for a in st.agenda if a not in lapsed]
            return [game.note("session", f"The {body.name} adjourns until all its members can attend; "
                              f"{len(lapsed)} motion(s) lapse.", side=self.side)]
        return [game.note("session", f"The chair refuses to adjourn the {body.name}.", side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        for b in game.scenario.bodies:
            yield cls(side, b.id)


@action_type
@dataclass(frozen=True)
class Propaganda(Action):
    """Press and propaganda aimed at a bloc of the Central Committee."""

    bloc: str = ""
    kind: ClassVar[str] = "propaganda"
    group: ClassVar[str] = "politics"
    title: ClassVar[str] = "Press and propaganda"

    def check(self, game):
        game.selection_mask({"bloc": self.bloc})

    def describe(self, game):
        return f"Work on {game.selection_name({'bloc': self.bloc})} through the press"

    def effect(self, game):
        return (f"Moves each of them up to {game.scenario.model.propaganda:.2f} toward "
                f"{game.side_name(self.side)}, less the firmer they are.")

    def resolve(self, game):
        pop = game.state.pop
        idx = np.flatnonzero(game.selection_mask({"bloc": self.bloc}))
        game.shift_stance(self.side, idx, game.scenario.model.propaganda * (1 - pop.conviction[idx]))
        game.add_legitimacy(self.side, game.scenario.model.propaganda_legitimacy)
        return [game.note("action", f"Articles and meetings work on {game.selection_name({'bloc': self.bloc})}.",
                          side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        for b in game.scenario.blocs:
            yield cls(side, b.id)


@action_type
@dataclass(frozen=True)
class OfferCompromise(Action):
    """Offer terms; the other side accepts (the game ends) or refuses."""

    compromise: str = ""
    kind: ClassVar[str] = "compromise"
    group: ClassVar[str] = "politics"
    title: ClassVar[str] = "Offer a compromise"

    def _spec(self, game):
        for c in game.scenario.compromises:
            if c.id == self.compromise:
                return c
        raise InvalidActionError(f"unknown compromise {self.compromise!r}")

    def check(self, game):
        c = self._spec(game)
        if c.by != self.side:
            raise IllegalActionError(f"'{c.name}' is offered by {game.side_name(c.by)}")
        if f"{self.side}:compromise:{self.compromise}" in game.state.done:
            raise IllegalActionError(f"'{c.name}' has already been offered")
        if not game.condition_holds(c.requires):
            raise IllegalActionError(f"'{c.name}' cannot be offered now")

    def describe(self, game):
        return f"Offer: {self._spec(game).name}"

    def effect(self, game):
        return f"{self._spec(game).text} If refused, you gain a little standing for having offered."

    def resolve(self, game):
        game.state.done.append(f"{self.side}:compromise:{self.compromise}")
        other = game.other(self.side)
        game.state.pending = {"kind": "compromise", "id": self.compromise, "side": other, "by": self.side}
        return [game.note("action", f"{game.side_name(self.side)} offers: {self._spec(game).name}.", side=self.side)]

    @classmethod
    def candidates(cls, game, side):
        for c in game.scenario.compromises:
            if c.by == side:
                yield cls(side, c.id)


@action_type
@dataclass(frozen=True)
class ThreatenForce(Action):
    """A show of troops or guards: frightens the cautious today, costs legitimacy."""

    kind: ClassVar[str] = "threaten"
    group: ClassVar[str] = "force"
    title: ClassVar[str] = "Show of force"

    def check(self, game):
        if game.force_power(self.side) < game.scenario.model.threat_backing:
            raise IllegalActionError(f"{game.side_name(self.side)} lacks the backing of the army or the KGB")
        if game.state.threat.get(self.side) == game.state.turn:
            raise IllegalActionError("troops are already on the streets today")

    def effect(self, game):
        return ("Today's votes feel the weight of the soldiers: the cautious lean your way. "
                f"Costs {game.scenario.model.threat_cost:.2f} legitimacy.")

    def resolve(self, game):
        game.state.threat[self.side] = game.state.turn
        game.add_legitimacy(self.side, -game.scenario.model.threat_cost)
        return [game.note("action", f"{game.side_name(self.side)} makes a show of force.", side=self.side)]


@action_type
@dataclass(frozen=True)
class UseForce(Action):
    """Arrest the other side's leaders. Ends the game: victory, or ruin if it fails."""

    kind: ClassVar[str] = "force"
    group: ClassVar[str] = "force"
    title: ClassVar[str] = "Use force: arrest them"

    def check(self, game):
        w = game.scenario.model
        if game.force_power(self.side) < w.force_threshold:
            raise IllegalActionError(
                f"force needs {w.force_threshold:.0%} of the army's and KGB's backing; "
                f"{game.side_name(self.side)} has {game.force_power(self.side):.0%}")
        # Force needs discontent: the other side must have lost standing first
        # (an illegitimate vote, revelations, a refused delegation).
        other = game.other(self.side)
        gap = game.state.legitimacy[self.side] - game.state.legitimacy[other]
        if gap < w.force_discontent:
            raise IllegalActionError(
                f"force needs discontent: {game.side_name(other)} must stand at least "
                f"{w.force_discontent:.2f} lower than you in legitimacy (the gap is {gap:.2f})")

    def odds(self, game):
        return game.force_odds(self.side)

    def effect(self, game):
        return ("Ends the game at once. Success wins only a pyrrhic victory; failure ruins you. "
                f"Odds {self.odds(game):.0%}.")

    def resolve(self, game):
        return game.use_force(self.side, self.odds(game))


@action_type
@dataclass(frozen=True)
class Choose(Action):
    """Answer a pending decision: an event's choice, or a compromise offer."""

    option: str = ""
    kind: ClassVar[str] = "choose"
    group: ClassVar[str] = "decision"
    repeatable_per_day: ClassVar[bool] = True
    title: ClassVar[str] = "Decide"

    def check(self, game):
        pending = game.state.pending
        if pending is None:
            raise IllegalActionError("there is no decision to make")
        if self.option not in game.pending_options():
            raise IllegalActionError(f"{self.option!r} is not one of {game.pending_options()}")

    def describe(self, game):
        return game.pending_options().get(self.option, self.option)

    def resolve(self, game):
        return game.resolve_choice(self.side, self.option)

    @classmethod
    def candidates(cls, game, side):
        for option in game.pending_options():
            yield cls(side, option)
