"""Rules per side (in game and docs/RULES.md), the encyclopedia, epilogue lines, and words for players."""

import subprocess
import sys
from pathlib import Path

import pygame
import pytest

import game
from game.ui.rules import rules_markdown, rules_sections
from game.ui.scenes.menus import TitleScene
from game.ui.scenes.reference import EncyclopediaScene, RulesScene
from game.ui.wording import spaced

from .conftest import pump
from .test_scenes import buttons, key, press, start_board

ROOT = Path(__file__).resolve().parents[2]


def test_docs_rules_is_the_page_the_game_shows():
    assert (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8").strip() == \
        rules_markdown(game.load_scenario("1957")).strip()


def test_the_rules_command_prints_them_and_refuses_an_unknown_scenario():
    ok = subprocess.run([sys.executable, "main.py", "rules", "1953"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and "## Playing" in ok.stdout
    bad = subprocess.run([sys.executable, "main.py", "rules", "nonesuch"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "nonesuch" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("sid", ["1953", "1957", "1964"])
def test_each_side_has_its_own_rules_with_its_wins_and_every_cost(sid):
    s = game.load_scenario(sid)
    pages = {side.id: rules_sections(s, side.id) for side in s.sides}
    for side in s.sides:
        text = " ".join(p for _, paras in pages[side.id] for p in paras)
        assert side.goal in text and f"capital never goes above {s.rules.capital_cap}" in text
        assert "Call a vote (costs" in text and "Adjourning helps" in text
    a, b = (pages[side.id][0] for side in s.sides)
    assert a != b                                   # what wins differs by side


def test_rules_page_switches_side_and_opens_from_the_title(app):
    app.push(TitleScene(app))
    pump(app)
    key(app, pygame.K_r)
    assert isinstance(app.scene, RulesScene)
    first = app.scene.root.elements[-2].html_text if hasattr(app.scene.root.elements[-2], "html_text") else ""
    key(app, pygame.K_2)
    assert app.scene.side == app.scene.scenario.sides[1].id
    html = next(e.html_text for e in app.scene.root.elements if hasattr(e, "html_text"))
    assert app.scene.scenario.sides[1].goal.split()[0] in html and html != first
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, TitleScene)


def test_encyclopedia_tells_each_figure_from_the_data(app):
    s = game.load_scenario("1957")
    app.push(TitleScene(app))
    app.push(EncyclopediaScene(app, s, "shepilov"))
    pump(app)
    a = s.actor("shepilov")
    html = next(e.html_text for e in app.scene.root.elements if hasattr(e, "html_text"))
    for part in (a.name_ru, a.offices[0], "Role in the crisis", "Fate"):
        assert part.split("(")[0][:20] in html.replace("&#x27;", "'"), part
    key(app, pygame.K_DOWN)
    assert app.scene.actor != "shepilov"


def test_the_board_opens_the_encyclopedia_on_the_chosen_figure(app):
    s, board = start_board(app)
    lobby = next(a for a in board.legal() if a.kind == "lobby")
    board.pick_action(lobby)
    key(app, pygame.K_e)
    assert isinstance(app.scene, EncyclopediaScene) and app.scene.actor == lobby.target


def test_every_figure_has_his_own_epilogue_line_for_each_outcome():
    s = game.load_scenario("1957")
    for key_ in [sd.id for sd in s.sides] + ["default"]:
        lines = [a.fates.get(key_) for a in s.actors]
        assert all(lines) and len(set(lines)) == len(lines), key_


def test_words_for_players_leave_out_sources_and_keep_spaces():
    assert spaced("his aircraft (CAESAR XV). Appointed by him (record).") == "his aircraft. Appointed by him."
    assert spaced("of your 4 capital") == "of your 4\u200a capital"
    assert spaced("<font size=5 color='#a1a1a1'>x</font>") == "<font size=5 color='#a1a1a1'>x</font>"


def test_the_title_offers_tutorial_rules_and_who_was_who(app):
    app.push(TitleScene(app))
    pump(app)
    names = set(buttons(app.scene))
    assert {"Tutorial", "Rules", "Who was who"} <= names
    press(app, buttons(app.scene)["Who was who"])
    assert isinstance(app.scene, EncyclopediaScene)
