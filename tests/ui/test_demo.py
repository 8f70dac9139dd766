"""The demo plays computer against computer through every scene and saves a PNG of each."""

import numpy as np
import pygame

from game.ui.demo import REQUIRED, run_demo


def test_demo_runs_to_the_end_and_writes_every_picture(tmp_path):
    out = tmp_path / "shots"
    assert run_demo(screenshots=out, seed=1957, policy="historical") == 0
    names = {p.stem.split("-", 1)[1] for p in out.glob("*.png")}
    assert set(REQUIRED) <= names
    for path in out.glob("*.png"):
        img = pygame.image.load(str(path))
        assert img.get_size() == (1280, 720)
        pixels = pygame.surfarray.array3d(img).reshape(-1, 3)[::97]
        assert len(np.unique(pixels, axis=0)) > 20, path.name      # a drawn screen, not a blank one


def test_demo_command_checks_its_arguments(capsys):
    from game.cli import main
    assert main(["demo", "--policy", "nonsense"]) == 2
    assert "unknown policy 'nonsense'" in capsys.readouterr().err
    assert main(["demo", "--size", "big"]) == 2
    assert "WIDTHxHEIGHT" in capsys.readouterr().err


def test_importing_the_game_and_its_cli_leaves_pygame_out():
    import subprocess
    import sys
    code = "import sys, game, game.cli; assert 'pygame' not in sys.modules, 'pygame imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_demo_tours_a_scenario_file_and_its_pages(tmp_path, capsys):
    """``demo --scenario FILE``: an author sees every screen of a crisis written from scratch, 1957's
    guided lesson left out; a bad file exits 2 with its problems before any window opens."""
    from pathlib import Path

    import game
    from game.cli import main
    from game.ui.demo import LESSON, required
    warsaw = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_warsaw.toml"
    out = tmp_path / "shots"
    assert main(["demo", "--scenario", str(warsaw), "--screenshots", str(out), "--seed", "3",
                 "--size", "960x540"]) == 0
    names = {p.stem.split("-", 1)[1] for p in out.glob("*.png")}
    assert set(REQUIRED) - set(LESSON) <= names and not names & set(LESSON)
    assert {"vote", "decision"} <= names                  # pictured when the game reaches them, as here
    assert "decision" not in required(game.load_scenario(warsaw))   # ... but another game may never reach one
    bad = tmp_path / "bad.toml"
    bad.write_text(warsaw.read_text(encoding="utf-8").replace('id = "ochab"', 'id = "Ochab!"', 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["demo", "--scenario", str(bad), "--screenshots", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "Traceback" not in err
    assert not (tmp_path / "none").exists()


def test_the_title_pages_show_the_offered_scenario():
    """With a scenario offered (``play --scenario FILE``), the title's notes, rules and figures are its."""
    from pathlib import Path

    import game
    from game.ui.app import App
    from game.ui.scenes.menus import NotesScene
    from game.ui.scenes.reference import EncyclopediaScene, RulesScene
    warsaw = game.load_scenario(Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_warsaw.toml")
    app = App(size=(1280, 720), fixed_dt=1 / 60, settings={"fullscreen": False}, fullscreen=False, offered=[warsaw])
    try:
        assert RulesScene(app).scenario is warsaw and EncyclopediaScene(app).scenario is warsaw
        app.push(NotesScene(app))
        app.step(1 / 60)
        page = next(e.html_text for e in app.scene.root.elements if hasattr(e, "html_text"))
        assert "Polish October (test scenario)</b> <i>(1956)</i>" in page and "Gomulka" in page
    finally:
        pygame.display.quit()
