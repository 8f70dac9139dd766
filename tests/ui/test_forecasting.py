"""Honest forecasts (game/ui/forecasting.py), headless: the chance after a move and after the best reply."""

import json

import pytest

import game
from game.engine.actions import CallVote, Pass, Stall
from game.ui.forecasting import option_outcomes, outlook


@pytest.fixture(scope="module")
def scenario():
    return game.load_scenario("1957")


def called(scenario, seed=1):
    g = game.new_game(scenario, seed=seed)
    g.apply(CallVote("group", "remove_khrushchev"))
    return g


def test_an_adjournment_is_judged_by_the_chance_of_passing_today(scenario):
    g = called(scenario)
    stall = next(a for a in g.legal_actions() if a.kind == "stall")
    o = outlook(g, "khrushchev", stall, "remove_khrushchev")
    assert o.today and o.meaning == "chance it passes today"
    assert o.after < o.wait - 0.2          # a successful adjournment cancels today's vote
    assert not o.no_effect


def test_the_opponent_replies_before_the_vote_and_the_reply_is_named(scenario):
    g = called(scenario)
    lobby = next(a for a in g.legal_actions() if a.kind == "lobby")
    o = outlook(g, "khrushchev", lobby, "remove_khrushchev")
    assert o.reply is not None and o.reply_label and o.worlds == 4
    before = json.dumps(g.to_json(), sort_keys=True)
    outlook(g, "khrushchev", lobby, "remove_khrushchev")
    assert json.dumps(g.to_json(), sort_keys=True) == before        # the real game is untouched


def test_a_show_of_force_after_the_adjournment_is_flagged_as_having_no_effect(scenario):
    g = called(scenario)
    g.apply(Stall("khrushchev", "presidium"))
    assert g.stalled == ["presidium"]           # seed 1: the chair agrees
    g.apply(Pass("group"))
    threat = next(a for a in g.legal_actions() if a.kind == "threaten")
    assert "change nothing" in outlook(g, "khrushchev", threat, "remove_khrushchev").no_effect
    lobby = next(a for a in g.legal_actions() if a.kind == "lobby")
    assert not outlook(g, "khrushchev", lobby, "remove_khrushchev").no_effect


def test_a_show_of_force_before_the_vote_is_not_flagged(scenario):
    g = called(scenario)
    threat = next(a for a in g.legal_actions() if a.kind == "threaten")
    assert not outlook(g, "khrushchev", threat, "remove_khrushchev").no_effect


def test_each_option_of_a_decision_shows_its_price_and_its_end(scenario):
    from game.ai import make_policy
    g = game.new_game(scenario, seed=3)
    players = {s.id: make_policy("historical", 3) for s in scenario.sides}
    while not (g.pending and g.pending["side"] == "khrushchev" and "submit" in g.pending_options()):
        assert not g.is_over()
        g.apply(players[g.to_move].choose(g))
    opts = option_outcomes(g, "khrushchev", "remove_khrushchev")
    assert opts["refuse"]["legitimacy"] == pytest.approx(0.1, abs=1e-6)
    assert opts["refuse"]["ends"] == 0.0
    assert opts["submit"]["ends"] == 1.0 and opts["submit"]["wins"] == 0.0
