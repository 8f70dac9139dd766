"""Hardening of the desktop game (issue 12): the frame loop never loses a game to an exception,
a bad settings file never kills a game, the seed box refuses what the engine would, and a saves
folder that cannot be read is shown as a message, not a crash. Headless (SDL dummy driver)."""

from __future__ import annotations

import json
import os

import pygame
import pytest

from game import saves
from game.ui import persistence
from game.ui.app import ALERT_SECONDS, MAX_FAILURES_IN_A_ROW, App
from game.ui.scenes.board import BoardScene
from game.ui.scenes.menus import LoadScene, TitleScene
from game.ui.scenes.setup import BriefingScene, SetupScene
from game.ui.session import Session

from .conftest import FAST, pump
from .test_scenes import key, start_board

UNSAFE = ("\x1b", "\u202e", "\x07")


def safe_pump(app, frames=3):
    for _ in range(frames):
        app.step_safely(1 / 60)


# ---------------------------------------------------------------- the frame loop
@pytest.mark.parametrize("where", ["update", "draw", "handle_event"])
def test_an_exception_in_a_scene_autosaves_returns_to_the_title_and_says_so(app, where, monkeypatch, private_home):
    s, board = start_board(app, seed=21)
    s.saver.flush()
    moves = s.game.action_count

    def boom(*args, **kwargs):
        raise RuntimeError("injected failure \x1b[2J\u202e")
    monkeypatch.setattr(board, where, boom)
    if where == "handle_event":
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_x, mod=0, unicode="x", scancode=0))
    safe_pump(app, 1)
    assert app.running and isinstance(app.scene, TitleScene) and len(app.stack) == 1
    assert len(app.errors) == 1 and "RuntimeError" in app.errors[0] and "injected failure" in app.errors[0]
    assert app.alert and app.alert_time > 0 and "saved as autosave-" in " ".join(app.alert)
    assert not any(c in line for line in app.alert + app.errors for c in UNSAFE)   # shown, not obeyed
    log = (private_home / "errors.log").read_text()
    assert "RuntimeError: injected failure" in log and "Traceback" in log
    # The autosave holds the game as it was: Continue resumes it, move for move.
    newest = persistence.autosaves()[0]
    assert saves.read_save(newest).actions == moves
    safe_pump(app, 5)                                # the title draws, with the alert over it
    app.scene.continue_game()
    safe_pump(app, 2)
    resumed = next(sc for sc in app.stack if isinstance(sc, BoardScene))
    assert resumed.session.game.action_count == moves
    assert resumed.session.game.to_json() == s.game.to_json()


def test_the_alert_fades_and_the_title_works_again(app):
    s, board = start_board(app, seed=22)
    board.update = lambda dt: (_ for _ in ()).throw(KeyError("no such key"))
    safe_pump(app, 1)
    assert isinstance(app.scene, TitleScene)
    safe_pump(app, int(ALERT_SECONDS * 60) + 5)
    assert app.alert_time <= 0 and app.running
    app.scene.new_game()
    safe_pump(app, 2)
    assert isinstance(app.scene, SetupScene)


def test_a_title_that_keeps_failing_closes_the_window_instead_of_looping(app, monkeypatch):
    monkeypatch.setattr(TitleScene, "draw", lambda self, surface: 1 / 0)
    app.push("title")
    for _ in range(MAX_FAILURES_IN_A_ROW + 2):
        if not app.running:
            break
        app.step_safely(1 / 60)
    assert not app.running and len(app.errors) == MAX_FAILURES_IN_A_ROW


def test_run_uses_the_safe_frame_and_step_still_raises_for_tests(app, monkeypatch):
    monkeypatch.setattr(TitleScene, "update", lambda self, dt: (_ for _ in ()).throw(ValueError("x")))
    app.push("title")
    with pytest.raises(ValueError):
        app.step(1 / 60)                       # tests that drive step() see the exception

    class Director:
        frames = 0

        def tick(self, a):
            self.frames += 1
            if self.frames >= 2:
                a.quit()
    app.run(director=Director())               # run() recovers (here: closes after repeated failures)
    assert app.errors


def test_with_recover_false_the_exception_goes_through(monkeypatch):
    a = App(size=(1280, 720), fixed_dt=1 / 60, settings=dict(FAST), fullscreen=False, recover=False)
    try:
        monkeypatch.setattr(TitleScene, "update", lambda self, dt: 1 / 0)
        a.push("title")
        with pytest.raises(ZeroDivisionError):
            a.step_safely(1 / 60)
    finally:
        pygame.display.quit()


def test_a_demo_game_is_not_saved_by_the_recovery(app, private_home):
    s = Session.computer_vs_computer("1957", "historical", seed=4)
    s.autosave = False
    app.open_session(s, briefing=False)
    safe_pump(app, 2)
    app.scene.update = lambda dt: 1 / 0
    safe_pump(app, 1)
    assert isinstance(app.scene, TitleScene) and "not saved" in " ".join(app.alert)
    assert persistence.autosaves() == []


def test_a_failing_autosave_during_recovery_is_reported_not_fatal(app, monkeypatch):
    s, board = start_board(app, seed=23)

    def no_disk(*a, **k):
        raise saves.SaveError("/full/disk", "cannot save: No space left on device")
    monkeypatch.setattr(persistence, "write_autosave", no_disk)
    board.draw = lambda surface: 1 / 0
    safe_pump(app, 1)
    assert isinstance(app.scene, TitleScene)
    assert "could not be saved" in " ".join(app.alert) and "No space left" in " ".join(app.alert)


# ---------------------------------------------------------------- settings
def test_a_bad_settings_file_never_kills_the_game_on_the_computers_move(private_home):
    """The issue's case: "computer_delay": "fast" crashed the game at the computer's first move."""
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.json").write_text(json.dumps(
        {"computer_delay": "fast", "ballot_delay": None, "fullscreen": "no"}))
    app = App(size=(1280, 720), fixed_dt=1 / 60)
    try:
        assert app.settings == persistence.DEFAULT_SETTINGS
        assert "computer_delay" in app.message                      # said on screen, once
        s = Session.new("1957", "group", "historical", 8)
        app.open_session(s, briefing=False)
        computer_moves = 0
        for _ in range(600):
            before = (s.game.action_count, s.computer_to_move())
            pump(app, 1)                                             # step(), which would raise
            if before[1] and s.game.action_count > before[0]:
                computer_moves += 1
                if computer_moves >= 2:
                    break
            if not isinstance(app.scene, BoardScene):
                app.scene.demo_advance()
            elif s.human_to_move() and not s.game.pending and not app.scene.queue:
                app.scene.pick_kind("pass")
                app.scene.confirm()
        assert computer_moves >= 2 and not app.errors
    finally:
        pygame.display.quit()


def test_settings_given_to_the_app_are_checked_too():
    app = App(size=(1280, 720), fixed_dt=1 / 60, settings={"computer_delay": "fast", "ballot_delay": float("nan"),
                                                           "fullscreen": False, "auto_continue": True})
    try:
        assert app.settings["computer_delay"] == 0.8 and app.settings["ballot_delay"] == 0.35
        assert app.settings["auto_continue"] is True                 # the front end's own keys are kept
    finally:
        pygame.display.quit()


# ---------------------------------------------------------------- the seed box
@pytest.mark.parametrize("typed", ["9999999999999999999", "9223372036854775808"])
def test_the_seed_box_refuses_a_seed_the_engine_would_with_a_message(app, typed):
    app.push(TitleScene(app))
    app.push(SetupScene(app))
    pump(app)
    app.scene.seed_entry.set_text(typed)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, SetupScene) and not app.errors
    assert "Seed: expected a whole number from 0 to 2^63 - 1" in app.message
    app.scene.seed_entry.set_text(str(2 ** 63 - 1))
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, BriefingScene) and app.scene.session.game.seed == 2 ** 63 - 1


def test_the_seed_box_takes_no_more_digits_than_the_largest_seed(app):
    app.push(SetupScene(app))
    pump(app)
    entry = app.scene.seed_entry
    assert entry.length_limit == len(str(2 ** 63 - 1))
    entry.set_text("7")
    with pytest.warns(UserWarning, match="too long"):
        entry.set_text("1" * 25)                      # pygame_gui refuses it: the box keeps "7"
    assert entry.get_text() == "7"


# ---------------------------------------------------------------- the saves folder
def test_the_load_menu_shows_a_folder_name_too_long_instead_of_crashing(app, monkeypatch, tmp_path):
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(tmp_path / ("x" * 300)))
    app.push("title")
    pump(app, 2)
    assert "Saves unavailable" in app.message and "File name too long" in app.message
    app.push("load")
    pump(app, 3)
    assert isinstance(app.scene, LoadScene) and app.scene.list is None
    assert "File name too long" in app.scene.problem
    app.scene.load()                                   # nothing to load: nothing happens
    app.scene.app.pop()
    app.scene.continue_game()
    assert "Cannot continue" in app.message and "File name too long" in app.message


def test_the_load_menu_escapes_what_a_save_says(app, private_home):
    s = Session.new("1957", "group", "historical", 12)
    s.autosave = False
    path = s.save("plain")
    data = json.loads(path.read_text())
    data["scenario"]["title"] = "\x1b[2J\u202eEVIL"
    data["meta"]["players_text"] = "\x07bell"
    path.write_text(json.dumps(data))
    listing = persistence.list_saves()
    assert listing and not any(c in listing[0].title for c in UNSAFE)
    assert "\\x1b[2J\\u202eEVIL" in listing[0].title and "\\x07bell" in listing[0].title
    app.push("load")
    pump(app, 2)
    assert app.scene.list is not None


def test_saving_on_the_board_into_a_hostile_folder_is_a_message(app, monkeypatch, tmp_path):
    s, board = start_board(app, seed=24)
    (tmp_path / "afile").write_text("x")
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(tmp_path / "afile" / "home"))
    job = s.save_in_background("named")
    assert job.wait(30)
    assert isinstance(job.error, saves.SaveError) and "Not a directory" in str(job.error)
    pump(app, 2)                                        # the board reports the job; no exception
    assert app.running and not app.errors


def test_the_window_size_is_capped():
    with pytest.raises(ValueError, match="7680x4320"):
        App(size=(100000, 100000))


def test_the_app_starts_with_a_data_folder_that_is_a_file(monkeypatch, tmp_path):
    (tmp_path / "afile").write_text("x")
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(tmp_path / "afile"))
    app = App(size=(1280, 720), fixed_dt=1 / 60)
    try:
        app.push("title")
        safe_pump(app, 3)
        assert not app.errors and app.settings == persistence.DEFAULT_SETTINGS
    finally:
        pygame.display.quit()
    assert os.path.isfile(tmp_path / "afile") and (tmp_path / "afile").read_text() == "x"   # untouched
