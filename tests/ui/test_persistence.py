"""Saves: atomic, versioned, in the data directory given by ANTI_PARTY_GROUP_HOME."""

import json

import pytest

from game.ui import persistence
from game.ui.session import HUMAN, Session


def test_data_dir_follows_the_environment(private_home):
    assert persistence.data_dir() == private_home
    assert persistence.saves_dir() == private_home / "saves"


def test_atomic_write_leaves_no_temp_files(tmp_path):
    path = tmp_path / "a" / "x.json"
    persistence.write_json_atomic(path, {"k": "Хрущёв"})
    persistence.write_json_atomic(path, {"k": 2})
    assert json.loads(path.read_text(encoding="utf-8")) == {"k": 2}
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]


def test_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "x.json"
    persistence.write_json_atomic(path, {"k": 1})
    with pytest.raises(TypeError):
        persistence.write_json_atomic(path, {"k": object()})
    assert json.loads(path.read_text()) == {"k": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_save_round_trip_restores_game_and_players():
    s = Session.new("1957", "group", "random", seed=11)
    for _ in range(5):
        if s.computer_to_move():
            s.computer_step()
        else:
            s.apply(s.game.legal_actions()[-1])
    path = s.save("test")
    data = persistence.read_save(path)
    assert data["version"] == 1 and data["scenario"] == "1957" and data["seed"] == 11
    assert data["actions"] == s.game.state.actions
    back = Session.from_save(data)
    assert back.game.to_json() == s.game.to_json()
    assert back.controllers == {"group": HUMAN, "khrushchev": "random"}
    assert back.viewer == "group"
    assert {i.name for i in persistence.list_saves()} == {"test", "autosave"}


@pytest.mark.parametrize("content, message", [
    ("not json", "not a readable save"),
    ('{"version": 99}', "version 99"),
    ('{"version": 1, "scenario": "1957"}', "no 'seed'"),
])
def test_bad_saves_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(persistence.SaveError, match=message):
        persistence.read_save(path)


def test_autosave_each_new_day_and_never_after_the_end():
    s = Session.new("1957", "khrushchev", "historical", seed=3)
    assert not persistence.autosave_path().exists()
    start_turn = s.game.turn
    while s.game.turn == start_turn:
        if s.computer_to_move():
            s.computer_step()
        else:
            s.apply(next(a for a in s.game.legal_actions() if a.kind in ("pass", "choose")))
    data = persistence.read_save(persistence.autosave_path())
    assert data["state"]["state"]["turn"] == s.game.turn


def test_settings_round_trip():
    assert persistence.load_settings() == persistence.DEFAULT_SETTINGS
    persistence.store_settings({**persistence.DEFAULT_SETTINGS, "computer_delay": 0.3})
    assert persistence.load_settings()["computer_delay"] == 0.3


def test_the_viewers_forecast_is_kept_for_the_vote_it_foresaw():
    s = Session.computer_vs_computer("1957", "historical", seed=7)
    s.autosave = False
    while not s.game.votes:
        s.computer_step()
    vote = s.game.votes[0]
    assert 0.0 <= s.expectations[vote.motion] <= 1.0
