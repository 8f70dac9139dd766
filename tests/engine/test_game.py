"""The game's public API: legal actions, apply, errors, determinism, JSON round trip."""

import json

import numpy as np
import pytest

import game
from game.ai import RandomPolicy
from game.engine import (
    Airlift, CallVote, GameOverError, IllegalActionError, InvalidActionError, Lobby, Pass, Stall,
    action_from_json,
)
from game.sim import play_game


def test_new_game_starts_with_the_group_to_move(g1957):
    assert g1957.to_move == "group"
    assert g1957.date == "1957-06-18"
    assert g1957.outcome() is None
    assert g1957.people.size == 24 + 109 + 122  # named actors + CC blocs


def test_legal_actions_are_typed_with_cost_and_label(g1957):
    actions = g1957.legal_actions()
    assert any(isinstance(a, CallVote) and a.motion == "remove_khrushchev" for a in actions)
    for a in actions:
        assert a.side == "group"
        assert a.label
        assert a.cost <= g1957.capital("group")


def test_preview_states_cost_effect_and_odds(g1957):
    p = g1957.preview(Lobby("group", "pervukhin"))
    assert p.cost == 1 and 0 < p.odds < 1 and "Pervukhin" in p.effect


@pytest.mark.parametrize("action, error", [
    (Lobby("khrushchev", "bulganin"), IllegalActionError),     # wrong side
    (Lobby("group", "nobody"), InvalidActionError),            # unknown target
    (Stall("group", "presidium"), IllegalActionError),         # nothing on the agenda
    (CallVote("group", "expel_group"), IllegalActionError),    # the plenum does not sit
    (Airlift("group", "regional_secretaries"), IllegalActionError),  # no aircraft
])
def test_illegal_actions_raise_and_change_nothing(g1957, action, error):
    before = json.dumps(g1957.to_json(), sort_keys=True)
    with pytest.raises(error):
        g1957.apply(action)
    assert json.dumps(g1957.to_json(), sort_keys=True) == before
    assert issubclass(error, ValueError)


def test_unaffordable_action_is_refused(g1957):
    g1957.batch.capital[g1957.row, 1] = 0
    with pytest.raises(IllegalActionError, match="costs"):
        g1957.apply(Lobby("group", "pervukhin"))


def test_apply_returns_the_events_it_caused(g1957):
    events = g1957.apply(CallVote("group", "remove_khrushchev"))
    assert events[0].kind == "action"
    assert g1957.to_move == "khrushchev"
    assert g1957.agenda == [{"motion": "remove_khrushchev", "called_by": "group"}]


def test_action_json_round_trip_and_malformed_actions():
    a = Lobby("group", "pervukhin")
    assert action_from_json(a.to_json()) == a
    with pytest.raises(InvalidActionError):
        action_from_json({"kind": "bribe", "side": "group"})
    with pytest.raises(InvalidActionError):
        action_from_json({"kind": "lobby", "side": "group", "target": "x", "extra": 1})


def _play(scenario, seed, policy_seed):
    pols = {"khrushchev": RandomPolicy(policy_seed), "group": RandomPolicy(policy_seed + 1)}
    return play_game(scenario, seed, pols)


def test_same_seed_and_actions_give_the_same_game(s1957):
    a = _play(s1957, 11, 5)
    b = game.new_game(s1957, seed=11)
    for act in a.actions:
        b.apply(act)
    assert json.dumps(a.to_json(), sort_keys=True) == json.dumps(b.to_json(), sort_keys=True)
    assert [e.text for e in a.log] == [e.text for e in b.log]


def test_state_round_trips_through_json_and_play_continues_identically(s1957):
    g = game.new_game(s1957, seed=3)
    pol = RandomPolicy(9)
    for _ in range(15):
        if g.is_over():
            break
        g.apply(pol.choose(g))
    text = json.dumps(g.to_json())
    h = game.Game.from_json(s1957, json.loads(text))
    assert json.dumps(h.to_json()) == text
    pa, pb = RandomPolicy(4), RandomPolicy(4)
    while not g.is_over():
        g.apply(pa.choose(g))
        h.apply(pb.choose(h))
    assert h.is_over() and json.dumps(h.to_json()) == json.dumps(g.to_json())


def test_clone_is_independent(g1957):
    c = g1957.clone()
    c.apply(CallVote("group", "remove_khrushchev"))
    assert g1957.agenda == [] and len(c.agenda) == 1


def test_finished_game_refuses_actions(s1957):
    g = _play(s1957, 2, 2)
    assert g.is_over() and g.legal_actions() == []
    with pytest.raises(GameOverError):
        g.apply(Pass("khrushchev"))


@pytest.mark.parametrize("seed", range(12))
def test_random_playouts_keep_invariants_and_end(s1957, seed):
    g = game.new_game(s1957, seed=seed)
    pols = {"khrushchev": RandomPolicy(seed * 2), "group": RandomPolicy(seed * 2 + 1)}
    steps = 0
    while not g.is_over():
        legal = g.legal_actions()
        assert legal, "a live game always offers an action"
        g.apply(pols[g.to_move].choose(g))
        pop = g.people
        assert np.all(np.abs(pop.stance) <= 1.0)
        assert np.all(pop.days_away >= 0)
        assert all(0.0 <= v <= 1.0 for v in (g.legitimacy(s.id) for s in s1957.sides))
        assert all(0 <= v <= s1957.rules.capital_cap for v in (g.capital(s.id) for s in s1957.sides))
        steps += 1
        assert steps < 500
    for v in g.votes:
        present = g.voter_mask(v.body).sum() - v.absent
        assert v.yes + v.no + v.abstain == present
    out = g.outcome()
    assert out.winner in ("khrushchev", "group", None)
    assert len(out.epilogue) == len(s1957.actors)


def test_forecast_is_repeatable_and_leaves_the_game_alone(g1957):
    before = json.dumps(g1957.to_json(), sort_keys=True)
    f1 = g1957.forecast("remove_khrushchev", side="group")
    f2 = g1957.forecast("remove_khrushchev", side="group")
    assert f1 == f2
    assert 0.0 <= f1.probability <= 1.0
    assert json.dumps(g1957.to_json(), sort_keys=True) == before


def test_fog_of_war_serov_warning_reveals_the_presidium(g1957):
    k = {v.actor: v for v in g1957.forecast("remove_khrushchev", side="khrushchev").voters}
    grp = {v.actor: v for v in g1957.forecast("remove_khrushchev", side="group").voters}
    assert "serov_warns" in g1957.fired
    assert k["bulganin"].known and not grp["bulganin"].known
    assert grp["bulganin"].p_high - grp["bulganin"].p_low > k["bulganin"].p_high - k["bulganin"].p_low


def test_without_serov_khrushchev_misjudges_bulganin():
    s = game.load_scenario("1957", overrides=["actors.serov.stance=0.0"])
    g = game.new_game(s, seed=7)
    assert "serov_warns" not in g.fired
    k = {v.actor: v for v in g.forecast("remove_khrushchev", side="khrushchev").voters}
    truth = g.explain("remove_khrushchev", "bulganin")["p_yes"]
    assert k["bulganin"].p_yes < truth - 0.2  # he believes his travelling companion loyal


def test_undo_takes_back_a_move_that_revealed_nothing(g1957):
    before = json.dumps(g1957.to_json(), sort_keys=True)
    g1957.apply(CallVote("group", "remove_khrushchev"))
    assert g1957.can_undo()
    g1957.undo()
    assert json.dumps(g1957.to_json(), sort_keys=True) == before
    assert not g1957.can_undo()


def test_undo_refuses_a_move_that_drew_chance(g1957):
    g1957.apply(Lobby("group", "pervukhin"))   # a dice roll: its result is information
    assert not g1957.can_undo()
    with pytest.raises(IllegalActionError):
        g1957.undo()


def test_each_side_sees_only_its_own_secrets_in_the_log(g1957):
    g1957.apply(Lobby("group", "pervukhin"))           # lobbying is done in private
    group_view = [e.text for e in g1957.log_for("group")]
    khr_view = [e.text for e in g1957.log_for("khrushchev")]
    assert any("Pervukhin" in t for t in group_view)
    assert not any("Pervukhin" in t for t in khr_view)
    # Serov's warning is Khrushchev's secret; Shepilov's turn is the group's.
    assert any("Serov warns" in t for t in khr_view) and not any("Serov warns" in t for t in group_view)
    assert any("Shepilov joins" in t for t in group_view) and not any("Shepilov joins" in t for t in khr_view)
    # Public business is seen by both sides.
    public = [e.text for e in g1957.log if e.audience is None]
    assert all(t in group_view and t in khr_view for t in public)


def test_legal_actions_judge_opponents_by_estimate_not_truth(g1957):
    from game.engine import RevealMaterial
    k = g1957.scenario.side_index("group")
    i = g1957.actor_index("mikoyan")
    g1957.people.stance[i] = -0.9          # secretly turned to the group, which does not know it
    assert g1957.believed_stance("group", i) > 0     # the group still takes him for Khrushchev's man
    assert RevealMaterial("group", "mikoyan") in g1957.legal_actions()
    g1957.batch.est_mean[g1957.row, k, i] = -0.5         # once the group believes him a friend, it is not offered
    assert RevealMaterial("group", "mikoyan") not in g1957.legal_actions()
