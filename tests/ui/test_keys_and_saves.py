"""Keyboard focus and feedback; saves: Continue never reopens a finished game, Load and Delete say what is wrong."""

import pygame

from game.ui import persistence, theme
from game.ui.scenes.menus import LoadScene, TitleScene
from game.ui.session import Session

from .conftest import pump
from .test_scenes import buttons, key, start_board


def test_tab_moves_a_visible_highlight_and_enter_presses_it(app):
    app.push(TitleScene(app))
    pump(app)
    before = pygame.image.tobytes(app.window, "RGB")
    key(app, pygame.K_TAB)
    first = app.scene.focused()
    assert first is not None and first.text == "Tutorial"
    r = first.rect.inflate(6, 6)
    assert tuple(app.window.get_at((r.x + r.w // 2, r.y))[:3]) == tuple(theme.GOLD)[:3]   # the ring is drawn
    assert pygame.image.tobytes(app.window, "RGB") != before
    key(app, pygame.K_DOWN)
    assert app.scene.focused().text == "New game"
    key(app, pygame.K_RETURN)
    assert app.scene.name == "setup"


def test_a_key_that_does_nothing_says_so_and_so_do_v_and_u(app):
    s, board = start_board(app)
    key(app, pygame.K_q)
    assert "does nothing here" in app.message
    key(app, pygame.K_u)
    assert "undo" in app.message.lower()


def test_continue_never_reopens_a_finished_game(app):
    s = Session.new("1957", "khrushchev", "historical", 11)
    s.computer_step()
    while s.game.turn == 0:
        s.apply(next(a for a in s.game.legal_actions() if a.kind == "pass")) if s.human_to_move() and \
            not s.game.pending else s.computer_step() if s.computer_to_move() else s.apply(s.game.legal_actions()[0])
    assert s.saver.flush(timeout=300) and persistence.continuable()   # (a loaded machine saves slowly)
    from game.ai import make_policy
    me = make_policy("historical", 1)
    while not s.game.is_over():
        s.apply(me.choose(s.game)) if s.human_to_move() else s.computer_step()
    assert s.saver.flush(timeout=300)
    assert persistence.continuable() == []                 # its autosaves are gone
    app.push(TitleScene(app))
    pump(app)
    assert not buttons(app.scene)["Continue"].is_enabled


def test_load_and_delete_say_when_nothing_is_chosen_and_delete_asks_first(app):
    s = Session.new("1957", "khrushchev", "historical", 4)
    s.save("mine")
    app.push(TitleScene(app))
    app.push(LoadScene(app))
    pump(app)
    key(app, pygame.K_RETURN)
    assert "Choose a saved game" in app.message and isinstance(app.scene, LoadScene)
    entry = app.scene.list.item_list[0]["text"]
    assert "you: Khrushchev's camp" in entry and "history's moves" in entry and "Tuesday 18 June" in entry
    app.scene.list.item_list[0]["selected"] = True
    key(app, pygame.K_DELETE)
    assert app.scene.name == "confirm"
    key(app, pygame.K_RETURN)
    assert not persistence.save_path("mine").exists()
    assert app.scene.name == "load" and app.scene.list is None           # the list says so at once


def test_clicking_a_portrait_selects_him_and_scrolls_the_list_to_him(app):
    s, board = start_board(app)
    board.pick_kind("lobby")
    pump(app, 2)
    last = [a for a in board.legal() if a.kind == "lobby"][-1]
    card = board._cards[last.target]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=card.center, button=1))
    pump(app, 3)
    assert board.action == last
    assert board.target_list.get_single_selection() == last.label
    bar = board.target_list.scroll_bar
    assert bar is None or bar.start_percentage > 0.3
