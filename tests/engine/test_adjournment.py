"""An adjournment fades with use and with attendance: a body will not put off its business day after day."""

import numpy as np

import game
from game.engine import GameBatch


def test_each_adjournment_granted_makes_the_next_less_likely():
    b = GameBatch.new(game.load_scenario("1957"), seeds=range(8))
    games, body = np.arange(8), b.body_ix["presidium"]
    odds = []
    for granted in range(4):
        b.adjourned[:, body] = granted
        odds.append(b.stall_odds(1, body, games))
    assert all((later < earlier).all() for earlier, later in zip(odds, odds[1:]))


def test_a_full_room_grants_fewer_adjournments_than_a_half_empty_one():
    b = GameBatch.new(game.load_scenario("1957"), seeds=range(8))
    games, body = np.arange(8), b.body_ix["presidium"]
    voters = b.voter_mask(body, games)
    b.pop.days_away[voters] = 0
    full = b.stall_odds(0, body, games)
    b.pop.days_away[voters & (np.cumsum(voters, axis=1) <= 4)] = 2
    assert (b.stall_odds(0, body, games) > full).all()
