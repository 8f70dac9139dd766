"""The tutorial: a newcomer who follows the coach wins 1957 as Khrushchev, learning each lesson on the way."""

import pygame

from game.ui.scenes.board import BoardScene
from game.ui.scenes.dialogs import DecisionScene
from game.ui.scenes.ending import OutcomeScene
from game.ui.scenes.lesson import LessonScene
from game.ui.scenes.menus import TitleScene
from game.ui.tutorial import load_script

from .conftest import pump
from .test_scenes import buttons, key, press


def test_following_the_coach_wins_the_tutorial_and_teaches_every_lesson(app):
    app.push(TitleScene(app))
    pump(app)
    press(app, buttons(app.scene)["Tutorial"])
    lessons, cards = [], 0
    for _ in range(4000):
        sc = app.scene
        if isinstance(sc, OutcomeScene):
            break
        if isinstance(sc, LessonScene):
            lessons += [lesson.id for lesson in sc.lessons]
            assert all("{" not in lesson.text for lesson in sc.lessons)   # every number filled in from the game
            cards += 1
            key(app, pygame.K_RETURN)
        elif isinstance(sc, DecisionScene):
            s = sc.session
            advice = s.coach.advice(s.game)
            html = sc.root.elements[0].html_text
            assert "suggested answer" in html
            key(app, pygame.K_1 + list(s.game.pending_options()).index(advice.targets()["option"]))
        elif isinstance(sc, BoardScene):
            s = sc.session
            if s.human_to_move() and not s.game.pending and not sc.queue and sc.shown_log == len(s.game.log):
                assert "suggested:" in sc.ticker.html_text
                key(app, pygame.K_s)                 # Show me
                assert sc.action == s.coach.advice(s.game)
                key(app, pygame.K_RETURN)            # Confirm
            else:
                pump(app, 1)
        elif sc.name in ("briefing", "summary", "vote"):
            sc.demo_advance()
            pump(app, 1)
        else:
            pump(app, 1)
    assert isinstance(app.scene, OutcomeScene), app.scene.name
    outcome = app.scene.session.game.outcome()
    assert outcome.winner == "khrushchev"
    assert set(lessons) == {lesson.id for lesson in load_script().lessons}
    assert len(lessons) == len(set(lessons))         # each lesson once
    assert cards < len(lessons)                      # lessons due together come on one card
