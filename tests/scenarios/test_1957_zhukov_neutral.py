"""The counterfactual variant: a small file extending 1957 changes the odds, not the rules."""

import game

RUNS = 150


def test_the_variant_extends_1957_and_overrides_only_what_it_names():
    base, variant = game.load_scenario("1957"), game.load_scenario("zhukov_neutral")
    assert variant.id == "1957_zhukov_neutral" and "anti_party_group" not in variant.aliases
    assert variant.actor("zhukov").stance == 0.0 and base.actor("zhukov").stance > 0.5
    assert variant.actor("zhukov").bio == base.actor("zhukov").bio          # merged by id, not replaced
    assert variant.institutions == base.institutions     # only Zhukov changes: his aircraft follow him
    events = {e.id for e in variant.events}
    assert "not_a_single_tank" not in events and "marshals_wait" in events  # removed, added
    assert {e.id for e in base.events} - events == {"not_a_single_tank"}
    assert len(variant.actors) == len(base.actors) and variant.calendar == base.calendar


def test_without_zhukov_the_group_has_a_real_chance():
    base = game.simulate("1957", runs=RUNS, policies="historical", seed=1)
    variant = game.simulate("1957_zhukov_neutral", runs=RUNS, policies="historical", seed=1)
    assert variant.win_rate("group") >= 0.3
    assert variant.win_rate("group") >= base.win_rate("group") + 0.25
