"""[words]: the prose the rules write comes from the scenario, checked like every other field."""

import pytest

from game.engine import Game, GameBatch
from game.scenario.errors import ScenarioError
from game.scenario.loader import load_scenario

BASE = """extends = "{base}"
[scenario]
id = "words_test"
title = "Words"
{extra}
"""


def _variant(tmp_path, words: str):
    import shutil
    from game.scenario.loader import SCENARIO_DIR
    shutil.copy(SCENARIO_DIR / "1957.toml", tmp_path / "base.toml")
    path = tmp_path / "variant.toml"
    path.write_text(BASE.format(base="base.toml", extra="[words]\n" + words), encoding="utf-8")
    return path


def test_force_and_fates_read_the_scenarios_words(tmp_path):
    s = load_scenario(_variant(tmp_path, 'force_won_title = "{side} calls out the guard"\n'
                                         'force_failed_title = "{side} is undone"\n'
                                         'fate_wavered = "Sat on the fence."\n'
                                         'fate_with_winner = "Rode with {winner}."\n'
                                         'fate_against_winner = "Rode against {winner}."\n'
                                         'members_presidium_full = "the Politburo"\n'))
    titles = {o.id: o.title for o in GameBatch.new(s, games=1).outcomes}
    assert titles["force:group"] == f"{s.side('group').name} calls out the guard"
    assert titles["force_failed:khrushchev"] == f"{s.side('khrushchev').name} is undone"
    assert s.words.members("presidium:full") == "the Politburo"
    # Actors with no fates of their own get the scenario's words.
    from dataclasses import replace
    from game.ai.policies import RandomPolicy
    bare = replace(s, actors=tuple(replace(a, fates={}) for a in s.actors))
    g = Game.new(bare, seed=1)
    policies = {side.id: RandomPolicy(i) for i, side in enumerate(bare.sides)}
    while not g.is_over():
        g.apply(policies[g.to_move].choose(g))
    out = g.outcome()
    assert out.winner is not None
    winner = bare.side(out.winner).name
    allowed = {"Sat on the fence.", f"Rode with {winner}.", f"Rode against {winner}."}
    assert {f.text for f in out.epilogue} <= allowed
    assert len({f.text for f in out.epilogue}) >= 2


@pytest.mark.parametrize("words, message", [
    ('force_won = "{side} and {army}"', "{army}"),
    ('fate_truce = "{winner} wins"', "may use only {his} placeholders, not {winner}"),
    ('capital = "{winner} town"', "no placeholders"),
    ('reveal_read = "{leader} reads"', "{leader}"),
    ('fate_wavered = "unbalanced {"', "literal brace"),
    ('members_cc = ""', "at least 1 character"),
    ('no_such_word = "x"', "no_such_word"),
])
def test_bad_words_are_refused_with_the_field_named(tmp_path, words, message):
    with pytest.raises(ScenarioError) as err:
        load_scenario(_variant(tmp_path, words + "\n"))
    assert "words" in str(err.value) and message in str(err.value)


def test_revelations_and_signatures_read_the_scenarios_words(tmp_path):
    s = load_scenario(_variant(tmp_path, 'reveal_action = "Open the file on {target}"\n'
                                         'reveal_read = "The file on {target} is opened."\n'
                                         'reveal_backfire = "The file on {target} names {leader} too."\n'
                                         'signatures = "{count} more names ({total} in all)."\n'))
    from game.ai.policies import RandomPolicy, make_policy
    listed, logged = set(), []
    for seed in range(1, 9):                         # random play reveals; history's line gathers signatures
        g = Game.new(s, seed=seed)
        policies = {side.id: make_policy("historical", seed) if seed == 1 else RandomPolicy(seed + i)
                    for i, side in enumerate(s.sides)}
        while not g.is_over():
            listed |= {a.describe(g) for a in g.legal_actions() if a.kind == "reveal"}
            g.apply(policies[g.to_move].choose(g))
        logged += [e.text for side in s.sides for e in g.log_for(side.id)]
    assert listed and all(text.startswith("Open the file on ") for text in listed)
    assert any(text.endswith(" is opened.") for text in logged)
    assert any(" names " in text and text.endswith(" too.") for text in logged)
    assert any(" more names (" in text for text in logged)
    assert not any("purge lists" in text or "signatures on the demand" in text for text in logged)


def test_the_capital_and_the_demand_are_the_scenarios_words(tmp_path):
    s = load_scenario(_variant(tmp_path, 'capital = "Leningrad"\ndemand = "the petition to convene the {body}"\n'
                                         'signatures = "{count} more names ({total} in all)."\n'))
    from game.ai.policies import make_policy
    logged = []
    for seed in (1, 2):                                 # history's line flies members in and gathers signatures
        g = Game.new(s, seed=seed)
        policies = {side.id: make_policy("historical", seed) for side in s.sides}
        while not g.is_over():
            g.apply(policies[g.to_move].choose(g))
        logged += [e.text for side in s.sides for e in g.log_for(side.id)]
    text = "\n".join(logged)
    assert "Moscow" not in text, [t for t in logged if "Moscow" in t]
    assert "demand for a" not in text
    assert "to Leningrad." in text and "members set off for Leningrad." in text
    assert "sign the petition to convene the " in text and "The petition to convene the " in text


def test_a_side_with_a_plural_name_takes_a_plural_verb():
    """``plural = true``: "Gomulka's reformers move", "have", "are"; a singular name keeps "moves"."""
    from pathlib import Path

    from game.ai.policies import RandomPolicy
    warsaw = load_scenario(Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_warsaw.toml")
    reformers, natolin = warsaw.sides
    assert reformers.plural and not natolin.plural
    assert reformers.does("moves") == "Gomulka's reformers move" and reformers.does("has") == "Gomulka's reformers have"
    assert reformers.does("is") == "Gomulka's reformers are" and natolin.does("moves") == "The Natolin group moves"
    lines = []
    for seed in range(6):
        g = Game.new(warsaw, seed=seed)
        players = {s.id: RandomPolicy(seed) for s in warsaw.sides}
        while not g.is_over():
            g.apply(players[g.to_move].choose(g))
        lines += [e.text for e in g.log]
    assert any(t.startswith("Gomulka's reformers move: ") for t in lines)
    assert not [t for t in lines if t.startswith(("Gomulka's reformers moves", "Gomulka's reformers offers",
                                                  "Gomulka's reformers makes", "Gomulka's reformers learns"))]
