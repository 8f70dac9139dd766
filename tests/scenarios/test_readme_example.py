"""The minimal scenario printed in scenarios/README.md validates and plays: the docs stay true."""

import re

import game
from game.ai.policies import make_policy
from game.scenario.loader import SCENARIO_DIR, load_scenario
from game.sim.batch import play_game

README = (SCENARIO_DIR / "README.md").read_text(encoding="utf-8")


def _example(tmp_path):
    match = re.search(r"<!-- minimal-example:start -->\n```toml\n(.*?)```\n<!-- minimal-example:end -->", README, re.S)
    assert match, "the minimal example is missing from scenarios/README.md"
    path = tmp_path / "minimal.toml"
    path.write_text(match.group(1), encoding="utf-8")
    return path


def test_the_minimal_example_validates_and_plays(tmp_path):
    s = load_scenario(_example(tmp_path))
    assert s.id == "minimal_example" and [x.id for x in s.sides] == ["secretary", "minister"]
    endings = set()
    for seed in range(10):
        policy = "historical" if seed % 2 else "random"
        g = play_game(s, seed, {"secretary": make_policy(policy, seed), "minister": make_policy("random", seed + 1)})
        endings.add(g.outcome().id)
    assert endings <= {o.id for o in s.outcomes} | {"force:minister", "force:secretary", "force_failed:minister",
                                                    "force_failed:secretary"}
    r = game.simulate(s, runs=20, policies="historical", seed=1)
    assert r.votes["remove_secretary"].held == 20
