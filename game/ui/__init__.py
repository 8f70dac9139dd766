"""The desktop game (pygame-ce + pygame_gui). Import only from here: ``game`` stays pygame-free."""

from __future__ import annotations


def play(size=(1280, 720), fullscreen: bool | None = None) -> int:
    """Open the window on the title screen and run until the player quits."""
    from .app import App
    from .scenes.menus import TitleScene
    app = App(size=size, fullscreen=fullscreen)
    app.run(TitleScene(app))
    return 0
