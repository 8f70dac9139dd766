"""Damaged saves: any mutation of a real save either loads the same game or raises SaveError.

Never another exception, never a different game passed off as the saved one.
"""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import game
from game.ai import RandomPolicy
from game.saves import SaveError, load_game, save_data

from .common import SCENARIO, bounded, position, snapshot


def _saved():
    g = game.new_game(SCENARIO, seed=12)
    policy = RandomPolicy(5)
    for _ in range(8):
        g.apply(policy.choose(g))
    return g, save_data(g)


GAME, DATA = _saved()
TEXT = json.dumps(DATA)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node[:6]):          # the first few items of long lists are enough
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(DATA) if p and "log" not in p and "pop" not in p][:4000]


def _load(raw: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "save.json"
        path.write_bytes(raw)
        try:
            return load_game(path, scenario=SCENARIO)
        except SaveError as exc:
            assert str(exc).startswith(str(path)), exc
            return None


def _check(loaded):
    if loaded is not None:
        # Whatever was changed, what loads is the saved game, exactly; at most without the right to undo.
        assert position(loaded) == position(GAME)
        assert loaded.can_undo() <= GAME.can_undo()


@bounded(max_examples=80)
@given(path=st.sampled_from(PATHS), value=json_values, delete=st.booleans())
def test_a_changed_field_is_caught_or_harmless(path, value, delete):
    data = json.loads(TEXT)
    node = data
    for key in path[:-1]:
        node = node[key]
    if delete and isinstance(node, dict):
        del node[path[-1]]
    else:
        node[path[-1]] = value
    _check(_load(json.dumps(data).encode("utf-8")))


@bounded(max_examples=60)
@given(cut=st.integers(0, len(TEXT) - 1), flip=st.integers(0, 255), mode=st.sampled_from(["cut", "flip"]))
def test_truncated_or_corrupted_bytes_are_caught_or_harmless(cut, flip, mode):
    raw = bytearray(TEXT.encode("utf-8"))
    if mode == "cut":
        raw = raw[:cut]
    else:
        raw[cut] ^= flip or 1
    _check(_load(bytes(raw)))


def test_the_unmutated_save_loads():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "save.json"
        path.write_text(TEXT, encoding="utf-8")
        assert snapshot(load_game(path)) == snapshot(GAME)
    with pytest.raises(SaveError):
        _load_raw_or_raise(b"")


def _load_raw_or_raise(raw: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "save.json"
        path.write_bytes(raw)
        return load_game(path, scenario=SCENARIO)
