"""The heuristic judge of :mod:`game.ai.heuristics`, written once over a batch of games.

``judge(world, side, rows)`` scores every action of the side's fixed
:class:`~game.engine.actions.ActionSpace` in each of ``rows`` of a *belief
batch* (a :class:`~game.engine.batch.GameBatch` whose stances are the
deciding side's picture, see :func:`believed_batch`) as one ``(rows, A)``
array, with the same formulas as the scalar ``heuristics.Judge.score``
(tested equal to 1e-9 on many positions): the vote views by a normal
approximation, leverage per person, standing, a commander's value, airlift,
signatures, revelations, intelligence, threats, force, compromises, waiting.
It also marks which actions the scalar judge would consider at all (its
``candidates``) and their place in its list, so that ties are broken as the
scalar ``ordered``/``ranked`` break them.

On top of it:

* :func:`normal_choose` — ``ai:normal`` over a batch: the best legal
  candidate, every callable vote judged by the side's own Monte Carlo
  forecast (:func:`forecast_batch`), pending decisions answered by trying
  each option in the belief batch (:func:`pending_choice`);
* :class:`RolloutPolicy` — the fast greedy player of ``ai:hard``'s
  rollouts, for both sides of a rollout batch;
* :func:`rollout_values` — one batch of rollouts for a decision.

Only public state arrays and methods of the engine are read (the state
arrays, ``space``, ``legal_mask``, ``apply``, ``take``, ``new``,
``reseed``, the kinds' ``odds``/``amount``, ``voter_mask``,
``sits_today``, ``motion_context``, ``force_power``/``force_odds``,
``airlift_capacity``, ``income``, ``stall_odds``, ``rules.holds``,
``option_mask``/``pending_key``, ``outcomes`` and the id indices) and
``game.engine.voting``; the AI's own draws come from ``chance.key_of``.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from types import SimpleNamespace

import numpy as np

from ..engine.actions import (
    CollectSignatures, Court, Lobby, PromisePost, RevealMaterial, UseForce,
)
from ..engine.batch import NO_ONE, NONE_PENDING, GameBatch
from ..engine.chance import counts as set_count, key_of
from ..engine.voting import ballot_probabilities, carried, chair_yes, logistic, required_yes, vote_terms
from .heuristics import GATE, TIE_SHIFT, gated_motions, saturate

FORECAST_SAMPLES = 200
EXPLORE = 0.1          # rollouts: share of moves picked among the three best
MAX_ROLLOUT_STEPS = 400
LEAF_SLOPE = 1.0       # a short rollout's leaf: win chance 1 / (1 + exp(-LEAF_SLOPE * position_value)), docs/AI.md
DEGREE_VALUE = {"decisive": 1.0, "clear": 0.95, "narrow": 0.85, "pyrrhic": 0.6}

# Sections of the scalar judge's candidate list, in its order (heuristics.Judge.candidates).
_SEC = {"pass": 0, "call_vote": 1, "body": 2, "court": 3, "lobby": 4, "propaganda": 5, "airlift": 6,
        "threaten": 7, "force": 8, "reveal": 9, "promise": 10, "compromise": 11, "intelligence": 12}
_SECTION = 100_000
_FAR = np.iinfo(np.int64).max


# ---------------------------------------------------------------- the AI's own draws
_UNIT = 2.0 ** -53


def _uniforms(keys: np.ndarray, start: np.ndarray, width: int) -> np.ndarray:
    """``(len(keys), width)`` uniforms in [0, 1): number ``start + j`` of each row's stream ``keys``.

    A counter-based stream (a hash of key and counter, ``chance.key_of``): what a
    row draws depends on its key and counter alone, never on the rest of the batch.
    """
    with np.errstate(over="ignore"):
        z = keys[:, None] + start[:, None] + np.arange(width, dtype=np.uint64)[None, :]
        return (key_of(z) >> np.uint64(11)).astype(np.float64) * _UNIT


# ---------------------------------------------------------------- belief batches
def believed_batch(batch: GameBatch, side: int, games, seeds, stance: np.ndarray | None = None) -> GameBatch:
    """Copies of ``games`` as ``side`` believes them: ``Game.believed_world`` for many rows at once.

    Every stance is the side's mean estimate (or ``stance``, one row per
    game), both sides' estimates are that picture (sd at most 0.05), the
    other side has lobbied no one (whom it lobbied is its secret), nothing
    is recorded, and row r draws its chance from a fresh stream keyed by
    ``seeds[r]``. Only the side's estimates and public state are read.
    """
    games = np.asarray(games, dtype=np.int64)
    world = batch.take(games, record=False)
    picture = batch.est_mean[games, side] if stance is None else np.asarray(stance, dtype=float)
    world.pop.stance[:] = picture
    world.est_mean[:] = picture[:, None, :]
    world.est_sd[:] = np.minimum(batch.est_sd[games, side], batch.weights.friend_sd)[:, None, :]
    world.lobbied[:, 1 - side] = 0     # whom the other side has lobbied is its secret
    return world.reseed(seeds)


# ---------------------------------------------------------------- fixed tables
class _Tables:
    """What a side's action space and the scenario fix for every position."""

    def __init__(self, b: GameBatch, k: int):
        sc = b.scenario
        space = b.space[k]
        side = sc.sides[k].id
        self.space = space
        self.A = len(space)
        self.cost = 0.25 * space.cost.astype(float)
        self.kinds = {kind: np.arange(s.start, s.stop) for kind, s in space.span.items()}
        self.t = {kind: space.target[ix] for kind, ix in self.kinds.items()}
        self.d = {kind: space.detail[ix] for kind, ix in self.kinds.items()}
        self.pass_ix = int(space.span["pass"].start)
        self.choose_start = int(space.span["choose"].start)
        self.n_actors = len(sc.actors)
        self.leaders = {s.leader for s in sc.sides}
        self.leader_ix = np.array([b.actor_ix[s.leader] for s in sc.sides])
        motions = sc.motions
        self.motion_body = np.array([b.body_ix[m.body] for m in motions], dtype=np.int64)
        self.decisive = np.array([2.0 if m.decisive else 1.0 for m in motions])
        self.favours = np.array([b.side_ix[m.favours] for m in motions], dtype=np.int64)
        self.repeatable = np.array([m.repeatable for m in motions], dtype=bool)
        self.convenes = [next((e["convene"] for e in m.on_pass if e.get("convene")), "") for m in motions]
        # Candidate flags and places that do not depend on the position.
        pos = np.full(self.A, _FAR, dtype=np.int64)
        static = np.zeros(self.A, dtype=bool)
        pos[self.pass_ix] = 0
        static[self.pass_ix] = True
        ix = self.kinds["call_vote"]
        mt = self.t["call_vote"]
        pos[ix] = _SEC["call_vote"] * _SECTION + mt
        static[ix] = self.favours[mt] == k
        for kind in ("stall", "signatures"):
            ix = self.kinds[kind]
            pos[ix] = _SEC["body"] * _SECTION + 2 * self.t[kind] + (kind == "signatures")
        ix = self.kinds["court"]
        pos[ix] = _SEC["court"] * _SECTION + self.t["court"]
        static[ix] = True
        for kind in ("propaganda", "airlift"):
            pos[self.kinds[kind]] = _SEC[kind] * _SECTION + self.t[kind]
        for kind in ("threaten", "force"):
            pos[self.kinds[kind]] = _SEC[kind] * _SECTION
            static[self.kinds[kind]] = True
        ix = self.kinds["reveal"]
        pos[ix] = _SEC["reveal"] * _SECTION + self.t["reveal"]
        self.reveal_cand = np.array([sc.actors[i].complicity >= 0.2 for i in self.t["reveal"]], dtype=bool)
        ix = self.kinds["promise"]
        self.promise_ok = np.array([sc.actors[i].id not in self.leaders and sc.actors[i].ambition >= 0.4
                                    and sc.actors[i].presidium != "none" for i in self.t["promise"]], dtype=bool)
        ix = self.kinds["compromise"]
        pos[ix] = _SEC["compromise"] * _SECTION + self.t["compromise"]
        self.intel_actor = self.d["intelligence"] == 0
        pos[self.kinds["intelligence"]] = _SEC["intelligence"] * _SECTION + self.t["intelligence"]
        self.pos = pos
        self.static = static
        # Decisions: each option's place in its decision's own list (events: their choices' order).
        options = space.options
        self.options = options
        self.option_rank = np.full((len(sc.events) + 2, len(options)), _FAR, dtype=np.int64)
        for e, ev in enumerate(sc.events):
            for r, c in enumerate(ev.choices):
                self.option_rank[1 + e, options.index(c.id)] = r
        self.option_rank[-1, options.index("accept")] = 0
        self.option_rank[-1, options.index("reject")] = 1
        self.accept = options.index("accept")
        self.outcome_winner = np.array([o.winner for o in b.outcomes], dtype=np.int64)
        self.outcome_value = np.array([DEGREE_VALUE.get(o.degree, 1.0) for o in b.outcomes])
        # What each of this side's offers is worth to it if accepted (the game ends on its terms).
        self.terms = np.full(self.A, np.nan)
        for a, c in zip(self.kinds["compromise"].tolist(), self.t["compromise"].tolist()):
            o = b.outcome_ix[f"compromise:{sc.compromises[c].id}"]
            winner = self.outcome_winner[o]
            self.terms[a] = 0.4 if winner == NO_ONE else (self.outcome_value[o] if winner == k else 0.0)
        # Blocs are contiguous runs of the population.
        bloc = b.pop.bloc
        self.blocs = []
        for j in range(len(sc.blocs)):
            members = np.flatnonzero(bloc == j)
            contiguous = members.size and members[-1] - members[0] + 1 == members.size
            self.blocs.append(slice(int(members[0]), int(members[-1]) + 1) if contiguous else members)
        # Each body's voters at the start: its votes are read on these columns (or on everyone, in a
        # game whose voters have since left that set), so a game's arithmetic depends on it alone.
        fresh = GameBatch.new(sc, seeds=[0])
        self.body_cols = [np.flatnonzero(fresh.voter_mask(j, np.array([0]))[0]) for j in range(len(sc.bodies))]
        self.body_outside = []
        for cols in self.body_cols:
            out = np.ones(b.pop.size, dtype=bool)
            out[cols] = False
            self.body_outside.append(out)
        self.inst_commander = [b.actor_ix[i.commander] for i in sc.institutions]
        self.inst = [(b.actor_ix[i.commander], float(i.airlift), float(i.strength)) for i in sc.institutions]
        # The decisive motions whose requirement reads named men's stances, by man (Judge._gate_value).
        self.gated: dict[int, list] = {}
        for m, people in gated_motions(sc):
            for a in people:
                self.gated.setdefault(b.actor_ix[a], []).append((b.motion_ix[m.id], m))
        self._tiled: dict[tuple[str, int], tuple] = {}


    def tiled(self, kind: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The kind's targets and details repeated for ``n`` rows (read-only, kept: a rollout asks again)."""
        hit = self._tiled.get((kind, n))
        if hit is None:
            if len(self._tiled) > 512:
                self._tiled.clear()
            hit = self._tiled[(kind, n)] = (np.tile(self.t[kind], n), np.tile(self.d[kind], n))
            for x in hit:
                x.setflags(write=False)
        return hit


_TABLES: dict[tuple[int, int], tuple] = {}


def tables(b: GameBatch, k: int) -> _Tables:
    key = (id(b.space[k]), k)
    hit = _TABLES.get(key)
    if hit is None or hit[0] is not b.space[k]:
        if len(_TABLES) > 64:
            _TABLES.clear()
        hit = _TABLES[key] = (b.space[k], _Tables(b, k))
    return hit[1]


def open_mask(w: GameBatch, rows: np.ndarray, T: _Tables) -> np.ndarray:
    """``(len(rows), motions)``: the motions neither passed nor failed for good (the only ones ever callable)."""
    return (w.passed[rows] < 0) & ~((w.failed[rows] >= 0) & ~T.repeatable[None, :])


# ---------------------------------------------------------------- the judge
@dataclass
class Judged:
    """Scores of every action of a side's space in each row, and what the scalar judge would consider."""

    scores: np.ndarray      # (n, A) heuristic scores (meaningful where ``candidate``)
    candidate: np.ndarray   # (n, A) the scalar judge's candidates
    pos: np.ndarray         # (n, A) place in the scalar judge's candidate list (ties)
    p_pass: np.ndarray      # (n, motions) the normal-approximation chance each motion passes
    leverage: np.ndarray    # (n, P) weighted pass probability one unit of stance toward the side buys


def judge(w: GameBatch, k: int, rows=None, fast: bool = False, cache: dict | None = None,
          reveals: bool = False) -> Judged:
    """Score every action of side ``k``'s space in ``rows`` of the belief batch ``w`` (see the module doc).

    ``cache`` (a dict kept by a rollout player) lets each row reuse its reading of the
    votes for the rest of its day, until a vote or an event: as the scalar rollouts did.
    ``reveals``: the fast judge weighs revelations too (as ``normal``'s judge does).
    """
    T = tables(w, k)
    sc = w.scenario
    wt = sc.model
    rows = np.arange(w.size) if rows is None else np.asarray(rows, dtype=np.int64)
    n = len(rows)
    pop = w.pop
    stance = pop.stance[rows]
    conv = pop.conviction[rows]
    d = w.direction(k)
    other = 1 - k
    bodies = sc.bodies
    nb = len(bodies)
    away = pop.days_away[rows] > 0
    masks = [w.voter_mask(j, rows) for j in range(nb)]
    counts = [set_count(m) for m in masks]
    sits = w.sitting(rows)
    convened = w.convened[rows] >= 0
    lean_pos = d * stance > 0
    want = np.stack([(counts[j] > 0) & (set_count(lean_pos & masks[j])
                                         / np.maximum(counts[j], 1) > 0.5) for j in range(nb)], axis=1)
    away_need = np.zeros(n)
    for j in range(nb):
        frac = set_count(away & masks[j]) / np.maximum(counts[j], 1)
        away_need = np.maximum(away_need, np.where(counts[j] > 0, frac, 0.0))
    agenda = w.agenda[rows] >= 0
    on_agenda = agenda.any(axis=1)

    # Which motions are read: open ones (not yet movable and not decisive: skipped), and in
    # fast mode only those of a body sitting or gathering. A reading is also needed for a
    # vote called or stalled today (the scalar judge reads those on demand, the same way).
    M = len(sc.motions)
    sits_m = sits[:, T.motion_body]
    conv_m = convened[:, T.motion_body]

    def included_in(local: np.ndarray) -> np.ndarray:
        """Which motions rows ``local`` read into their leverage."""
        included = open_mask(w, rows[local], T)
        for m, motion in enumerate(sc.motions):
            if motion.requires is not None and not motion.decisive and included[:, m].any():
                sub = np.flatnonzero(included[:, m])
                included[sub, m] = w.rules.holds(motion.requires, rows[local[sub]])
        if fast:
            included &= sits_m[local] | conv_m[local]
        return included

    vote_cand_m = np.zeros(M, dtype=bool)
    vote_cand_m[T.t["call_vote"][T.static[T.kinds["call_vote"]]]] = True
    # Weights: decisive motions double; motions of a body not sitting count less unless wanted.
    weight = np.where(~sits_m & ~conv_m, np.where(want[:, T.motion_body], 1.0, 0.4), 1.0) * T.decisive[None, :]

    sharp = wt.sharpness

    def read(local: np.ndarray, needed: np.ndarray, sink) -> None:
        """Read the needed motions in rows ``local`` (indices into ``rows``): the normal approximation.
        The rows' tables are gathered once; a motion read in every one of them reads them as they are."""
        def at(x, i):
            return x if i is None else x[i]

        base = None if local.size == n else local          # (all rows: ``local`` is then every row, in order)
        ltraits = SimpleNamespace(conviction=at(conv, base), caution=pop.caution[rows[local]],
                                  ideology=pop.ideology[rows[local]], cohesion=pop.cohesion[rows[local]],
                                  patron=pop.patron)
        lstance, laway = at(stance, base), at(away, base)
        for m in range(M):
            sel = needed[local, m]
            if not sel.any():
                continue
            chosen = None if sel.all() else np.flatnonzero(sel)   # positions in ``local``
            L = at(local, chosen)
            j = T.motion_body[m]
            voters = at(at(masks[j], base), chosen)
            # (the scalar reads a body that sits or is convened on those present, else on every voter)
            present = voters & ~at(laway, chosen) | (voters & ~(sits[L, j] | convened[L, j])[:, None])
            here = set_count(present)
            valid = (here > 0) & ~(here < bodies[j].quorum * counts[j][L])
            ctx = w.motion_context(m, rows[L])
            wide = (voters & T.body_outside[j]).any(axis=1)
            for group, cols in ((~wide, T.body_cols[j]), (wide, slice(None))):
                if not group.any():
                    continue
                whole = group.all()
                sub = slice(None) if whole else np.flatnonzero(group)
                idx = chosen if whole else (sub if chosen is None else chosen[sub])   # positions in ``local``
                r = L[sub]
                pres = present[sub][:, cols]
                cv = at(ltraits.conviction, idx)[:, cols]
                gctx = ctx if whole else replace(ctx, legitimacy=ctx.legitimacy[sub], fear=ctx.fear[sub],
                                                 members=ctx.members[sub])
                gtraits = ltraits if idx is None else SimpleNamespace(
                    conviction=ltraits.conviction[idx], caution=ltraits.caution[idx],
                    ideology=ltraits.ideology[idx], cohesion=ltraits.cohesion[idx], patron=pop.patron)
                terms = vote_terms(at(lstance, idx), cols, gtraits, gctx, wt, present=pres)
                p_yes, p_abs = ballot_probabilities(terms, wt, pres)
                p_yes = np.where(pres, p_yes, 0.0)
                mean_yes = p_yes.sum(axis=1)
                mean_cast = np.where(pres, 1 - p_abs, 0.0).sum(axis=1)
                spread = p_yes * (1 - p_yes)
                sd = np.sqrt(spread.sum(axis=1) + 0.25)
                need = required_yes(gctx, here[sub], mean_cast)
                z = (mean_yes - need - TIE_SHIFT[bodies[j].tie]) / sd
                ok = valid[sub]
                p = np.where(ok, 1.0 / (1.0 + np.exp(-1.702 * z)), 0.0)
                density = np.where(ok, 1.702 * p * (1 - p) / sd, 0.0)
                sink(m, r, cols, p, density, spread, cv)

    p_pass = np.zeros((n, M))
    leverage = np.zeros_like(stance)
    legit_lev = np.zeros(n)
    if cache is None:
        included = included_in(np.arange(n))

        def accumulate(m, r, cols, p, density, spread, cv):
            p_pass[r, m] = p
            use = included[r, m] & (density > 0)
            if use.any():
                slope = sharp * wt.stance * (0.5 + cv) * spread
                legit = (sharp * wt.legitimacy * (1 - cv) * spread).sum(axis=1)
                wd = weight[r, m] * density
                ru = r[use]
                if isinstance(cols, slice):
                    leverage[ru] += wd[use][:, None] * slope[use]
                else:
                    leverage[ru[:, None], cols[None, :]] += wd[use][:, None] * slope[use]
                legit_lev[ru] += wd[use] * legit[use]

        read(np.arange(n), included | agenda | (sits_m & vote_cand_m[None, :]), accumulate)
    else:
        # A rollout reads the votes once a day (until a vote or an event), as the scalar rollouts did.
        key = np.concatenate([w.turn[rows, None], w.fired[rows], w.convened[rows], w.passed[rows],
                              w.failed[rows]], axis=1)
        c = cache.get("rows")
        if c is None or c["key"].shape[0] != w.size or c["key"].shape[1] != key.shape[1]:
            N, P = w.size, stance.shape[1]
            c = cache["rows"] = {"key": np.full((N, key.shape[1]), -2, dtype=np.int64),
                                 "p": np.zeros((N, M)), "density": np.zeros((N, M)), "legit": np.zeros((N, M)),
                                 "slope": np.zeros((N, M, P)), "included": np.zeros((N, M), dtype=bool)}
        stale = np.flatnonzero((c["key"][rows] != key).any(axis=1))
        if stale.size:
            g = rows[stale]
            c["key"][g] = key[stale]
            included = c["included"][g] = included_in(stale)
            c["p"][g] = 0.0
            c["density"][g] = 0.0
            c["legit"][g] = 0.0
            c["slope"][g] = 0.0

            def store(m, r, cols, p, density, spread, cv):
                gg = rows[r]
                c["p"][gg, m] = p
                c["density"][gg, m] = density
                c["legit"][gg, m] = (sharp * wt.legitimacy * (1 - cv) * spread).sum(axis=1)
                slope = sharp * wt.stance * (0.5 + cv) * spread
                if isinstance(cols, slice):
                    c["slope"][gg, m] = slope
                else:
                    c["slope"][gg[:, None], m, cols[None, :]] = slope

            # (a motion passed or failed for good is read only for its place on an agenda: its vote
            # cannot be called again, and the reading is kept no longer than its passing or failing)
            needed = np.zeros((n, M), dtype=bool)
            needed[stale] = included | (sits_m[stale] & open_mask(w, rows[stale], T)) | agenda[stale]
            read(stale, needed, store)
        p_pass = c["p"][rows]
        density = c["density"][rows]
        use = c["included"][rows] & (density > 0)
        wd = np.where(use, weight * density, 0.0)
        slope = c["slope"]
        for m in np.flatnonzero(use.any(axis=0)).tolist():
            r = np.flatnonzero(use[:, m])        # (elsewhere its weight is 0: nothing to add)
            leverage[r] += wd[r, m, None] * slope[rows[r], m]
        legit_lev = (wd * c["legit"][rows]).sum(axis=1)

    scores = np.zeros((n, T.A))
    cand = np.zeros((n, T.A), dtype=bool)
    cand[:, T.static] = True
    pos = np.empty((n, T.A), dtype=np.int64)
    pos[:] = T.pos
    cost = T.cost

    # standing(mine): this side's legitimacy moved by ``mine`` (the other's unmoved).
    leg_a = w.legitimacy[rows, k]
    leg_b = w.legitimacy[rows, other]
    force_cache: list = []

    b2 = np.minimum(1.0, np.maximum(0.0, leg_b))
    b_moved = b2 - leg_b

    def standing(mine: float) -> np.ndarray:
        a2 = np.minimum(1.0, np.maximum(0.0, leg_a + mine))
        value = 30.0 * legit_lev * ((a2 - leg_a) - b_moved)
        margin = float(getattr(wt, "force_discontent", 0.0))
        opened = ((leg_b - leg_a) <= margin) & (margin < (b2 - a2))
        if opened.any():
            if not force_cache:
                force_cache.append((w.force_power(other, rows), w.force_odds(other, rows)))
            power, odds = force_cache[0]
            value = np.where(opened & (power >= wt.force_threshold), value - 8.0 * odds, value)
        return value

    def cmd_value(i: int, shift: np.ndarray, at=slice(None)) -> np.ndarray:
        """What moving person ``i`` by ``shift`` is worth through the institutions he commands (rows ``at``)."""
        value = np.zeros(len(shift))
        for commander, airlift, strength in T.inst:
            if commander == i:
                lean = d * stance[at, i]
                room = np.maximum(0.0, 0.9 - lean)
                per_unit = 6.0 + 0.15 * airlift * away_need[at]
                value = value + per_unit * strength * np.minimum(shift, room)
        return value

    def gate_value(i: int, amount: np.ndarray, odds: np.ndarray, at: np.ndarray) -> np.ndarray:
        """What moving man ``i`` by ``amount`` at ``odds`` (rows ``at``) does to the decisive motions whose
        requirement reads his stance: ``heuristics.Judge._gate_value``, over rows."""
        value = np.zeros(len(at))
        if i not in T.gated:
            return value
        r = rows[at]
        was = pop.stance[r, i].copy()
        try:
            still = open_mask(w, r, T)
            for m, motion in T.gated[i]:
                live = still[:, m]
                if not live.any():
                    continue
                rl = r[live]
                holds = []
                for moved in (was, was + d * amount, was - d * amount):
                    pop.stance[rl, i] = np.clip(moved[live], -1.0, 1.0)
                    holds.append(w.rules.holds(motion.requires, rl))
                pop.stance[r, i] = was
                now, mine, theirs = holds
                if T.favours[m] == k:
                    v = (~now & mine) + 0.5 * (now & ~theirs)
                else:
                    v = (now & ~mine) + 0.5 * (~now & theirs)
                value[live] += GATE * odds[live] * v
        finally:
            pop.stance[r, i] = was
        return value

    def flat(kind):
        ix = T.kinds[kind]
        return (ix, np.repeat(rows, len(ix))) + T.tiled(kind, n)

    # Waiting
    income = w.income(k, rows)
    scores[:, T.pass_ix] = np.where(w.capital[rows, k] + income > sc.rules.capital_cap, -0.4, 0.0)

    # Calling a vote
    ix = T.kinds["call_vote"]
    for a, m in zip(ix.tolist(), T.t["call_vote"].tolist()):
        ok = (T.favours[m] == k) & sits[:, T.motion_body[m]]
        s = 12.0 * (p_pass[:, m] - 0.55) * T.decisive[m]
        cb = T.convenes[m]
        if cb:
            s = np.where(want[:, w.body_ix[cb]], s, -5.0)
        scores[:, a] = np.where(ok, s - cost[a], -5.0)

    # Adjournments
    ix = T.kinds["stall"]
    if len(ix):
        st = standing(-float(getattr(wt, "stall_cost", 0.02)))
        for a, j in zip(ix.tolist(), T.t["stall"].tolist()):
            threat = np.zeros(n)
            for m in np.flatnonzero(T.motion_body == j).tolist():
                sign = 1.0 if T.favours[m] != k else -1.0
                threat = threat + np.where(agenda[:, m], sign * p_pass[:, m] * T.decisive[m], 0.0)
            odds = np.zeros(n)
            asked = np.flatnonzero((threat != 0) & sits[:, j])   # (elsewhere not a candidate)
            if asked.size:
                odds[asked] = w.stall_odds(k, j, rows[asked])
            scores[:, a] = 10.0 * threat * odds - 0.5 + st - cost[a]
            cand[:, a] = on_agenda & sits[:, j]

    # Lobbying; pull decides the order of the lobbying candidates (and of promises).
    named = T.n_actors
    pull = leverage[:, :named] * (1 - conv[:, :named])
    order = np.argsort(-pull, axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(n)[:, None], order] = np.arange(named)[None, :]
    ix = T.kinds["lobby"]
    if len(ix):
        lt = T.t["lobby"]
        r = rank[:, lt]
        pos[:, ix] = _SEC["lobby"] * _SECTION + r
        cand[:, ix] = r < 4 if fast else True
        # Each (row, person) lobbied that is a candidate is scored (the fast judge: four a row).
        rr, cc = np.nonzero(cand[:, ix])
        t, dd = lt[cc], T.d["lobby"][cc]
        amount, odds = Lobby.amount(w, k, rows[rr], t, dd), Lobby.odds(w, k, rows[rr], t, dd)
        shift = amount * odds
        s = 30.0 * leverage[rr, t] * shift
        for i in set(lt.tolist()) & (set(T.inst_commander) | set(T.gated)):
            at = np.flatnonzero(t == i)
            s[at] = s[at] + cmd_value(i, shift[at], rr[at]) + gate_value(i, amount[at], odds[at], rr[at])
        scores[rr, ix[cc]] = s - cost[ix[cc]]

    # Promises
    ix = T.kinds["promise"]
    if len(ix) and not fast:
        ix, g, t, dd = flat("promise")
        shift = (PromisePost.amount(w, k, g, t, dd) * PromisePost.odds(w, k, g, t, dd)).reshape(n, len(ix))
        scores[:, ix] = 30.0 * leverage[:, T.t["promise"]] * shift - 0.8 - cost[ix]
        r = rank[:, T.t["promise"]]
        pos[:, ix] = _SEC["promise"] * _SECTION + 1000 * T.d["promise"] + r
        cand[:, ix] = (r < 6) & T.promise_ok[None, :] & (not fast)

    # Press and propaganda (the fast judge scores each row's one candidate: the bloc it has most leverage on)
    ix = T.kinds["propaganda"]
    if len(ix):
        st = standing(float(getattr(wt, "propaganda_legitimacy", 0.01)))
        tp = T.t["propaganda"]
        if fast:
            top = np.argmax(np.stack([leverage[:, members].sum(axis=1) for members in T.blocs], axis=1), axis=1)
            cand[:, ix] = tp[None, :] == top[:, None]
            groups = [(j, np.flatnonzero(top == j)) for j in np.unique(top).tolist()]
        else:
            cand[:, ix] = True
            groups = [(j, np.arange(n)) for j in range(len(T.blocs))]
        for j, sub in groups:
            members = T.blocs[j]
            swing = (leverage[sub][:, members] * (wt.propaganda * (1 - conv[sub][:, members]))).sum(axis=1)
            sel = ix[tp == j]
            scores[sub[:, None], sel[None, :]] = (30.0 * swing + st[sub])[:, None] - cost[sel]

    # Courting a commander
    ix, g, t, dd = flat("court")
    if len(ix):
        amount, odds = Court.amount(w, k, g, t, dd).reshape(n, len(ix)), Court.odds(w, k, g, t, dd).reshape(n, len(ix))
        shift = amount * odds
        for c, (a, i) in enumerate(zip(ix.tolist(), T.d["court"].tolist())):
            scores[:, a] = (cmd_value(i, shift[:, c]) + 30.0 * leverage[:, i] * shift[:, c]
                            + gate_value(i, amount[:, c], odds[:, c], np.arange(n)) - cost[a])

    # Aircraft (the fast judge scores each row's one candidate: the bloc with most members away)
    ix = T.kinds["airlift"]
    if len(ix):
        capacity = w.airlift_capacity(k, rows)
        can = capacity >= 1
        if can.any():
            cap = capacity.astype(np.int64)
            factor = [np.where(want[:, j], 0.75, 0.25) for j in range(nb)]
            if fast:
                able = np.flatnonzero(can)
                away_able = away[able]
                pick_bloc = np.full(n, -1)
                pick_bloc[able] = np.argmax(np.stack([set_count(away_able[:, members]) for members in T.blocs],
                                                     axis=1), axis=1)
                groups = [(j, able[pick_bloc[able] == j]) for j in np.unique(pick_bloc[able]).tolist()]
            else:
                groups = [(j, np.arange(n)) for j in range(len(T.blocs))]
            for j, sub in groups:
                members = T.blocs[j]
                aw = away[sub][:, members]
                lean = d * stance[sub][:, members]
                key = np.where(aw, -lean, np.inf)
                order_b = np.argsort(key, axis=1, kind="stable")
                rank_b = np.empty_like(order_b)
                rank_b[np.arange(sub.size)[:, None], order_b] = np.arange(order_b.shape[1])[None, :]
                chosen = aw & (rank_b < cap[sub, None])
                s = np.zeros(sub.size)
                for b_ in range(nb):
                    s = s + factor[b_][sub] * np.where(chosen & masks[b_][sub][:, members], lean, 0.0).sum(axis=1)
                sel = ix[T.t["airlift"] == j]
                scores[sub[:, None], sel[None, :]] = s[:, None] - cost[sel]
            if fast:
                cand[:, ix] = can[:, None] & (T.t["airlift"][None, :] == pick_bloc[:, None])
            else:
                cand[:, ix] = can[:, None]
        else:
            scores[:, ix] = -cost[ix]

    # Signatures for a demand
    ix = T.kinds["signatures"]
    if len(ix):
        have = set_count(pop.signed[rows])
        for a, j in zip(ix.tolist(), T.t["signatures"].tolist()):
            need = bodies[j].demand_signatures
            e = np.zeros(n)
            asked = np.flatnonzero(want[:, j] & ~convened[:, j])   # (elsewhere not a candidate, or -3)
            if asked.size:
                one = np.ones(asked.size, dtype=np.int64)
                e[asked] = CollectSignatures.amount(w, k, rows[asked], j * one, 0 * one)
            gain = 8.0 * (np.minimum(1.0, (have + e) / need) - np.minimum(1.0, have / need))
            s = np.where(e > 1, gain, 0.0) - cost[a]
            scores[:, a] = np.where(want[:, j], s, -3.0)
            cand[:, a] = ~convened[:, j]

    # Revelations
    ix = T.kinds["reveal"]
    if len(ix) and (reveals or not fast):
        ix, g, t, dd = flat("reveal")
        odds = RevealMaterial.odds(w, k, g, t, dd).reshape(n, len(ix))
        harm = wt.reveal * pop.complicity[rows][:, T.t["reveal"]]
        scores[:, ix] = 10.0 * harm * (odds - (1.0 - odds)) - cost[ix]
        cand[:, ix] = T.reveal_cand[None, :]

    # Intelligence
    ix = T.kinds["intelligence"]
    if len(ix) and not fast:
        sd = w.est_sd[rows, k]
        x = np.clip(sd - 0.1, 0, None) * (1 + 10 * leverage)
        s = np.zeros((n, len(ix)))
        actor = T.intel_actor
        s[:, actor] = x[:, T.t["intelligence"][actor]]
        for c in np.flatnonzero(~actor).tolist():
            s[:, c] = x[:, T.blocs[T.t["intelligence"][c]]].sum(axis=1)
        scores[:, ix] = np.minimum(1.5, 2.0 * s) - cost[ix]
        cand[:, ix] = actor[None, :] & (sd[:, T.t["intelligence"]] > 0.15)

    # Threats, force, compromises
    ix = T.kinds["threaten"]
    if len(ix):
        scores[:, ix] = (np.where(on_agenda, 0.4, 0.0)
                         + standing(-float(getattr(wt, "threat_cost", 0.08))))[:, None] - cost[ix]
    ix, g, t, dd = flat("force")
    if len(ix):
        odds = UseForce.odds(w, k, g, t, dd).reshape(n, len(ix))
        scores[:, ix] = 40.0 * (odds - 0.9) - 3.0 - cost[ix]
    ix = T.kinds["compromise"]
    if len(ix) and not fast:
        scores[:, ix] = standing(float(getattr(wt, "compromise_credit", 0.05)))[:, None] - cost[ix]
        cand[:, ix] = not fast
    return Judged(scores=scores, candidate=cand, pos=pos, p_pass=p_pass, leverage=leverage)


# ---------------------------------------------------------------- choosing among scores
def voters(b: GameBatch, games) -> np.ndarray:
    """``(games, people)``: who votes in some body of the scenario."""
    return np.logical_or.reduce([b.voter_mask(j, games) for j in range(len(b.scenario.bodies))])


def guard_scores(b: GameBatch, k: int, games) -> np.ndarray:
    """``(games, actions)``: side ``k``'s lobbies of its own voters (those it believes with it), the least
    firm first (higher is sooner); -inf for every other action. Keeping one's own is a move the greedy
    judge undervalues (it scores a lobby by the votes it wins over): ``strategy:hold`` plays it as a rule,
    ``ai:hard`` weighs it as a candidate."""
    games = np.asarray(games, dtype=np.int64)
    T = tables(b, k)
    t = T.t["lobby"]
    lean = b.direction(k) * b.est_mean[games[:, None], k, t]
    out = np.full((len(games), T.A), -np.inf)
    out[:, T.kinds["lobby"]] = np.where(voters(b, games)[:, t] & (lean > 0), -lean, -np.inf)
    return out


def holding(b: GameBatch, k: int, games) -> np.ndarray:
    """``(games,)``: whether side ``k`` believes it holds a position to keep: the majority of the voters of
    a body sitting today in which a decisive motion of its own may be called today or has passed (1957's
    group in the Presidium; Khrushchev once the plenum sits). ``ai:hard`` then keeps it (``strategies.KEEP``):
    the greedy judge and short rollouts undervalue a majority's keeping, which pays only when the other side's
    secret lobbying would have turned a vote. Only the side's estimates and public state are read."""
    games = np.asarray(games, dtype=np.int64)
    T = tables(b, k)
    out = np.zeros(len(games), dtype=bool)
    mine = np.flatnonzero((T.favours == k) & (T.decisive > 1))
    if not mine.size or not games.size:
        return out
    ready = b.callable(mine, games) | (b.passed[games][:, mine] >= 0)
    sits = b.sitting(games)
    with_side = b.direction(k) * b.est_mean[games, k] > 0
    for c, m in enumerate(mine.tolist()):
        j = T.motion_body[m]
        voters = b.voter_mask(j, games)
        out |= ready[:, c] & sits[:, j] & (set_count(with_side & voters) > set_count(voters) / 2)
    return out


def pick(final: np.ndarray, judged: np.ndarray, pos: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Per row, the action ranked first among ``ok``: best ``final`` score, ties by the judge's
    score, then by place in the candidate list (the scalar sorts, both stable); -1 where none."""
    s = np.where(ok, final, -np.inf)
    top = s.max(axis=1, keepdims=True)
    tie = ok & (s == top)
    if final is not judged:          # (the same scores: the ties are already the judge's best)
        j = np.where(tie, judged, -np.inf)
        tie &= j == j.max(axis=1, keepdims=True)
    best = np.argmin(np.where(tie, pos, _FAR), axis=1)
    return np.where(ok.any(axis=1), best, -1)


def ranked(final, judged, pos, ok, limit: int) -> np.ndarray:
    """The ``limit`` best actions of each row, best first (-1 past the last)."""
    ok = ok.copy()
    out = np.full((len(ok), limit), -1, dtype=np.int64)
    rows = np.arange(len(ok))
    for c in range(limit):
        best = pick(final, judged, pos, ok)
        out[:, c] = best
        has = best >= 0
        ok[rows[has], best[has]] = False
    return out


# ---------------------------------------------------------------- forecasts
def forecast_batch(batch: GameBatch, side: int, games, motion: int, samples: int = FORECAST_SAMPLES,
                   stop=None) -> np.ndarray:
    """P(the motion passes) in each of ``games``, by Monte Carlo over ``side``'s estimates.

    The method of ``Game.forecast``: ``samples`` draws of the stances from the
    side's mean and sd, ballots from the vote model, the share of draws in
    which the motion carries (with a quorum). Its numbers are read from
    fixed pools of normals and uniforms (:func:`_pools`) at a place keyed by
    the game's seed and position (actions taken, motion, side), over a fixed
    set of people per game (its body's voters at the start and their
    patrons, or everyone if its voters have left that set): a game's forecast
    depends on nothing else in the batch, and never touches its own chance.

    ``stop`` (per game: the motion's weight, the vote's cost, the best other
    score, whether it is the only vote in contention) lets a game stop drawing
    once the rest of its draws could not change whether the vote comes first;
    its figure is then the bound that decided it.
    """
    games = np.asarray(games, dtype=np.int64)
    out = np.zeros(len(games))
    if not len(games):
        return out
    T = tables(batch, side)
    sc = batch.scenario
    j = batch.body_ix[sc.motions[motion].body]
    spec = sc.bodies[j]
    pop = batch.pop
    voters = batch.voter_mask(j, games)
    present = voters & (pop.days_away[games] == 0)
    here = set_count(present)
    quorum = here >= spec.quorum * set_count(voters)
    # Each game is read on a fixed set of columns: its body's voters at the start if its present
    # voters are among them, else everyone (so its arithmetic never depends on the rest of the batch).
    wide = (present & T.body_outside[j]).any(axis=1)
    for group, cols in ((~wide, T.body_cols[j]), (wide, np.arange(pop.size))):
        sub = np.flatnonzero(group)
        step = max(1, 250_000 // (min(samples, _CHUNK) * len(cols)))   # rows at a time: temporaries stay in cache
        for start in range(0, len(sub), step):
            r = sub[start: start + step]
            out[r] = _forecast_columns(batch, side, games[r], motion, present[r], here[r], quorum[r], cols, samples,
                                       None if stop is None else tuple(x[r] for x in stop))
    return out


def _forecast_columns(batch, side, games, motion, present_all, here, quorum, cols, samples, stop=None):
    pop = batch.pop
    w = batch.weights
    n = len(games)
    patron = pop.patron[cols]
    extra = np.setdiff1d(patron[patron >= 0], cols)
    U = np.concatenate([cols, extra])                     # the columns read: voters, then outside patrons
    where_u = np.full(pop.size, -1, dtype=np.int64)
    where_u[U] = np.arange(len(U))
    patron_u = np.concatenate([np.where(patron >= 0, where_u[np.maximum(patron, 0)], -1),
                               np.full(len(extra), -1, dtype=np.int64)])
    voters_u = np.arange(len(cols))
    present = present_all[:, cols]                        # (n, C)
    keys = key_of(key_of(batch.seeds[games]) ^ key_of(
        batch.n_actions[games].astype(np.uint64) * np.uint64(4096) + np.uint64(motion * 2 + side) + np.uint64(0xF0CA)))
    starts = key_of(keys)
    normals, uniforms = _pools()
    mask = np.uint64(_POOL - 1)
    mean = batch.est_mean[games, side][:, U][:, None, :]
    sd = batch.est_sd[games, side][:, U][:, None, :]
    ctx = batch.motion_context(motion, games)
    j = batch.body_ix[batch.scenario.motions[motion].body]
    tie, chair = batch.scenario.bodies[j].tie, False
    if tie == "chair":      # the chair's column among these voters (-1: not among them)
        chair_ix = batch.chair[games, j]
        col = where_u[np.maximum(chair_ix, 0)]
        chair_col = np.where((chair_ix >= 0) & (col >= 0) & (col < len(cols)), col, -1)
    legitimacy, fear = np.asarray(ctx.legitimacy)[:, None], np.asarray(ctx.fear)[:, None]
    members = np.asarray(ctx.members)[:, None]
    traits = {name: getattr(pop, name)[games][:, U][:, None, :]
              for name in ("conviction", "caution", "ideology", "cohesion")}
    count = np.zeros(n, dtype=np.int64)
    out = np.zeros(n)
    live = np.arange(n)
    for s0 in range(0, samples, _CHUNK):
        s1 = min(samples, s0 + _CHUNK)
        r = live
        z = normals[(keys[r, None] + np.arange(s0 * len(U), s1 * len(U), dtype=np.uint64)[None, :]) & mask]
        stance = np.clip(mean[r] + sd[r] * z.reshape(len(r), s1 - s0, len(U)), -1, 1)
        rctx = replace(ctx, legitimacy=legitimacy[r], fear=fear[r], members=members[r])
        rtraits = SimpleNamespace(patron=patron_u, **{name: t[r] for name, t in traits.items()})
        pres = present[r][:, None, :]
        terms = vote_terms(stance, voters_u, rtraits, rctx, w, present=pres)
        p_yes, p_abs = ballot_probabilities(terms, w, pres)
        u = uniforms[(starts[r, None] + np.arange(s0 * len(cols), s1 * len(cols), dtype=np.uint64)[None, :])
                     & mask].reshape(p_yes.shape)
        yes = ((u < p_yes) & pres).sum(axis=-1)
        no = ((u >= p_yes + p_abs) & pres).sum(axis=-1)
        if tie == "chair":      # the chair's own ballot breaks a tie (where he sits and votes among these)
            chair = chair_yes((u < p_yes) & pres, chair_col[r][:, None])
        passed = carried(rctx, yes, no, here[r, None], tie, chair) & quorum[r, None]
        count[r] += passed.sum(axis=1)
        if stop is not None and s1 < samples:
            # Stop once the remaining draws cannot change the choice (see normal_ranking).
            low, high = count[r] / samples, (count[r] + samples - s1) / samples
            decisive, cost, best, single = (x[r] for x in stop)
            lose = 12.0 * (high - 0.55) * decisive - cost < best
            win = single & (12.0 * (low - 0.55) * decisive - cost > best) & ~lose
            out[r[lose]] = high[lose]
            out[r[win]] = low[win]
            live = r[~(lose | win)]
            if not live.size:
                return out
    out[live] = count[live] / samples
    return out


_CHUNK = 50   # forecast draws computed at a time


_POOL = 1 << 17
_POOLS: list = []


def _pools() -> tuple[np.ndarray, np.ndarray]:
    """The forecasts' fixed pools of standard normals and uniforms (made once, from ``key_of``).

    A forecast reads a window of each, starting at a place its key picks: a
    counter-based stream that costs a gather per number.
    """
    if not _POOLS:
        with np.errstate(over="ignore"):
            n = np.arange(_POOL, dtype=np.uint64)
            u1 = (key_of(n) >> np.uint64(11)).astype(np.float64) * _UNIT
            u2 = (key_of(n + np.uint64(_POOL)) >> np.uint64(11)).astype(np.float64) * _UNIT
            u3 = (key_of(n + np.uint64(2 * _POOL)) >> np.uint64(11)).astype(np.float64) * _UNIT
        normals = np.sqrt(-2.0 * np.log(1.0 - u1)) * np.cos(2.0 * np.pi * u2)
        _POOLS.extend([normals, u3])
    return _POOLS[0], _POOLS[1]


def forecast_exact(batch: GameBatch, side: int, games, motion: int, samples: int = FORECAST_SAMPLES,
                   stop=None) -> np.ndarray:
    """``Game.forecast(...).probability`` of each game, one game at a time (the scalar forecast)."""
    sc = batch.scenario
    sid, mid = sc.sides[side].id, sc.motions[motion].id
    return np.array([batch.View(batch, int(g)).forecast(mid, side=sid, samples=samples).probability
                     for g in np.asarray(games).tolist()])


# ---------------------------------------------------------------- decisions
def position_value(w: GameBatch, k: int, rows=None) -> np.ndarray:
    """``heuristics.position_value`` of each row: the result if over, else standing and the bodies' lean."""
    T = tables(w, k)
    rows = np.arange(w.size) if rows is None else np.asarray(rows, dtype=np.int64)
    d = w.direction(k)
    stance = w.pop.stance[rows]
    v = w.legitimacy[rows, k] - w.legitimacy[rows, 1 - k]
    for j in range(len(w.scenario.bodies)):
        voters = w.voter_mask(j, rows)
        n_voters = set_count(voters)
        has = n_voters > 0
        mean = np.where(voters, np.tanh(2 * d * stance), 0.0).sum(axis=1) / np.maximum(n_voters, 1)
        v = v + np.where(has, 0.5 * mean, 0.0)
        wants = has & (set_count(voters & (d * stance > 0)) / np.maximum(n_voters, 1) > 0.5)
        v = np.where((w.convened[rows, j] >= 0) & ~wants, v - 0.5, v)
    v = saturate(v)
    outcome = w.outcome[rows]
    over = outcome >= 0
    winner = T.outcome_winner[np.maximum(outcome, 0)]
    result = np.where(winner == NO_ONE, 0.0, np.where(winner == k, 1.0, -1.0))
    return np.where(over, result, v)


def pending_values(w: GameBatch, k: int, rows) -> np.ndarray:
    """``(rows, options)``: each open option of the pending decision tried in a copy of the row
    (``heuristics.pending_value``); -inf where an option is not open."""
    T = tables(w, k)
    rows = np.asarray(rows, dtype=np.int64)
    open_ = w.option_mask[w.pending_key(rows)]
    values = np.full(open_.shape, -np.inf)
    o, sub = np.nonzero(open_.T)            # every open option of every row, tried at once in copies
    if sub.size:
        trial = w.take(rows[sub], record=False)
        trial.apply(k, np.arange(sub.size), T.choose_start + o, check=False)
        values[sub, o] = position_value(trial, k) - np.where(o == T.accept, 0.3, 0.0)
    return values


def pending_choice(w: GameBatch, k: int, rows) -> np.ndarray:
    """The option (an index of ``space.options``) each row's pending decision is answered with:
    the best-valued, ties to the first in the decision's own list (``heuristics.choose_pending``)."""
    T = tables(w, k)
    rows = np.asarray(rows, dtype=np.int64)
    values = pending_values(w, k, rows)
    rank = T.option_rank[w.pending_key(rows)]
    return _first_best(values, rank)


def _first_best(values: np.ndarray, rank: np.ndarray) -> np.ndarray:
    top = values.max(axis=1, keepdims=True)
    return np.argmin(np.where(values == top, rank, _FAR), axis=1)


def normal_ranking(batch: GameBatch, k: int, games, seeds, limit: int = 1, forecast=forecast_batch,
                   world: GameBatch | None = None):
    """``ai:normal``'s ranking of the legal candidates in each of ``games``.

    Returns ``(top, final, judged)``: the ``limit`` best action indices per
    game (-1 past the last), the final scores (every legal vote judged by the
    side's forecast) and the judge's result. ``world`` (the games as the side
    believes them, :func:`believed_batch`) is built from ``seeds`` if not given.
    """
    T = tables(batch, k)
    games = np.asarray(games, dtype=np.int64)
    w = believed_batch(batch, k, games, seeds) if world is None else world
    j = judge(w, k)
    legal = batch.legal_mask(k, games) & w.legal_mask(k, np.arange(len(games)))
    ok = legal & j.candidate
    final = j.scores.copy()
    votes = T.kinds["call_vote"]
    stop = None
    if limit == 1 and len(votes):
        # Only the first choice is wanted: a vote that could not come first even if certain to pass
        # needs no forecast, and a forecast may stop once its remaining draws could not change the choice.
        others = ok.copy()
        others[:, votes] = False
        best = np.where(others, final, -np.inf).max(axis=1)
        for a, m in zip(votes.tolist(), T.t["call_vote"].tolist()):
            ok[:, a] &= ~(12.0 * (1.0 - 0.55) * T.decisive[m] - T.cost[a] < best)
        single = ok[:, votes].sum(axis=1) == 1
    for a, m in zip(votes.tolist(), T.t["call_vote"].tolist()):
        sub = np.flatnonzero(ok[:, a])
        if sub.size:
            if limit == 1:
                stop = (np.full(sub.size, T.decisive[m]), np.full(sub.size, T.cost[a]), best[sub], single[sub])
            p = forecast(batch, k, games[sub], m, stop=stop)
            final[sub, a] = 12.0 * (p - 0.55) * T.decisive[m] - T.cost[a]
    top = ranked(final, j.scores, j.pos, ok, limit) if limit > 1 else pick(final, j.scores, j.pos, ok)[:, None]
    return top, final, j


def normal_choose(batch: GameBatch, k: int, games, seeds, forecast=forecast_batch, outcome: bool = True) -> np.ndarray:
    """``ai:normal``'s action (an index of ``batch.space[k]``) in each of ``games``.

    ``seeds`` key each game's belief batch (its chance, used only when a
    decision is tried out) and its rollouts. Pending decisions are answered as
    :func:`pending_choice`, a compromise offer by its outcome
    (:func:`judge_by_outcome`); otherwise the best legal candidate, waiting if
    none, unless force or a compromise offer is judged better by its outcome
    (``outcome=False``: the judge's choice alone).
    """
    T = tables(batch, k)
    games = np.asarray(games, dtype=np.int64)
    seeds = np.asarray(seeds, dtype=np.uint64)
    out = np.full(len(games), T.pass_ix, dtype=np.int64)
    w = believed_batch(batch, k, games, seeds)
    pending = batch.pending_kind[games] != NONE_PENDING
    if pending.any():
        out[pending] = T.choose_start + pending_choice(w, k, np.flatnonzero(pending))
    idle = np.flatnonzero(~pending)
    if idle.size:
        sub = w if idle.size == len(games) else w.take(idle, record=False)
        top, _, _ = normal_ranking(batch, k, games[idle], None, 1, forecast, world=sub)
        best = top[:, 0]
        out[idle] = np.where(best >= 0, best, T.pass_ix)
    return judge_by_outcome(batch, k, games, seeds, out) if outcome and OUTCOME_WORLDS else out


OUTCOME_WORLDS = 8    # worlds of the rollouts that judge force and compromises by their outcome
OUTCOME_MARGIN = 0.05  # force or an offer must beat the judge's choice by this much (of a win)


def judge_by_outcome(batch: GameBatch, k: int, games, seeds, chosen: np.ndarray,
                     worlds: int = OUTCOME_WORLDS) -> np.ndarray:
    """``chosen`` (one action per game), revised where force, a compromise offer, or the answer
    to one is at stake: each judged by its outcome, by rollouts in worlds drawn from the side's
    estimates (:func:`outcome_values`), not by a fixed preference.

    A compromise offer is answered by comparing the terms (accepting ends the game: their
    value to this side) with playing on. Force where legal, an offer the judge chose, and an
    offer the other side would accept (its answer as this side believes it, :func:`reply`) are
    each played out against the judge's other choice (waiting, if the judge chose it): force or
    an offer the judge chose must do better than waiting, one it did not choose better than its
    choice by :data:`OUTCOME_MARGIN` of a win.
    """
    T = tables(batch, k)
    games = np.asarray(games, dtype=np.int64)
    seeds = np.asarray(seeds, dtype=np.uint64)
    chosen = chosen.copy()
    extra = np.concatenate([T.kinds["force"], T.kinds["compromise"]])
    offer = batch.pending_kind[games] == batch.COMPROMISE_PENDING
    want = np.zeros((len(games), len(extra)), dtype=bool)
    idle = np.flatnonzero(batch.pending_kind[games] == NONE_PENDING)
    if idle.size and extra.size:
        legal = batch.legal_mask(k, games[idle], actions=extra)
        mine = chosen[idle, None] == extra[None, :]
        force = np.arange(len(extra)) < len(T.kinds["force"])
        want[idle] = legal & (mine | force[None, :])
        # Terms the other side would refuse earn only standing (the judge's score); terms it
        # would accept end the game, so they are played out.
        for c in range(len(T.kinds["force"]), len(extra)):
            r = idle[legal[:, c] & ~mine[:, c]]
            if r.size:
                want[r, c] = reply(batch, k, games[r], seeds[r], np.full(r.size, extra[c])) == T.choose_start + T.accept
    rows = np.flatnonzero(offer | want.any(axis=1))
    if not rows.size:
        return chosen
    judged = chosen[rows]
    cand = np.full((rows.size, 1 + max(1, len(extra))), -1, dtype=np.int64)
    cand[:, 0] = np.where(np.isin(judged, extra), T.pass_ix, judged)
    o = offer[rows]
    cand[o, 0] = T.choose_start + T.options.index("reject")
    cand[o, 1] = T.choose_start + T.accept
    cand[~o, 1: 1 + len(extra)] = np.where(want[rows[~o]], extra[None, :], -1)
    values = outcome_values(batch, k, games[rows], seeds[rows], cand, worlds)
    # The judge's own choice must do better than waiting; another, better than the judge's by the margin.
    margin = np.where(cand[:, 1:] == judged[:, None], 0.0, OUTCOME_MARGIN)
    margin[o] = 0.0
    gain = values[:, 1:] - values[:, :1] - margin
    j = np.argmax(gain, axis=1)
    better = gain[np.arange(rows.size), j] > 0
    chosen[rows] = np.where(better, cand[np.arange(rows.size), 1 + j], cand[:, 0])
    return chosen


def reply(batch: GameBatch, k: int, games, seeds, actions) -> np.ndarray:
    """The other side's answer (an index of its space) to side ``k`` taking ``actions[i]`` in game
    ``games[i]``, as side ``k`` believes the game to be: ``ai:normal``'s choice for the other side
    in side ``k``'s belief batch (which holds only side ``k``'s picture of everyone)."""
    games = np.asarray(games, dtype=np.int64)
    w = believed_batch(batch, k, games, seeds)
    rows = np.arange(len(games))
    w.apply(k, rows, np.asarray(actions, dtype=np.int64), check=False)
    T = tables(batch, 1 - k)
    out = np.full(len(games), T.pass_ix, dtype=np.int64)
    live = (w.outcome < 0) & (w.to_move == 1 - k)
    if live.any():
        r = np.flatnonzero(live)
        out[r] = normal_choose(w, 1 - k, r, np.asarray(seeds, dtype=np.uint64)[r], outcome=False)
    return out


def believed_worlds(batch: GameBatch, k: int, games, seeds, worlds: int, salt: int = 0):
    """``(stances, world_seeds)``: ``worlds`` determinisations of each game as side ``k`` believes
    it, ``(games, worlds, people)`` stances drawn from its estimates and ``(games, worlds)`` seeds
    for their dice, from a stream keyed by ``seeds`` (per game) and ``salt``, counted by the
    game's actions taken (a game's draws depend on nothing else in the batch)."""
    games = np.asarray(games, dtype=np.int64)
    mean, sd = batch.est_mean[games, k], batch.est_sd[games, k]
    n, P = mean.shape
    W = int(worlds)
    width = 2 * W * P + W
    keys = key_of(np.asarray(seeds, dtype=np.uint64) ^ np.uint64(0x4A2D + salt))
    u = _uniforms(keys, batch.n_actions[games].astype(np.uint64) * np.uint64(width), width)
    z = np.sqrt(-2.0 * np.log(1.0 - u[:, : W * P])) * np.cos(2.0 * np.pi * u[:, W * P: 2 * W * P])
    stances = np.clip(mean[:, None, :] + sd[:, None, :] * z.reshape(n, W, P), -1.0, 1.0)
    return stances, (u[:, 2 * W * P:] * 2.0**63).astype(np.uint64)


def outcome_values(batch: GameBatch, k: int, games, seeds, actions: np.ndarray, worlds: int,
                   **rollout) -> np.ndarray:
    """``(games, candidates)``: what each candidate is worth to side ``k`` (``results_for``: 1 a
    decisive win ... 0 a loss), the mean over ``worlds`` rollouts in worlds it believes possible
    (:func:`believed_worlds`, :func:`rollout_values`); -inf where a candidate is -1 or not legal."""
    stances, world_seeds = believed_worlds(batch, k, games, seeds, worlds, salt=1)
    values = rollout_values(batch, games, k, actions, stances, world_seeds, **rollout).mean(axis=1)
    legal = np.take_along_axis(batch.legal_mask(k, np.asarray(games, dtype=np.int64)),
                               np.maximum(actions, 0), axis=1)
    return np.where((actions >= 0) & legal, values, -np.inf)


# ---------------------------------------------------------------- rollouts
class RolloutPolicy:
    """The fast greedy judge for both sides of a rollout batch (``ai:hard``'s simulations).

    Each move: answer a decision as :func:`pending_choice`; wait if out of
    capital; otherwise, with probability ``noise``, one of the three best legal
    candidates at random, else the best. Its draws come from a stream per row
    (``keys``), counted by the row's actions taken. With ``beliefs`` each side
    decides on its own picture, as a real player decides in its belief game: the
    rows' stances are its estimates while it judges (the truth is put back to play
    the move out). ``reveals``: the fast judge weighs revelations too.
    """

    name = "rollout"

    def __init__(self, keys: np.ndarray, noise: float = EXPLORE, fast: bool = True, daily: bool = True,
                 beliefs: bool = False, reveals: bool = False):
        self.keys = np.asarray(keys, dtype=np.uint64)
        self.noise = noise
        self.fast = fast
        self.beliefs = beliefs
        self.reveals = reveals
        # each row's reading of the votes, kept for its day (per side when the sides' pictures differ)
        self.cache: list | None = [{}, {}] if daily else None

    def choose_batch(self, w: GameBatch, k: int, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        if not self.beliefs:
            return self._choose(w, k, rows)
        truth = w.pop.stance[rows]
        w.pop.stance[rows] = w.est_mean[rows, k]
        try:
            return self._choose(w, k, rows)
        finally:
            w.pop.stance[rows] = truth

    def _choose(self, w: GameBatch, k: int, rows: np.ndarray) -> np.ndarray:
        T = tables(w, k)
        out = np.full(len(rows), T.pass_ix, dtype=np.int64)
        pending = w.pending_kind[rows] != NONE_PENDING
        if pending.any():
            out[pending] = T.choose_start + pending_choice(w, k, rows[pending])
        think = np.flatnonzero(~pending & (w.capital[rows, k] > 0))
        if not think.size:
            return out
        g = rows[think]
        u = _uniforms(self.keys[g], w.n_actions[g].astype(np.uint64) * np.uint64(2), 2)
        cache = None if self.cache is None else self.cache[k if self.beliefs else 0]
        j = judge(w, k, g, fast=self.fast, cache=cache, reveals=self.reveals)
        cols = np.flatnonzero(j.candidate.any(axis=0))          # legality only where a candidate is
        ok = np.zeros_like(j.candidate)
        ok[:, cols] = j.candidate[:, cols] & w.legal_mask(k, g, actions=cols)
        best = pick(j.scores, j.scores, j.pos, ok)
        roll = np.flatnonzero(u[:, 0] < self.noise)              # exploring: one of the three best
        if roll.size:
            scores = j.scores[roll]
            top = ranked(scores, scores, j.pos[roll], ok[roll], 3)
            count = (top >= 0).sum(axis=1)
            which = np.minimum((u[roll, 1] * count).astype(np.int64), np.maximum(count - 1, 0))
            best[roll] = np.where(count > 1, top[np.arange(roll.size), which], best[roll])
        out[think] = np.where(best >= 0, best, T.pass_ix)
        return out


def play_out(w: GameBatch, policy, max_steps: int = MAX_ROLLOUT_STEPS) -> None:
    """Play every row of ``w`` to its end (or ``max_steps`` actions), ``policy`` on both sides.

    Python's cyclic collector is held off meanwhile: the loop makes many short-lived small
    objects and no garbage that needs it but a few copies of batches (collected after), and
    its passes over them cost about 5% of a rollout."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(max_steps):
            live = w.outcome < 0
            if not live.any():
                return
            for side in (0, 1):
                rows = np.flatnonzero((w.to_move == side) & (w.outcome < 0))
                if rows.size:
                    w.apply(side, rows, policy.choose_batch(w, side, rows), check=False)
    finally:
        if collecting:
            gc.enable()


def results_for(w: GameBatch, k: int) -> np.ndarray:
    """What each row's end is worth to side ``k`` (``levels.result_for``): 1 decisive … 0.6 by force,
    0.4 for no winner (or no end), 0 for a loss."""
    T = tables(w, k)
    outcome = w.outcome
    winner = T.outcome_winner[np.maximum(outcome, 0)]
    value = np.where(winner == k, T.outcome_value[np.maximum(outcome, 0)], 0.0)
    return np.where((outcome < 0) | (winner == NO_ONE), 0.4, value)


def position_leaf(w: GameBatch, k: int, rows=None) -> np.ndarray:
    """The default leaf: :func:`position_value` ``v`` as a win chance, ``logistic(LEAF_SLOPE * v)`` (0.27-0.73)."""
    return logistic(LEAF_SLOPE * position_value(w, k, rows))


def leaf_values(w: GameBatch, k: int, leaf=None) -> np.ndarray:
    """What each row is worth to side ``k`` on the results scale (:func:`results_for`), its game played
    on or not: an unfinished row is valued by ``leaf(w, k, rows)``, a win chance (:func:`position_leaf`
    by default; the fitted leaf is :func:`game.ai.leaf.values`)."""
    out = results_for(w, k)
    live = np.flatnonzero(w.outcome < 0)
    if live.size:
        out[live] = (leaf or position_leaf)(w, k, live)
    return out


def rollout_values(batch: GameBatch, games, k: int, actions: np.ndarray, stances: np.ndarray,
                   seeds: np.ndarray, horizon: int = MAX_ROLLOUT_STEPS, leaf=None, **rollout) -> np.ndarray:
    """``(games, worlds, candidates)``: each game's candidate actions played in each of its believed
    worlds, then the game played out by :class:`RolloutPolicy` on both sides for ``horizon`` steps at
    most (each side moving once a step) and valued by :func:`leaf_values` (its result if it ended;
    ``leaf``: its valuation of open rows);
    0 where the action is not legal there (or the candidate is -1). A compromise offer is worth the lesser of its terms
    and the game played on after a refusal (the other side's best answer).

    Game i's candidates are ``actions[i]``; its world w has stances ``stances[i, w]`` and its dice
    (and the rollout's exploration) come from ``seeds[i, w]``, for every candidate alike (common
    random numbers). All games x worlds x candidates run as one batch; each row's play depends on
    that row alone, so a game's values do not depend on the others decided with it. ``rollout``:
    :class:`RolloutPolicy`'s settings; with ``beliefs`` this side's rows start from its real
    estimates and the other side's from its friends of that world and this side's picture.
    """
    games = np.asarray(games, dtype=np.int64)
    actions = np.asarray(actions, dtype=np.int64)
    seeds = np.asarray(seeds, dtype=np.uint64)
    n, nw = seeds.shape
    nc = actions.shape[1]
    base = believed_batch(batch, k, np.repeat(games, nw), seeds.ravel(), stance=stances.reshape(n * nw, -1))
    if rollout.get("beliefs"):
        # Each side acts on its own picture (RolloutPolicy): this side on its real estimates; the
        # other knows its friends of this world and otherwise sees what this side sees (its real
        # estimates are secret; both read the same public record).
        g = np.repeat(games, nw)
        world = base.pop.stance
        friend = base.direction(1 - k) * world >= batch.weights.friend_stance
        base.est_mean[:, k] = batch.est_mean[g, k]
        base.est_sd[:, k] = batch.est_sd[g, k]
        base.est_mean[:, 1 - k] = np.where(friend, world, base.est_mean[:, k])
        base.est_sd[:, 1 - k] = np.where(friend, batch.weights.friend_sd, base.est_sd[:, k])
    cand = np.repeat(actions, nw, axis=0)                                  # (n * worlds, candidates)
    legal = base.legal_mask(k, np.arange(n * nw))
    ok = (cand >= 0) & np.take_along_axis(legal, np.maximum(cand, 0), axis=1)
    rr, cc = np.nonzero(ok)
    out = np.zeros((n * nw, nc))
    if rr.size:
        play = base.take(rr, record=False)
        rows = np.arange(rr.size)
        play.apply(k, rows, cand[rr, cc], check=False)
        # An offer is judged after the other side's best answer: it accepts if the terms are worth
        # less to this side than playing on after a refusal (an offer's worth is the lesser of the two).
        terms = tables(batch, k).terms[cand[rr, cc]]
        offered = np.flatnonzero(~np.isnan(terms) & (play.pending_kind == play.COMPROMISE_PENDING))
        if offered.size:
            other = tables(batch, 1 - k)
            play.apply(1 - k, offered, np.full(offered.size, other.choose_start + other.options.index("reject")),
                       check=False)
        keys = key_of((seeds.ravel() + np.uint64(1)) & np.uint64(2**63 - 1))[rr]
        play_out(play, RolloutPolicy(keys, **rollout), max_steps=horizon)
        value = leaf_values(play, k, leaf)
        value[offered] = np.minimum(value[offered], terms[offered])
        out[rr, cc] = value
    return out.reshape(n, nw, nc)


# ---------------------------------------------------------------- forecasts after a reply
def reply_forecast_batch(batch: GameBatch, k: int, game: int, motion: int, seed: int = 0) -> tuple[int, float, float]:
    """``(reply, before, after)``: side ``k`` calls ``motion`` in ``game``; the other side answers as
    ``ai:normal`` would (``reply``, an index of its space, -1 if it is not to move), on side ``k``'s
    picture of everyone (its belief batch, so nothing secret is read); the motion's chance of passing
    is forecast before, and after from that picture with the side's own uncertainty (0 if the reply
    takes it off the agenda)."""
    T = tables(batch, k)
    call = int(T.kinds["call_vote"][T.t["call_vote"] == motion][0])
    if not batch.legal_mask(k, np.array([game]), actions=np.array([call]))[0, 0]:
        raise ValueError(f"{batch.scenario.sides[k].id} cannot call {batch.scenario.motions[motion].id!r} now")
    before = float(forecast_batch(batch, k, [game], motion)[0])
    # The reply's own chance (an adjournment may be refused) is averaged over copies with their own dice.
    n = REPLY_DRAWS
    seeds = key_of(np.uint64(seed) + np.arange(n, dtype=np.uint64)) >> np.uint64(1)
    w = believed_batch(batch, k, [game] * n, seeds)
    rows = np.arange(n)
    w.apply(k, rows, np.full(n, call), check=False)
    answer = -1
    if w.outcome[0] < 0 and w.to_move[0] == 1 - k:
        replies = normal_choose(w, 1 - k, rows, seeds, outcome=False)
        answer = int(replies[0])
        w.apply(1 - k, rows, replies, check=False)
    w.est_mean[:, k] = w.pop.stance                      # the picture, as the reply left it
    w.est_sd[:, k] = batch.est_sd[game, k]               # with the side's own uncertainty
    after = np.where(w.agenda[:, motion] >= 0, forecast_batch(w, k, rows, motion), 0.0)
    return answer, before, float(after.mean())


REPLY_DRAWS = 16
