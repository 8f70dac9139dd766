"""Each scene builds, reacts to posted input (clicks, keys, pygame_gui button presses) and draws."""

import pygame
import pygame_gui
import pytest

from game.ui import theme
from game.ui.scenes.board import BoardScene
from game.ui.scenes.dialogs import DecisionScene, HandoverScene, HelpScene, LogScene
from game.ui.scenes.summary import SummaryScene
from game.ui.scenes.ending import EpilogueScene, OutcomeScene
from game.ui.scenes.menus import LoadScene, NotesScene, SettingsScene, TitleScene
from game.ui.scenes.setup import BriefingScene, SetupScene
from game.ui.scenes.vote import VoteScene
from game.ui.session import HUMAN, Session

from .conftest import pump


def buttons(scene):
    return {b.text: b for b in scene._callbacks}


def click(app, widget):
    """A real left click (down and up) at the widget's centre, then the frames to deliver it."""
    pos = widget.rect.center
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    pump(app, 3)


def press(app, widget):
    """A pygame_gui button press, as the library posts it."""
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=widget))
    pump(app, 2)


def key(app, k, mod=0):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    pump(app, 2)


def snapshot(app):
    return pygame.image.tobytes(app.window, "RGB")


def start_board(app, side="khrushchev", opponent="historical", seed=5, scenario="1957"):
    s = Session.new(scenario, side, opponent, seed)
    app.open_session(s, briefing=False)
    for _ in range(600):
        pump(app, 1)
        sc = app.scene
        if isinstance(sc, BoardScene) and s.human_to_move() and not s.game.pending and not sc.queue:
            return s, sc
        if not isinstance(sc, BoardScene):
            sc.demo_advance()
    raise AssertionError("never reached the player's move")


def test_title_draws_and_reacts_to_a_click_and_keys(app):
    app.push(TitleScene(app))
    pump(app)
    assert len(set(snapshot(app))) > 10
    b = buttons(app.scene)
    assert {"New game", "Continue", "Load", "Settings", "Historical notes", "Quit"} <= set(b)
    assert not b["Continue"].is_enabled           # no autosave yet
    click(app, b["New game"])
    assert isinstance(app.scene, SetupScene)
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, TitleScene)
    key(app, pygame.K_h)
    assert isinstance(app.scene, NotesScene)
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_s)
    assert isinstance(app.scene, SettingsScene)
    fast = [b for b in app.scene._callbacks if b.text == "Fast"]
    press(app, fast[0])                        # the first row: the computer's pace
    assert app.settings["computer_delay"] == 0.3
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_l)
    assert isinstance(app.scene, LoadScene)
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_ESCAPE)              # Esc on the title asks first
    assert app.running and app.scene.name == "confirm"
    key(app, pygame.K_ESCAPE)              # stay
    assert app.running and isinstance(app.scene, TitleScene)
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_RETURN)              # quit
    assert not app.running


def test_setup_lists_every_policy_and_hot_seat_and_starts_a_game(app):
    from game.ai.policies import POLICIES
    app.push(TitleScene(app))
    app.push(SetupScene(app))
    pump(app)
    b = buttons(app.scene)
    from game.ui.session import opponent_words
    offered = [n for n in POLICIES if not n.startswith("strategy:")]   # scripted strategies are for studies
    for name in offered:
        assert any(opponent_words(name) in t for t in b), name
    assert sum(t.startswith("Computer") for t in b) == len(offered)
    assert not any("ai:" in t for t in b)                 # no word meant for developers
    assert "A second player (hot-seat)" in b
    press(app, b["The Anti-Party Group"])
    assert app.scene.side == "group"
    press(app, buttons(app.scene)["A second player (hot-seat)"])
    assert app.scene.opponent == HUMAN
    app.scene.seed_entry.set_text("4242")
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, BriefingScene)
    s = app.scene.session
    assert s.game.seed == 4242 and s.hot_seat and s.viewer == s.game.to_move   # the mover's view first
    key(app, pygame.K_RETURN)
    assert any(isinstance(sc, BoardScene) for sc in app.stack)   # events of the first morning come on top
    # The new-game screen remembers the last choices, across runs (settings.json).
    from game.ui import persistence
    again = SetupScene(app)
    assert (again.side, again.opponent) == ("group", HUMAN)
    assert persistence.load_settings()["last_opponent"] == HUMAN


def test_the_seed_takes_digits_only_and_says_what_is_wrong(app):
    app.push(TitleScene(app))
    app.push(SetupScene(app))
    pump(app)
    entry = app.scene.seed_entry
    entry.set_text("")
    for ch in "a1b2":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    entry.focus()
    pump(app, 3)
    assert entry.get_text() in ("12", "")                  # letters never get in
    entry.set_text("")
    entry.unfocus()
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, SetupScene)               # refused, with the reason
    assert "digits only" in app.message


def test_board_shows_the_model_and_takes_an_action_with_confirm(app):
    s, board = start_board(app)
    before = snapshot(app)
    n = s.game.action_count
    key(app, pygame.K_v)                       # call a vote: a kind chosen, nothing applied
    assert board.kind == "call_vote" or board.kind is None
    if board.kind == "call_vote":              # (with no vote to call, V chooses nothing)
        key(app, pygame.K_ESCAPE)              # cancel the unconfirmed choice
    assert board.kind is None and board.action is None
    assert s.game.action_count == n
    key(app, pygame.K_1)
    lobby = next(b for t, b in buttons(board).items() if t.startswith("Lobby"))
    click(app, lobby)
    assert board.kind == "lobby" and board.action is None
    target = next(a for a in board.legal() if a.kind == "lobby")
    card = board._cards[target.target]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=card.center, button=1))
    pump(app, 2)
    assert board.action == target
    assert "Cost" in board.details.html_text and "Odds of success" in board.details.html_text
    assert s.game.action_count == n       # not yet confirmed
    key(app, pygame.K_RETURN)
    assert s.game.actions[n] == target.to_json()
    assert snapshot(app) != before


def test_board_tooltips_explain_numbers(app):
    s, board = start_board(app)
    texts = [c(None) if callable(c) and r is not None and "cc" not in str(c) else c
             for r, c, sub in board.tips if sub is None]
    joined = " ".join(t for t in texts if isinstance(t, str))
    assert "Political capital" in joined and "Legitimacy" in joined
    fr = board.rects["forecast"]
    voter_tips = [c for r, c, sub in board.tips if callable(c) and fr.contains(r) and r.h <= 16]
    assert voter_tips
    html = voter_tips[0]((0, 0))
    assert "likely to vote for" in html and "stance" in html and "×" not in html    # plain words
    key(app, pygame.K_d)                                                              # the details toggle
    assert "stance × (0.5 + conviction)" in voter_tips[0]((0, 0))
    key(app, pygame.K_d)
    # The hover machinery opens a pygame_gui tooltip over a drawn card.
    card = next(iter(board._cards.values()))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=card.center, rel=(0, 0), buttons=(0, 0, 0)))
    pump(app, 40)
    assert app._tip is not None


def test_board_other_keys_open_log_help_and_menu(app):
    s, board = start_board(app)
    key(app, pygame.K_l)
    assert isinstance(app.scene, LogScene)
    assert "Day" in app.scene.root.elements[0].html_text or len(s.game.log) > 0
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_F1)
    assert isinstance(app.scene, HelpScene)
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_ESCAPE)                  # nothing selected: the menu
    assert app.scene.name == "pause"
    press(app, buttons(app.scene)["Save game"])
    assert app.scene.name == "save"               # a name is offered: scenario, side, day, opponent
    name = app.scene.entry.get_text()
    assert name.startswith("1957-khrushchev-") and "vs-" in name
    key(app, pygame.K_RETURN)
    assert app.scene is board
    from game.ui import persistence
    assert s.saver.flush()
    listed = [i for i in persistence.list_saves() if i.name == name]
    assert listed and "Khrushchev" in listed[0].title and s.game.day.label in listed[0].title
    # Saving again under the same name asks first; Esc keeps the old one.
    key(app, pygame.K_s, mod=pygame.KMOD_CTRL)
    key(app, pygame.K_RETURN)
    assert app.scene.name == "confirm"
    key(app, pygame.K_ESCAPE)
    assert app.scene.name == "save"


def test_computer_moves_do_not_block_the_frame_loop(app):
    s = Session.new("1957", "khrushchev", "historical", 9)
    app.settings["computer_delay"] = 0.5
    app.open_session(s, briefing=False)
    frames = 0

    def settled():
        return (isinstance(app.scene, BoardScene) and not app.scene.queue and s.computer_to_move()
                and app.scene.shown_log == len(s.game.log))

    while not settled() and frames < 400:
        pump(app, 1)
        if not isinstance(app.scene, BoardScene):
            app.scene.demo_advance()
        else:
            board = app.scene
            if s.human_to_move() and not s.game.pending and not board.queue:
                board.pick_kind("pass")
                board.confirm()
        frames += 1
    assert s.computer_to_move()
    n = s.game.action_count
    pump(app, 10)                              # 1/6 s: the computer waits, frames go on
    assert s.game.action_count == n and isinstance(app.scene, BoardScene)
    # The move is thought out in a thread: let it finish (on a loaded machine it may take longer than the
    # frames, which run as fast as they can here), then the delay, counted in frames, decides.
    assert app.scene.thought is not None and app.scene.thought.wait(30)
    pump(app, 30)
    assert s.game.action_count == n + 1


def test_vote_scene_reveals_ballots_one_by_one(app, finished_1957):
    g = finished_1957.game
    event = next(e for e in g.log if e.kind == "vote")
    app.settings["ballot_delay"] = 0.1
    app.push(VoteScene(app, finished_1957, event))
    pump(app, 1)
    first = app.scene.progress()[0]
    pump(app, 20)
    assert app.scene.progress()[0] > first
    assert not app.scene.done()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=1))
    pump(app, 2)
    assert app.scene.done()
    key(app, pygame.K_RETURN)
    assert not app.running or not app.stack    # popped the only scene


def test_morning_summary_and_decision_with_its_price(app, s1957):
    import game
    g = game.new_game(s1957, seed=7)
    s = Session(g, {"khrushchev": HUMAN, "group": "historical"}, viewer="khrushchev", autosave=False)
    app.push(TitleScene(app))
    app.push(SummaryScene(app, s))        # the first morning: every event of the day on one page
    pump(app)
    assert snapshot(app)
    html = app.scene.root.elements[0].html_text.replace("\u200a", "")      # the hair spaces after digits
    assert g.day.label in html and all(e.text.split(".")[0] in html for e in g.log_for("khrushchev")
                                       if e.kind == "event")
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene)
    # Play on to the first decision for Khrushchev.
    from game.ai import make_policy
    pol = make_policy("historical", 1)
    while not (g.pending and g.pending["side"] == "khrushchev"):
        g.apply(pol.choose(g))
    app.push(DecisionScene(app, s))
    pump(app)
    html = app.scene.root.elements[0].html_text
    assert "legitimacy" in html and "to pass" in html          # each option's price and consequence
    options = list(g.pending_options())
    key(app, pygame.K_1)
    assert g.actions[-1] == {"kind": "choose", "side": "khrushchev", "option": options[0]}
    assert isinstance(app.scene, TitleScene)


def test_handover_hides_and_switches_the_viewer(app):
    s = Session.new("1957", "khrushchev", HUMAN, 3)
    app.push(TitleScene(app))
    app.push(HandoverScene(app, s, s.game.other(s.viewer)))
    pump(app)
    other = s.game.other(s.viewer)
    press(app, buttons(app.scene)["I am ready"])
    assert s.viewer == other and isinstance(app.scene, TitleScene)


def test_outcome_and_epilogue_then_title(app, finished_1957):
    app.push(TitleScene(app))
    app.push(OutcomeScene(app, finished_1957))
    pump(app)
    o = finished_1957.game.outcome()
    shown = " ".join(getattr(e, "html_text", "") for e in app.scene.root.elements).replace("&#x27;", "'")
    assert o.text in shown and "The decisive votes" in shown
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, EpilogueScene)
    box = next(e for e in app.scene.root.elements if hasattr(e, "html_text"))
    assert "Молотов" in box.html_text or "Молотов" in box.html_text.replace("&#x27;", "'")
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, TitleScene)


def test_cyrillic_names_render_with_our_fonts(s1957):
    pygame.font.init()
    theme.clear_fonts()
    for family in ("sans", "serif"):
        f = theme.font(family, 18)
        missing = pygame.image.tobytes(f.render("\u4e2d", True, (255, 255, 255), (0, 0, 0)), "RGB")  # not in either font
        for a in s1957.actors:
            for ch in set(a.name_ru) - {" "}:
                img = pygame.image.tobytes(f.render(ch, True, (255, 255, 255), (0, 0, 0)), "RGB")
                assert img != missing, (family, ch)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_board_widgets_fit_the_window_and_do_not_overlap(app, size):
    app.window = pygame.display.set_mode(size)
    app.resized()
    s, board = start_board(app)
    board.pick_kind("lobby")
    pump(app, 2)
    window = pygame.Rect((0, 0), size)
    from pygame_gui.elements import UIButton, UILabel, UISelectionList, UITextBox
    kinds = (UIButton, UILabel, UISelectionList, UITextBox)
    elements = list(board.root.elements) + list(board.actions_root.elements)
    widgets = [e for e in elements if e.visible and isinstance(e, kinds)]
    assert any(getattr(w, "text", "") == "Confirm" for w in widgets)
    for w in widgets:
        assert window.contains(w.rect), (w, w.rect)
    rects = [w.rect for w in widgets]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.colliderect(b), (a, b)
    # The drawn panels do not overlap each other either.
    panels = list(board.rects.values())
    for i, a in enumerate(panels):
        assert window.contains(a)
        for b in panels[i + 1:]:
            assert not a.colliderect(b), (a, b)


def test_a_slow_computer_player_thinks_off_the_frame_loop(app):
    import time
    s, board = start_board(app, seed=12)

    class Slow:
        name = "slow"

        def choose(self, game):
            time.sleep(1.5)
            return next(a for a in game.legal_actions() if a.kind == "pass")

    other = s.game.other(s.viewer)
    s.policies[other] = Slow()
    board.pick_kind("pass")
    board.confirm()
    pump(app, 2)
    while not isinstance(app.scene, BoardScene) or app.scene.queue:
        app.scene.demo_advance()
        pump(app, 1)
    if s.computer_to_move():
        n = s.game.action_count
        start = time.monotonic()
        frames = 0
        while s.game.action_count == n and time.monotonic() - start < 8:
            t = time.monotonic()
            pump(app, 1)
            assert time.monotonic() - t < 1.0      # no frame waits the 1.5 s of thinking (even on a busy machine)
            frames += 1
        assert s.game.action_count == n + 1 and frames > 3


def test_resizing_the_window_rebuilds_the_board_for_the_new_size(app):
    s, board = start_board(app)
    pygame.display.set_mode((1600, 900), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1600, 900), w=1600, h=900))
    pump(app, 3)
    assert app.manager.window_resolution == (1600, 900)
    assert board.rects["actions"].right <= 1600 and board.rects["actions"].right > 1280
    assert max(e.rect.right for e in board.root.elements) <= 1600


def test_vote_scene_continue_skips_then_closes(app, finished_1957):
    event = next(e for e in finished_1957.game.log if e.kind == "vote")
    app.settings["ballot_delay"] = 1.0
    app.push(TitleScene(app))
    app.push(VoteScene(app, finished_1957, event))
    pump(app, 2)
    app.scene.demo_advance()
    assert isinstance(app.scene, VoteScene) and app.scene.done()
    app.scene.demo_advance()
    assert isinstance(app.scene, TitleScene)


def test_what_if_forecast_leaves_the_real_game_untouched(app):
    s, board = start_board(app)
    g = s.game
    before = g.to_json()
    lobby = next(a for a in board.legal() if a.kind == "lobby")
    board.pick_action(lobby)
    assert "Working out" in board.details.html_text          # in a thread: the frames go on meanwhile
    o = board.outlook(lobby, board.relevant_motion(), wait=True)
    assert o is not None and 0.0 <= o.wait <= 1.0 and 0.0 <= o.after <= 1.0 and o.worlds > 0
    pump(app, 2)
    name = g.scenario.motion(board.relevant_motion()).name
    assert name in board.details.html_text and "if you wait" in board.details.html_text
    # [ and ] change the motion: the preview follows it.
    key(app, pygame.K_RIGHTBRACKET)
    board.outlook(lobby, board.relevant_motion(), wait=True)
    pump(app, 2)
    other = g.scenario.motion(board.relevant_motion()).name
    assert other != name and other in board.details.html_text
    assert g.to_json() == before                # its dice, stances and log are as they were


def test_an_idle_board_does_no_model_work(app, monkeypatch):
    from game.ui import forecasting
    s, board = start_board(app)
    lobby = next(a for a in board.legal() if a.kind == "lobby")
    board.pick_action(lobby)
    board.outlook(lobby, board.relevant_motion(), wait=True)
    pump(app, 3)
    calls = []
    for name in ("outlook", "focus_motion"):
        real = getattr(forecasting, name)
        monkeypatch.setattr(forecasting, name, lambda *a, real=real, **k: calls.append(a) or real(*a, **k))
    monkeypatch.setattr(type(s.game), "forecast", lambda *a, **k: calls.append(a) or pytest.fail("forecast"))
    for x in range(0, 1200, 40):                  # the mouse wanders over the board, tooltips and all
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, 300), rel=(1, 0), buttons=(0, 0, 0)))
        pump(app, 1)
    assert calls == []


def test_arrow_keys_step_through_the_targets(app):
    s, board = start_board(app)
    key(app, pygame.K_1)
    board.pick_kind("lobby")
    key(app, pygame.K_DOWN)
    first = board.action
    key(app, pygame.K_DOWN)
    assert first is not None and board.action is not None and board.action != first
    key(app, pygame.K_UP)
    assert board.action == first


def test_clicking_a_portrait_opens_his_dossier(app):
    from game.ui.scenes.dialogs import DossierScene
    s, board = start_board(app)
    card = board._cards["zhukov"]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=card.center, button=1))
    pump(app, 2)
    assert isinstance(app.scene, DossierScene)
    box = next(e for e in app.scene.root.elements if hasattr(e, "html_text"))
    assert "Георгий" in box.html_text and "What you believe" in box.html_text
    key(app, pygame.K_ESCAPE)
    assert app.scene is board


@pytest.mark.parametrize("scenario_id", ["1953", "1964"])
def test_other_scenarios_play_on_the_board(app, scenario_id):
    import game
    scenario = game.load_scenario(scenario_id)
    s = Session.new(scenario, scenario.sides[1].id, "historical", 2)
    app.open_session(s, briefing=True)
    for _ in range(3000):
        pump(app, 1)
        sc = app.scene
        if sc.name == "end":
            break
        if not isinstance(sc, BoardScene):
            sc.demo_advance()
        elif s.human_to_move() and not s.game.pending and not sc.queue and sc.shown_log == len(s.game.log):
            sc.pick_kind("pass")
            sc.confirm()
    assert app.scene.name == "end" and s.game.outcome() is not None


def test_the_opponents_private_moves_stay_hidden(app):
    import html
    from game.ui.scenes.dialogs import LogScene
    s = Session.new("1957", "khrushchev", "historical", 5)
    s.autosave = False
    g = s.game
    while g.to_move != "group" or g.pending:
        g.apply(next(a for a in g.legal_actions() if a.kind in ("pass", "choose")))
    lobby = next(a for a in g.legal_actions() if a.kind == "lobby")
    g.apply(lobby)
    secret = [e for e in g.log if e.audience == "group"]
    assert secret, "a lobby is a private move"
    app.push(TitleScene(app))
    app.push(LogScene(app, s))
    pump(app, 1)
    shown = next(e for e in app.scene.root.elements if hasattr(e, "html_text")).html_text
    assert all(html.escape(e.text) not in shown for e in secret)
    app.pop()
    app.push(LogScene(app, s, full=True))     # after the end, every secret is out
    pump(app, 1)
    shown = next(e for e in app.scene.root.elements if hasattr(e, "html_text")).html_text
    assert any(html.escape(e.text) in shown for e in secret)


def test_dossier_lists_only_the_viewers_own_promises(app):
    from game.ui.scenes.dialogs import DossierScene
    s = Session.new("1957", "khrushchev", HUMAN, 5)
    s.autosave = False
    g = s.game
    promise = None
    while promise is None:
        legal = g.legal_actions()
        mine = [a for a in legal if a.kind == "promise" and a.side == s.viewer]
        if mine:
            promise = mine[0]
            g.apply(promise)
        else:
            g.apply(next(a for a in legal if a.kind in ("choose", "pass")))
    post = next(p.name for p in g.scenario.posts if p.id == promise.post)
    app.push(TitleScene(app))
    app.push(DossierScene(app, s, promise.target))
    pump(app, 1)
    box = next(e for e in app.scene.root.elements if hasattr(e, "html_text"))
    assert "You have promised him" in box.html_text and html_escape(post) in box.html_text
    app.pop()
    s.viewer = g.other(s.viewer)                # the other side does not see the promise
    app.push(DossierScene(app, s, promise.target))
    pump(app, 1)
    box = next(e for e in app.scene.root.elements if hasattr(e, "html_text"))
    assert "You have promised him" not in box.html_text


def test_a_compromise_offer_is_decided_on_its_own_card(app):
    from game.ai import make_policy
    s = Session.new("1957", "group", HUMAN, 0)
    s.autosave = False
    g = s.game
    pol = make_policy("historical", 1)
    while not (g.pending and g.pending["kind"] == "compromise"):
        assert not g.is_over(), "no compromise was offered"
        offers = [a for a in g.legal_actions() if a.kind == "compromise"]
        g.apply(offers[0] if offers else pol.choose(g))
    side = g.pending["side"]
    app.push(TitleScene(app))
    app.push(DecisionScene(app, s))
    pump(app, 1)
    box = next(e for e in app.scene.root.elements if hasattr(e, "html_text"))
    from game.ui.wording import spaced
    for option, label in g.pending_options().items():             # as players read them (spaced digits)
        assert html_escape(spaced(label)) in box.html_text
        assert html_escape(spaced(g.pending_effect(option))) in box.html_text
    key(app, pygame.K_2)                        # refuse
    assert g.actions[-1] == {"kind": "choose", "side": side, "option": "reject"}
    assert g.pending is None and isinstance(app.scene, TitleScene)


def html_escape(text):
    import html
    return html.escape(text)


def test_scenes_are_opened_by_name_through_the_app(app):
    from game.ui.scenes.registry import SCENES
    assert all(cls.name == name for name, cls in SCENES.items())
    assert {"title", "setup", "briefing", "board", "vote", "summary", "decision", "handover", "help", "pause",
            "log", "dossier", "end", "epilogue", "load", "settings", "notes"} <= set(SCENES)
    assert app.scene_class("title") is TitleScene
    title = app.push("title")
    assert app.scene is title and isinstance(title, TitleScene)
    s = Session.new("1957", "khrushchev", "historical", 5)
    log = app.push("log", s, full=True)
    assert app.stack == [title, log] and isinstance(log, LogScene) and log.full and log.session is s
    app.replace("help")
    assert isinstance(app.scene, HelpScene) and app.stack[0] is title
    app.reset("setup")
    assert len(app.stack) == 1 and isinstance(app.scene, SetupScene)
    app.open_session(s, briefing=True)
    assert [sc.name for sc in app.stack] == ["title", "briefing"]
    with pytest.raises(KeyError, match="no scene named 'nowhere'"):
        app.push("nowhere")
    with pytest.raises(TypeError):
        app.push(TitleScene(app), "stray argument")


def test_hot_seat_shows_each_player_the_result_of_the_move_before_the_hand_over(app):
    s = Session.new("1957", "khrushchev", HUMAN, 3)
    s.autosave = False
    app.open_session(s, briefing=False)
    results = []
    for _ in range(900):
        pump(app, 1)
        sc = app.scene
        if sc.name == "handover":
            if sc.result:
                results.append((sc.leaving, list(sc.result)))
                words = " ".join(str(getattr(e, "text", "")) for e in sc.root.elements)
                assert "I am ready" not in words
            sc.demo_advance()
        elif isinstance(sc, BoardScene):
            g = s.game
            if s.human_to_move() and not g.pending and not sc.queue and sc.shown_log == len(g.log):
                assert g.to_move == s.viewer                      # the board shows the mover's own side
                if len(results) >= 2:
                    break
                lobby = next(a for a in sc.legal() if a.kind == "lobby")
                sc.pick_action(lobby)
                sc.confirm()
        else:
            sc.demo_advance()
    assert len(results) >= 2
    (first, lines1), (second, lines2) = results[:2]
    assert first != second and lines1 and lines2
    assert any("Lobby" in line or "listens" in line or "moved" in line for line in lines1)


def test_the_computer_playing_both_sides_never_says_you_have_won(app, finished_1957):
    import dataclasses
    demo = dataclasses.replace(finished_1957, demo=True, controllers={
        sd.id: HUMAN if k == 0 else "historical" for k, sd in enumerate(finished_1957.scenario.sides)})
    played = dataclasses.replace(demo, demo=False)
    assert "you have" not in OutcomeScene(app, demo, runs=2).banner()
    assert "you have" in OutcomeScene(app, played, runs=2).banner()


def test_the_end_tells_the_decisive_moments_with_what_if_figures(app, finished_1957):
    app.push(TitleScene(app))
    end = app.push(OutcomeScene(app, finished_1957, runs=6))
    assert end.hindsight.wait(120)
    pump(app, 3)
    html = app.scene.root.elements[0].html_text
    assert "decisive moments" in html and "replays from that morning" in html
    assert "%" in html.split("decisive moments")[1]


def test_cards_show_who_holds_a_post_now(app):
    """After the Presidium names Bulganin First Secretary, the cards say so (issue 13: they kept
    calling Khrushchev First Secretary)."""
    import numpy as np
    from game.ui import layout
    s, _ = start_board(app)
    rules, row = s.game.batch.rules, np.array([s.game.row])
    rules.apply_effect({"appoint": {"post": "first_secretary", "actor": "bulganin"}}, row)
    pump(app, 2)
    with layout.Probe() as probe:
        app.draw()
    drawn = " ".join(d.text for d in probe.drawn)
    assert "Relieved as First" in drawn and "First Secretary of the CC" in drawn
