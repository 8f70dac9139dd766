"""A few thousand random clicks and keys anywhere, on every screen, raise nothing."""

import random

import pygame

from game.ui.scenes.menus import TitleScene

from .conftest import pump

KEYS = [pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_v, pygame.K_p, pygame.K_l, pygame.K_F1,
        pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET,
        pygame.K_n, pygame.K_c, pygame.K_h, pygame.K_s, pygame.K_TAB, pygame.K_a, pygame.K_0, pygame.K_9]


def test_random_input_never_raises(app):
    rng = random.Random(1957)
    app.push(TitleScene(app))
    w, h = app.size
    events = 0
    scenes = set()
    for frame in range(760):
        for _ in range(4):
            r = rng.random()
            pos = (rng.randrange(w), rng.randrange(h))
            if r < 0.55:
                pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
                pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
                pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
            elif r < 0.65:
                pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)), flipped=False,
                                                     precise_x=0.0, precise_y=0.0, touch=False))
            else:
                k = rng.choice(KEYS)
                mod = pygame.KMOD_CTRL if k == pygame.K_s and rng.random() < 0.3 else 0
                pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
            events += 1
        pump(app, 1)
        scenes.add(app.scene.name if app.scene else "-")
        if not app.running or not app.stack:       # Quit was clicked: start again
            app.running = True
            app.reset(TitleScene(app))
    assert events >= 3000
    assert {"title", "board"} <= scenes, scenes
