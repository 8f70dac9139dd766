"""Whatever validates, plays: small random edits of good scenarios (a number set to an extreme, an id
swapped for another, an entry dropped or doubled, a key removed) either are refused by the loader with
a ScenarioError or give a scenario every policy plays to its end without a crash, with previews,
forecasts, explanations and a save's JSON round trip along the way. Seeded: the same mutants every
run; for a longer search raise ``MUTANTS`` (3,304 mutants of all six scenarios found no crash)."""

import copy
import json
import random
from pathlib import Path

import pytest

from game.ai.policies import RandomPolicy
from game.engine import Game
from game.engine.errors import EngineError
from game.scenario.errors import ScenarioError
from game.scenario.loader import _load_chain, build_from_data
from game.sim import simulate

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = [DATA / "hostile" / "base" / "minimal.toml", DATA / "scenarios" / "from_scratch_warsaw.toml"]
MUTANTS = 24          # per file; about two thirds are refused, the rest are played


def _places(x, path=()):
    yield path, x
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _places(v, path + (k,))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _places(v, path + (i,))


def mutate(data: dict, rng: random.Random) -> str:
    """One random edit of ``data`` in place; returns what it did."""
    ids = sorted({v["id"] for _, v in _places(data) if isinstance(v, dict) and isinstance(v.get("id"), str)})
    path, value = rng.choice([p for p in _places(data) if p[0]])
    parent, key = data, path[-1]
    for k in path[:-1]:
        parent = parent[k]
    if isinstance(value, bool):
        parent[key] = not value
    elif isinstance(value, (int, float)):
        parent[key] = rng.choice([0, 1, -1, 2 * value, -value, 1e6, 0.999, 100])
    elif isinstance(value, str):
        parent[key] = rng.choice(ids + ["", value + "_x"])
    elif isinstance(value, list):
        if value and rng.random() < 0.5:
            value.pop(rng.randrange(len(value)))
        elif value:
            value.append(copy.deepcopy(rng.choice(value)))
    elif isinstance(value, dict) and value:
        del value[rng.choice(list(value))]
    return ".".join(map(str, path))


def play(scenario, seed: int) -> None:
    simulate(scenario, runs=6, policies="random", seed=seed)
    simulate(scenario, runs=2, policies="historical", seed=seed)
    simulate(scenario, runs=2, policies="ai:normal", seed=seed)
    g = Game.new(scenario, seed=seed)
    players = {s.id: RandomPolicy(seed + k) for k, s in enumerate(scenario.sides)}
    for step in range(300):
        if g.is_over():
            break
        actions = g.legal_actions()
        if step % 6 == 0:
            for a in actions[:: max(1, len(actions) // 8)]:
                g.preview(a)
            for m in scenario.motions[:3]:
                try:
                    g.forecast(m.id, samples=10)
                    g.explain(m.id, scenario.actors[0].id)
                except EngineError:
                    pass
            Game.from_json(scenario, json.loads(json.dumps(g.to_json())))
        g.apply(players[g.to_move].choose(g))
    assert g.is_over()
    assert all(f.text for f in g.outcome().epilogue)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_whatever_validates_plays(path):
    base, files, text = _load_chain(path)
    rng = random.Random(path.stem)
    played = 0
    for n in range(MUTANTS):
        data = copy.deepcopy(base)
        edits = [mutate(data, rng) for _ in range(rng.choice([1, 1, 2]))]
        try:
            scenario = build_from_data(data, files, text, path.name)
        except ScenarioError:
            continue
        try:
            play(scenario, n)
        except Exception as exc:
            raise AssertionError(f"{path.name} with {edits} validated but crashed: {exc!r}") from exc
        played += 1
    assert played >= MUTANTS // 4, f"only {played} of {MUTANTS} mutants validated: the edits are too harsh"
