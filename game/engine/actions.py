"""Typed actions, each kind written once over a batch of games (the Command pattern).

An action is a frozen value naming its side and targets; two actions are
equal when their kind, side and targets are equal, whatever their cost or
label. Each kind holds its rules as class methods over any number of games:
``rows`` (its part of a side's :class:`ActionSpace`), ``legal`` (which rows
each game allows beyond what every action needs: its side's move, no
decision pending, capital, not done today), ``odds``, ``amount`` (what it
moves if it succeeds) and ``resolve``. They take ``(b, k, g, t, d)``: the
:class:`~game.engine.batch.GameBatch`, the acting side's index, the games,
and the target and detail index of each game's row (an actor, bloc, body,
motion, post, institution, compromise or option, by kind). ``describe`` and
``effect`` are the words shown to a player of one game.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, ClassVar, dataclass_transform

import numpy as np

from .chance import distinct, flat, runs
from .errors import InvalidActionError
from .outcome import Termination
from .voting import logistic

if TYPE_CHECKING:
    from .batch import GameBatch
    from .game import Game
    from .spec import Scenario

DEFAULT_COSTS = {
    "pass": 0, "lobby": 1, "promise": 2, "reveal": 2, "court": 2, "intelligence": 1,
    "airlift": 2, "signatures": 1, "call_vote": 1, "stall": 1, "propaganda": 1,
    "compromise": 1, "threaten": 2, "force": 3, "choose": 0,
}


def cost_of(scenario: Scenario, kind: str) -> int:
    """What an action of ``kind`` costs in ``scenario``: its ``[rules] costs`` entry, else the default."""
    return int(scenario.rules.costs.get(kind, DEFAULT_COSTS[kind]))


ACTION_TYPES: dict[str, type["Action"]] = {}   # kind -> class, filled as each kind is defined
NONE_PENDING, EVENT_PENDING, COMPROMISE_PENDING = 0, 1, 2   # what a game awaits: no decision, an event's, an offer's


@dataclass_transform(frozen_default=True)
@dataclass(frozen=True)
class Action:
    """Base of all actions. ``side`` is the side taking it.

    A kind is a subclass that declares its traits as class arguments
    (``class Lobby(Action, kind="lobby", group="politics", title="Lobby", public=False)``)
    and its target fields; it becomes a frozen dataclass, its rules (``rows`` to
    ``resolve``) class methods, and it is registered in ``ACTION_TYPES``.
    """

    side: str
    cost: int = field(default=0, compare=False, repr=False, kw_only=True)
    label: str = field(default="", compare=False, repr=False, kw_only=True)

    kind: ClassVar[str] = ""
    group: ClassVar[str] = ""        # for menus: politics, procedure, force, intelligence
    repeatable_per_day: ClassVar[bool] = False
    title: ClassVar[str] = ""
    public: ClassVar[bool] = True    # False: only the acting side sees it in the log
    says: ClassVar[str] = ""         # its words, naming its targets ("Lobby {target}")
    does: ClassVar[str] = ""         # what it would do, in words (see ``effect``)
    over: ClassVar[str] = ""         # the scenario's table whose every record it may name (see ``rows``)
    offers: ClassVar[Callable[..., bool]] = staticmethod(lambda sc, side, record: True)   # which of them, to a side
    target_names: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, kind: str, **traits: Any) -> None:
        super().__init_subclass__()
        for name in ("rows", "legal", "odds", "amount", "resolve"):
            if name in cls.__dict__:
                setattr(cls, name, classmethod(cls.__dict__[name]))
        cls.kind = kind
        for name, value in traits.items():
            setattr(cls, name, value)
        dataclass(frozen=True)(cls)
        cls.target_names = tuple(f.name for f in fields(cls) if f.name not in ("side", "cost", "label"))
        ACTION_TYPES[kind] = cls

    # --- identity and serialisation -------------------------------------
    def targets(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.target_names}

    def key(self) -> str:
        return ":".join([self.side, self.kind, *(str(getattr(self, name)) for name in self.target_names)])

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "side": self.side, **self.targets()}

    # --- rules over a batch (see the module doc) --------------------------
    @classmethod
    def rows(cls, sc: "Scenario", side: str) -> list[tuple["Action", int, int]]:
        """The kind's actions for ``side`` with their target and detail index: by default one per record of
        its ``over`` table that it ``offers`` the side (one, naming nothing, without a table)."""
        if not cls.over:
            return [(cls(side), 0, 0)]
        return [(cls(side, r.id), j, 0) for j, r in enumerate(getattr(sc, cls.over)) if cls.offers(sc, side, r)]

    @classmethod
    def possible(cls, sc: Scenario, side: str) -> bool:
        """Whether ``side`` could ever take an action of this kind in ``sc``, in some game: it has a row
        (kinds whose rule needs more of the scenario say so), so the rules page leaves the others out."""
        return bool(cls.rows(sc, side))

    @classmethod
    def legal(cls, b: "GameBatch", k: int, games: np.ndarray, t: np.ndarray, d: np.ndarray):
        return True

    @classmethod
    def odds(cls, b: "GameBatch", k: int, g: np.ndarray, t: np.ndarray, d: np.ndarray) -> np.ndarray:
        return np.ones(len(g))

    @classmethod
    def amount(cls, b: "GameBatch", k: int, g: np.ndarray, t: np.ndarray, d: np.ndarray) -> np.ndarray:
        return np.zeros(len(g))

    @classmethod
    def resolve(cls, b: "GameBatch", k: int, g: np.ndarray, t: np.ndarray, d: np.ndarray) -> None:
        pass

    # --- words, for one game ---------------------------------------------
    def describe(self, game: "Game") -> str:
        """The action's words: its kind's ``says`` with each target's name (its ``title`` if it has none)."""
        return (self.says or self.title).format(**self.names(game))

    def names(self, game: "Game") -> dict[str, str]:
        """Each target's name, by the field that holds it."""
        return {k: game.name_of(k, v) for k, v in self.targets().items()}

    def effect(self, game: "Game") -> str:
        """What it would do: its kind's ``does`` with its targets' names, ``side`` and ``other`` (the sides'
        names), ``amount``, ``odds``, ``risk`` (1 - odds) and the model's weights ``w`` filled in."""
        odds = self.chance_of_success(game)
        return self.does.format(**self.names(game), side=game.side_name(self.side),
                                other=game.side_name(game.other(self.side)), amount=self.magnitude(game),
                                odds=odds, risk=1 - odds, w=game.weights)

    def chance_of_success(self, game: "Game") -> float:
        return float(self.odds(*game.rule_args(self))[0])

    def magnitude(self, game: "Game") -> float:
        return float(self.amount(*game.rule_args(self))[0])


def action_from_json(data: Any) -> Action:
    """Build an action from its JSON form; raises InvalidActionError if malformed."""
    if not isinstance(data, dict) or "kind" not in data or "side" not in data:
        raise InvalidActionError(f"an action needs 'kind' and 'side', got {data!r}")
    cls = ACTION_TYPES.get(data["kind"]) if isinstance(data["kind"], str) else None
    if cls is None:
        raise InvalidActionError(f"unknown action kind {data['kind']!r}; known: {', '.join(sorted(ACTION_TYPES))}")
    names = {f.name for f in fields(cls)} - {"cost", "label"}
    extra = set(data) - names - {"kind"}
    missing = names - set(data)
    if extra or missing:
        raise InvalidActionError(
            f"action {data['kind']!r} takes {sorted(names)}; "
            + (f"unexpected {sorted(extra)}" if extra else f"missing {sorted(missing)}"))
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        raise InvalidActionError(f"action {data['kind']!r}: {', '.join(sorted(bad))} must be text (an id)")
    return cls(**{k: v for k, v in data.items() if k != "kind"})


def _persuade(cls, b, k, g, t, d, who, moved: str, unmoved: str) -> None:
    """Try to move person ``who`` (per game) toward side ``k`` by the kind's amount, at its odds."""
    ok = b.chance.one(g) < cls.odds(b, k, g, t, d)
    b.shift_stance(k, g[ok], who[ok], cls.amount(b, k, g, t, d)[ok])
    b.note(g, "action", lambda r, x: (moved if ok[r] else unmoved).format(name=b.actor_name(who[r]),
                                                                          side=b.side_name(k)), side=k)


def _not_leader(sc: "Scenario", side: str, actor) -> bool:
    """Whether ``actor`` leads neither side: a leader is not lobbied, nor promised a post."""
    return actor.id not in {s.leader for s in sc.sides}


# ---------------------------------------------------------------------------
class Pass(Action, kind="pass", group="procedure", title="Wait", public=False, repeatable_per_day=True):
    does = "Do nothing this round; political capital carries over to tomorrow."


class Lobby(Action, kind="lobby", group="politics", over="actors", offers=_not_leader, title="Lobby", public=False,
            says="Lobby {target}"):
    """Talk a man round: shifts his stance, more so the less convinced he is."""
    does = "Moves {target} up to {amount:.2f} toward {side}."

    target: str = ""

    def legal(cls, b, k, games, t, d):
        # Judged by what the side believes: the list must not leak true stances.
        return b.direction(k) * b.of_actors(b.est_mean[:, k], games, t) < b.weights.fully_behind

    def odds(cls, b, k, g, t, d):
        w = b.weights
        against = np.maximum(0.0, -b.direction(k) * b.pop.stance[g, t])
        return np.clip(w.lobby_odds - w.lobby_conviction * b.pop.conviction[g, t] - w.lobby_opposed * against
                       - w.lobby_fatigue * b.lobbied[g, k, t], w.lobby_odds_min, w.lobby_odds_max)

    def amount(cls, b, k, g, t, d):
        w = b.weights
        caution = b.pop.as_drawn("caution")[g, t]     # (named actors': no CC member's need be drawn)
        return w.lobby * (1 - b.pop.conviction[g, t]) * (w.lobby_base + w.lobby_caution * caution)

    def resolve(cls, b, k, g, t, d):
        _persuade(cls, b, k, g, t, d, t, "{name} listens to {side}.", "{name} will not be moved.")
        b.lobbied[g, k, t] += 1


class PromisePost(Action, kind="promise", group="politics", title="Promise a post",
                  public=False, says="Promise {post} to {target}"):
    """Offer a post: pulls the ambitious; each post can be promised once per side."""
    does = "If tempted, {target} moves {amount:.2f} toward {side}. The post cannot be promised again."

    target: str = ""
    post: str = ""

    def rows(cls, sc, side):
        # Offers that make sense: never a post to the man who holds it, nor a post
        # held by one's own leader (a side does not give away its own leader's chair).
        w = sc.model
        own = sc.side(side).leader
        return [(cls(side, a.id, p.id), i, j) for j, p in enumerate(sc.posts) if p.holder != own
                for i, a in enumerate(sc.actors) if _not_leader(sc, side, a)
                and a.ambition >= w.promise_ambition and a.presidium != "none" and a.id != p.holder]

    def legal(cls, b, k, games, t, d):
        return ~b.promised.take(games, axis=0)[:, k, d]   # each post is promised once per side

    @classmethod
    def _value(cls, b, d):
        return np.array([p.value for p in b.scenario.posts] or [0.0])[d]

    def odds(cls, b, k, g, t, d):
        w = b.weights
        return np.clip(w.promise_odds + w.promise_ambition_odds * b.pop.ambition[g, t] * cls._value(b, d),
                       w.lobby_odds_min, w.lobby_odds_max)

    def amount(cls, b, k, g, t, d):
        pop, w = b.pop, b.weights
        return w.promise * pop.ambition[g, t] * cls._value(b, d) * (1 - w.promise_conviction * pop.conviction[g, t])

    def resolve(cls, b, k, g, t, d):
        b.promised[g, k, d] = True
        ok = b.chance.one(g) < cls.odds(b, k, g, t, d)
        b.shift_stance(k, g[ok], t[ok], cls.amount(b, k, g, t, d)[ok])
        posts = b.scenario.posts
        b.note(g, "action", lambda r, x: f"{b.actor_name(t[r])} is {'' if ok[r] else 'not '}tempted by "
                                         f"{posts[d[r]].name}.", side=k)


class RevealMaterial(Action, kind="reveal", group="politics", over="actors", title="Reveal compromising material"):
    """Reveal a man's past crimes (1957: his part in the purges). It can backfire: your leader may be implicated too."""
    does = ("Costs {other} up to {amount:.2f} legitimacy and sways reformers; {risk:.0%} risk it turns on your own "
            "leader's record.")

    target: str = ""

    def describe(self, game):
        return game.scenario.words.reveal_action.format(**self.names(game))

    @classmethod
    def possible(cls, sc, side):
        # Complicity never changes in play: without a man complicit enough outside the side, nothing to reveal.
        return any(a.complicity >= sc.model.reveal_complicity and a.id != sc.side(side).leader for a in sc.actors)

    def legal(cls, b, k, games, t, d):
        # An opponent as far as the side knows, with something to reveal, not yet revealed.
        return ((b.of_actors(b.pop.complicity, games, t) >= b.weights.reveal_complicity)
                & (b.direction(k) * b.of_actors(b.est_mean[:, k], games, t) < 0)
                & ~b.of_actors(b.revealed[:, k], games, t))

    def odds(cls, b, k, g, t, d):
        return 1.0 - b.weights.reveal_backfire * b.pop.complicity[g, b.leaders[k]]

    def amount(cls, b, k, g, t, d):
        return b.weights.reveal * b.pop.complicity[g, t]

    def resolve(cls, b, k, g, t, d):
        pop, w = b.pop, b.weights
        b.revealed[g, k, t] = True
        lead = pop.complicity[g, b.leaders[k]]
        backfire = b.chance.one(g) < w.reveal_backfire * lead
        b.add_legitimacy(k, g[backfire], -w.reveal * lead[backfire])
        b.add_legitimacy(1 - k, g[~backfire], -cls.amount(b, k, g, t, d)[~backfire])
        # Reformers in the Central Committee are swayed by the revelations (or by the backfire).
        toward = b.direction(k) * w.reveal_sway * w.reveal * pop.complicity[g, t]
        sway = np.where(backfire, -b.direction(k) * w.reveal_backfire_sway * w.reveal, toward)   # per game
        stance, swayed = pop.stance.take(g, axis=0), np.subtract(1, pop.conviction.take(g, axis=0))
        swayed *= sway[:, None]
        swayed += stance
        np.clip(swayed, -1, 1, out=swayed)
        # The others (a tenth or so) are put back as they were: cheaper than a masked copy of a random mask.
        unmoved = np.flatnonzero(~((pop.cc.take(g, axis=0) > 0) & (pop.ideology.take(g, axis=0) > w.reveal_reformer)))
        flat(swayed)[unmoved] = flat(stance)[unmoved]
        pop.stance[g] = swayed
        words, leader = b.scenario.words, b.actor_name(b.leaders[k])
        b.note(g, "action", lambda r, x: (words.reveal_backfire if backfire[r] else words.reveal_read).format(
            target=b.actor_name(t[r]), leader=leader), side=k)


class Court(Action, kind="court", group="force", title="Court", public=False, says="Court {institution}"):
    """Court an institution's commander (the army, the KGB)."""

    institution: str = ""

    def rows(cls, sc, side):
        actor_ix = {a.id: i for i, a in enumerate(sc.actors)}
        return [(cls(side, inst.id), j, actor_ix[inst.commander]) for j, inst in enumerate(sc.institutions)]

    def legal(cls, b, k, games, t, d):
        return b.direction(k) * b.of_actors(b.est_mean[:, k], games, d) < b.weights.fully_behind

    def odds(cls, b, k, g, t, d):
        w = b.weights
        against = np.maximum(0.0, -b.direction(k) * b.pop.stance[g, d])
        return np.clip(w.court_odds - w.court_conviction * b.pop.conviction[g, d] - w.court_opposed * against,
                       w.court_odds_min, w.court_odds_max)

    def amount(cls, b, k, g, t, d):
        w = b.weights
        return w.court * (1 - b.pop.conviction[g, d]) * (1 + w.court_ambition * b.pop.ambition[g, d])

    def resolve(cls, b, k, g, t, d):
        _persuade(cls, b, k, g, t, d, d, "{name} warms to {side}.", "{name} keeps his own counsel.")

    def effect(self, game):
        inst = game.require_institution(self.institution)
        return (f"Moves {game.actor_name(inst.commander)} up to {self.magnitude(game):.2f} toward "
                f"{game.side_name(self.side)}; backing now {game.backing(self.side, inst.id):.0%}.")


class GatherIntelligence(Action, kind="intelligence", group="intelligence", title="Gather intelligence",
                         public=False, says="Gather intelligence on {target}"):
    """Learn where a man or a bloc really stands (better with the KGB behind you)."""
    does = "Narrows your estimate of their stance to what it truly is, give or take a little."

    target: str = ""

    def rows(cls, sc, side):
        return ([(cls(side, a.id), i, 0) for i, a in enumerate(sc.actors)]
                + [(cls(side, bl.id), j, 1) for j, bl in enumerate(sc.blocs)])

    def legal(cls, b, k, games, t, d):
        # A man whose mind the side already knows is not worth spying on; a bloc always is.
        is_bloc = d == 1
        w = b.weights
        vague = b.of_actors(b.est_sd[:, k], games, np.where(is_bloc, 0, t)) > w.intelligence_sd * w.intelligence_vague
        return vague | is_bloc

    def odds(cls, b, k, g, t, d):
        bonus = (np.array([x.intelligence for x in b.scenario.institutions]) * b.backing(k, g)).sum(axis=1)
        w = b.weights
        return np.clip(w.intelligence_odds + bonus, w.intelligence_odds_min, w.intelligence_odds_max)

    def resolve(cls, b, k, g, t, d):
        ok = b.chance.one(g) < cls.odds(b, k, g, t, d)
        bloc = np.where(d == 1, t, -1)                    # a bloc's members, or the one man
        count = np.where(d == 1, b.bloc_size[bloc], 1) * ok
        b.reveal_people(k, g, count, runs(np.where(d == 1, b.bloc_start[bloc], t), count), b.weights.intelligence_sd)
        name = {x: b.actor_name(i) if kind == 0 else b.scenario.blocs[i].name
                for x, i, kind in zip(g.tolist(), t, d)} if b.recording else {}     # game -> whom it spied on
        b.note(g[ok], "intelligence", lambda r, x: f"Reports come in on {name[x]}.", side=k, reveals=True)
        b.note(g[~ok], "intelligence", lambda r, x: f"Nothing useful is learned about {name[x]}.", side=k)


class Airlift(Action, kind="airlift", group="force", over="blocs", title="Fly in members", says="Fly in {bloc}"):
    """Fly a bloc's members to the capital on an institution's aircraft (1957: the army's or the KGB's)."""

    bloc: str = ""

    def legal(cls, b, k, games, t, d):
        out = np.zeros((len(games), len(t)), dtype=bool)
        able = np.flatnonzero(b.airlift_capacity(k, games) >= 1)      # few games have aircraft to lend
        out[able] = b.any_away(games[able])[:, t]
        return out

    @classmethod
    def _chosen(cls, b, k, g, t):
        pop, capacity = b.pop, b.airlift_capacity(k, g).astype(np.int64)
        chosen = np.zeros((len(g), pop.size), dtype=bool)
        for j in distinct(t):          # each bloc's members away (a run of columns)
            rows, cols = np.flatnonzero(t == j), slice(b.bloc_start[j], b.bloc_start[j] + b.bloc_size[j])
            away = pop.days_away[g[rows], cols] > 0
            # The side's supporters first: ordered by stance toward it, stable among equals.
            key = np.where(away, -b.direction(k) * pop.stance[g[rows], cols], np.inf)
            order = np.argsort(key, axis=1, kind="stable")
            rank = np.empty_like(order)
            rank[np.arange(len(rows))[:, None], order] = np.arange(order.shape[1])[None, :]
            chosen[rows, cols] = away & (rank < capacity[rows, None])
        return chosen

    def amount(cls, b, k, g, t, d):
        return cls._chosen(b, k, g, t).sum(axis=1).astype(float)

    def resolve(cls, b, k, g, t, d):
        chosen = cls._chosen(b, k, g, t)
        b.pop.days_away[g] = np.where(chosen, 0, b.pop.days_away[g])
        b.pop.travelling[g] &= ~chosen
        n = chosen.sum(axis=1)
        b.airlifted[g, k] += n
        sc = b.scenario
        b.note(g, "arrival", lambda r, x: f"Aircraft bring {n[r]} of {sc.blocs[t[r]].name} to {sc.words.capital}.",
               side=k)

    def effect(self, game):
        away = int(((game.people.bloc == game.bloc_index(self.bloc)) & (game.people.days_away > 0)).sum())
        return (f"Brings {self.magnitude(game):.0f} of the {away} members still away to {game.scenario.words.capital} "
                f"today, your supporters first (the aircraft can still bring "
                f"{game.airlift_capacity(self.side):.0f} today).")


class CollectSignatures(Action, kind="signatures", group="procedure", over="bodies",
                        offers=lambda sc, side, body: body.demand_signatures > 0,
                        title="Collect signatures", says="Collect signatures to convene the {body}"):
    """Gather signatures of members present in the capital on a demand to convene a body (1957: a plenum)."""

    body: str = ""

    def legal(cls, b, k, games, t, d):
        return b.convened.take(games, axis=0)[:, t] < 0

    @classmethod
    def _p(cls, b, k, g):
        pop, w = b.pop, b.weights
        eligible = (pop.cc[g] > 0) & (pop.days_away[g] == 0) & ~pop.signed[g]
        return eligible, w.signature_reach * logistic(w.signature_slope * (b.direction(k) * pop.stance[g]
                                                                            - w.signature_threshold))

    def amount(cls, b, k, g, t, d):
        eligible, p = cls._p(b, k, g)
        return (p * eligible).sum(axis=1)

    def resolve(cls, b, k, g, t, d):
        eligible, p = cls._p(b, k, g)
        signs = eligible & (b.chance.uniform_where(g, eligible) < p)
        b.pop.signed[g] |= signs
        bodies = b.scenario.bodies
        demand = b.scenario.words.demand
        b.note(g, "signatures", lambda r, x: (f"{int(signs[r].sum())} members sign "
                                              f"{demand.format(body=bodies[t[r]].name)} ({int(b.pop.signed[x].sum())} "
                                              f"of {bodies[t[r]].demand_signatures} needed)."), side=k)

    def effect(self, game):
        body = game.require_body(self.body)
        have = int(game.people.signed.sum())
        return (f"About {self.magnitude(game):.0f} more of the members in {game.scenario.words.capital} would sign "
                f"({have} signed, {body.demand_signatures} needed to force the {body.name}).")


class CallVote(Action, kind="call_vote", group="procedure", over="motions",
               offers=lambda sc, side, m: not m.proposers or side in m.proposers,
               title="Call a vote", says="Call the vote: {motion}"):
    """Put a motion to the vote at today's sitting of its body."""

    motion: str = ""

    def legal(cls, b, k, games, t, d):
        return b.callable(t, games)

    def resolve(cls, b, k, g, t, d):
        for m in distinct(t):
            b.put_on_agenda(int(m), g[t == m], k)
        mover = b.scenario.sides[k].does("moves")
        b.note(g, "session", lambda r, x: f"{mover}: {b.scenario.motions[t[r]].name}.", side=k)

    def chance_of_success(self, game):
        return game.forecast(self.motion, side=self.side, samples=200).probability

    def effect(self, game):
        m = game.require_motion(self.motion)
        return (f"The {game.require_body(m.body).name} votes on it at today's sitting unless it adjourns; "
                f"your forecast gives it {self.chance_of_success(game):.0%}.")


class Stall(Action, kind="stall", group="procedure", over="bodies", title="Demand an adjournment",
            says="Demand the {body} adjourn"):
    """Press for an adjournment of today's sitting: the motions on its agenda lapse."""
    does = ("If the chair and the room agree, today's votes lapse; they must be called again. Helped by absent "
            "members, a friendly chair and speakers on your side; costs a little legitimacy.")

    body: str = ""

    def legal(cls, b, k, games, t, d):
        on_agenda = (b.agenda.take(games, axis=0) >= 0).astype(np.int64) @ b.motion_body   # (G, bodies) items on it
        return (b.sitting(games) & ~b.stalled.take(games, axis=0) & (on_agenda > 0))[:, t]

    def odds(cls, b, k, g, t, d):
        out = np.empty(len(g))
        for j in distinct(t):
            out[t == j] = b.stall_odds(k, int(j), g[t == j])
        return out

    def resolve(cls, b, k, g, t, d):
        b.add_legitimacy(k, g, -b.weights.stall_cost)
        ok = b.chance.one(g) < cls.odds(b, k, g, t, d)
        lapsed = ((b.agenda[g] >= 0) & (b.motion_body.T[t] > 0)).sum(axis=1)
        b.stalled[g[ok], t[ok]] = True
        b.adjourned[g[ok], t[ok]] += 1
        b.agenda[g[ok]] = np.where(b.motion_body.T[t[ok]] > 0, -1, b.agenda[g[ok]])
        bodies = b.scenario.bodies
        lapse = lambda n: "no motion lapses" if n == 0 else "1 motion lapses" if n == 1 else f"{n} motions lapse"  # noqa: E731
        b.note(g, "session", lambda r, x: (f"The {bodies[t[r]].name} adjourns until all its members can attend; "
                                           f"{lapse(lapsed[r])}." if ok[r] else
                                           f"The chair refuses to adjourn the {bodies[t[r]].name}."), side=k)


class Propaganda(Action, kind="propaganda", group="politics", over="blocs",
                 title="Press and propaganda", says="Work on {bloc} through the press"):
    """Press and propaganda aimed at a bloc of the Central Committee."""
    does = "Moves each of them up to {amount:.2f} toward {side}, less the firmer they are."

    bloc: str = ""

    def amount(cls, b, k, g, t, d):
        return np.full(len(g), b.weights.propaganda)

    def resolve(cls, b, k, g, t, d):
        count, people = b.members(t)
        who = np.repeat(g, count)
        b.shift_stance(k, who, people, b.weights.propaganda * (1 - b.pop.conviction[who, people]))
        b.add_legitimacy(k, g, b.weights.propaganda_legitimacy)
        b.note(g, "action", lambda r, x: f"Articles and meetings work on {b.scenario.blocs[t[r]].name}.", side=k)


class OfferCompromise(Action, kind="compromise", group="politics", over="compromises",
                      offers=lambda sc, side, c: c.by == side, title="Offer a compromise", says="Offer: {compromise}"):
    """Offer terms; the other side accepts (the game ends) or refuses."""

    compromise: str = ""

    def legal(cls, b, k, games, t, d):
        if not len(t):
            return False
        return np.stack([~b.offered[:, j][games] & b.rules.holds(b.scenario.compromises[j].requires, games)
                         for j in t], axis=1)

    def resolve(cls, b, k, g, t, d):
        b.offered[g, t] = True
        b.pending_kind[g] = COMPROMISE_PENDING
        b.pending_id[g] = t
        b.pending_side[g] = 1 - k
        b.pending_by[g] = k
        offerer = b.scenario.sides[k].does("offers")
        b.note(g, "action", lambda r, x: f"{offerer}: {b.scenario.compromises[t[r]].name}.", side=k)

    def effect(self, game):
        return f"{game.compromise(self.compromise).text} If refused, you gain a little standing for having offered."


class ThreatenForce(Action, kind="threaten", group="force", title="Show of force"):
    """A show of troops or guards: frightens the cautious today, costs legitimacy."""
    does = ("Today's votes feel the weight of the soldiers: the cautious lean your way. Costs {w.threat_cost:.2f} "
            "legitimacy.")

    @classmethod
    def possible(cls, sc, side):
        return bool(sc.institutions)      # force power is backing by institutions: none, no force

    def legal(cls, b, k, games, t, d):
        return ((b.force_power(k, games) >= b.weights.threat_backing)
                & (b.threat[:, k][games] != b.turn[games]))[:, None]

    def resolve(cls, b, k, g, t, d):
        b.threat[g, k] = b.turn[g]
        b.add_legitimacy(k, g, -b.weights.threat_cost)
        b.note(g, "action", f"{b.scenario.sides[k].does('makes')} a show of force.", side=k)


class UseForce(Action, kind="force", group="force", title="Use force: arrest them"):
    """Arrest the other side's leaders. Ends the game: victory, or ruin if it fails."""
    does = ("Ends the game at once. Needs the army's and security's backing, an opponent discredited, and enough of "
            "the leading body behind you. Success wins only a pyrrhic victory; failure ruins you. Odds {odds:.0%}.")

    possible = ThreatenForce.possible

    def legal(cls, b, k, games, t, d):
        # Force needs backing, discontent (the other side must have lost standing first) and cover:
        # enough of the body that sits from the start (the Presidium) behind it, as far as the side
        # knows. In 1953 the Presidium's majority had Beria arrested; in 1957 Khrushchev, outvoted
        # there, had the guns but no cover, and won by the rules (record).
        w = b.weights
        gap = b.legitimacy[:, k][games] - b.legitimacy[:, 1 - k][games]
        ok = (b.force_power(k, games) >= w.force_threshold) & (gap >= w.force_discontent)
        if ok.any():
            ok[ok] = b.cover(k, games[ok]) >= w.force_cover
        return ok[:, None]

    def odds(cls, b, k, g, t, d):
        return b.force_odds(k, g)

    def resolve(cls, b, k, g, t, d):
        b.add_legitimacy(k, g, -b.weights.force_cost)
        won = b.chance.one(g) < cls.odds(b, k, g, t, d)
        sid = b.scenario.sides[k].id
        for hit, oid in ((won, f"force:{sid}"), (~won, f"force_failed:{sid}")):
            o = b.outcome_ix[oid]
            b.note(g[hit], "outcome", b.outcomes[o].title + ".", side=k)
            b.finish(g[hit], o, Termination.FORCE)


class Choose(Action, kind="choose", group="decision", title="Decide", repeatable_per_day=True, says="{option}"):
    """Answer a pending decision: an event's choice, or a compromise offer."""

    option: str = ""

    def rows(cls, sc, side):
        return [(cls(side, o), j, 0) for j, o in enumerate(options_of(sc))]

    def legal(cls, b, k, games, t, d):
        return b.option_mask[b.pending_key(games)][:, t]

    def resolve(cls, b, k, g, t, d):
        sc, options, name, side_k = b.scenario, b.space[k].options, b.side_name(k), b.scenario.sides[k]
        kind, pid, by = b.pending_kind[g].copy(), b.pending_id[g].copy(), b.pending_by[g].copy()
        b.pending_kind[g] = NONE_PENDING
        for e in distinct(pid[kind == EVENT_PENDING]):
            ev = sc.events[e]
            for choice in ev.choices:
                rows = g[(kind == EVENT_PENDING) & (pid == e) & (t == options.index(choice.id))]
                b.note(rows, "choice", f"{name}: {choice.label}. {choice.text}".strip(), side=k, cause=ev.id)
                b.rules.apply_effects(choice.effects, rows, cause=ev.id)
        offer = kind == COMPROMISE_PENDING
        accept = offer & (t == options.index("accept"))
        for c in distinct(pid[offer]):
            comp = sc.compromises[c]
            yes, no = g[accept & (pid == c)], g[offer & ~accept & (pid == c)]
            b.note(yes, "outcome", f"{side_k.does('accepts')}: {comp.name}.", side=k)
            b.finish(yes, b.outcome_ix[f"compromise:{comp.id}"], Termination.COMPROMISE)
            b.note(no, "choice", f"{side_k.does('refuses')}: {comp.name}.", side=k)
        for side in (0, 1):     # the side that made a refused offer gains standing for it
            b.add_legitimacy(side, g[offer & ~accept & (by == side)], b.weights.compromise_credit)

    def effect(self, game):
        return game.pending_effect(self.option)


def options_of(scenario: "Scenario") -> tuple[str, ...]:
    """Every decision option of the scenario: event choices, then accept and reject."""
    opts = [c.id for ev in scenario.events for c in ev.choices] + ["accept", "reject"]
    return tuple(dict.fromkeys(opts))


KIND_INDEX = {k: i for i, k in enumerate(ACTION_TYPES)}


class ActionSpace:
    """Every action one side could ever take, in a fixed order (kind, then targets).

    ``actions[a]`` is the typed action of index ``a``; ``kind[a]`` its kind,
    ``target[a]`` and ``detail[a]`` the indices it names, ``cost[a]`` what it
    costs. ``span[kind]`` is the slice of its actions. The same space serves
    ``Game.legal_actions``, ``GameBatch``, the AI and the env's action mask.
    """

    def __init__(self, scenario: "Scenario", side_index: int):
        side = scenario.sides[side_index].id
        self.options: tuple[str, ...] = options_of(scenario)
        rows: list[tuple[Action, int, int]] = []
        self.span: dict[str, slice] = {}
        for kind, cls in ACTION_TYPES.items():
            start = len(rows)
            rows += cls.rows(scenario, side)
            self.span[kind] = slice(start, len(rows))
        self.actions: tuple[Action, ...] = tuple(replace(a, cost=cost_of(scenario, a.kind)) for a, _, _ in rows)
        self.target = np.array([r[1] for r in rows], dtype=np.int64)
        self.detail = np.array([r[2] for r in rows], dtype=np.int64)
        self.kind = np.array([KIND_INDEX[a.kind] for a in self.actions], dtype=np.int64)
        self.cost = np.array([a.cost for a in self.actions], dtype=np.int64)
        self.repeatable = np.array([type(a).repeatable_per_day for a in self.actions], dtype=bool)
        self.index = {a: i for i, a in enumerate(self.actions)}
        self.parts = [(cls, self.span[kind], self.span[kind]) for kind, cls in ACTION_TYPES.items()   # kinds with
                      if self.span[kind].stop > self.span[kind].start and "legal" in cls.__dict__]      # a rule
        # gate[state * (max_cost + 1) + capital]: what the shared rules allow, by the game's state (0: not this
        # side's move or over; 1: to move; 2: to answer a pending decision) and capital (capped at max_cost).
        self.max_cost = int(self.cost.max(initial=0))
        choose = self.kind == KIND_INDEX["choose"]
        affordable = self.cost[None, :] <= np.arange(self.max_cost + 1)[:, None]
        self.gate = np.concatenate([affordable & False, affordable & ~choose, affordable & choose])

    def __len__(self) -> int:
        return len(self.actions)

    def __getitem__(self, a: int) -> Action:
        """The action of index ``a``, as ``actions[a]``: what a ``choose_batch`` index means."""
        return self.actions[a]

    def __iter__(self):
        return iter(self.actions)
