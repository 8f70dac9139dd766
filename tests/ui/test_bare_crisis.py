"""A crisis as bare as README allows (tests/data/scenarios/from_scratch_harbour.toml: one body, five
actors, no Central Committee, no blocs, no institutions, no compromises): the rules page offers only
what its sides can do, and the board shows nothing that the crisis does not have."""

from dataclasses import replace
from pathlib import Path

import pytest

import game
from game.engine.actions import ACTION_TYPES
from game.ui.rules import rules_sections
from game.ui.session import records_moves

HARBOUR = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_harbour.toml"
ACTIONS = "What each action does, and its cost"


@pytest.fixture(scope="module")
def harbour():
    return game.load_scenario(HARBOUR)


def listed(scenario, side) -> set[str]:
    return {p.split(" (costs")[0] for p in dict(rules_sections(scenario, side))[ACTIONS]}


def test_the_rules_offer_only_what_a_side_could_ever_do(harbour):
    # No compromise written, no bloc to press, no institution to back force, no one complicit to expose;
    # the deputy cannot promise the one post, which his own leader holds.
    assert listed(harbour, "chairman") == {"Wait", "Lobby", "Promise a post", "Intelligence", "Call a vote", "Adjourn"}
    assert listed(harbour, "deputy") == {"Wait", "Lobby", "Intelligence", "Call a vote", "Adjourn"}
    # And 1957, where every kind is open to both sides, lists all of them.
    sc = game.load_scenario("1957")
    assert all(cls.possible(sc, side.id) for cls in ACTION_TYPES.values() for side in sc.sides)


def test_what_the_rules_leave_out_is_never_legal(harbour):
    # The rules page's 'possible' agrees with the engine: in random games, no kind left out is ever legal.
    import random
    rng = random.Random(0)
    left_out = {side.id: {k for k, cls in ACTION_TYPES.items() if not cls.possible(harbour, side.id)}
                for side in harbour.sides}
    for seed in range(20):
        g = game.new_game(harbour, seed=seed)
        while not g.is_over():
            legal = g.legal_actions()
            assert not {a.kind for a in legal} & left_out[legal[0].side]
            g.apply(rng.choice(legal))


def test_derived_fates_say_the_scenarios_capital_and_read_mid_sentence(tmp_path):
    # Berlin's [words] said capital = "Berlin", yet a derived fate sent the loser 'far from Moscow', and a side
    # named "The Chairman" read "Stood against The Chairman". Force lines read the same way.
    text = HARBOUR.read_text(encoding="utf-8") + '\n[words]\ncapital = "Fiume"\n'
    path = tmp_path / "crisis.toml"
    path.write_text(text.replace('fates = { ousted = "Becomes chairman.", survives = "Sent to run the ferry company." }',
                                 ""), encoding="utf-8")
    sc = game.load_scenario(path)
    g = game.new_game(sc, seed=0)
    kovacs = next(f for f in g._epilogue("survives", 0) if f.actor == "kovacs")
    assert kovacs.text == "Stood against the Chairman; demoted and sent far from Fiume."
    from game.engine.batch import outcome_table
    titles = {o.id: o.title for o in outcome_table(sc)}
    assert titles["force:chairman"] == "Power seized by the Chairman"
    words = game.load_scenario(path, overrides=['words.force_won_title={side} takes power']).words
    assert words.force_won_title == "{side} takes power"
    sc2 = game.load_scenario(path, overrides=['words.force_won_title={side} takes power'])
    assert {o.id: o.title for o in outcome_table(sc2)}["force:deputy"] == "The Deputy takes power"


def test_the_board_shows_nothing_the_crisis_does_not_have(app, monkeypatch, harbour):
    from .test_scenes import start_board
    from .test_words import (
        SOVIET,
        board_texts,
        dossier_text,
        plain,
        soviet_words_of_our_own,
    )
    s, board = start_board(app, "chairman", "random", 3, harbour)
    texts = board_texts(app, monkeypatch, board)
    # The cards name the body the crisis has, not 'PRESIDIUM'; the empty panels say why they are empty.
    assert "HARBOUR BOARD" in texts and "PRESIDIUM" not in texts
    assert any("every vote is taken in the Harbour Board" in t for t in texts)
    assert any("No armed force takes part" in t for t in texts)
    dossier = plain(dossier_text(app, s, "kovacs"))
    assert "Full member of the Harbour Board. Now in" in dossier and "toward the Deputy" in dossier
    found = soviet_words_of_our_own(harbour, texts + [dossier])
    assert not found, found            # the [words] defaults name no country (scenarios/README.md)
    assert "Central Committee" in SOVIET


def test_no_aircraft_flies_before_any_airlift(app):
    # The board drew an aircraft over the hall for its first second, as if members had just been flown in.
    from .test_scenes import start_board
    s, board = start_board(app, "khrushchev", "random", 3)
    assert not any(e.cause == "airlift" for e in s.game.log)
    board.age = 0.0
    assert not (0 <= board.age - board.flight <= 2.2)


def test_a_short_name_or_a_suffix_never_stands_for_the_man():
    from game.engine.spec import Actor
    from game.ui.names import surname
    assert surname(Actor(id="ebert", name="Friedrich Ebert Jr.")) == "Ebert"
    assert surname(Actor(id="hua", name="Hua Guofeng", short="Hua")) == "Hua"
    assert surname(Actor(id="x", name="Khrushchev")) == "Khrushchev"
    assert surname(Actor(id="y", name="Henry Ford II")) == "Ford"


def test_the_rules_say_who_moves_first_and_count_the_days_of_a_calendar_with_gaps(harbour, tmp_path):
    # 'The crisis lasts 4 days, 10 September to 6 October' read wrong for a calendar with gaps, and a
    # scenario whose second side moves first never said so.
    day = dict(rules_sections(harbour, "chairman"))["A day"][0]
    assert "played over 3 days, Monday 7 May to Wednesday 9 May. " in day and "in turn, the Chairman first" in day
    text = HARBOUR.read_text(encoding="utf-8").replace('date = "1962-05-09"', 'date = "1962-05-21"') \
        + '\n[rules]\nfirst_to_move = "deputy"\n'
    path = tmp_path / "crisis.toml"
    path.write_text(text, encoding="utf-8")
    day = dict(rules_sections(game.load_scenario(path), "chairman"))["A day"][0]
    assert "(the calendar skips some dates)" in day and "in turn, the Deputy first" in day


def test_a_woman_is_her(app, harbour):
    # Anna Nagy (looks.sex = "woman"): her dossier said "His stance", and a derived fate "Keeps his place".
    from .test_scenes import start_board
    from .test_words import dossier_text, plain
    s, board = start_board(app, "chairman", "random", 3, harbour)
    dossier = plain(dossier_text(app, s, "nagy"))
    assert "Her stance" in dossier and "His stance" not in dossier
    assert "Your estimate of her stance" in plain(board.actor_tip(s.game.actor_index("nagy")))
    g = game.new_game(harbour, seed=0)
    from game.engine.spec import prose
    assert prose(harbour.words.fate_truce, his=harbour.actor("nagy").his) == "Keeps her place in an uneasy truce."
    assert prose(harbour.words.fate_truce, his=harbour.actor("toth").his) == "Keeps his place in an uneasy truce."
    assert g.scenario.actor("nagy").him == "her"


def test_a_figure_without_a_native_name_reads_without_a_gap_and_leads_a_side_mid_sentence(app, harbour):
    """The harbour's men have no ``name_ru``: the dossier opens on their offices, not on an empty line; and
    the encyclopedia writes 'Leader of the Deputy' for a side named 'The Deputy', as the fates do."""
    from game.ui.scenes.reference import role_line

    from .test_scenes import start_board
    from .test_words import dossier_text
    s, _ = start_board(app, "chairman", "random", 3, harbour)
    assert dossier_text(app, s, "kovacs").startswith("<font"), dossier_text(app, s, "kovacs")[:80]
    kovacs = next(a for a in harbour.actors if a.id == "kovacs")
    assert role_line(harbour, kovacs).startswith("Leader of the Deputy. ")


def test_the_new_game_summary_counts_no_committee_a_crisis_has_not(app, harbour, monkeypatch):
    """'5 named figures and 0 members of the Central Committee' was written for a crisis with no blocs."""
    from game.ui.scenes.setup import SetupScene

    from .conftest import pump
    monkeypatch.setattr(app, "offered", [harbour])
    app.push(SetupScene(app))
    pump(app, 2)
    text = " ".join(e.html_text for e in app.scene.root.elements if hasattr(e, "html_text")).replace("\u200a", "")
    assert "5 named figures modelled one by one" in text and "0 members" not in text, text
    app.pop()


THREE_TIES = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_ties.toml"


def test_a_crisis_with_no_recorded_moves_is_not_played_by_history_that_only_waits(app, monkeypatch):
    """A crisis written with no [historical] steps: the new-game screen chose "history's moves" by default, an
    opponent that waited every move; the briefing showed an empty "How to win." and "1 days, ... to ..."."""
    from game.ui.rules import span
    from game.ui.scenes.setup import SetupScene

    from .conftest import pump
    ties = game.load_scenario(THREE_TIES)
    monkeypatch.setattr(app, "offered", [ties])
    setup = SetupScene(app)
    app.push(setup)
    pump(app, 2)
    assert setup.opponent == "historical" and setup.against() == "ai:normal"
    history = next(b for b in setup._callbacks if "history's moves" in b.text)
    assert not history.is_enabled
    assert next(b for b in setup._callbacks if b.text.endswith("normal")).is_selected
    setup.begin()
    pump(app, 2)
    assert app.scene.session.controllers["younger"] == "ai:normal"
    text = " ".join(e.html_text for e in app.scene.root.elements if hasattr(e, "html_text")).replace("\u200a", "")
    assert "Your goal." in text and "How to win." not in text, text
    assert "One day, Tuesday 1 March 1960" in text, text
    # 1957 reads as before; a calendar over a new year names both years.
    assert span(game.load_scenario("1957")).endswith(" to Saturday 29 June 1957")
    assert all(records_moves(game.load_scenario("1957"), s) for s in ("khrushchev", "group"))
    day = ties.calendar[0]
    winter = replace(ties, calendar=(replace(day, date="1967-12-31", label="Sunday 31 December"),
                                     replace(day, date="1968-01-02", label="Tuesday 2 January")))
    assert span(winter) == "2 days, Sunday 31 December 1967 to Tuesday 2 January 1968"


def test_a_calendar_tile_reads_the_date_when_the_label_is_not_weekday_and_number():
    # "E hënë, 7 nëntor" (Albanian) was cut into the tile's weekday "E" and its number "hënë,".
    from game.ui.scenes.board import tile_words
    ties = game.load_scenario(THREE_TIES)
    day = ties.calendar[0]
    assert tile_words(day) == ("Tuesday", "1")
    assert tile_words(replace(day, date="1960-11-07", label="E hënë, 7 nëntor")) == ("Mon", "7")
    assert tile_words(replace(day, date="1960-11-07", label="7 November")) == ("Mon", "7")
    assert [tile_words(d)[1] for d in game.load_scenario("1957").calendar[:2]] == ["18", "19"]


def test_a_crisis_of_sixty_named_men_shows_each_on_a_readable_card(app, tmp_path):
    """65 named actors made portrait cards 17 pixels high: medallions spilled out of them and the stance bars
    struck through the names. So many men get a line each, name and bar, every face inside its card."""
    from game.ui import layout

    from .conftest import pump
    from .test_layout import problems_of
    from .test_scenes import start_board
    extra = "".join(f'\n[[actors]]\nid = "clerk{k}"\nname = "Clerk Number{k}"\nstance = {(k % 9 - 4) / 5}\n'
                    f'days_away = {k % 2}\n' for k in range(60))
    path = tmp_path / "crowded.toml"
    path.write_text(HARBOUR.read_text(encoding="utf-8") + extra, encoding="utf-8")
    crowded = game.load_scenario(path)
    assert len(crowded.actors) == 65
    _, board = start_board(app, "chairman", "random", 3, crowded)
    assert problems_of(app) == []
    pump(app, 2)
    with layout.Probe() as probe:
        app.draw()
    faces = [p for p in probe.pictures if p.name == "medallion"]
    assert len(faces) == len(board._cards) == 65 and all(p.box in board._cards.values() for p in faces)
    assert all(p.box.contains(p.rect) for p in faces)
    shown = [d for d in probe.drawn if d.text.startswith("Number")]
    assert len(shown) == 60 and not any(d.cut for d in shown)


def test_a_side_named_the_something_reads_mid_line_on_the_vote_and_the_end(app, harbour):
    """'Called by The Deputy', 'A decisive victory for The Deputy': mid-line, the name reads 'the Deputy'."""
    from game.ui import layout
    from game.ui.scenes.ending import OutcomeScene
    from game.ui.scenes.vote import VoteScene
    from game.ui.session import Session

    from .conftest import pump
    s = Session.computer_vs_computer(harbour, "historical", seed=1)
    s.autosave = False
    while not s.game.is_over():
        s.computer_step()
    event = next(e for e in s.game.log if e.kind == "vote" and e.side == "deputy")
    app.push(VoteScene(app, s, event))
    pump(app, 2)
    with layout.Probe() as probe:
        app.draw()
    drawn = [d.text for d in probe.drawn]
    assert any(t.startswith("Called by the Deputy") for t in drawn), drawn
    assert not any("by The " in t for t in drawn)
    banner = OutcomeScene(app, s, runs=2).banner()
    assert "victory for The" not in banner and (" victory for the " in banner or "No one" in banner), banner


def test_the_board_shows_capital_against_its_cap(app, monkeypatch):
    """Found writing a crisis with capital_cap = 1: 'Capital 1 (+21 a day)' read as a mistake; the cap is shown."""
    from .test_scenes import start_board
    from .test_words import board_texts
    s, board = start_board(app, "khrushchev", "random", 3)
    g = s.game
    most = g.scenario.rules.capital_cap
    line = f"Capital {g.capital('khrushchev')}/{most}  (+{g.income('khrushchev')} a day)"
    assert line in board_texts(app, monkeypatch, board)
