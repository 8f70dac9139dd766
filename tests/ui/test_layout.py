"""Every scene at 1280×720, 1600×900, 1920×1080 and 2560×1440: no text cut or out of its box, no two
controls overlapping, nothing outside the window (``layout.Probe``); toasts and tooltips clear of
the controls and dialogs; one type family per role; the window never below its minimum."""

import pygame
import pygame_gui
import pytest

from game.ui import layout, theme
from game.ui.app import MIN_SIZE
from game.ui.scene import Scene
from game.ui.session import HUMAN, Session

from .conftest import pump
from .test_scenes import start_board

SIZES = [(1280, 720), (1600, 900), (1920, 1080), (2560, 1440)]


def resize(app, size):
    app.window = pygame.display.set_mode(size)
    app.resized()


def problems_of(app) -> list[str]:
    """Draw the current frame with a probe open and return what it finds."""
    pump(app, 2)
    with layout.Probe() as probe:
        app.draw()
    return [f"{app.scene.name}: {p}" for p in probe.problems(app.manager, app.size)]


def decision_session(s1957):
    import game
    from game.ai import make_policy
    g = game.new_game(s1957, seed=7)
    s = Session(g, {"khrushchev": HUMAN, "group": "historical"}, viewer="khrushchev", autosave=False)
    pol = make_policy("historical", 1)
    while not (g.pending and g.pending["side"] == "khrushchev"):
        g.apply(pol.choose(g))
    return s


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_scene_fits_at_every_size(app, size, finished_1957, s1957):
    resize(app, size)
    assert app.size == size
    found = []
    Session.new("1957", "group", HUMAN, 9).save("A save with a name long enough to fill its line of the list")
    for name, args in [("title", ()), ("settings", ()), ("load", ()), ("notes", ()), ("setup", ()), ("rules", ()),
                       ("encyclopedia", ())]:
        app.reset(name, *args)
        found += problems_of(app)
    app.scene.step(3)                                           # another figure, his own portrait and fate
    found += problems_of(app)
    app.reset("load")
    app.scene.list.item_list[0]["selected"] = True
    app.scene.delete()                                          # asks first
    assert app.scene.name == "confirm"
    found += problems_of(app)
    app.reset("title")
    app.scene.ask_quit()
    found += problems_of(app)
    fresh = Session.new("1957", "khrushchev", "historical", 5)
    app.reset("briefing", fresh)
    found += problems_of(app)
    s, board = start_board(app)
    found += problems_of(app)
    board.pick_kind("lobby")                     # the target list and the preview
    found += problems_of(app)
    board.pick_action(next(a for a in board.legal() if a.kind == "lobby"))
    found += problems_of(app)
    g = s.game
    actor = s.scenario.actors[0].id
    s.summaries.clear()                          # the whole story so far on one page
    lessons = Session.tutorial().coach.script.lessons[:2]
    for name, args in [("dossier", (s, actor)), ("log", (s,)), ("help", ()), ("pause", (board,)),
                       ("handover", (s, s.viewer)), ("summary", (s,)), ("save", (s,)), ("tutorial", (s, lessons[:1])),
                       ("tutorial", (s, lessons)), ("encyclopedia", (s.scenario, actor))]:
        app.push(name, *args)
        found += problems_of(app)
        app.pop()
    s.move_start = 0
    app.push("handover", s, s.game.other(s.viewer))           # hot seat: the result of the move, then the hand-over
    found += problems_of(app)
    app.pop()
    start_board(app, opponent=HUMAN)                            # the hot-seat board
    found += problems_of(app)
    fin = finished_1957
    vote = next(e for e in fin.game.log if e.kind == "vote" and "vote" in e.data)
    for name, args in [("vote", (fin, vote)), ("decision", (decision_session(s1957),)), ("end", (fin, 4)),
                       ("epilogue", (fin,)), ("log", (fin, True))]:
        app.reset("title")
        app.push(name, *args)
        if name == "vote":
            app.scene.skipped = True                # the whole count shown
        if name == "end":
            assert app.scene.hindsight.wait(120)     # the decisive moments, worked out
        found += problems_of(app)
    assert g is s.game
    assert not found, "\n".join(found)


class _Crowded(Scene):
    """A deliberately broken screen: a long text in a narrow box, two buttons on top of each other."""

    name = "crowded"

    def layout(self):
        self.button((100, 100, 200, 40), "First", None)
        self.button((150, 120, 200, 40), "Second, which is far too long for its button", None)

    def draw(self, surface):
        from game.ui.drawing import picture, text
        text(surface, "A sentence far longer than the forty pixels it is given", (10, 10), width=40)
        picture(surface, pygame.Surface((80, 80)), pygame.Rect(60, 90, 80, 80), "poster", pygame.Rect(60, 90, 60, 60))


def test_the_layout_check_finds_cut_text_and_overlapping_controls(app):
    app.push(_Crowded(app))
    found = problems_of(app)
    assert any("text cut" in p for p in found)
    assert any("overlaps" in p for p in found)
    assert any("wider or taller" in p for p in found)
    assert any("poster outside its box" in p for p in found)
    assert any("poster under UIButton('First')" in p for p in found)


def test_the_layout_check_sees_every_portrait_of_the_board_each_in_its_card(app):
    s, board = start_board(app)
    pump(app, 2)                                  # the board's picture is made: the check draws it again
    with layout.Probe() as probe:
        app.draw()
    faces = [p for p in probe.pictures if p.name == "medallion"]
    assert len(faces) == len(board._cards) and all(p.box in board._cards.values() for p in faces)


def test_text_shrinks_a_little_before_it_is_cut():
    from game.ui.drawing import fitted
    pygame.font.init()
    full = theme.font("sans", 14).size("Chairman of the Council of Ministers")[0]
    fnt, shown = fitted("Chairman of the Council of Ministers", "sans", 14, "regular", int(full * 0.9))
    assert shown == "Chairman of the Council of Ministers" and fnt.size(shown)[0] <= full * 0.9
    fnt, shown = fitted("Chairman of the Council of Ministers", "sans", 14, "regular", full // 3)
    assert shown.endswith("…")


def test_the_scale_follows_the_window(app):
    for size, scale in [((1280, 720), 1.0), ((1920, 1080), 1.5), ((2560, 1440), 2.0), ((2560, 900), 1.25)]:
        resize(app, size)
        assert theme.scale() == pytest.approx(scale)
        app.reset("title")
        pump(app, 2)
        new_game = next(b for b in app.scene._callbacks if b.text == "New game")
        assert new_game.rect.h == theme.px(40)


def test_the_window_is_never_smaller_than_its_minimum(app):
    resize(app, (800, 500))
    assert app.size[0] >= MIN_SIZE[0] and app.size[1] >= MIN_SIZE[1]


def test_a_toast_covers_no_control_and_no_dialog(app):
    s, board = start_board(app)
    app.notify("A message long enough to need some room on the screen, as the computer's moves do")
    rect = app.toast_rect(board)
    assert app.window.get_rect().contains(rect)
    for c in layout.visible_controls(app.manager):
        assert not rect.colliderect(c.rect), c
    app.push("help")
    pump(app, 2)
    rect = app.toast_rect(app.scene)
    assert not rect.colliderect(app.scene._rect)
    assert app.window.get_rect().contains(rect)


def test_a_message_from_the_board_waits_behind_the_log_help_dossier_and_hand_over(app):
    s, board = start_board(app)
    app.notify("The Anti-Party Group: Call the vote")
    pump(app, 1)
    assert app._notes()[0] == "The Anti-Party Group: Call the vote"
    screens = {"log": (s,), "help": (s,), "dossier": (s, s.game.scenario.actors[0].id),
               "handover": (s, s.game.scenario.sides[1].id)}
    for name, args in screens.items():
        app.push(name, *args)
        left = app.message_time
        pump(app, 30)
        assert app._notes()[0] is None, name                     # not drawn over that screen ...
        assert app.message_time == left, name                    # ... and its time does not run out there
        app.pop()
        pump(app, 1)
        assert app._notes()[0] == "The Anti-Party Group: Call the vote"   # back on the board, it shows
    app.push("help")
    app.notify("The key “X” does nothing here.")                 # a screen's own message shows on it
    pump(app, 1)
    assert app._notes()[0] == "The key “X” does nothing here."


def test_a_hint_on_the_board_does_not_follow_to_the_end(app, finished_1957):
    app.push("title")
    board = app.push("board", finished_1957)
    app.notify("Choose an action first: a kind above, then a target.")
    for _ in range(200):
        if app.scene is not board:
            break
        app.step(1 / 60)
    assert app.scene.name == "end"
    assert app._notes()[0] is None


def test_tooltips_fit_their_text_stay_inside_and_clear_of_controls(app):
    s, board = start_board(app)
    save = next(b for b in board._callbacks if b.text == "Save")
    tip = app.manager.create_tool_tip("Save the game now.  [Ctrl+S]", save.rect.center, (0, 10), save, None)
    pump(app, 1)
    window = app.window.get_rect()
    assert window.contains(tip.rect)
    assert tip.rect.w < theme.px(layout.TIP_MAX_WIDTH)            # as wide as its text, not the maximum
    for c in layout.visible_controls(app.manager, exclude=(save,)):
        assert not tip.rect.colliderect(c.rect), c
    tip.kill()
    # A long tooltip at the right edge of the window stays inside it.
    right = pygame.Rect(window.right - 3, window.centery, 1, 1)
    tip = app.manager.create_tool_tip("word " * 200, right.center, (0, 10), None, None)
    assert window.contains(tip.rect)
    tip.kill()


def test_a_floating_box_goes_beside_its_anchor_rather_than_far_past_a_tall_control():
    bounds = pygame.Rect(0, 0, 1280, 720)
    anchor = pygame.Rect(600, 300, 120, 30)                    # a button, a tall list just below it
    tall = pygame.Rect(500, 335, 400, 250)
    box = layout.place((200, 60), anchor, bounds, [tall])
    assert not box.colliderect(tall) and not box.colliderect(anchor) and bounds.contains(box)
    assert layout.distance(box, anchor) <= layout.theme.px(layout.GAP)      # above it, not under the list


def test_one_type_family_per_role():
    """Controls and the text they hold are sans; headings and prose (paper) are serif (theme.ROLES)."""
    data = theme.theme_data(1.0)
    sans, serif = theme.FAMILY_NAMES["sans"], theme.FAMILY_NAMES["serif"]
    controls = ("button", "@primary", "@menu", "@action", "@toggle", "@small_button", "drop_down_menu",
                "text_entry_line", "selection_list.@selection_list_item", "tool_tip.text_box")
    for key in controls:
        assert data[key]["font"]["name"] == sans, key
    for key in ("@heading", "@subheading", "@paper"):
        assert data[key]["font"]["name"] == serif, key
    assert set(theme.ROLES.values()) == {"serif", "sans"}
    assert int(theme.theme_data(2.0)["@menu"]["font"]["size"]) == 2 * int(data["@menu"]["font"]["size"])


def test_the_theme_font_events_are_quiet(app, recwarn):
    app.reset("title")
    pump(app, 2)
    assert not [w for w in recwarn if "Finding font" in str(w.message)]
    assert isinstance(app.manager, pygame_gui.UIManager)


def test_fullscreen_covers_the_display_under_the_window_and_comes_back(app):
    from game.ui.app import display_under
    sizes = [(1920, 1080), (2560, 1440)]
    assert display_under(100, sizes) == ((0, 0), (1920, 1080))
    assert display_under(2000, sizes) == ((1920, 0), (2560, 1440))
    assert display_under(99999, sizes) == ((1920, 0), (2560, 1440))
    app.reset("title")
    pump(app, 1)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode="", scancode=0))
    pump(app, 2)
    assert app.fullscreen and app.size == pygame.display.get_desktop_sizes()[0]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode="", scancode=0))
    pump(app, 2)
    assert not app.fullscreen and app.size == (1280, 720)


def test_the_latest_events_show_whole_lines_and_a_short_target_list_has_no_scroll_bar(app):
    s, board = start_board(app, side="group", opponent="ai:normal", seed=651413)
    t = board.ticker                                       # the morning's events overflow it
    layout_ = t.text_box_layout
    assert t.scroll_bar is not None and layout_.layout_rect.h > t.text_wrap_rect.h
    assert (layout_.layout_rect.h - t.text_wrap_rect.h) % layout_.layout_rows[0].height == 0   # no line cut in two
    board.pick_kind("call_vote")
    pump(app, 2)
    acts = list(board._target_actions.values())
    assert len(acts) == 2                                  # the opening's two Presidium motions
    assert board.target_list.scroll_bar is None            # both in view, without scrolling
    board.pick_action(acts[0])
    pump(app, 2)
    assert board.target_list.scroll_bar is None
