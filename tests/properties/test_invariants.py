"""Any sequence of legal actions keeps every invariant of the game."""

from hypothesis import given
from hypothesis import strategies as st

import game

from .common import SCENARIO, bounded, check_invariants, check_tallies, seeds


@bounded(max_examples=40)
@given(seed=seeds, data=st.data())
def test_any_legal_play_keeps_every_invariant(seed, data):
    g = game.new_game(SCENARIO, seed=seed)
    votes = []
    check_invariants(g)
    for _ in range(200):
        if g.is_over():
            break
        actions = g.legal_actions()
        g.apply(actions[data.draw(st.integers(0, len(actions) - 1), label="action")])
        check_invariants(g)
        check_tallies(g, votes)
    assert g.is_over(), "every game ends within 200 actions"
    assert len(votes) == len(g.votes)


@bounded(max_examples=25)
@given(seed=seeds, data=st.data())
def test_forecasts_are_probabilities_and_add_up(seed, data):
    from .common import play
    g = game.new_game(SCENARIO, seed=seed)
    play(g, data, data.draw(st.integers(0, 30), label="steps"))
    side = data.draw(st.sampled_from([s.id for s in SCENARIO.sides]), label="side")
    for m in SCENARIO.motions:
        f = g.forecast(m.id, side=side, samples=200)
        assert 0.0 <= f.probability <= 1.0
        assert abs(f.yes + f.no + f.abstain - f.present) < 1e-9
        assert 0 <= f.present <= f.members and f.yes_low <= f.yes_high <= f.present
        for v in f.voters:
            # p_yes is a mean, p_low/p_high the 10th/90th percentiles: a skewed spread may put the
            # mean outside the band, so only the band's order and the bounds are invariant.
            assert 0.0 <= v.p_low <= v.p_high <= 1.0 and 0.0 <= v.p_yes <= 1.0
        if not f.quorum:
            assert f.probability == 0.0
