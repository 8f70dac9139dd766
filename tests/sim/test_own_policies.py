"""Policies of one's own in ``simulate``: a class or function of a seed, a policy object, a batch policy,
and ``--side SIDE=FILE.py:NAME`` on the command line; each game plays as it would alone, and a bad or
failing policy is one line naming what is wrong and where (exit code 2)."""

import json

import numpy as np
import pytest

from game.ai.policies import RandomPolicy, batch_policy
from game.cli import main
from game.engine import CallVote, GameBatch
from game.sim import simulate


class CallFirst:
    """Calls the first vote it may, else a seeded draw among its legal actions; counts its moves."""

    def __init__(self, seed: int = 0):
        self.rng = np.random.default_rng(seed)
        self.moves = 0

    def choose(self, game):
        self.moves += 1
        acts = game.legal_actions()
        calls = [a for a in acts if isinstance(a, CallVote)]
        return calls[0] if calls and self.moves > 3 else acts[int(self.rng.integers(len(acts)))]


def _games(result):
    return [(r.game_seed, r.winner, r.outcome, r.turns, r.actions, r.votes) for r in result.records]


def test_a_class_of_a_seed_plays_each_game_as_alone_whatever_the_workers_and_engine(s1957):
    pols = {"group": CallFirst, "khrushchev": "ai:normal"}
    batched = simulate(s1957, runs=8, policies=pols, seed=4)
    assert _games(batched) == _games(simulate(s1957, runs=8, policies=pols, seed=4, workers=2))
    assert _games(batched) == _games(simulate(s1957, runs=8, policies=pols, seed=4, engine="scalar"))
    assert batched.policies == {"khrushchev": "ai:normal", "group": "CallFirst"}
    assert _games(batched) != _games(simulate(s1957, runs=8, policies=pols, seed=5))   # the seed matters


def test_a_policy_object_is_copied_for_each_game(s1957):
    player = CallFirst(9)
    once = simulate(s1957, runs=6, policies={"group": player}, seed=2)
    assert player.moves == 0                         # the object itself never played: each game had a copy
    assert _games(once) == _games(simulate(s1957, runs=6, policies={"group": CallFirst(9)}, seed=2, engine="scalar"))


def test_a_batch_policy_object_decides_the_batch_as_given(s1957):
    ours = simulate(s1957, runs=5, policies={"group": RandomPolicy(7)}, seed=1)
    batch = GameBatch.new(s1957, seeds=[r.game_seed for r in ours.records])
    batch.play([batch_policy("historical", 0), RandomPolicy(7)])
    assert [r["winner"] for r in batch.results()] == [r.winner for r in ours.records]


@pytest.mark.parametrize("bad, says", [
    (3, "group: 3 is not a policy"),
    ("ai:genius", "group: unknown policy 'ai:genius'"),
    (lambda seed: 5, "which has no choose(game)"),
])
def test_a_bad_policy_is_refused_naming_the_side(s1957, bad, says):
    with pytest.raises(ValueError) as err:
        simulate(s1957, runs=2, policies={"group": bad})
    assert says in str(err.value)


def test_a_function_that_gives_no_policy_is_an_engine_error_in_play(s1957):
    """Found by the second hostile sweep: it was a bare ValueError, which ``except EngineError`` let through."""
    from game.engine import EngineError
    with pytest.raises(EngineError, match="which has no choose"):
        simulate(s1957, runs=2, policies={"group": lambda seed: 5})


POLICY_FILE = '''
from game.engine import CallVote

class CallFirst:
    def __init__(self, seed=0):
        self.seed = seed
    def choose(self, game):
        acts = game.legal_actions()
        calls = [a for a in acts if isinstance(a, CallVote)]
        return calls[0] if calls else acts[0]

class Crashes:
    def __init__(self, seed=0):
        self.n = 0
    def choose(self, game):
        self.n += 1
        if self.n > 2:
            raise RuntimeError("out of ideas")
        return game.legal_actions()[0]

class Cheats:
    def __init__(self, seed=0):
        pass
    def choose(self, game):
        return game.action_space(game.to_move)[-1]
'''


def test_a_policy_from_a_file_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "mine.py"
    path.write_text(POLICY_FILE)
    assert main(["simulate", "1957", "--runs", "4", "--side", f"group={path}:CallFirst", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["policies"]["group"] == f"{path}:CallFirst" and sum(out["wins"].values()) == 4


@pytest.mark.parametrize("ref, says", [
    ("{path}:Nope", "defines no 'Nope' (it defines: CallFirst, CallVote, Cheats, Crashes)"),
    ("{path}:Crashes", "mine.py, line 18: RuntimeError: out of ideas"),
    ("{path}:Cheats", "where it is not legal now"),
    ("{dir}/missing.py:X", "missing.py: no such file"),
    ("{dir}/broken.py:X", "broken.py, line 2: "),
])
def test_a_bad_policy_file_is_one_line_and_exit_2(tmp_path, capsys, ref, says):
    (tmp_path / "mine.py").write_text(POLICY_FILE)
    (tmp_path / "broken.py").write_text("x = 1\ny = (\n")
    ref = ref.format(path=tmp_path / "mine.py", dir=tmp_path)
    assert main(["simulate", "1957", "--runs", "2", "--side", f"group={ref}"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --policy for group: ") or "not legal now" in err
    assert says in err and "Traceback" not in err and "\n" not in err
