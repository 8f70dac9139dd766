"""Feedback in motion: the vote counts what it shows in the player's colours, bars glide, members land one by one."""

import numpy as np
import pygame

from game.ui.motion import Arrivals, Tween
from game.ui.scenes.board import BoardScene
from game.ui.scenes.vote import BAD, GOOD, VoteScene

from .conftest import pump
from .test_scenes import start_board


def first_vote(session, motion=None):
    return next(e for e in session.game.log if e.kind == "vote"
                and (motion is None or e.data["vote"]["motion"] == motion))


def test_the_tally_counts_the_ballots_shown_and_the_gavel_closes_the_count(app, finished_1957):
    app.settings["ballot_delay"] = 0.1
    scene = app.push(VoteScene(app, finished_1957, first_vote(finished_1957)))
    rec = scene.record
    total = rec.yes + rec.no + rec.abstain + rec.absent
    assert sum(scene.tally().values()) == 0
    seen = set()
    while not scene.done():
        pump(app, 1)
        shown, frac = scene.progress()
        if frac == 0:
            assert sum(scene.tally().values()) == shown        # the count is the ballots on screen
            seen.add(shown)
    assert len(seen) > 3                                       # they came one by one
    assert scene.tally() == {"yes": rec.yes, "no": rec.no, "abstain": rec.abstain, "absent": rec.absent}
    assert sum(scene.tally().values()) == total
    pump(app, 2)
    played = app.sound.played
    assert played.count("ballot") >= 3 and played[-1] == "gavel" and played.count("gavel") == 1, (app.sound.problem, app.sound.detail)


def test_vote_colours_are_good_or_bad_for_the_player_at_the_screen(app, finished_1957):
    event = first_vote(finished_1957, "remove_khrushchev")
    motion = finished_1957.game.scenario.motion("remove_khrushchev")
    for viewer in ("khrushchev", "group"):
        finished_1957.viewer = viewer
        scene = VoteScene(app, finished_1957, event)
        helps = motion.favours == viewer
        assert scene.colour["yes"] == (GOOD if helps else BAD) and scene.colour["no"] == (BAD if helps else GOOD)
    finished_1957.viewer = "khrushchev"


def test_a_tween_glides_then_settles():
    t = Tween(tau=0.1)
    t.aim([0.0, 1.0])
    assert not t.step(1 / 60)                                 # the first aim shows at once
    t.aim([1.0, 1.0])
    values = []
    while t.step(1 / 60):
        values.append(t.value[0])
    assert 5 < len(values) < 120 and all(a < b for a, b in zip(values, values[1:]))
    assert t.value.tolist() == [1.0, 1.0] and not t.moving


def test_arrivals_take_their_seats_one_after_another():
    a = Arrivals(seconds=1.0, pulse=0.2)
    a.look(np.array([True, False, False, False]))
    assert a.look(np.array([True, True, True, True])) == 3
    assert a.waiting(2) and a.waiting(3) and not a.waiting(0)
    order = []
    while a.step(1 / 60):
        for i in (1, 2, 3):
            if not a.waiting(i) and i not in order:
                order.append(i)
    assert order == [1, 2, 3] and a.progress() == 1.0 and a.pulse(1) == 0.0


def test_the_board_lands_an_airlift_one_by_one_with_its_aircraft(app):
    s, board = start_board(app)
    g = s.game
    airlift = next(a for a in g.legal_actions() if a.kind == "airlift")
    away = int((g.people.days_away > 0).sum())
    s.apply(airlift)
    pump(app, 2)
    assert int((g.people.days_away > 0).sum()) < away
    assert "aircraft" in app.sound.played
    assert board.arrivals.when and board.frame > 0                  # landing one by one, repainting as they do
    for _ in range(200):
        pump(app, 1)
        if not isinstance(app.scene, BoardScene):
            app.scene.demo_advance()
    assert not board.arrivals.when and not board.moving
    pump(app, 1)
    fresh = pygame.Surface(app.size).convert()
    board.paint(fresh)                                                  # at rest, the cached layer is the rest state
    assert pygame.image.tobytes(fresh, "RGB") == pygame.image.tobytes(board._layer, "RGB")


def test_the_stance_bars_glide_to_new_estimates_but_never_between_two_players_views(app):
    s, board = start_board(app)
    target = board.estimates()[0]
    board.stances.value = np.zeros_like(board.stances.value)      # as if the estimates had just changed
    frame = board.frame
    full = []
    paint = board.paint
    board.paint = lambda surface: (full.append(1), paint(surface))
    pump(app, 2)
    shown = board.shown_estimates()[0]
    assert board.frame > frame and not np.allclose(shown, target) and np.abs(shown).sum() > 0
    _, _, _, bar = board._stance_marks[0]
    before = pygame.image.tobytes(app.window.subsurface(bar), "RGB")
    pump(app, 3)
    assert pygame.image.tobytes(app.window.subsurface(bar), "RGB") != before      # the bar moves on screen
    pump(app, 90)
    assert np.allclose(board.shown_estimates()[0], target)
    assert len(full) <= 2           # motion frames repaint only what moves; one full repaint at rest
    s.viewer = s.game.other(s.viewer)                                # hot seat: the other player sits down
    assert np.array_equal(board.shown_estimates()[0], board.estimates()[0])
    pump(app, 1)
    assert not board.stances.moving
