"""History comes out of the model: the 1957 record under the historical policy.

Record (Tompson; Kramer): the Presidium voted 7-4 to remove Khrushchev; the CC
plenum overturned it and expelled the group, unanimously or nearly so.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import game

ROOT = Path(__file__).resolve().parents[2]
RUNS = 200


@pytest.fixture(scope="module")
def historical():
    return game.simulate("1957", runs=RUNS, policies="historical", seed=1)


def test_presidium_removes_khrushchev_near_7_to_4(historical):
    v = historical.votes["remove_khrushchev"].to_json(RUNS)
    assert v["passed_share"] >= 0.75
    assert 5.8 <= v["mean_yes"] <= 7.6 and 3.4 <= v["mean_no"] <= 5.0


def test_plenum_overturns_nearly_unanimously_and_expels_the_group(historical):
    v = historical.votes["expel_group"].to_json(RUNS)
    assert v["passed_share"] >= 0.8
    assert v["yes_share"] >= 0.9
    assert historical.outcomes.get("khrushchev_triumph", 0) >= 0.8 * RUNS


def test_weaker_zhukov_and_serov_raise_the_groups_chances(historical):
    weak = game.simulate("1957", runs=RUNS, policies="historical", seed=1,
                         overrides=["actors.zhukov.stance=0.1", "actors.serov.stance=0.1"])
    assert weak.win_rate("group") >= historical.win_rate("group") + 0.2


def test_simulate_cli_prints_one_json_object():
    out = subprocess.run([sys.executable, "main.py", "simulate", "1957", "--runs", "20", "--seed", "1",
                          "--policy", "historical", "--json"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["runs"] == 20 and data["seed"] == 1
    assert sum(data["wins"].values()) == 20
    assert set(data["votes"]["remove_khrushchev"]) >= {"mean_yes", "mean_no", "mean_abstain", "passed_share"}


def test_simulate_is_reproducible():
    a = game.simulate("1957", runs=10, policies="random", seed=4).to_json()
    b = game.simulate("1957", runs=10, policies="random", seed=4).to_json()
    assert a == b


def test_simulate_cli_bad_policy_exits_2():
    out = subprocess.run([sys.executable, "main.py", "simulate", "1957", "--policy", "psychic"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "psychic" in out.stderr and "Traceback" not in out.stderr
