"""An outside power: an actor with no seat anywhere, a power base of its own, and an institution backing a side."""

from pathlib import Path

import pytest

import game
from game.scenario import ScenarioError

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = '''
[[actors]]
id = "mao"
name = "Mao Zedong"
stance = -0.8
power = { beijing = 1.0 }

[[institutions]]
id = "pla"
name = "the People's Liberation Army"
commander = "mao"
power_base = "beijing"
strength = 1.0
'''


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "outside.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _with_outside_power(values: str) -> str:
    src = (ROOT / "scenarios" / "1957.toml").read_text(encoding="utf-8")
    old = "power_values = { apparatus = 2.0, state = 1.5, army = 1.0, security = 1.0 }"
    assert old in src
    return src.replace(old, f"power_values = {{ {values} }}") + OUTSIDE


def test_an_outside_power_pays_and_backs_the_side_it_leans_to(tmp_path):
    plain = game.new_game("1957", seed=1)
    sc = game.load_scenario(str(_write(tmp_path, _with_outside_power(
        "apparatus = 2.0, state = 1.5, army = 1.0, security = 1.0, beijing = 3.0"))))
    assert sc.power_bases[-1] == "beijing"
    g = game.new_game(sc, seed=1)
    assert g.actor_index("mao") >= 0 and g.membership_level(g.actor_index("mao"), "cc") == "none"
    assert g.backing("group", "pla") == pytest.approx(0.8)
    assert g.backing("khrushchev", "pla") == 0.0
    assert g.income("group") >= plain.income("group") + 2          # his base (worth 3) leans 0.8 to the group
    assert g.force_power("group") > plain.force_power("group")


def test_a_power_base_nobody_declared_is_named_with_its_place(tmp_path):
    text = _with_outside_power("apparatus = 2.0, state = 1.5, army = 1.0, security = 1.0")
    with pytest.raises(ScenarioError) as err:
        game.load_scenario(str(_write(tmp_path, text)))
    message = str(err.value)
    assert "unknown power 'beijing'" in message and "actors[24].power.beijing" in message
    assert "institutions[2].power_base" in message
