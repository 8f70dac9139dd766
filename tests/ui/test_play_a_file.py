"""`main.py play --scenario FILE`: a scenario written anywhere is checked first, then offered first in New game."""

from pathlib import Path

import pygame

from game.cli import main as cli_main
from game.scenario.loader import load_scenario
from game.ui.app import App
from game.ui.scenes.menus import TitleScene
from game.ui.scenes.setup import BriefingScene, SetupScene

from .conftest import FAST, pump
from .test_scenes import key

WARSAW = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_warsaw.toml"


def test_a_scenario_from_elsewhere_is_offered_first_chosen_and_played():
    warsaw = load_scenario(WARSAW)
    app = App(size=(1280, 720), fixed_dt=1 / 60, settings=dict(FAST, last_scenario="1957"), fullscreen=False,
              offered=[warsaw])
    try:
        app.push(TitleScene(app))
        app.push(SetupScene(app))
        pump(app)
        scene = app.scene
        assert scene.scenario is warsaw and scene.scenarios[0] is warsaw      # over the remembered 1957
        assert [s.id for s in scene.scenarios].count(warsaw.id) == 1
        assert {"1957", "1953", "1964"} <= {s.id for s in scene.scenarios}   # scenarios/ still listed
        assert scene.menu.selected_option[0].startswith(f"{warsaw.year} · {warsaw.title}")
        key(app, pygame.K_RETURN)
        assert isinstance(app.scene, BriefingScene) and app.scene.session.game.scenario is warsaw
    finally:
        pygame.display.quit()


def test_play_refuses_a_bad_scenario_file_before_any_window(tmp_path, capsys):
    bad = tmp_path / "crisis.toml"
    bad.write_text(WARSAW.read_text(encoding="utf-8").replace('id = "from_scratch_warsaw"', 'id = ""', 1),
                   encoding="utf-8")
    assert cli_main(["play", "--scenario", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "crisis.toml" in err and "scenario.id" in err and "Traceback" not in err
    assert cli_main(["play", "--scenario", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert "missing.toml" in err and "Traceback" not in err
