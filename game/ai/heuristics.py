"""What the computer players know and how they judge a position.

Everything here works on a *belief game*: a clone of the real game in which
every stance has been replaced by the deciding side's own picture of it (its
mean estimate, or one sample drawn from its estimates), both sides' estimate
rows are that same picture, and the generator is a fresh one owned by the
player. Inside a belief game the engine's own rules (legality, odds, votes,
events) can be used freely: nothing in it comes from the other side's
secrets or from the real game's future dice.

The heuristic scores every candidate action by what it is expected to do to
the votes that decide the game (the scenario's motions), using the same vote
model as the engine (``game.engine.voting``) on the believed stances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..engine import Action, Game
from ..engine.actions import (
    Airlift, CallVote, Choose, CollectSignatures, Court, GatherIntelligence, Lobby, OfferCompromise, Pass,
    PromisePost, Propaganda, RevealMaterial, Stall, ThreatenForce, UseForce,
)
from ..engine.rules import walk
from ..engine.voting import ballot_probabilities, required_yes, vote_terms


# ---------------------------------------------------------------- belief games
def belief_game(game: Game, side: str, rng: np.random.Generator | None, sample: bool = True) -> Game:
    """A copy of ``game`` as ``side`` believes it to be (see the module doc).

    With ``sample`` (and ``rng``) each stance is drawn from the side's
    estimates (a determinisation for Monte Carlo); otherwise the mean
    estimate is used. Only ``game.estimates(side)`` and public state are read;
    the copy (``Game.believed_world``) records no log and draws its chance
    from a stream keyed by a seed taken from ``rng`` (0 without one).
    """
    mean, sd = game.estimates(side)
    if sample and rng is not None:
        stance = np.clip(mean + sd * rng.standard_normal(mean.shape), -1.0, 1.0)
    else:
        stance = mean
    seed = int(rng.integers(2**63)) if rng is not None else 0
    return game.believed_world(side, stance, seed)


def reseed(world: Game, seed: int) -> Game:
    """Draw ``world``'s chance from now on from a stream keyed by ``seed``; returns ``world``."""
    return world.reseed(seed)


# ---------------------------------------------------------------- vote reading
@dataclass
class VoteView:
    """One motion read on believed stances: chance it passes and who can swing it."""

    motion: str
    body: str
    favours: str
    p_pass: float
    density: float           # d p_pass / d (expected yes votes)
    voters: np.ndarray       # population indices counted (present, or all if assumed present)
    p_yes: np.ndarray        # per voter
    stance_weight: np.ndarray  # per voter: d u / d stance (without the direction)
    legit_weight: float = 0.0  # d (expected yes) / d (standing of the side the motion favours)


# The normal approximation's continuity correction by the body's tie rule: yes votes must exceed the majority
# (a tie fails), may reach it (a tie passes), or reach it with the chair's ballot (about half the time, unread).
TIE_SHIFT = {"fails": 0.5, "passes": -0.5, "chair": 0.0}


def read_vote(game: Game, motion_id: str, assume_present: bool = False) -> VoteView:
    """Chance a motion passes on the game's *current* stances (a belief game's beliefs).

    A normal approximation over the same vote model the engine uses; fast
    enough to call many times per decision.
    """
    m = game.require_motion(motion_id)
    body = game.require_body(m.body)
    pop = game.people
    voters_mask = game.voter_mask(m.body)
    present = voters_mask if assume_present else voters_mask & (pop.days_away == 0)
    idx = np.flatnonzero(present)
    weights = game.scenario.model
    ctx = game.motion_context(m)
    members = int(voters_mask.sum())
    if len(idx) == 0 or len(idx) < body.quorum * members:
        return VoteView(m.id, m.body, m.favours, 0.0, 0.0, idx, np.zeros(len(idx)), np.zeros(len(idx)))
    terms = vote_terms(pop.stance, idx, pop, ctx, weights)
    p_yes, p_abs = ballot_probabilities(terms, weights)
    mean_yes = float(p_yes.sum())
    mean_cast = float((1 - p_abs).sum())
    sd = math.sqrt(float((p_yes * (1 - p_yes)).sum()) + 0.25)
    need = float(required_yes(ctx, len(idx), mean_cast))
    z = (mean_yes - need - TIE_SHIFT[body.tie]) / sd
    p_pass = 1.0 / (1.0 + math.exp(-1.702 * z))
    density = 1.702 * p_pass * (1 - p_pass) / sd
    spread = p_yes * (1 - p_yes)
    slope = weights.sharpness * weights.stance * (0.5 + pop.conviction[idx]) * spread
    legit = float((weights.sharpness * weights.legitimacy * (1 - pop.conviction[idx]) * spread).sum())
    return VoteView(m.id, m.body, m.favours, p_pass, density, idx, p_yes, slope, legit)


def open_motions(game: Game) -> list:
    """Motions still in play: not passed, not lost for good."""
    passed, failed = game.passed, game.failed
    out = []
    for m in game.scenario.motions:
        if m.id in passed:
            continue
        if m.id in failed and not m.repeatable:
            continue
        out.append(m)
    return out


def wants_body(game: Game, side: str, body_id: str) -> bool:
    """Whether most of a body's voters lean to ``side`` (on the game's stances)."""
    voters = game.voter_mask(body_id)
    if not voters.any():
        return False
    lean = game.direction(side) * game.people.stance[voters]
    return float((lean > 0).mean()) > 0.5


# ---------------------------------------------------------------- the heuristic
@dataclass
class Scored:
    action: Action
    score: float


class Judge:
    """Scores a side's candidate actions in a belief game.

    ``fast`` (for Monte Carlo rollouts) drops the costlier candidates
    (intelligence, promises, revelations, compromises) and considers only the
    few most promising people to lobby. ``cache`` lets a rollout reuse the
    reading of the votes for the rest of a day (until a vote or event).
    """

    def __init__(self, world: Game, side: str, fast: bool = False, cache: dict | None = None):
        self.g = world
        self.side = side
        self.other = world.other(side)
        self.d = world.direction(side)
        self.fast = fast
        self._force: tuple[float, float] | None = None
        # Read once per position: each of these public properties builds a
        # fresh view or dict of the game's row.
        self.pop = pop = world.people
        self.convened = world.convened
        self.sits = {b.id: world.sits_today(b.id) for b in world.scenario.bodies}
        self._costs = _costs(world)
        self.agenda = world.agenda
        self._airlift: float | None = None
        self._legit: tuple[float, float] | None = None
        # The reading of the votes does not depend on who reads it (both see
        # the belief game's stances), so a rollout shares it between the sides.
        # Votes are held only at a day's end; a vote's result shows in
        # passed/failed, an event in fired. (The vote records themselves are
        # not read: a game that does not record has none.)
        key = (fast, world.turn, tuple(world.fired), tuple(self.convened), tuple(world.passed),
               tuple(world.failed.items()))
        shared = cache.get(key) if cache is not None else None
        if shared is None:
            views: dict[str, VoteView] = {}
            for m in open_motions(world):
                if m.requires is not None and not m.decisive and not world.condition_holds(m.requires):
                    continue   # not yet movable and not decisive: it can wait
                sits = self.sits[m.body] or m.body in self.convened
                if fast and not sits:
                    continue   # rollouts look only at the bodies that sit or are gathering
                views[m.id] = read_vote(world, m.id, assume_present=not sits)
            masks = {b.id: world.voter_mask(b.id) for b in world.scenario.bodies}
            away = max([float((pop.days_away[v] > 0).mean()) for v in masks.values() if v.any()] or [0.0])
            shared = {"views": views, "masks": masks, "away": away}
            if cache is not None:
                cache.clear()
                cache[key] = shared
        self.views = shared["views"]
        self.masks = shared["masks"]
        self.away_need = shared["away"]
        self.want = {b: bool((self.d * pop.stance[m] > 0).mean() > 0.5) if m.any() else False
                     for b, m in self.masks.items()}
        self.weights = {mid: self._weight(mid) for mid in self.views}
        # Leverage: how much weighted pass probability (toward this side) one
        # unit of stance moved toward it buys, person by person. Moving a voter
        # raises this side's motions and lowers the other's alike.
        self.leverage = np.zeros(pop.size)
        # Standing: a side's legitimacy lead enters every vote (see voting.py),
        # for its own motions and against the other's alike.
        self.legit_leverage = 0.0
        for mid, v in self.views.items():
            if v.density > 0:
                self.leverage[v.voters] += self.weights[mid] * v.density * v.stance_weight
                self.legit_leverage += self.weights[mid] * v.density * v.legit_weight

    def _weight(self, motion_id: str) -> float:
        """Decisive motions count double; motions of a body not sitting count less."""
        m = self.g.scenario.motion(motion_id)
        w = 2.0 if m.decisive else 1.0
        if not self.sits[m.body] and m.body not in self.convened:
            w *= 1.0 if self.want.get(m.body) else 0.4
        return w

    def standing(self, mine: float = 0.0, theirs: float = 0.0) -> float:
        """Value of this side's legitimacy moving by ``mine`` and the other's by ``theirs`` (clipped to [0, 1])."""
        if self._legit is None:
            self._legit = (self.g.legitimacy(self.side), self.g.legitimacy(self.other))
        g = self.g
        a, b = self._legit
        a2, b2 = min(1.0, max(0.0, a + mine)), min(1.0, max(0.0, b + theirs))
        value = 30.0 * self.legit_leverage * ((a2 - a) - (b2 - b))
        # Falling far enough behind opens the door to the other side's force.
        w = g.scenario.model
        margin = float(getattr(w, "force_discontent", 0.0))
        if (b - a) <= margin < (b2 - a2) and self._other_force()[0] >= w.force_threshold:
            value -= 8.0 * self._other_force()[1]
        return value

    def _other_force(self) -> tuple[float, float]:
        """The other side's (force power, force odds): fixed while this judge scores one position."""
        if self._force is None:
            self._force = (self.g.force_power(self.other), self.g.force_odds(self.other))
        return self._force

    def airlift_capacity(self) -> float:
        """This side's airlift capacity: fixed while this judge scores one position."""
        if self._airlift is None:
            self._airlift = self.g.airlift_capacity(self.side)
        return self._airlift

    def swing(self, idx, shift) -> float:
        """Gain (weighted pass probability toward this side) of moving people ``idx`` by ``shift``."""
        return float(np.sum(self.leverage[idx] * shift))

    def _p_pass(self, motion_id: str) -> float:
        v = self.views.get(motion_id)
        if v is None:
            v = self.views[motion_id] = read_vote(self.g, motion_id)
        return v.p_pass

    def score(self, action: Action) -> float:
        g, side = self.g, self.side
        pop = self.pop
        cost = self._costs.get(action.kind)
        if cost is None:
            cost = self._costs[action.kind] = g.cost_of(action)
        s = 0.0
        if isinstance(action, Choose):
            return 0.0
        if isinstance(action, Pass):
            # Waiting saves capital, but not beyond the cap: income over it is lost.
            income = g.income(side)
            return -0.4 if g.capital(side) + income > g.scenario.rules.capital_cap else 0.0
        if isinstance(action, CallVote):
            m = g.require_motion(action.motion)
            if m.favours != side or not self.sits[m.body]:
                return -5.0
            s = 12.0 * (self._p_pass(m.id) - 0.55) * (2.0 if m.decisive else 1.0)
            if _convened_body(m) and not self.want.get(_convened_body(m), True):
                s = -5.0
        elif isinstance(action, Stall):
            threat = 0.0
            for item in self.agenda:
                m = g.scenario.motion(item["motion"])
                if m.body == action.body:
                    p = self._p_pass(m.id)
                    threat += (p if m.favours != side else -p) * (2.0 if m.decisive else 1.0)
            odds = g.stall_odds(side, action.body) if threat else 0.0   # (the engine's odds cost time)
            s = 10.0 * threat * odds - 0.5 + self.standing(mine=-_weight_or(g, "stall_cost", 0.02))
        elif isinstance(action, Lobby):
            i = g.actor_index(action.target)
            amount, odds = action.magnitude(g), action.chance_of_success(g)
            shift = amount * odds
            s = 30.0 * self.leverage[i] * shift + self._commander_value(i, shift) + self._gate_value(i, amount, odds)
        elif isinstance(action, PromisePost):
            i = g.actor_index(action.target)
            shift = action.magnitude(g) * action.chance_of_success(g)
            s = 30.0 * self.leverage[i] * shift - 0.8
        elif isinstance(action, Propaganda):
            idx = np.flatnonzero(g.selection_mask({"bloc": action.bloc}))
            s = (30.0 * self.swing(idx, g.scenario.model.propaganda * (1 - pop.conviction[idx]))
                 + self.standing(mine=_weight_or(g, "propaganda_legitimacy", 0.01)))
        elif isinstance(action, Court):
            inst = g.require_institution(action.institution)
            i = g.actor_index(inst.commander)
            amount, odds = action.magnitude(g), action.chance_of_success(g)
            shift = amount * odds
            s = self._commander_value(i, shift) + 30.0 * self.leverage[i] * shift + self._gate_value(i, amount, odds)
        elif isinstance(action, Airlift):
            idx = np.flatnonzero((pop.bloc == g.bloc_index(action.bloc)) & (pop.days_away > 0))
            lean = self.d * pop.stance[idx]
            order = np.argsort(-lean, kind="stable")[: int(self.airlift_capacity())]
            for b in g.scenario.bodies:
                voters = self.masks[b.id][idx[order]]
                if voters.any():
                    s += (0.75 if self.want[b.id] else 0.25) * float(lean[order][voters].sum())
        elif isinstance(action, CollectSignatures):
            if not self.want[action.body]:
                return -3.0
            body = g.require_body(action.body)
            expected = action.magnitude(g)
            have = int(pop.signed.sum())
            need = body.demand_signatures
            # Only the signatures still missing are worth collecting.
            s = 8.0 * (min(1.0, (have + expected) / need) - min(1.0, have / need)) if expected > 1 else 0.0
        elif isinstance(action, RevealMaterial):
            i = g.actor_index(action.target)
            harm = g.scenario.model.reveal * pop.complicity[i]
            odds = action.chance_of_success(g)   # 1 - the chance it backfires
            s = 10.0 * harm * (odds - (1.0 - odds))
        elif isinstance(action, GatherIntelligence):
            mask = g.selection_mask(g.target_selection(action.target))
            sd = g.estimates(side)[1][mask]
            s = min(1.5, 2.0 * float((np.clip(sd - 0.1, 0, None) * (1 + 10 * self.leverage[mask])).sum()))
        elif isinstance(action, ThreatenForce):
            # Frightens the cautious in today's votes only: worth a little when one is due.
            s = (0.4 if self.agenda else 0.0) + self.standing(mine=-_weight_or(g, "threat_cost", 0.08))
        elif isinstance(action, UseForce):
            s = 40.0 * (action.chance_of_success(g) - 0.9) - 3.0   # pyrrhic at best: a last resort
        elif isinstance(action, OfferCompromise):
            # Refused terms earn the offering side a little standing.
            s = self.standing(mine=_weight_or(g, "compromise_credit", 0.05))
        return s - 0.25 * cost

    def _commander_value(self, i: int, shift: float) -> float:
        """Courting a commander of the army or security is worth its backing.

        Backing counts for force and fear, and through aircraft for whoever
        wants a body whose voters are still away: winning the commander
        over gives this side the aircraft or takes them from the other.
        """
        g = self.g
        value = 0.0
        pop = self.pop
        away_need = self.away_need
        for inst in g.scenario.institutions:
            if g.actor_index(inst.commander) == i:
                lean = self.d * pop.stance[i]
                room = max(0.0, 0.9 - lean)
                per_unit = 6.0 + 0.15 * inst.airlift * away_need
                value += per_unit * inst.strength * min(shift, room)
        return value

    def _gate_value(self, i: int, amount: float, odds: float) -> float:
        """What moving man ``i`` by ``amount`` (at ``odds``) does to the decisive motions whose requirement
        reads his stance (``gated_motions``: 1953's arrest needs the army, Zhukov, behind it).

        Opening this side's motion, or shutting the other's, is worth ``GATE`` at the odds; holding a
        requirement one opposing move of the same size would turn (keeping it open, or shut) half that.
        """
        g = self.g
        actor = g.scenario.actors[i].id
        gated = [m for m, people in gated_motions(g.scenario) if actor in people]
        if not gated:
            return 0.0
        stance = self.pop.stance
        was = float(stance[i])
        still = {m.id for m in open_motions(g)}
        value = 0.0
        try:
            for m in gated:
                if m.id not in still:
                    continue    # passed or lost for good
                holds = []
                for moved in (was, was + self.d * amount, was - self.d * amount):
                    stance[i] = min(1.0, max(-1.0, moved))
                    holds.append(g.condition_holds(m.requires))
                now, mine, theirs = holds
                if m.favours == self.side:
                    value += GATE * odds * ((not now and mine) + 0.5 * (now and not theirs))
                else:
                    value += GATE * odds * ((now and not mine) + 0.5 * (not now and theirs))
        finally:
            stance[i] = was
        return value

    def candidates(self) -> list[Action]:
        """Actions worth scoring, built directly (not from the labelled legal list)."""
        g, side = self.g, self.side
        sc = g.scenario
        pop = self.pop
        agenda = bool(self.agenda)
        leaders = g.leaders
        out: list[Action] = [Pass(side)]
        for m in sc.motions:
            if m.favours == side and (not m.proposers or side in m.proposers):
                out.append(CallVote(side, m.id))
        for b in sc.bodies:
            if agenda and self.sits[b.id]:
                out.append(Stall(side, b.id))
            if b.demand_signatures > 0 and b.id not in self.convened:
                out.append(CollectSignatures(side, b.id))
        for inst in sc.institutions:
            out.append(Court(side, inst.id))
        named = len(sc.actors)
        pull = self.leverage[:named] * (1 - pop.conviction[:named])
        order = np.argsort(-pull, kind="stable")
        if self.fast:
            order = order[:4]
        for i in order:
            if sc.actors[i].id not in leaders:
                out.append(Lobby(side, sc.actors[i].id))
        blocs = list(enumerate(sc.blocs))
        if self.fast:
            # Only the bloc with most at stake, and the one with most members away.
            lev = [float(self.leverage[pop.bloc == k].sum()) for k, _ in blocs]
            away = [int(((pop.bloc == k) & (pop.days_away > 0)).sum()) for k, _ in blocs]
            blocs_p = [blocs[int(np.argmax(lev))]]
            blocs_a = [blocs[int(np.argmax(away))]]
        else:
            blocs_p = blocs_a = blocs
        for _, b in blocs_p:
            out.append(Propaganda(side, b.id))
        if self.airlift_capacity() >= 1:
            for _, b in blocs_a:
                out.append(Airlift(side, b.id))
        out.append(ThreatenForce(side))
        out.append(UseForce(side))
        if not self.fast:
            for a in sc.actors:
                if a.complicity >= 0.2:
                    out.append(RevealMaterial(side, a.id))
            for post in sc.posts:
                for i in order[:6]:
                    a = sc.actors[i]
                    if a.id not in leaders and a.ambition >= 0.4 and a.presidium != "none":
                        out.append(PromisePost(side, a.id, post.id))
            for c in sc.compromises:
                if c.by == side:
                    out.append(OfferCompromise(side, c.id))
            sd = g.estimates(side)[1]
            for i, a in enumerate(sc.actors):
                if sd[i] > 0.15:
                    out.append(GatherIntelligence(side, a.id))
        return out

    def ordered(self) -> list[Scored]:
        """Every candidate that can be scored, best first, legal or not (ties keep the candidates' order)."""
        scored = []
        for a in self.candidates():
            try:
                scored.append(Scored(a, self.score(a)))
            except ValueError:
                continue
        scored.sort(key=lambda s: -s.score)
        return scored

    def ranked(self, limit: int | None = None, legal_in: Game | None = None) -> list[Scored]:
        """Candidates legal here (and in ``legal_in``), best first; at most ``limit``."""
        g = self.g
        scored = self.ordered()
        # One legality mask per game (the engine's, over the side's action
        # space) rather than a mask per candidate through is_legal.
        index = action_index(g, self.side)
        legal = g.legal_mask(self.side)
        if legal_in is not None:
            legal = legal & legal_in.legal_mask(self.side)
        out = []
        for s in scored:
            a = index.get(s.action)
            if a is not None and legal[a]:
                out.append(s)
                if limit is not None and len(out) >= limit:
                    break
        return out


_INDEX: dict[tuple[int, str], tuple] = {}
_COSTS: dict[int, tuple] = {}


def _costs(game: Game) -> dict[str, int]:
    """Memo of ``game.cost_of`` by action kind (costs are fixed per scenario), filled as asked."""
    hit = _COSTS.get(id(game.scenario))
    if hit is None or hit[0] is not game.scenario:
        if len(_COSTS) > 64:
            _COSTS.clear()
        hit = _COSTS[id(game.scenario)] = (game.scenario, {})
    return hit[1]


def action_index(game: Game, side: str) -> dict[Action, int]:
    """Each action of ``side``'s action space -> its place there (and in ``game.legal_mask(side)``).

    An action is legal now exactly when it has a place and the mask is set
    there (what ``is_legal`` checks, one action at a time). The space is
    fixed per scenario, so the map is built once per scenario and side.
    """
    key = (id(game.scenario), side)
    hit = _INDEX.get(key)
    if hit is None or hit[0] is not game.scenario:
        if len(_INDEX) > 64:
            _INDEX.clear()
        hit = _INDEX[key] = (game.scenario, {a: i for i, a in enumerate(game.action_space(side))})
    return hit[1]


def _weight_or(game: Game, name: str, default: float) -> float:
    return float(getattr(game.scenario.model, name, default))


def _convened_body(motion) -> str:
    for e in motion.on_pass:
        if e.get("convene"):
            return e["convene"]
    return ""


GATE = 6.0          # a decisive motion opened (or the other side's shut) by moving one man: see Judge._gate_value


def gated_motions(scenario) -> tuple:
    """``(motion, actor ids)`` for each decisive motion whose requirement reads named men's stances (a
    ``backing`` test reads its institution's commander; a ``stance`` test of an ``actor`` or ``actors``
    reads them) and draws no chance: moving one of them may open or shut it. Kept per scenario."""
    hit = _GATED.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        commander = {i.id: i.commander for i in scenario.institutions}
        found = []
        for m in scenario.motions:
            parts = list(walk(m.requires)) if m.requires is not None else []
            people = {commander[a["institution"]] for kind, a in parts if kind == "backing"}
            people |= {x for kind, a in parts if kind == "stance" and isinstance(a, dict)
                       for x in ([a["actor"]] if "actor" in a else a.get("actors", []))}
            if m.decisive and people and all(kind != "chance" for kind, _ in parts):
                found.append((m, frozenset(people)))
        if len(_GATED) > 64:
            _GATED.clear()
        hit = _GATED[id(scenario)] = (scenario, tuple(found))
    return hit[1]


_GATED: dict[int, tuple] = {}


SATURATED = 0.999   # where a position's value starts to saturate (see saturate)


def saturate(v):
    """A position's rough value kept inside (-1, 1), the values of a loss and a win, without ties:
    past +-0.999 the excess still ranks (squashed into the last thousandth), so a side far behind
    still tells a better option from a worse one, and never values playing on as low as losing."""
    edge = np.clip(v, -SATURATED, SATURATED)
    return edge + (1 - SATURATED) * np.tanh(np.asarray(v) - edge)


def position_value(world: Game, side: str) -> float:
    """A rough value of a position for ``side`` in (-1, 1) on the world's stances (:func:`saturate`).

    Used to answer decisions that do not end the game: legitimacy, where the
    bodies lean, and whether a body this side does not want is gathering.
    """
    if world.is_over():
        out = world.outcome()
        return 0.0 if out.winner is None else (1.0 if out.winner == side else -1.0)
    other = world.other(side)
    d = world.direction(side)
    stance = world.people.stance
    convened = world.convened
    v = world.legitimacy(side) - world.legitimacy(other)
    for b in world.scenario.bodies:
        voters = world.voter_mask(b.id)
        if voters.any():
            v += 0.5 * float(np.mean(np.tanh(2 * d * stance[voters])))
        if b.id in convened and not wants_body(world, side, b.id):
            v -= 0.5
    return float(saturate(v))


def pending_value(world: Game, side: str, option: Action) -> float:
    """How a decision's option leaves the position, tried in the belief game."""
    w = world.clone()
    try:
        w.apply(option)
    except ValueError:
        return -math.inf
    v = position_value(w, side)
    if isinstance(option, Choose) and option.option == "accept":
        v -= 0.3   # a compromise is a loss of standing; accept only when clearly lost
    return v


def choose_pending(world: Game, side: str, options: list[Action]) -> Action:
    """Answer a pending decision by trying each option in the belief game."""
    return max(options, key=lambda a: pending_value(world, side, a))
