"""Scripted strategies, and force and compromises judged by their outcome."""

import math

import numpy as np
import pytest

import game
from game.ai import batch_judge as bj
from game.ai.policies import POLICIES, batch_policy, make_policy, replay_policy
from game.ai.strategies import STRATEGIES
from game.engine.batch import GameBatch
from game.sim.batch import play_game

NAMES = [f"strategy:{s}" for s in STRATEGIES]


def test_every_strategy_is_a_named_policy():
    assert {"strategy:strike_fast", "strategy:court_army", "strategy:lobby", "strategy:force", "strategy:stall",
            "strategy:historical"} <= set(NAMES)
    for name in NAMES:
        assert name in POLICIES and make_policy(name, 1).choose and batch_policy(name, 1).choose_batch


@pytest.mark.parametrize("scenario", ["1957", "1953", "1964"])
def test_strategies_play_whole_games_legally_from_either_side(scenario):
    # GameBatch.apply checks legality, so finishing every game is the check.
    sc = game.load_scenario(scenario)
    for name in NAMES:
        for seat in (0, 1):
            pols = [batch_policy("random", 1), batch_policy("random", 1)]
            pols[seat] = batch_policy(name, 2)
            b = GameBatch.new(sc, seeds=[5, 6]).play(pols)
            assert (b.outcome >= 0).all()


@pytest.mark.parametrize("name", ["strategy:force", "strategy:stall", "strategy:court_army", "ai:easy"])
def test_a_game_of_a_batch_is_played_as_alone(s1957, name):
    batch = GameBatch.new(s1957, seeds=range(200, 204))
    batch.play([batch_policy(name, 3), batch_policy("ai:normal", 4)])
    for row in batch.results()[:2]:
        seed = row["seed"]
        alone = play_game(s1957, seed, {"khrushchev": replay_policy(name, 3, seed),
                                        "group": replay_policy("ai:normal", 4, seed)})
        assert alone.action_count == row["actions"]
        assert (alone.outcome().winner or "none") == row["winner"]
        assert [(v.motion, v.yes, v.no) for v in alone.votes] == [(m, y, n) for m, _, y, n, _, _ in row["votes"]]


def test_simulate_takes_a_strategy_for_a_side(s1957):
    r = game.simulate(s1957, runs=4, policies={"khrushchev": "strategy:stall", "group": "strategy:lobby"})
    assert r.runs == 4 and sum(r.wins.values()) <= 4


def test_strategies_differ(s1957):
    """Each strategy plays its own line: no two take the same actions, from either seat."""
    for seat in ("khrushchev", "group"):
        lines = set()
        for name in NAMES:
            pols = {"khrushchev": make_policy("ai:normal", 2), "group": make_policy("ai:normal", 2)}
            pols[seat] = make_policy(name, 1)
            g = play_game(s1957, 1, pols)
            lines.add(tuple(tuple(sorted(a.items())) for a in g.actions if a["side"] == seat))
        assert len(lines) == len(NAMES)


# ---------------------------------------------------------------- judged by the outcome
def _pending_offer(sc, by: str, seeds=range(40)):
    """Positions of ai:normal play in which ``by``'s compromise offer waits for the other side's answer."""
    out = []
    for seed in seeds:
        g = game.new_game(sc, seed=seed)
        pol = {s.id: make_policy("ai:normal", seed) for s in sc.sides}
        k = sc.side_index(by)
        while not g.is_over() and len(out) < 3:
            if g.to_move == by and not g.pending:
                offers = [a for a in g.legal_actions() if a.kind == "compromise"]
                if offers:
                    g.apply(offers[0])
                    out.append(g)
                    break
            g.apply(pol[g.to_move].choose(g))
        if len(out) >= 3:
            break
    assert out, "no position with an offer"
    return out


def _answer(g):
    k = g.scenario.side_index(g.to_move)
    return g.batch.space[k].actions[int(bj.normal_choose(g.batch, k, [g.row], [1])[0])].option


def test_terms_that_hand_the_game_to_the_other_side_are_refused(s1957):
    for g in _pending_offer(s1957, "group"):     # the group's terms: the group wins
        assert g.to_move == "khrushchev" and _answer(g) == "reject"


def test_terms_that_win_the_game_are_accepted():
    """The same offer, rewritten so that accepting it is the answering side's own decisive win."""
    sc = game.load_scenario("1957", ['compromises.collective_leadership.winner="khrushchev"',
                                     'compromises.collective_leadership.degree="decisive"'])
    for g in _pending_offer(sc, "group"):
        assert _answer(g) == "accept"


def test_normal_never_offers_terms_that_lose_the_game():
    """Terms that would make the other side the winner earn standing if refused (the judge's
    score), but the other side would accept them: judged by the outcome, they are never offered."""
    sc = game.load_scenario("1957", ['compromises.collective_leadership.winner="khrushchev"',
                                     "model.compromise_credit=0.4"])   # a refusal would be worth a lot
    offered = {}
    for outcome in (False, True):
        b = GameBatch.new(sc, seeds=range(40))
        while not (b.outcome >= 0).all():
            for side in (0, 1):
                rows = np.flatnonzero((b.to_move == side) & (b.outcome < 0))
                if rows.size:
                    b.apply(side, rows, bj.normal_choose(b, side, rows, b.seeds[rows], outcome=outcome))
        offered[outcome] = int(b.offered[:, 0].sum())
    assert offered[False] > 0        # the judge alone would offer them
    assert offered[True] == 0


@pytest.mark.parametrize("bias, used", [(10.0, True), (-10.0, False)])
def test_force_is_used_when_worth_it_by_the_sides_own_estimate(bias, used):
    """Where force is legal it is played out like any plan: sure to succeed, it is taken when
    playing on looks worse than a pyrrhic win; sure to fail, it is never tried. (Force here needs no
    Presidium cover and only a small lead in standing: on 1957's own terms it is legal only to a side
    already winning by the rules, which has no use for it.)"""
    sc = game.load_scenario("1957", [f"model.force_bias={bias}", "model.force_cover=0", "model.force_discontent=0.1"])
    b = GameBatch.new(sc, seeds=range(30))
    b.play([batch_policy("ai:normal", 1), batch_policy("ai:normal", 2)])
    forced = sum(r["outcome"].startswith("force") for r in b.results())
    assert (forced > 0) == used


# ---------------------------------------------------------------- the panel
class _Panel:
    """One side of a panel batch: game i plays ``policies[owner[i]]`` (a strategy per group of games)."""

    def __init__(self, policies, owner):
        self.policies, self.owner = policies, owner

    def choose_batch(self, batch, side, games):
        out = np.empty(len(games), dtype=np.int64)
        for j, p in enumerate(self.policies):
            sel = self.owner[games] == j
            if sel.any():
                out[sel] = p.choose_batch(batch, side, games[sel])
        return out


PANEL_GAMES = 12   # per strategy and seat (the larger panel is in docs/AI.md)
SIGNIFICANCE = 0.1  # a bound counts as broken only if chance alone would rarely give the count seen

# Strategies that beat ai:hard through a shortcut of the scenario's model, not a blind spot of the AI
# (reported to the model's owner; see docs/AI.md, "The strategy panel"). Remove an entry once fixed.
# (Khrushchev calling convene_plenum at every sitting wore the Presidium down until the motion
# required the CC's signed demand.)
MODEL_SHORTCUTS: set[tuple[str, str, str]] = set()   # (scenario, strategy, seat)


def _tail(k: int, n: int, p: float, upper: bool) -> float:
    """P(X >= k) (upper) or P(X <= k) for X ~ Binomial(n, p)."""
    ks = range(k, n + 1) if upper else range(0, k + 1)
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in ks)


def test_the_panel_bounds_catch_a_dominant_line():
    """The test below can fail: 11 wins in 12 break the 70% bound, and 2 in 12 break hard's 40%;
    the counts of an even contest break neither."""
    n = PANEL_GAMES
    assert _tail(n - 1, n, 0.7, upper=True) < SIGNIFICANCE
    assert _tail(n // 6, n, 0.4, upper=False) < SIGNIFICANCE
    assert _tail(n // 2, n, 0.7, upper=True) > SIGNIFICANCE
    assert _tail(n // 2, n, 0.4, upper=False) > SIGNIFICANCE


@pytest.mark.parametrize("scenario, seat", [("1957", 0), ("1957", 1), ("1953", 0), ("1953", 1),
                                            ("1964", 0), ("1964", 1)])
def test_no_strategy_dominates_hard_and_hard_holds_against_each(scenario, seat, monkeypatch):
    """The issue's panel, small: every scripted strategy against ai:hard from one seat, all in one
    batch. No strategy wins more than 70%; ai:hard wins at least 40% against each, each judged by a
    one-sided binomial test (12 games cannot tell 47% from 40%, but they do tell a line that wins
    eleven games in twelve). (ai:hard plays with 4 worlds and its 2 best candidates here, to keep the test
    to seconds; the logic is the same. 4 worlds of 12-step rollouts cost about what 3 worlds of rollouts
    to the end did; with 3, the smoother leaf values let it leave normal's choice on too little evidence,
    and it won 2 of 12 as Beria against 1953's historical line, where the full ai:hard wins 19 of 40.) In 1964 the hard seat is Khrushchev's: ai:hard must win its
    share from it too, against the Presidium's every line."""
    from game.ai.levels import HardPolicy
    monkeypatch.setattr(HardPolicy, "worlds", 4)
    monkeypatch.setattr(HardPolicy, "width", 2)
    sc = game.load_scenario(scenario)
    k, me, other = seat, sc.sides[seat].id, sc.sides[1 - seat].id
    owner = np.repeat(np.arange(len(NAMES)), PANEL_GAMES)
    b = GameBatch.new(sc, seeds=np.tile(np.arange(500, 500 + PANEL_GAMES), len(NAMES)))
    pols = [None, None]
    pols[k] = _Panel([batch_policy(n, 11) for n in NAMES], owner)
    pols[1 - k] = batch_policy("ai:hard", 12)
    winners = np.array([r["winner"] for r in b.play(pols).results()])
    for j, name in enumerate(NAMES):
        if (scenario, name, me) in MODEL_SHORTCUTS:
            continue
        won = int((winners[owner == j] == me).sum())
        hard = int((winners[owner == j] == other).sum())
        assert _tail(won, PANEL_GAMES, 0.7, upper=True) >= SIGNIFICANCE, (scenario, name, me, won, PANEL_GAMES)
        assert _tail(hard, PANEL_GAMES, 0.4, upper=False) >= SIGNIFICANCE, (scenario, name, me, hard, PANEL_GAMES)
