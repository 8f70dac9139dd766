"""The fifteen action kinds over a batch of games: legality masks and resolution.

Kind for kind these are the ``check``, ``candidates`` and ``resolve`` hooks of
``actions.py`` (the reference), computed for every game of a batch at once:
``legal_mask`` gives the ``(G, A)`` mask of a side's action space, and
``resolve`` carries out one chosen action per game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .actions import ACTION_TYPES

if TYPE_CHECKING:
    from .batch import GameBatch

KIND = {k: i for i, k in enumerate(ACTION_TYPES)}


def legal_mask(b: "GameBatch", side: int, games: np.ndarray) -> np.ndarray:
    sc, space, w = b.scenario, b.space[side], b.weights
    n = len(games)
    d = b.direction(side)
    mask = np.zeros((n, len(space)), dtype=bool)
    believed = b.est_mean[games, side]          # (G, P): what the side believes of everyone
    pending = b.pending_kind[games] != 0
    idle = ~pending

    def put(kind: str, value) -> None:
        span = space.span[kind]
        if span.stop > span.start:
            mask[:, span] = np.broadcast_to(value, (n, span.stop - span.start))

    put("pass", True)
    put("lobby", d * believed[:, space.target[space.span["lobby"]]] < 0.98)
    span = space.span["promise"]
    put("promise", ~b.promised[games, side][:, space.detail[span]])
    span = space.span["reveal"]
    people = space.target[span]
    put("reveal", (b.pop.complicity[games[:, None], people] >= 0.2) & (d * believed[:, people] < 0)
        & ~b.revealed[games, side][:, people])
    put("court", d * believed[:, space.detail[space.span["court"]]] < 0.98)
    span = space.span["intelligence"]
    is_bloc = space.detail[span] == 1
    vague = b.est_sd[games, side][:, np.where(is_bloc, 0, space.target[span])] > w.intelligence_sd * 1.5
    put("intelligence", vague | is_bloc)
    span = space.span["airlift"]
    if span.stop > span.start:
        away_by_bloc = (b.pop.days_away[games] > 0).astype(np.float64) @ b.bloc_matrix   # (G, blocs) counts
        put("airlift", (away_by_bloc[:, space.target[span]] > 0) & (b.airlift_capacity(side, games) >= 1)[:, None])
    span = space.span["signatures"]
    put("signatures", b.convened[games][:, space.target[span]] < 0)
    put("call_vote", _motions_callable(b, side, games))
    span = space.span["stall"]
    put("stall", np.stack([_stall_possible(b, j, games) for j in space.target[span]], axis=1)
        if span.stop > span.start else False)
    put("propaganda", True)
    span = space.span["compromise"]
    if span.stop > span.start:
        put("compromise", np.stack([~b.offered[games, j] & b.rules.holds(sc.compromises[j].requires, games)
                                    for j in space.target[span]], axis=1))
    power = b.force_power(side, games)
    put("threaten", ((power >= w.threat_backing) & (b.threat[games, side] != b.turn[games]))[:, None])
    gap = b.legitimacy[games, side] - b.legitimacy[games, 1 - side]
    put("force", ((power >= w.force_threshold) & (gap >= w.force_discontent))[:, None])
    # Only a decision may be taken while one is pending, and only then.
    choose = space.span["choose"]
    mask[pending] = False
    if pending.any():
        rows = np.flatnonzero(pending)
        for r in rows:
            for option in b.pending_options(int(games[r])):
                mask[r, choose.start + space.options.index(option)] = True
    mask[idle, choose] = False
    # Cost and once-a-day, as for every action.
    mask &= space.cost[None, :] <= b.capital[games, side][:, None]
    mask &= ~(b.done_today[games, side, : len(space)] & ~space.repeatable[None, :])
    return mask


def _motions_callable(b: "GameBatch", side: int, games: np.ndarray) -> np.ndarray:
    sc = b.scenario
    sid = sc.sides[side].id
    cols = []
    turn = b.turn[games]
    for j, m in enumerate(sc.motions):
        if m.proposers and sid not in m.proposers:
            cols.append(np.zeros(len(games), dtype=bool))
            continue
        body = b.body_ix[m.body]
        ok = b.sits_today(body, games) & ~b.stalled[games, body] & (b.agenda[games, j] < 0) & (b.passed[games, j] < 0)
        failed = b.failed[games, j]
        ok &= ~((failed >= 0) & ((not m.repeatable) | (failed == turn)))
        if ok.any() and m.requires is not None:
            ok[ok] = b.rules.holds(m.requires, games[ok])
        cols.append(ok)
    return np.stack(cols, axis=1) if cols else np.zeros((len(games), 0), dtype=bool)


def _stall_possible(b: "GameBatch", body: int, games: np.ndarray) -> np.ndarray:
    sc = b.scenario
    motions = [j for j, m in enumerate(sc.motions) if m.body == sc.bodies[body].id]
    on_agenda = (b.agenda[games][:, motions] >= 0).any(axis=1) if motions else np.zeros(len(games), dtype=bool)
    return b.sits_today(body, games) & ~b.stalled[games, body] & on_agenda


# --------------------------------------------------------------------- resolution
def resolve(b: "GameBatch", side: int, games: np.ndarray, actions: np.ndarray) -> None:
    """Carry out ``actions[i]`` for ``side`` in game ``games[i]``, kind by kind."""
    space = b.space[side]
    kinds = space.kind[actions]
    for kind in np.unique(kinds):
        rows = kinds == kind
        g, a = games[rows], actions[rows]
        _RESOLVERS[list(ACTION_TYPES)[kind]](b, side, g, space.target[a], space.detail[a])


def _pass(b, side, g, target, detail):
    pass


def _lobby(b, side, g, i, _):
    pop, w = b.pop, b.weights
    conv = pop.conviction[g, i]
    against = np.maximum(0.0, -b.direction(side) * pop.stance[g, i])
    odds = np.clip(w.lobby_odds - w.lobby_conviction * conv - w.lobby_opposed * against, 0.05, 0.95)
    ok = b.rng.random(g.size) < odds
    shift = w.lobby * (1 - conv) * (0.6 + 0.8 * pop.caution[g, i])
    b.shift_stance(side, g[ok], i[ok], shift[ok])


def _promise(b, side, g, i, post):
    pop, w = b.pop, b.weights
    b.promised[g, side, post] = True
    value = np.array([p.value for p in b.scenario.posts])[post]
    amb = pop.ambition[g, i]
    odds = np.clip(0.2 + 0.7 * amb * value, 0.05, 0.95)
    ok = b.rng.random(g.size) < odds
    shift = w.promise * amb * value * (1 - 0.5 * pop.conviction[g, i])
    b.shift_stance(side, g[ok], i[ok], shift[ok])


def _reveal(b, side, g, i, _):
    pop, w = b.pop, b.weights.reveal
    b.revealed[g, side, i] = True
    d = b.direction(side)
    leader = b.leaders[side]
    lead_complicity = pop.complicity[g, leader]
    backfire = b.rng.random(g.size) < b.weights.reveal_backfire * lead_complicity
    cc = (pop.cc[g] > 0) & (pop.ideology[g] > -0.2)
    flex = 1 - pop.conviction[g]
    b.add_legitimacy(side, g[backfire], -w * lead_complicity[backfire])
    b.add_legitimacy(1 - side, g[~backfire], -w * pop.complicity[g[~backfire], i[~backfire]])
    delta = np.where(backfire[:, None], -d * 0.15 * w * flex,
                     d * 0.3 * w * pop.complicity[g, i][:, None] * flex)
    pop.stance[g] = np.clip(pop.stance[g] + np.where(cc, delta, 0.0), -1, 1)


def _court(b, side, g, inst, commander):
    pop, w = b.pop, b.weights
    conv = pop.conviction[g, commander]
    ok = b.rng.random(g.size) < np.clip(0.85 - 0.6 * conv, 0.1, 0.9)
    shift = w.court * (1 - conv) * (1 + 0.5 * pop.ambition[g, commander])
    b.shift_stance(side, g[ok], commander[ok], shift[ok])


def _intelligence(b, side, g, target, is_bloc):
    bonus = (np.array([x.intelligence for x in b.scenario.institutions]) * b.backing(side, g)).sum(axis=1)
    ok = b.rng.random(g.size) < np.clip(0.55 + bonus, 0.05, 0.98)
    g, target, is_bloc = g[ok], target[ok], is_bloc[ok]
    people = np.arange(b.pop.size)[None, :]
    mask = np.where(is_bloc[:, None] == 1, b.pop.bloc[None, :] == target[:, None], people == target[:, None])
    b.reveal(side, g, mask, sd=b.weights.intelligence_sd)


def _airlift(b, side, g, bloc, _):
    pop = b.pop
    away = (pop.bloc[None, :] == bloc[:, None]) & (pop.days_away[g] > 0)
    # the side's supporters first: order by stance toward it, stable among equals
    key = np.where(away, -b.direction(side) * pop.stance[g], np.inf)
    order = np.argsort(key, axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(len(g))[:, None], order] = np.arange(pop.size)[None, :]
    chosen = away & (rank < b.airlift_capacity(side, g).astype(np.int64)[:, None])
    pop.days_away[g] = np.where(chosen, 0, pop.days_away[g])
    pop.travelling[g] &= ~chosen


def _signatures(b, side, g, body, _):
    pop, w = b.pop, b.weights
    eligible = (pop.cc[g] > 0) & (pop.days_away[g] == 0) & ~pop.signed[g]
    p = 1 / (1 + np.exp(-w.signature_slope * (b.direction(side) * pop.stance[g] - w.signature_threshold)))
    pop.signed[g] |= eligible & (b.rng.random(eligible.shape) < p)


def _call_vote(b, side, g, motion, _):
    for m in np.unique(motion):
        b.put_on_agenda(int(m), g[motion == m], side)


def _stall(b, side, g, body, _):
    sc = b.scenario
    b.add_legitimacy(side, g, -b.weights.stall_cost)
    for j in np.unique(body):
        rows = g[body == j]
        ok = rows[b.rng.random(rows.size) < b.stall_odds(side, int(j), rows)]
        b.stalled[ok, j] = True
        motions = [m for m, spec in enumerate(sc.motions) if spec.body == sc.bodies[j].id]
        b.agenda[ok[:, None], np.array(motions, dtype=np.int64)[None, :]] = -1


def _propaganda(b, side, g, bloc, _):
    mask = b.pop.bloc[None, :] == bloc[:, None]
    b.shift_stance(side, g, mask, b.weights.propaganda * (1 - b.pop.conviction[g]))
    b.add_legitimacy(side, g, b.weights.propaganda_legitimacy)


def _compromise(b, side, g, comp, _):
    b.offered[g, comp] = True
    b.pending_kind[g] = 2
    b.pending_id[g] = comp
    b.pending_side[g] = 1 - side
    b.pending_by[g] = side


def _threaten(b, side, g, target, detail):
    b.threat[g, side] = b.turn[g]
    b.add_legitimacy(side, g, -b.weights.threat_cost)


def _force(b, side, g, target, detail):
    b.use_force(side, g)


def _choose(b, side, g, option, _):
    sc = b.scenario
    options = b.space[side].options
    kind, pid, by = b.pending_kind[g].copy(), b.pending_id[g].copy(), b.pending_by[g].copy()
    b.pending_kind[g] = 0
    for e in np.unique(pid[kind == 1]):
        ev = sc.events[e]
        for choice in ev.choices:
            rows = g[(kind == 1) & (pid == e) & (option == options.index(choice.id))]
            b.rules.apply_effects(choice.effects, rows)
    accept = (kind == 2) & (option == options.index("accept"))
    for c in np.unique(pid[accept]):
        b.end_with(f"compromise:{sc.compromises[c].id}", g[accept & (pid == c)])
    refused = (kind == 2) & ~accept
    for k in (0, 1):
        b.add_legitimacy(k, g[refused & (by == k)], b.weights.compromise_credit)


_RESOLVERS = {
    "pass": _pass, "lobby": _lobby, "promise": _promise, "reveal": _reveal, "court": _court,
    "intelligence": _intelligence, "airlift": _airlift, "signatures": _signatures, "call_vote": _call_vote,
    "stall": _stall, "propaganda": _propaganda, "compromise": _compromise, "threaten": _threaten,
    "force": _force, "choose": _choose,
}
