"""Posts change hands through the `appoint` effect, and the cards say so."""
import numpy as np

import game
from game.engine.game import Game
from game.ui.wording import offices_now


def _appoint(g, post, actor=None):
    g.batch.rules.apply_effect({"appoint": {"post": post, **({"actor": actor} if actor else {})}}, np.array([g.row]))


def test_holders_start_from_the_data_and_follow_appointments():
    g = game.new_game("1957", seed=3)
    assert g.holders["first_secretary"] == "khrushchev" and g.holders["premier"] == "bulganin"
    _appoint(g, "first_secretary")
    assert g.holders["first_secretary"] is None
    _appoint(g, "first_secretary", "bulganin")
    assert g.holders["first_secretary"] == "bulganin"
    sc = g.scenario
    assert offices_now(g, sc.actor("khrushchev"))[0] == "Relieved as First Secretary of the CC"
    assert offices_now(g, sc.actor("bulganin"))[:2] == ["First Secretary of the CC", "Chairman of the Council of Ministers"]


def test_the_record_moves_the_post_in_1957_and_1964():
    """Played to the end on the record's moves, the posts end where history left them."""
    from game.ai.policies import make_policy
    ends = {}
    for sid in ("1957", "1964"):
        g = game.new_game(sid, seed=11)
        pols = {s.id: make_policy("historical") for s in g.scenario.sides}
        while not g.is_over():
            g.apply(pols[g.to_move].choose(g))
        ends[sid] = (g.outcome().id, g.holders)
    assert ends["1957"][0] == "khrushchev_triumph" and ends["1957"][1]["first_secretary"] == "khrushchev"
    assert ends["1964"][1]["first_secretary"] == "brezhnev" and ends["1964"][1]["premier"] == "kosygin"


def test_a_save_keeps_the_holders_and_an_older_save_starts_them_as_in_the_data():
    g = game.new_game("1957", seed=3)
    _appoint(g, "first_secretary", "bulganin")
    assert Game.from_json(g.scenario, g.to_json()).holders["first_secretary"] == "bulganin"
    old = g.to_json()
    del old["state"]["holder"]
    assert Game.from_json(g.scenario, old).holders["first_secretary"] == "khrushchev"
