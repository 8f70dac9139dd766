"""Offers that make sense, decided once in the engine: no post to its holder, none of one's own leader's."""

import game
from game.engine.actions import PromisePost


def promises(scenario, side):
    return [a for a in game.new_game(scenario, seed=1).action_space(side) if isinstance(a, PromisePost)]


def test_no_post_is_offered_to_its_holder_or_by_its_holders_side():
    for sid in ("1957", "1964"):
        s = game.load_scenario(sid)
        holders = {p.id: p.holder for p in s.posts}
        for side in s.sides:
            for a in promises(s, side.id):
                assert a.target != holders[a.post], (sid, a)
                assert holders[a.post] != side.leader, (sid, a)
                assert a.target not in {sd.leader for sd in s.sides}, (sid, a)


def test_1957_the_senseless_offers_of_the_playtest_are_gone():
    s = game.load_scenario("1957")
    mine = {(a.target, a.post) for a in promises(s, "khrushchev")}
    theirs = {(a.target, a.post) for a in promises(s, "group")}
    assert not any(post == "first_secretary" for _, post in mine)       # Khrushchev's own chair
    assert ("bulganin", "premier") not in theirs                        # Bulganin holds it
    assert ("bulganin", "first_secretary") in theirs                    # the group's real offer
    assert mine and theirs


def test_an_unknown_holder_is_refused_with_its_place(tmp_path):
    text = open("scenarios/1957.toml", encoding="utf-8").read().replace('holder = "bulganin"', 'holder = "nobody"')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    try:
        game.load_scenario(path)
    except game.ScenarioError as exc:
        assert "posts" in str(exc) and "holder" in str(exc) and "nobody" in str(exc)
    else:
        raise AssertionError("an unknown holder was accepted")
