"""The batched judge and ai:normal over batches: equal to the scalar heuristic, game for game."""

import gc

import numpy as np
import pytest

import game
from game.ai import batch_judge as bj
from game.ai.heuristics import Judge, belief_game, choose_pending
from game.ai.policies import batch_policy, make_policy, replay_policy
from game.engine.actions import CallVote, Choose
from game.engine.batch import GameBatch
from game.sim.batch import play_game

NEAR_TIE = 1e-12   # candidates this close are ordered by rounding: the scalar and the batch may differ there


def _positions(scenario_id, games=5, every=2, seed0=0):
    """Positions of random play (both sides to move, decisions included), as one-game views."""
    sc = game.load_scenario(scenario_id)
    out = []
    for s in range(games):
        g = game.new_game(sc, seed=seed0 + s)
        pol = make_policy("random", s)
        i = 0
        while not g.is_over():
            if i % every == 0:
                out.append(g.clone())
            g.apply(pol.choose(g))
            i += 1
    return out


@pytest.fixture(scope="module", params=["1957", "1953", "1964"])
def positions(request):
    return _positions(request.param)


def _same_order(scalar_order, scalar_scores, batch_order):
    """The batch orders the candidates as the scalar does, up to near-ties."""
    where = {a: r for r, a in enumerate(scalar_order)}
    for r, a in enumerate(batch_order):
        if a != scalar_order[r]:
            assert abs(scalar_scores[where[a]] - scalar_scores[r]) <= NEAR_TIE, (a, scalar_order[r])


def _check_judge(view, world_batch, row, fast):
    side = view.to_move
    k = view.scenario.side_index(side)
    space = view.batch.space[k]
    scalar = Judge(belief_game(view, side, None, sample=False), side, fast=fast).ordered()
    batched = bj.judge(world_batch, k, np.array([row]), fast=fast)
    order = [space.index[s.action] for s in scalar]
    assert set(order) == set(np.flatnonzero(batched.candidate[0]).tolist())
    for s, a in zip(scalar, order):
        assert batched.scores[0, a] == pytest.approx(s.score, abs=1e-9), s.action
    ranked = sorted(order, key=lambda a: (-batched.scores[0, a], batched.pos[0, a]))
    _same_order(order, [s.score for s in scalar], ranked)
    return len(order)


@pytest.mark.parametrize("fast", [False, True])
def test_batched_scores_equal_the_scalar_judges(positions, fast):
    """Every candidate the scalar judge considers, scored alike to 1e-9, and no other."""
    checked = 0
    for p in positions:
        if p.pending:
            continue
        k = p.scenario.side_index(p.to_move)
        world = bj.believed_batch(p.batch, k, [p.row], [0])
        checked += _check_judge(p, world, 0, fast)
    assert checked > 500


def test_batched_scores_on_many_rows_at_once(s1957):
    """A belief batch of many games is judged row by row as each game alone."""
    batch = GameBatch.new(s1957, seeds=range(12))
    rnd = make_policy("random", 3)
    for step in range(40):
        for k in (0, 1):
            games = np.flatnonzero((batch.to_move == k) & (batch.outcome < 0) & (batch.pending_kind == 0))
            if step % 4 == 0 and games.size:
                world = bj.believed_batch(batch, k, games, np.zeros(len(games), dtype=np.uint64))
                for fast in (False, True):
                    for r, g in enumerate(games.tolist()):
                        _check_judge(game.Game(batch, g), world, r, fast)
        batch.step([rnd, rnd])
        if (batch.outcome >= 0).all():
            break


def _scalar_normal(view, seed):
    """The scalar ai:normal as it was: the judge's best legal candidate, votes by Game.forecast."""
    side = view.to_move
    k = view.scenario.side_index(side)
    world = view.believed_world(side, view.estimates(side)[0], seed)
    if view.pending:
        return choose_pending(world, side, [Choose(side, o) for o in view.pending_options()]), []
    ranked = Judge(world, side).ranked(legal_in=view)
    for s in ranked:
        if isinstance(s.action, CallVote):
            m = view.scenario.motion(s.action.motion)
            p = view.forecast(m.id, side=side, samples=200).probability
            s.score = 12.0 * (p - 0.55) * (2.0 if m.decisive else 1.0) - 0.25 * view.cost_of(s.action)
    ranked.sort(key=lambda s: -s.score)
    return (ranked[0].action if ranked else None), ranked


def test_batched_normal_equals_the_scalar_normal(positions):
    """With the scalar forecast plugged in, the batched judge's choice is the scalar choice (decisions
    too; before force and compromises are judged by their outcome, tested apart)."""
    decisions = 0
    for p in positions:
        side = p.to_move
        k = p.scenario.side_index(side)
        space = p.batch.space[k]
        want, ranked = _scalar_normal(p, 5)
        got = space.actions[int(bj.normal_choose(p.batch, k, [p.row], [5], forecast=bj.forecast_exact, outcome=False)[0])]
        decisions += bool(p.pending)
        if want is None or got == want:
            continue
        scores = {s.action: s.score for s in ranked}
        assert abs(scores[got] - scores[want]) <= NEAR_TIE, (got, want)
    assert decisions > 0


def test_batched_forecast_is_the_scalar_forecast_up_to_sampling(s1957):
    """Same model, other draws: the two 200-sample forecasts differ by sampling error only."""
    diffs = []
    for p in _positions("1957", games=3):
        if p.pending or p.is_over():
            continue
        k = p.scenario.side_index(p.to_move)
        for m in range(len(s1957.motions)):
            exact = bj.forecast_exact(p.batch, k, [p.row], m)[0]
            batched = bj.forecast_batch(p.batch, k, [p.row], m)[0]
            diffs.append(batched - exact)
    diffs = np.array(diffs)
    assert len(diffs) > 100
    assert np.abs(diffs).max() < 0.15           # about four standard errors of a 200-sample share
    assert abs(diffs.mean()) < 0.01 and np.abs(diffs).mean() < 0.03


def test_batched_normal_mostly_chooses_as_with_the_scalar_forecast(s1957):
    """Its own forecast changes a choice only where a vote and another action are close."""
    same = total = 0
    for p in _positions("1957", games=4) + _positions("1964", games=2):
        if p.pending:
            continue
        k = p.scenario.side_index(p.to_move)
        exact = bj.normal_choose(p.batch, k, [p.row], [1], forecast=bj.forecast_exact)[0]
        batched = bj.normal_choose(p.batch, k, [p.row], [1])[0]
        same += exact == batched
        total += 1
    assert same / total >= 0.9, (same, total)


def test_a_forecast_depends_on_its_game_alone(s1957):
    batch = GameBatch.new(s1957, seeds=range(6))
    rnd = make_policy("random", 1)
    for _ in range(9):
        batch.step([rnd, rnd])
    games = np.arange(6)
    for m in range(len(s1957.motions)):
        together = bj.forecast_batch(batch, 0, games, m)
        alone = [bj.forecast_batch(batch, 0, [g], m)[0] for g in games]
        assert together.tolist() == alone


def test_skipping_hopeless_forecasts_changes_no_choice(s1957):
    """normal skips the forecast of a vote that could not come first even if sure to pass."""
    for p in _positions("1957", games=3):
        if p.pending:
            continue
        k = p.scenario.side_index(p.to_move)
        one, _, _ = bj.normal_ranking(p.batch, k, [p.row], [0], limit=1)
        two, _, _ = bj.normal_ranking(p.batch, k, [p.row], [0], limit=2)
        assert one[0, 0] == two[0, 0]


def test_pending_decisions_are_answered_as_the_scalar_answers_them():
    checked = 0
    for scenario in ("1957", "1953", "1964"):
        for p in _positions(scenario, games=6, every=1):
            if not p.pending:
                continue
            side = p.to_move
            k = p.scenario.side_index(side)
            world = p.believed_world(side, p.estimates(side)[0], 9)
            want = choose_pending(world, side, [Choose(side, o) for o in p.pending_options()])
            w = bj.believed_batch(p.batch, k, [p.row], [9])
            got = p.batch.space[k].options[int(bj.pending_choice(w, k, [0])[0])]
            assert got == want.option
            checked += 1
    assert checked > 0


def test_normal_plays_a_batch_as_each_game_alone(s1957):
    batch = GameBatch.new(s1957, seeds=range(100, 108))
    batch.play([batch_policy("ai:normal", 3), batch_policy("ai:normal", 4)])
    for row in batch.results():
        seed = row["seed"]
        alone = play_game(s1957, seed, {"khrushchev": replay_policy("ai:normal", 3, seed),
                                        "group": replay_policy("ai:normal", 4, seed)})
        assert alone.action_count == row["actions"]
        assert (alone.outcome().winner or "none") == row["winner"]
        assert [(v.motion, v.yes, v.no, v.abstain) for v in alone.votes] == [
            (m, y, n, a) for m, _, y, n, a, _ in row["votes"]]


def test_rollouts_are_one_batch_and_repeatable(s1957):
    g = game.new_game(s1957, seed=4)
    k = s1957.side_index(g.to_move)
    b = g.batch
    actions = np.array([bj.tables(b, k).pass_ix, b.space[k].index[next(a for a in g.legal_actions()
                                                                       if a.kind == "lobby")]])
    mean, sd = b.est_mean[0, k], b.est_sd[0, k]
    stances = np.clip(mean + sd * np.random.default_rng(1).standard_normal((3, len(mean))), -1, 1)
    before = g.to_json()
    seeds = np.array([[1, 2, 3]], dtype=np.uint64)
    assert gc.isenabled()
    v1 = bj.rollout_values(b, [0], k, actions[None, :], stances[None], seeds)
    assert gc.isenabled()          # the rollouts hold off the cyclic collector and leave it as they found it
    gc.disable()
    try:
        v2 = bj.rollout_values(b, [0], k, actions[None, :], stances[None], seeds)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert v1.shape == (1, 3, 2) and (v1 == v2).all() and ((v1 >= 0) & (v1 <= 1)).all()
    assert g.to_json() == before


def test_short_rollouts_end_on_the_leaf(s1957):
    """A rollout cut at ``horizon`` steps is valued by the leaf (a win chance from the position's
    value), one that ended by its result; with no cut every row plays to its end (results only)."""
    g = game.new_game(s1957, seed=4)
    k = s1957.side_index(g.to_move)
    b = g.batch
    actions = np.array([[bj.tables(b, k).pass_ix]])
    stances = np.repeat(b.est_mean[:1, k][None], 4, axis=1)
    seeds = np.array([[1, 2, 3, 4]], dtype=np.uint64)
    results = {0.0, 0.4} | set(bj.DEGREE_VALUE.values())
    full = bj.rollout_values(b, [0], k, actions, stances, seeds)
    assert set(full.ravel().tolist()) <= results
    leaf = 1 / (1 + np.exp(-bj.LEAF_SLOPE * np.array([-1.0, 1.0])))
    for horizon in (1, 3):
        cut = bj.rollout_values(b, [0], k, actions, stances, seeds, horizon=horizon).ravel()
        assert ((leaf[0] < cut) & (cut < leaf[1])).all()        # none ends this early: all on the leaf
        assert not set(cut.tolist()) & results
    w = bj.believed_batch(b, k, [0, 0], [1, 2])
    w.outcome[1] = 0                                            # as if over: its result, not the leaf
    v = bj.leaf_values(w, k)
    assert v[0] == pytest.approx(1 / (1 + np.exp(-bj.LEAF_SLOPE * bj.position_value(w, k, [0])[0])))
    assert v[1] == bj.results_for(w, k)[1]


def test_rollout_players_act_on_their_own_estimates():
    """With ``beliefs`` a rollout's player judges on its side's estimates, not on the world's truth:
    it chooses in a world whose stances are all turned over as it chooses where they are its picture."""
    differs = 0
    for g in _positions("1957", games=2, every=3):
        b = g.batch
        k = g.scenario.side_index(g.to_move)
        truth = b.take([g.row], record=False)
        truth.pop.stance[:] = -truth.pop.stance                 # a world far from every estimate
        picture = b.take([g.row], record=False)
        picture.pop.stance[:] = picture.est_mean[:, k]
        keys = np.array([7], dtype=np.uint64)
        mine = bj.RolloutPolicy(keys, noise=0.0, beliefs=True).choose_batch(truth, k, np.array([0]))
        assert mine == bj.RolloutPolicy(keys, noise=0.0).choose_batch(picture, k, np.array([0]))
        differs += int(bj.RolloutPolicy(keys, noise=0.0).choose_batch(truth, k, np.array([0]))[0] != mine[0])
    assert differs     # without ``beliefs`` the truth would have changed some choices


@pytest.mark.parametrize("zhukov", [-0.5, 0.42, 0.47, 1.0])
def test_a_commander_the_arrest_needs_is_worth_courting(zhukov, monkeypatch):
    """1953's arrest needs the army's backing above 0.35 (Zhukov's stance above about 0.44): where one
    successful courting opens it for the conspiracy, or one of Beria's shuts it, courting the army is
    worth the motion (``heuristics.GATE``) to both sides, batched as alone; well clear of the line it
    is worth nothing more."""
    from game.ai import heuristics
    from game.engine import Court

    sc = game.load_scenario("1953", [f"actors.zhukov.stance={zhukov}", "actors.zhukov.uncertainty=0.0"])
    g = game.new_game(sc, seed=0)
    values = {}
    for side in ("conspirators", "beria"):
        world = belief_game(g, side, None, sample=False)
        court = Court(side, "army")
        with_gate = Judge(world, side).score(court)
        monkeypatch.setattr(heuristics, "GATE", 0.0)
        without = Judge(world, side).score(court)
        monkeypatch.undo()
        values[side] = with_gate - without
        k = sc.side_index(side)
        b = bj.judge(bj.believed_batch(g.batch, k, [0], [0]), k, np.array([0]))
        assert b.scores[0, g.batch.space[k].index[court]] == pytest.approx(with_gate, abs=1e-9)
    near = 0.0 < zhukov < 0.9
    assert (values["conspirators"] > 0) == near and (values["beria"] > 0) == near, values


def test_gated_motions_name_the_men_a_requirement_reads():
    """A decisive motion is gated by the men whose stance its requirement reads (a backing test's
    commander, a stance test's actor or actors); not by a bloc's mean, nor if it draws chance."""
    from types import SimpleNamespace as NS

    from game.ai.heuristics import gated_motions

    army = {"backing": {"institution": "army", "side": "x", "above": 0.3}}
    sc = NS(institutions=[NS(id="army", commander="zhukov")], motions=[
        NS(id="a", decisive=True, requires={"all": [army, {"stance": {"actors": ["p", "q"], "above": 0}}]}),
        NS(id="b", decisive=True, requires={"all": [{"stance": {"actor": "p", "above": 0}}, {"chance": 0.5}]}),
        NS(id="c", decisive=False, requires=army),
        NS(id="d", decisive=True, requires={"stance": {"bloc": "b1", "above": 0}}),
        NS(id="e", decisive=True, requires={"not": army}),
        NS(id="f", decisive=True, requires=None)])
    assert [(m.id, sorted(p)) for m, p in gated_motions(sc)] == [("a", ["p", "q", "zhukov"]), ("e", ["zhukov"])]
