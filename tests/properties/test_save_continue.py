"""Save → load → continue equals continue, from any position, by any route."""

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import game
from game.saves import load_game, save_game

from .common import SCENARIO, bounded, position, seeds, snapshot


@bounded(max_examples=30)
@given(seed=seeds, data=st.data(), verify=st.booleans())
def test_save_load_continue_equals_continue(seed, data, verify):
    g = game.new_game(SCENARIO, seed=seed)
    for _ in range(data.draw(st.integers(0, 40), label="before")):
        if g.is_over():
            break
        if g.can_undo() and data.draw(st.booleans(), label="undo"):
            g.undo()                  # the player takes a move back, as the board allows
            continue
        actions = g.legal_actions()
        g.apply(actions[data.draw(st.integers(0, len(actions) - 1), label="action")])
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_game(save_game(g, Path(folder) / "save.json"), verify=verify)
    assert position(loaded) == position(g)
    # A save may take away the right to undo the last action (always, if not verified), never grant it.
    assert loaded.can_undo() <= g.can_undo() and (verify or not loaded.can_undo())
    moved = False
    for _ in range(data.draw(st.integers(0, 40), label="after")):
        if g.is_over():
            break
        actions = g.legal_actions()
        assert loaded.legal_actions() == actions
        choice = actions[data.draw(st.integers(0, len(actions) - 1), label="action")]
        assert loaded.apply(choice) == g.apply(choice)
        moved = True
    assert position(loaded) == position(g)
    if moved:
        assert snapshot(loaded) == snapshot(g)      # the next action decides undo afresh, for both
    assert loaded.outcome() == g.outcome()
