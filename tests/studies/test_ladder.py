"""The AI ladder: openskill ratings of every policy on a scenario, from both seats."""

from __future__ import annotations

import json

import pytest

import game
from game.cli import main
from game.studies.ladder import ladder, pairing_seed


def test_a_ladder_rates_each_policy_from_both_seats_and_is_reproducible():
    scenario = game.load_scenario("1957")
    tables = ladder([scenario], ["random", "historical"], games=12, seed=3)
    assert ladder([scenario], ["random", "historical"], games=12, seed=3) == tables
    t = tables[0]
    assert t["scenario"] == "1957" and t["games"] == 12 * 4 and set(t["seats"]) == {"khrushchev", "group"}
    for r in t["ratings"]:
        lo, hi = r["ci95"]
        assert lo < r["mu"] < hi and r["ordinal"] == pytest.approx(r["mu"] - 3 * r["sigma"], abs=3e-3)
    # the win shares it shows are those of plain simulate with the pairing's seed
    plain = game.simulate(scenario, runs=12, policies={"khrushchev": "historical", "group": "random"},
                          seed=pairing_seed(3, "1957", "historical", "random"))
    both = game.simulate(scenario, runs=12, policies="historical", seed=pairing_seed(3, "1957", "historical",
                                                                                    "historical"))
    row = next(r for r in t["ratings"] if r["policy"] == "historical")
    assert row["win_as_khrushchev"] == pytest.approx((plain.wins["khrushchev"] + both.wins["khrushchev"]) / 24,
                                                     abs=1e-4)
    assert [r["ordinal"] for r in t["ratings"]] == sorted((r["ordinal"] for r in t["ratings"]), reverse=True)


def test_a_policy_that_wins_more_from_both_seats_rates_higher():
    scenario = game.load_scenario("1957")
    t = ladder([scenario], ["historical", "random"], games=30, seed=1)[0]
    by = {r["policy"]: r for r in t["ratings"]}
    better, worse = by["historical"], by["random"]
    assert better["win_as_khrushchev"] > worse["win_as_khrushchev"] and better["win_as_group"] > worse["win_as_group"]
    assert better["mu"] > worse["mu"] and better["ci95"][0] > worse["ci95"][1]
    assert t["ratings"][0]["policy"] == "historical"


def test_the_ladder_command(capsys):
    assert main(["ladder", "--scenario", "1957", "--policies", "random,historical", "--games", "4", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ladders"][0]["scenario"] == "1957" and len(out["ladders"][0]["ratings"]) == 2
    assert main(["ladder", "--scenario", "1957", "--policies", "random,historical", "--games", "4"]) == 0
    assert "rating" in capsys.readouterr().out
    for argv, words in ((["ladder", "--policies", "random,clever"], "unknown policy"),
                        (["ladder", "--policies", "random"], "at least two"),
                        (["ladder", "--games", "0"], "--games"),
                        (["ladder", "--scenario", "nowhere"], "nowhere")):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err


@pytest.mark.parametrize("given", ["", " , "])
def test_an_empty_list_of_policies_is_refused_not_read_as_all(capsys, given):
    """Found by the second hostile sweep: --policies "" started the whole default ladder (every policy)."""
    assert main(["ladder", "--scenario", "1957", "--policies", given, "--games", "1"]) == 2
    assert "--policies: unknown policy ''" in capsys.readouterr().err
