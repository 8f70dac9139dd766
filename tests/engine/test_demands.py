"""A signed demand: tabled only while it can be granted, on the motion's own terms."""

from dataclasses import replace

import numpy as np

import game
from game.ai.policies import RandomPolicy
from game.engine import GameBatch


def _variant(**plenum):
    sc = game.load_scenario("1957")
    return replace(sc, bodies=tuple(replace(b, **plenum) if b.id == "plenum" else b for b in sc.bodies))


def test_a_demand_motion_without_signatures_plays_to_the_end():
    sc = _variant(demand_signatures=0)
    batch = GameBatch.new(sc, seeds=range(40)).play([RandomPolicy(1), RandomPolicy(2)])
    assert (batch.outcome >= 0).all()


def test_a_demand_respects_the_motions_requires_and_lapses_once_granted():
    sc = game.load_scenario("1957")
    plenum = sc.body("plenum")
    motion = sc.motion(plenum.demand_motion)
    never = {"flag": "never_set_anywhere"}
    sc = replace(sc, motions=tuple(replace(m, requires=never) if m.id == motion.id else m for m in sc.motions))
    b = GameBatch.new(sc, seeds=range(20))
    games = np.arange(b.size)
    b.flags[:, b.flag_ix["demand:plenum"]] = True
    b._table_demands(games)
    assert (b.agenda[:, b.motion_ix[motion.id]] < 0).all()      # its terms do not hold: not tabled

    sc2 = game.load_scenario("1957")
    b = GameBatch.new(sc2, seeds=range(20))
    m = b.motion_ix[motion.id]
    b.flags[:, b.flag_ix["demand:plenum"]] = True
    b.pop.signed[:, : plenum.demand_signatures] = True              # the demand is met, as its motion requires
    b._table_demands(games)
    tabled = b.agenda[:, m] >= 0
    assert tabled.any()
    b.convene(b.body_ix["plenum"], games)                          # granted some other way the same day
    held = len(b._votes)
    b._hold_sitting(b.body_ix[motion.body], games)
    assert all(v[1] != m for v in b._votes[held:])                 # so it is not voted, nor its penalties applied
