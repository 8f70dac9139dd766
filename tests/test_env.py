"""The PettingZoo AEC environment: conformance (api_test, seed_test), masks, fog of war, rewards."""

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import game
from game.engine.errors import EngineError, IllegalActionError, InvalidActionError
from game.env import AntiPartyGroupEnv, enumerate_actions, env
from game.saves import load_game, save_game
from game.scenario.loader import scenario_files
from pettingzoo.test import api_test, seed_test

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _quiet_style_warnings():
    # api_test recommends Box observations and agents named "player_0"; we keep PettingZoo's
    # classic-game layout (a dict with "observation" and "action_mask") and the scenario's side ids.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


@pytest.mark.parametrize("scenario", scenario_files(), ids=lambda p: p.stem)
def test_pettingzoo_api_test_on_every_scenario(scenario):
    api_test(env(scenario), num_cycles=300)


def test_render_shows_the_day_and_the_sides():
    e = AntiPartyGroupEnv("1957", render_mode="ansi")
    e.reset(seed=3)
    text = e.render()
    assert e.game.day.label in text and "capital" in text and e.game.side_name("group") in text
    with pytest.raises(ValueError, match="render_mode"):
        AntiPartyGroupEnv("1957", render_mode="pygame")


def test_pettingzoo_seed_test():
    seed_test(lambda: env("1957"), num_cycles=300)


def test_importing_game_does_not_import_pettingzoo():
    code = ("import sys, game, game.engine, game.saves, game.sim, game.ai; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pettingzoo', 'gymnasium')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def _random_episode(e: AntiPartyGroupEnv, seed: int, check=None):
    e.reset(seed=seed)
    rng = np.random.default_rng(seed)
    total = {a: 0.0 for a in e.possible_agents}
    for agent in e.agent_iter():
        obs, reward, terminated, truncated, _ = e.last()
        total[agent] += reward
        if terminated or truncated:
            e.step(None)
            continue
        if check:
            check(e, agent, obs)
        legal = np.flatnonzero(obs["action_mask"])
        e.step(int(rng.choice(legal)))
    return total


def test_the_mask_is_exactly_the_engines_legal_actions():
    e = AntiPartyGroupEnv("1957")
    seen = set()

    def check(e, agent, obs):
        g = e.game
        assert agent == g.to_move
        legal = {e.action_id(agent, a) for a in g.legal_actions()}
        assert set(np.flatnonzero(obs["action_mask"])) == legal
        other = g.other(agent)
        assert not e.observe(other)["action_mask"].any()       # only the side to move may act
        seen.update(e.action_of(agent, i).kind for i in legal)

    for seed in range(6):
        _random_episode(e, seed, check)
    assert {"lobby", "call_vote", "pass"} <= seen


def test_action_space_is_fixed_and_typed_inside(s1957):
    acts = enumerate_actions(s1957, "group")
    assert len(acts) == len(set(acts)) == AntiPartyGroupEnv(s1957).action_space("group").n
    assert acts == enumerate_actions(s1957, "group")          # same order every time
    assert all(a.side == "group" for a in acts)
    e = AntiPartyGroupEnv(s1957)
    lobby = next(a for a in acts if a.kind == "lobby" and a.targets() == {"target": "zhukov"})
    assert e.action_of("group", e.action_id("group", lobby)) == lobby


def test_observation_shows_estimates_never_true_stances():
    e = AntiPartyGroupEnv("1957")
    e.reset(seed=4)
    before = e.observe("group")["observation"].copy()
    e.game.people.stance[:] = -e.game.people.stance        # the truth changes completely...
    after = e.observe("group")["observation"]
    assert np.array_equal(before, after)                         # ...and the side sees nothing of it
    mean, _ = e.game.estimates("group")
    n = len(mean)
    assert np.allclose(after[:n], np.clip(mean, -1, 1).astype(np.float32))
    layout = dict(e.observation_layout())
    assert layout["estimate_mean"] == n and sum(layout.values()) == len(after)


def test_rewards_come_at_the_end_and_follow_the_winner():
    for seed in range(4):
        e = AntiPartyGroupEnv("1957")
        total = _random_episode(e, seed)
        out = e.game.outcome()
        if out.winner is None:
            assert total == {a: 0.0 for a in total}
        else:
            assert total[out.winner] == 1.0
            assert total[e.game.other(out.winner)] == -1.0
        assert e.agents == []


def test_degree_scaled_rewards():
    e = AntiPartyGroupEnv("1957", degree_rewards=True)
    total = _random_episode(e, 2)
    out = e.game.outcome()
    if out.winner is not None:
        from game.env import DEGREE_REWARD
        assert total[out.winner] == DEGREE_REWARD[out.degree] == -total[e.game.other(out.winner)]


def test_a_masked_action_is_refused_and_changes_nothing():
    e = AntiPartyGroupEnv("1957")
    e.reset(seed=1)
    agent = e.agent_selection
    masked = int(np.flatnonzero(e.observe(agent)["action_mask"] == 0)[0])
    before = json.dumps(e.game.to_json(), sort_keys=True)
    with pytest.raises(IllegalActionError):
        e.step(masked)
    with pytest.raises(ValueError):
        e.step(10**6)
    assert json.dumps(e.game.to_json(), sort_keys=True) == before


def test_unknown_agents_ids_and_a_game_not_yet_reset_are_engine_errors():
    """Found by a hostile sweep: an unknown agent was a KeyError, an action id past the space an IndexError (and -1
    the last action), a step or observation before reset an AttributeError."""
    e = AntiPartyGroupEnv("1957")
    for call in (lambda: e.step(0), lambda: e.observe("group")):
        with pytest.raises(EngineError, match="reset"):
            call()
    e.reset(seed=1)
    agent = e.agent_selection
    for call in (lambda: e.action_space("nobody"), lambda: e.observation_space("nobody"),
                 lambda: e.action_mask("nobody"), lambda: e.action_of("nobody", 0), lambda: e.action_of(agent, 10**6),
                 lambda: e.action_of(agent, -1), lambda: e.action_of(agent, "0"), lambda: e.action_id(agent, "x"),
                 lambda: e.step(None)):
        with pytest.raises(EngineError):
            call()
    assert e.action_of(agent, e.action_id(agent, e.action_of(agent, 3))) == e.action_of(agent, 3)


def test_the_mask_of_an_unknown_agent_is_refused_before_reset_and_after_the_end():
    """Found by the second hostile sweep: ``action_mask("nobody")`` was a KeyError before ``reset`` and once the
    game was over (only a game in progress asked who the agent was)."""
    e = AntiPartyGroupEnv("1957")
    with pytest.raises(InvalidActionError, match="unknown agent 'nobody'"):
        e.action_mask("nobody")
    e.reset(seed=2)
    while not e.game.is_over():
        e.step(int(np.flatnonzero(e.action_mask(e.agent_selection))[0]))
    with pytest.raises(InvalidActionError, match="unknown agent 'nobody'"):
        e.action_mask("nobody")
    assert not e.action_mask("group").any()


def test_an_episode_is_a_game_that_saves_and_replays(tmp_path):
    e = AntiPartyGroupEnv("1957")
    _random_episode(e, 9)
    path = save_game(e.game, tmp_path / "episode.json")
    assert load_game(path).outcome() == e.game.outcome()
    again = AntiPartyGroupEnv("1957")
    _random_episode(again, 9)
    assert again.game.actions == e.game.actions     # same seed, same episode
    assert game.new_game("1957", seed=9).seed == e.game.seed


def test_the_side_sees_its_own_lobbies_as_odds_lost_and_not_the_others():
    """Persuasion wears out (1957: model.lobby_fatigue = 0.2): the observation carries the odds the side has
    spent on each man (``Game.lobbies``), and nothing of the other side's lobbies, which are private."""
    e = AntiPartyGroupEnv("1957")
    e.reset(seed=3)
    layout = e.observation_layout()
    start = sum(n for name, n in layout[:[name for name, _ in layout].index("lobby_odds_lost")])
    ids = [a.id for a in e.scenario.actors]
    while e.agent_selection != "group":
        e.step(e.action_id(e.agent_selection, next(a for a in e.game.legal_actions() if a.kind == "pass")))
    lobby = next(a for a in e.game.legal_actions() if a.kind == "lobby" and a.targets() == {"target": "bulganin"})
    e.step(e.action_id("group", lobby))
    mine = e.observe("group")["observation"][start: start + len(ids)]
    theirs = e.observe("khrushchev")["observation"][start: start + len(ids)]
    assert mine[ids.index("bulganin")] == np.float32(0.2) and mine.sum() == np.float32(0.2)
    assert not theirs.any()
