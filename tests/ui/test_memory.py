"""A long session stays flat: a game left is freed and its memory given back (game/ui/memory.py)."""

import weakref

from game.ui import memory
from game.ui.demo import DemoDirector
from game.ui.session import Session

from .conftest import pump


def test_a_game_left_for_the_title_is_freed_and_its_memory_given_back(app, monkeypatch):
    given = []
    real = memory.give_back
    monkeypatch.setattr(memory, "give_back", lambda: given.append(1) or real())
    session = Session.new("1957", "khrushchev", "historical", 5)
    session.autosave = False
    app.open_session(session, briefing=False)
    pump(app, 5)
    app.push("log", session)            # an overlay: the app keeps a picture of the board under it
    pump(app, 3)
    left = weakref.ref(session)
    del session
    given.clear()
    app.reset("title")
    pump(app, 2)
    assert given == [1]
    assert left() is None, "the game left is still kept alive after returning to the title"


def test_the_attract_mode_loads_its_scenario_once():
    director = DemoDirector("historical", 3, None, dwell=0.0, loop=True)
    first = director.new_session()
    director.seed += 1
    assert director.new_session().scenario is first.scenario
