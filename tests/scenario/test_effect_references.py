"""Cross-references inside effects: a membership's 'body' is a kind of membership, its 'actor' an id."""

import pytest

from game.scenario.errors import ScenarioError
from game.scenario.loader import SCENARIO_DIR, load_scenario

BASE = (SCENARIO_DIR / "1957.toml").read_text(encoding="utf-8")
ANCHOR = '  { membership = { actor = "shepilov", body = "presidium", level = "none" } },\n'


def _with(tmp_path, extra: str):
    assert ANCHOR in BASE
    path = tmp_path / "x.toml"
    path.write_text(BASE.replace(ANCHOR, ANCHOR + extra, 1), encoding="utf-8")
    return path


def test_expelling_from_the_central_committee_is_accepted(tmp_path):
    s = load_scenario(_with(tmp_path, '  { membership = { actor = "molotov", body = "cc", level = "none" } },\n'))
    expel = next(m for m in s.motions if m.id == "expel_group")
    assert {"membership": {"actor": "molotov", "body": "cc", "level": "none"}} in expel.on_pass


def test_an_unknown_actor_in_a_membership_effect_is_reported(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(_with(tmp_path, '  { membership = { actor = "molotoff", body = "cc", level = "none" } },\n'))
    (p,) = info.value.problems
    assert p.field.endswith(".membership.actor") and "unknown actor 'molotoff'" in p.message


def test_a_membership_of_an_unknown_kind_is_refused(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(_with(tmp_path, '  { membership = { actor = "molotov", body = "politburo", level = "none" } },\n'))
    assert any("membership.body" in p.field for p in info.value.problems)
