"""The desktop game (pygame-ce + pygame_gui). Import only from here: ``game`` stays pygame-free."""

from __future__ import annotations

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")   # no banner on the console


def play(size=(1280, 720), fullscreen: bool | None = None) -> int:
    """Open the window on the title screen and run until the player quits."""
    import sys

    import pygame

    from .app import App
    try:
        app = App(size=size, fullscreen=fullscreen)
    except pygame.error as exc:
        print(f"cannot open a window ({exc}); without a display, try: python main.py demo --screenshots DIR",
              file=sys.stderr)
        return 1
    app.run("title")
    return 0
