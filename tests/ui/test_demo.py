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
