"""The desktop game's saves: written and read by game.saves only, off the frame loop, replayable by the CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game import saves
from game.ui import persistence
from game.ui.scenes.board import BoardScene
from game.ui.scenes.summary import SummaryScene
from game.ui.scenes.menus import TitleScene
from game.ui.session import HUMAN, Session

from .conftest import pump
from .test_scenes import start_board

ROOT = Path(__file__).resolve().parents[2]


def play(s, moves):
    for _ in range(moves):
        if s.game.is_over():
            return
        if s.computer_to_move():
            s.computer_step()
        else:
            s.apply(s.game.legal_actions()[-1])


def replay_cli(path):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "replay", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_data_dir_follows_the_environment(private_home):
    assert persistence.data_dir() == private_home
    assert persistence.saves_dir() == private_home / "saves"


def test_save_round_trip_restores_game_players_and_view():
    s = Session.new("1957", "group", "random", seed=11)
    play(s, 5)
    path = s.save("test")
    info = saves.read_save(path)        # the one save format of the project
    assert info.scenario_id == "1957" and info.seed == 11 and info.actions == s.game.action_count
    assert info.meta["players"] == {"group": HUMAN, "khrushchev": "random"}
    back = Session.load(path)
    assert back.game.to_json() == s.game.to_json()
    assert back.controllers == {"group": HUMAN, "khrushchev": "random"}
    assert back.viewer == "group" and back.policy_seed == s.policy_seed
    s.saver.flush()
    names = {i.name for i in persistence.list_saves()}
    assert "test" in names and any(n.startswith(saves.AUTOSAVE_PREFIX) for n in names)


@pytest.mark.parametrize("content, message", [
    ("not json", "not valid JSON"),
    ('{"version": 1, "scenario": "1957", "seed": 1, "actions": [], "state": {}}', "not a save of this game"),
])
def test_bad_saves_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(saves.SaveError, match=message):
        Session.load(path)


def test_autosave_each_new_day_in_the_background_with_rotation(monkeypatch):
    monkeypatch.setattr(persistence, "AUTOSAVE_KEEP", 2)
    s = Session.new("1957", "khrushchev", "historical", seed=3)
    assert persistence.autosaves() == []
    turns = []
    while len(turns) < 3 and not s.game.is_over():
        start_turn = s.game.turn
        while s.game.turn == start_turn and not s.game.is_over():
            if s.computer_to_move():
                s.computer_step()
            else:
                s.apply(next(a for a in s.game.legal_actions() if a.kind in ("pass", "choose")))
        turns.append(s.game.turn)
    assert s.saver.flush()
    jobs = s.saver.finished()
    assert len(jobs) == 4 and all(j.error is None for j in jobs)     # day one, then three new days
    kept = persistence.autosaves()
    assert len(kept) == 2
    newest = Session.load(kept[0])
    assert newest.game.turn == turns[-1]
    assert newest.controllers == s.controllers


def test_settings_round_trip_through_the_one_atomic_writer(private_home):
    assert persistence.load_settings() == persistence.DEFAULT_SETTINGS
    persistence.store_settings({**persistence.DEFAULT_SETTINGS, "computer_delay": 0.3})
    assert persistence.load_settings()["computer_delay"] == 0.3
    with pytest.raises(TypeError):
        persistence.store_settings({"computer_delay": object()})
    assert persistence.load_settings()["computer_delay"] == 0.3
    assert sorted(p.name for p in private_home.iterdir()) == ["settings.json"]
    assert json.loads((private_home / "settings.json").read_text())["computer_delay"] == 0.3


def test_the_viewers_forecast_is_kept_for_the_vote_it_foresaw():
    s = Session.computer_vs_computer("1957", "historical", seed=7)
    s.autosave = False
    while not s.game.votes:
        s.computer_step()
    vote = s.game.votes[0]
    assert 0.0 <= s.expectations[vote.motion] <= 1.0


def test_a_save_made_in_the_desktop_game_loads_and_passes_the_replay_command(app):
    s, board = start_board(app)
    for _ in range(3):
        board.pick_kind("pass")
        board.confirm()
        for _ in range(300):
            pump(app, 1)
            sc = app.scene
            if isinstance(sc, BoardScene) and s.human_to_move() and not s.game.pending and not sc.queue:
                break
            if not isinstance(sc, BoardScene):
                sc.demo_advance()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_s, mod=pygame.KMOD_CTRL, unicode="",
                                         scancode=0))
    pump(app, 2)
    assert app.scene.name == "save"
    name = app.scene.entry.get_text()
    s.save_in_background(name)                      # what Enter does, before the board is shown again
    app.pop()
    assert s.saver.flush()
    pump(app, 2)
    assert app.message.startswith("Saved: 1957-")
    named = [i for i in persistence.list_saves() if i.name.startswith("1957-")]
    assert len(named) == 1
    auto = persistence.autosaves()
    assert auto
    for path in (named[0].path, auto[0]):
        done = replay_cli(path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "every step and the final state match" in done.stdout
    # Load it back through the Load menu's path and Continue.
    back = Session.load(named[0].path)
    assert back.game.actions == s.game.actions
    app.reset(TitleScene(app))
    pump(app, 2)
    app.scene.continue_game()
    pump(app, 2)
    board = next(sc for sc in app.stack if isinstance(sc, BoardScene))
    assert board.session is not s
    assert board.session.game.actions == saves.read_save(auto[0]).data["actions"]


def test_saving_on_the_board_writes_off_the_frame_loop(monkeypatch):
    """The frame loop's thread only clones the game; serialising and writing happen on the saver's thread
    (checked by holding the writer, not by timing it)."""
    import threading
    s = Session.new("1957", "khrushchev", "historical", seed=5)
    s.autosave = False
    play(s, 30)
    release, writers = threading.Event(), []
    write = persistence.write_save

    def held(*args, **kwargs):
        writers.append(threading.current_thread())
        assert release.wait(30)
        return write(*args, **kwargs)
    monkeypatch.setattr(persistence, "write_save", held)
    job = s.save_in_background("big")               # returns while the writer is held
    assert not job.wait(0.2)
    release.set()
    assert job.wait(30) and job.error is None
    assert writers and writers[0] is not threading.current_thread()
    assert saves.load_game(job.path).to_json() == s.game.to_json()


def test_hot_seat_secret_is_held_for_the_player_it_is_meant_for(app):
    s = Session.new("1957", "khrushchev", HUMAN, 3)
    s.autosave = False
    secrets = [e for e in s.game.log if e.kind == "event" and e.audience == "group"]
    assert secrets, "1957 opens with events only the group learns of"
    app.open_session(s, briefing=False)
    shown = []
    for _ in range(600):
        pump(app, 1)
        sc = app.scene
        if isinstance(sc, SummaryScene):
            shown.append((" ".join(line for _, lines in sc.sections for line in lines), s.viewer))
        if not isinstance(sc, BoardScene):
            sc.demo_advance()
        elif s.human_to_move() and not s.game.pending and not sc.queue and s.viewer == "group":
            break
        elif s.human_to_move() and not s.game.pending and not sc.queue:
            sc.pick_kind("pass")
            sc.confirm()
    for e in secrets:
        assert any(e.text in page for page, viewer in shown if viewer == "group"), f"{e.text} not shown to the group"
        assert not any(e.text in page for page, viewer in shown if viewer != "group"), f"{e.text} leaked"
    assert not s.held.get("group")


def test_held_secrets_survive_a_save(tmp_path):
    s = Session.new("1957", "khrushchev", HUMAN, 3)
    s.autosave = False
    index = next(i for i, e in enumerate(s.game.log) if e.audience == "group")
    s.hold("group", index)
    back = Session.load(s.save("held"))
    assert back.held == {"group": [index]}
    assert back.release("group") == [s.game.log[index]] and back.held == {}
