"""The desktop game (pygame-ce + pygame_gui). Import only from here: ``game`` stays pygame-free."""

from __future__ import annotations


def play(size=(1280, 720), fullscreen: bool | None = None) -> int:
    """Open the window on the title screen and run until the player quits."""
    from .app import App
    from .scenes.menus import TitleScene
    app = App(size=size, fullscreen=fullscreen)
    app.run(TitleScene(app))
    return 0


def demo(screenshots=None, seed: int = 1957, policy: str = "historical", size=(1280, 720),
         fast: bool | None = None) -> int:
    """Computer against computer through every scene; PNGs of each into ``screenshots``."""
    from .demo import run_demo
    return run_demo(screenshots=screenshots, seed=seed, policy=policy, size=size, fast=fast)
