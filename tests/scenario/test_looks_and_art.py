"""An actor's ``looks`` and an event's ``art``: checked against the format's one source (spec.Looks,
spec.Motif), kept only as written (the game fills the rest), present for every person of the shipped scenarios."""

from pathlib import Path

import pytest

import game
import dataclasses
import typing

from game.engine import spec
from game.scenario.errors import ScenarioError
from game.scenario.loader import load_scenario

MINIMAL = (Path(__file__).resolve().parents[1] / "data" / "hostile" / "base" / "minimal.toml").read_text(encoding="utf-8")
MOTIFS = typing.get_args(spec.Motif)
SHIPPED = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))


def _load(tmp_path, extra: str):
    (tmp_path / "base.toml").write_text(MINIMAL, encoding="utf-8")
    path = tmp_path / "v.toml"
    path.write_text(f'extends = "base.toml"\n\n[scenario]\nid = "v"\n{extra}', encoding="utf-8")
    return load_scenario(path)


def test_written_looks_and_art_reach_the_scenario_as_written(tmp_path):
    s = _load(tmp_path, '\n[[actors]]\nid = "minister"\nlooks = { age = 71, glasses = "pince-nez", mole = true }\n'
                        '\n[[events]]\nid = "tanks"\nart = "tanks"\n')
    assert s.actor("minister").looks == spec.Looks(age=71, glasses="pince-nez", mole=True)
    assert s.actor("first_secretary").looks is None        # nothing written: the game draws from his id
    assert s.event("tanks").art == "tanks"


@pytest.mark.parametrize("extra, where, words", [
    ('looks = { glasses = "monocle" }', "actors[1].looks.glasses", "pince-nez"),
    ('looks = { age = 7 }', "actors[1].looks.age", "greater than or equal to 20"),
    ('looks = { baldness = 1.5 }', "actors[1].looks.baldness", "less than or equal to 1"),
    ('looks = { medals = 2.5 }', "actors[1].looks.medals", "integer"),
    ('looks = { mole = "yes" }', "actors[1].looks.mole", "boolean"),
    ('looks = { tattoo = "anchor" }', "actors[1].looks.tattoo", "not permitted"),
    ('looks = "handsome"', "actors[1].looks", ""),
])
def test_a_bad_look_is_named_with_its_field(tmp_path, extra, where, words):
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, f'\n[[actors]]\nid = "minister"\n{extra}\n')
    problem = next(p for p in info.value.problems if p.field == where)
    assert words in problem.message


def test_an_unknown_motif_is_refused_with_the_list(tmp_path):
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, '\n[[events]]\nid = "tanks"\nart = "zeppelin"\n')
    problem = info.value.problems[0]
    assert problem.field == "events[0].art" and all(m in problem.message for m in MOTIFS)


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_every_person_of_the_shipped_scenarios_is_described(scenario_id):
    s = game.load_scenario(scenario_id)
    for a in s.actors:
        assert None not in (a.looks.age, a.looks.face, a.looks.hair), a.id
    assert any(e.art for e in s.events) and all(e.art is None or e.art in MOTIFS for e in s.events)


def test_the_game_draws_every_feature_and_motif_the_format_allows():
    from game.ui.art.looks import CHOICES, Looks
    from game.ui.art.poster import DEFAULT_MOTIF, MOTIFS as DRAWN
    assert {f.name for f in dataclasses.fields(Looks)} - {"seed"} == {f.name for f in dataclasses.fields(spec.Looks)}
    assert set(CHOICES) == {"sex", "build", "face", "skin", "hair", "hair_style", "eyebrows", "glasses", "moustache",
                            "beard", "clothing"} and "pince-nez" in CHOICES["glasses"]
    assert set(DRAWN) == set(MOTIFS) and DEFAULT_MOTIF in MOTIFS
