"""Drawn art: a distinct face for every person from his looks, event posters from motifs, the window's identity."""

import os

import numpy as np
import pygame
import pytest

import game
from game.ui import art, theme
from game.ui.art.looks import CHOICES, Looks, default_looks, looks_for
from game.ui.art.portrait import portrait
from game.ui.art.poster import DEFAULT_MOTIF, MOTIFS, PAPER, icon, poster
from game.ui.scenes.dialogs import DossierScene
from game.ui.scenes.summary import SummaryScene
from game.ui.session import HUMAN, Session

from .conftest import pump

SCENARIOS = [p.stem for p in (theme.ASSETS.parent / "scenarios").glob("*.toml")]


@pytest.fixture(scope="module")
def display():
    pygame.display.init()
    pygame.display.set_mode((8, 8))
    yield
    pygame.display.quit()


def pixels(surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface).astype(int)


def test_defaults_come_from_the_id_and_are_plausible():
    a, b = default_looks("someone"), default_looks("someone")
    assert a == b                                        # stable: no salted hash, no randomness
    looks = [default_looks(f"member_{k}") for k in range(60)]
    assert len(set(looks)) == 60                         # a seed of his own at least
    for lk in looks:
        for key, allowed in CHOICES.items():
            assert getattr(lk, key) in allowed, (key, lk)
        assert 20 <= lk.age <= 95 and 0.0 <= lk.baldness <= 1.0
    assert len({(lk.hair, lk.face, lk.build) for lk in looks}) > 10   # varied, not one face reseeded
    assert default_looks("x", ("Marshal of the Soviet Union",)).clothing == "marshal"


def test_written_features_win_and_a_described_person_wears_only_what_is_written():
    lk = looks_for("anyone", {"glasses": "pince-nez", "baldness": 1.0, "age": 70})
    assert (lk.glasses, lk.baldness, lk.age) == ("pince-nez", 1.0, 70)
    assert lk.moustache == "none" and lk.beard == "none" and lk.clothing == "suit"
    assert lk.seed == default_looks("anyone").seed        # proportions still his own
    woman = looks_for("anyone", {"sex": "woman"})
    assert woman.moustache == "none" and woman.baldness == 0 and woman.clothing == "dress"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_person_of_every_shipped_scenario_has_a_face_unlike_the_others(display, scenario_id):
    s = game.load_scenario(scenario_id)
    faces = {a.id: pixels(portrait(art.looks_of(a), 48)) for a in s.actors}
    for a in s.actors:
        face = faces[a.id]
        assert face.std() > 20, a.id                      # a drawing, not a flat disc
    ids = list(faces)
    for i, x in enumerate(ids):
        for y in ids[i + 1:]:
            assert np.abs(faces[x] - faces[y]).mean() > 2.0, (scenario_id, x, y)


def test_each_feature_changes_the_drawing(display):
    plain = looks_for("plain", {"age": 50, "build": "slight"})
    base = pixels(portrait(plain, 96))
    for change in ({"glasses": "pince-nez"}, {"glasses": "round"}, {"moustache": "walrus"}, {"beard": "goatee"},
                   {"baldness": 1.0}, {"hair": "white"}, {"build": "stout"}, {"clothing": "marshal", "medals": 20},
                   {"eyebrows": "heavy"}, {"sex": "woman"}, {"skin": "olive"}, {"mole": True}):
        other = pixels(portrait(looks_for("plain", {"age": 50, "build": "slight", **change}), 96))
        assert (np.abs(other - base).sum(axis=2) > 40).sum() >= 4, change      # some pixels clearly changed


def test_portraits_are_cached_per_size_and_dimmed_when_away(display):
    lk = Looks()
    assert portrait(lk, 40) is portrait(lk, 40)
    assert portrait(lk, 40).get_size() == (40, 40) and portrait(lk, 41).get_size() == (41, 41)
    dim = pixels(portrait(lk, 40, dim=True))
    assert dim.mean() < pixels(portrait(lk, 40)).mean()
    corner = portrait(lk, 40).get_at((0, 0))
    assert corner.a == 0                                   # round: the medallion's ring shows around it


def test_every_motif_is_its_own_poster_and_an_unknown_one_falls_back(display):
    seen = [pixels(poster(m, (120, 150))) for m in MOTIFS]
    for i in range(len(seen)):
        for j in range(i + 1, len(seen)):
            assert np.abs(seen[i] - seen[j]).mean() > 5, (list(MOTIFS)[i], list(MOTIFS)[j])
    assert (pixels(poster("no_such_motif", (120, 150))) == pixels(poster(DEFAULT_MOTIF, (120, 150)))).all()
    assert poster("tanks", (120, 150)).get_size() == (120, 150)
    assert icon(32).get_size() == (32, 32)


def test_the_summary_shows_its_events_poster_and_the_dossier_his_face(app, s1957):
    g = game.new_game(s1957, seed=7)
    s = Session(g, {"khrushchev": HUMAN, "group": "historical"}, viewer="khrushchev", autosave=False)
    latest = [e.data["event"] for e in g.log if e.kind == "event"][-1]
    card = app.push(SummaryScene(app, s))
    pump(app)
    assert card.motif == (g.scenario.event(latest).art or DEFAULT_MOTIF)
    area = pixels(app.window.subsurface(card.art))
    paper = np.array(PAPER[:3])
    assert (np.abs(area - paper).sum(axis=2) < 30).mean() > 0.1      # the poster's cream paper is there
    app.pop()
    dossier = app.push(DossierScene(app, s, "molotov"))
    pump(app)
    face = pixels(app.window.subsurface(dossier.face))
    assert face.std() > 20
    expected = pixels(portrait(art.looks_of(s1957.actor("molotov")), dossier.face.w, round_mask=False))
    assert np.abs(face - expected).mean() < 1


def test_the_window_has_the_games_title_and_class(app):
    from game.ui.app import TITLE, WINDOW_IDENTITY
    assert pygame.display.get_caption()[0] == TITLE
    for key, value in WINDOW_IDENTITY.items():
        assert os.environ.get(key) == value
