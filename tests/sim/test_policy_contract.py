"""What a policy of one's own may return, and what happens when it breaks the contract: the same clear
``EngineError`` (naming the policy, and the game's seed and day where there is one game at fault) from the
batched engine, the scalar engine and any number of workers; never a numpy ``IndexError``, a silent
misreading, or a game changed behind the engine's back."""

import numpy as np
import pytest

from game.engine import (
    EngineError,
    GameBatch,
    IllegalActionError,
    InvalidActionError,
    Pass,
)
from game.sim import simulate
from game.sim.batch import available_cpus


class _Returns:
    """A batch policy whose ``choose_batch`` returns ``make(legal_mask)``."""

    def __init__(self, name, make):
        self.name, self.make = name, make

    def choose_batch(self, batch, side, games):
        return self.make(batch.legal_mask(side, games))


BAD_INDICES = [
    _Returns("too_big", lambda m: np.full(len(m), 10**6)),
    _Returns("negative", lambda m: np.full(len(m), -1)),          # was read from the end of the space
    _Returns("too_few", lambda m: np.argmax(m, axis=1)[1:]),
    _Returns("floats", lambda m: np.argmax(m, axis=1) + 0.5),      # was truncated to the index below
    _Returns("booleans", lambda m: m[:, 0]),
    _Returns("nothing", lambda m: None),
]


@pytest.mark.parametrize("policy", BAD_INDICES, ids=lambda p: p.name)
@pytest.mark.parametrize("how", [{}, {"engine": "scalar"}, {"workers": 2}])
def test_a_batch_policy_returning_no_valid_indices_is_refused_by_name(s1957, policy, how):
    if "workers" in how:
        how = {"workers": min(how["workers"], available_cpus())}    # a one-CPU machine runs one worker process
    with pytest.raises(InvalidActionError) as err:
        simulate(s1957, runs=3, seed=1, policies={"group": policy}, **how)
    says = str(err.value)
    assert f"policy {policy.name!r} (The Anti-Party Group)" in says and "\n" not in says
    if policy.name in ("too_big", "negative"):
        assert "in the game of seed " in says and "(day 1)" in says and "(0 to " in says


def test_apply_refuses_an_index_outside_the_space_and_changes_nothing(s1957):
    batch = GameBatch.new(s1957, seeds=[1, 2])
    side = int(batch.to_move[0])
    before = batch.row_to_json(0), batch.row_to_json(1)
    for bad in ([0, len(batch.space[side])], [-1, 0], [0], [0.0, 1.0]):
        with pytest.raises(EngineError):
            batch.apply(side, np.array([0, 1]), bad)
    assert (batch.row_to_json(0), batch.row_to_json(1)) == before


class ReadsTheLog:
    """Chooses by what it reads of the game's records: the log, its own side's log, the actions, the votes, the
    events fired. Alone these are full; a game of a batch used to show a one-game policy empty ones."""

    def __init__(self, seed=0):
        self.seed = seed

    def choose(self, game):
        acts = game.legal_actions()
        seen = len(game.log) + len(game.log_for(game.to_move)) + len(game.actions) + len(game.votes) + len(game.fired)
        return acts[(seen + self.seed) % len(acts)]


def _games(result):
    return [(r.game_seed, r.winner, r.outcome, r.turns, r.actions, r.votes, r.fired) for r in result.records]


@pytest.mark.parametrize("scenario", ["1957", "1953", "1964"])
def test_a_policy_reading_the_records_plays_each_game_as_alone(scenario):
    pols = {"khrushchev" if scenario != "1953" else "beria": ReadsTheLog}
    batched = simulate(scenario, runs=6, seed=2, policies=pols)
    assert _games(batched) == _games(simulate(scenario, runs=6, seed=2, policies=pols, engine="scalar"))
    if available_cpus() > 1:
        assert _games(batched) == _games(simulate(scenario, runs=6, seed=2, policies=pols, workers=2))


class Meddles:
    """Does something to the game it is given, then returns a legal action."""

    def __init__(self, how):
        self.how = how

    def choose(self, game):
        if self.how == "apply":
            game.apply(game.legal_actions()[0])
        elif self.how == "apply_and_undo" and not game.pending:
            game.apply(next(a for a in game.legal_actions() if a.kind == "pass"))
            game.undo()
        elif self.how == "reseed":
            game.reseed(12345)
        return game.legal_actions()[0]


@pytest.mark.parametrize("how", ["apply", "apply_and_undo", "reseed"])
@pytest.mark.parametrize("engine", ["batch", "scalar"])
def test_a_policy_that_plays_on_the_game_it_is_given_is_refused_in_either_engine(s1957, how, engine):
    with pytest.raises(IllegalActionError) as err:
        simulate(s1957, runs=2, seed=1, policies={"group": Meddles(how)}, engine=engine)
    assert "policy 'Meddles' changed the game it was given in the game of seed " in str(err.value)
    assert "(day 1)" in str(err.value) and "game.clone()" in str(err.value)


class Returns:
    def __init__(self, what):
        self.what = what

    def choose(self, game):
        if self.what == "illegal":
            legal = set(game.legal_actions())
            return next(a for a in game.action_space(game.to_move) if a not in legal)
        return {"none": None, "text": "call_vote", "other side": Pass(game.other(game.to_move))}[self.what]


@pytest.mark.parametrize("what, says", [
    ("none", "chose None in the game of seed {seed} (day 1), which is not an action of The Anti-Party Group"),
    ("text", "chose 'call_vote' in the game of seed {seed} (day 1), which is not an action of The Anti-Party Group"),
    ("other side", "which is an action of Khrushchev's camp, not of The Anti-Party Group"),
    ("illegal", ("The Anti-Party Group chose RevealMaterial(side='group', target='bulganin') in the game of seed "
                 "{seed} (day 1), where it is not legal now")),
])
@pytest.mark.parametrize("engine", ["batch", "scalar"])
def test_a_choice_that_is_no_legal_action_names_the_game_in_either_engine(s1957, what, says, engine):
    seed = simulate(s1957, runs=1, seed=1).records[0].game_seed
    with pytest.raises(EngineError) as err:
        simulate(s1957, runs=1, seed=1, policies={"group": Returns(what)}, engine=engine)
    assert says.format(seed=seed) in str(err.value)


class Raises:
    def choose(self, game):
        raise LookupError("no plan")


def test_an_exception_of_the_policy_is_its_own_with_a_note_naming_the_game(s1957):
    with pytest.raises(LookupError) as err:
        simulate(s1957, runs=1, seed=1, policies={"group": Raises()})
    assert any("raised by policy 'Raises' choosing for The Anti-Party Group in the game of seed " in note
               for note in err.value.__notes__)


class TwoPartError(Exception):
    """An exception pickle cannot rebuild (its ``__init__`` takes two arguments, its ``args`` hold one)."""

    def __init__(self, what, why):
        super().__init__(f"{what}: {why}")


class RaisesTwoPart:
    def choose(self, game):
        raise TwoPartError("plan", "none left")


def test_an_exception_that_cannot_come_back_from_a_worker_is_said_not_waited_for(s1957):
    import threading

    from game.sim.batch import WorkerError, _sendable
    assert isinstance(_sendable(TwoPartError("plan", "none left")), WorkerError)
    assert isinstance(_sendable(ValueError("fine")), ValueError)
    workers = min(2, available_cpus())          # one CPU: no worker process, the exception comes back as itself
    raised = []

    def run():
        try:
            simulate(s1957, runs=4, seed=1, policies={"group": RaisesTwoPart()}, workers=workers)
        except Exception as exc:  # noqa: BLE001
            raised.append(exc)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "simulate hung: the pool's result thread died unpickling the exception"
    assert len(raised) == 1 and isinstance(raised[0], WorkerError if workers > 1 else TwoPartError)
    if workers > 1:
        assert "TwoPartError: plan: none left" in str(raised[0])
    said = str(raised[0]) + "".join(getattr(raised[0], "__notes__", ()))   # in the words, or a note as raised
    assert "raised by policy 'RaisesTwoPart'" in said


POLICY_FILE = '''
import numpy as np


class AsksBadly:
    def __init__(self, seed=0):
        pass

    def choose(self, game):
        game.forecast("no_such_motion")
        return game.legal_actions()[0]


class OutOfRange:
    name = "out_of_range"

    def choose_batch(self, batch, side, games):
        return np.full(len(games), 10**6)


out_of_range = OutOfRange()


class Meddles:
    def __init__(self, seed=0):
        pass

    def choose(self, game):
        game.apply(game.legal_actions()[0])
        return game.legal_actions()[0]


class ReadsTheLog:
    def __init__(self, seed=0):
        self.seed = seed

    def choose(self, game):
        acts = game.legal_actions()
        return acts[(len(game.log) + len(game.actions) + self.seed) % len(acts)]


class Exits:
    def __init__(self, seed=0):
        pass

    def choose(self, game):
        raise SystemExit(0)
'''


@pytest.mark.parametrize("name, says", [
    ("AsksBadly", "error: --policy for group: {path}, line 10: UnknownMotionError: unknown motion 'no_such_motion'"),
    ("out_of_range", ("error: policy 'out_of_range' (The Anti-Party Group) chose action index 1000000 in the game "
                      "of seed ")),
    ("Meddles", "error: policy 'Meddles' changed the game it was given in the game of seed "),
    ("Exits", "error: --policy for group: {path}, line 47: SystemExit: 0"),     # was a silent exit, status 0
])
@pytest.mark.parametrize("engine", ["batch", "scalar"])
def test_a_policy_file_that_breaks_the_contract_is_one_line_and_exit_2(tmp_path, capsys, name, says, engine):
    from game.cli import main
    path = tmp_path / "mine.py"
    path.write_text(POLICY_FILE)
    assert main(["simulate", "1957", "--runs", "2", "--engine", engine, "--side", f"group={path}:{name}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(says.format(path=path)) and err.count("\n") == 1 and "Traceback" not in err


def test_a_policy_file_reading_the_log_gives_the_same_games_on_either_engine(tmp_path, capsys):
    import json

    from game.cli import main
    path = tmp_path / "mine.py"
    path.write_text(POLICY_FILE)
    out = []
    for engine in ("batch", "scalar"):
        assert main(["simulate", "1957", "--runs", "6", "--seed", "3", "--engine", engine, "--json",
                     "--side", f"group={path}:ReadsTheLog", "--side", "khrushchev=random"]) == 0
        got = json.loads(capsys.readouterr().out)
        out.append((got["wins"], got["outcomes"], got["votes"]))
    assert out[0] == out[1]


class NoSeed:
    def choose(self, game):
        return game.legal_actions()[0]


class HoldsALock:
    def __init__(self):
        import threading
        self.lock = threading.Lock()

    def choose(self, game):
        return game.legal_actions()[0]


@pytest.mark.parametrize("policy, says", [
    (NoSeed, "group: NoSeed cannot be called with a seed, as a policy class or function is for each game"),
    (lambda: NoSeed(), "group: <lambda> cannot be called with a seed"),
    (HoldsALock(), ("group: policy 'HoldsALock': a policy object is copied for each game (copy.deepcopy), and "
                    "this one cannot be (TypeError: cannot pickle '_thread.lock' object)")),
])
def test_a_policy_that_cannot_be_made_for_each_game_is_refused_before_any_game(s1957, policy, says):
    with pytest.raises(ValueError) as err:        # was Python's own TypeError from deep inside the batch
        simulate(s1957, runs=2, policies={"group": policy})
    assert says in str(err.value)


def test_a_policy_file_that_exits_as_it_is_loaded_is_one_line_and_exit_2(tmp_path, capsys):
    from game.cli import main
    path = tmp_path / "exits.py"
    path.write_text("import sys\nsys.exit(3)\n")
    assert main(["simulate", "1957", "--runs", "2", "--side", f"group={path}:P"]) == 2     # was status 3, silent
    err = capsys.readouterr().err
    assert err == f"error: --policy for group: {path}, line 2: SystemExit: 3\n"


SYSTEM_EXIT = """
import game
from game.sim.batch import available_cpus


class Exits:
    def __init__(self, seed=0):
        pass

    def choose(self, game):
        raise SystemExit(4)


try:
    game.simulate("1957", runs=4, seed=1, policies={"group": Exits}, workers=min(2, available_cpus()))
except SystemExit as exc:
    print("raised", repr(exc))
"""


def test_a_system_exit_of_the_policy_comes_back_from_a_worker_not_waited_for():
    import os
    import subprocess
    import sys
    # In a process of its own, so that a hang is a timeout, not a test run that never ends.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", SYSTEM_EXIT], capture_output=True, text=True, timeout=120, env=env,
                          check=False)
    assert done.stdout == "raised SystemExit(4)\n", done.stderr     # as with one worker; it was a hang


class Reorders:
    """Chooses at random, then reverses the array of games it was asked about, in place."""
    name = "reorders"

    def __init__(self):
        from game.ai.policies import RandomPolicy
        self.random = RandomPolicy(3)

    def choose_batch(self, batch, side, games):
        chosen = self.random.choose_batch(batch, side, games)
        games[:] = games[::-1].copy()
        return chosen


def test_a_batch_policy_cannot_reorder_the_games_it_is_asked_about(s1957):
    from game.ai.policies import RandomPolicy
    batch = GameBatch.new(s1957, seeds=range(6))
    with pytest.raises(EngineError, match="policy 'reorders' .* wrote into the games it was shown"):
        batch.play([RandomPolicy(1), Reorders()])     # was: each game played the choice made for another


def test_a_policy_is_shown_the_very_array_of_games_read_only_and_the_caller_gets_it_back_writable(s1957):
    """The array itself, not a copy or a view: apply finds the legal mask the policy read by that array (a view
    made every move check legality twice, and random play a fifth slower)."""
    from game.ai.policies import RandomPolicy
    seen = []

    class Looks:
        def choose_batch(self, batch, side, games):
            seen.append((games, games.flags.writeable))
            return RandomPolicy(1).choose_batch(batch, side, games)

    batch = GameBatch.new(s1957, seeds=range(4))
    games = np.arange(4)
    k = int(batch.to_move[0])
    batch.apply(k, games, batch.ask(Looks(), k, games))
    assert seen == [(games, False)] and seen[0][0] is games and games.flags.writeable


WRITES = """
class Writes:
    name = "writes"

    def choose_batch(self, batch, side, games):
        batch.capital[games] = 99
        return [0] * len(games)


writes = Writes()
"""


@pytest.mark.parametrize("engine", ["batch", "scalar"])
def test_a_policy_file_writing_into_the_batch_says_why_it_may_not(tmp_path, capsys, engine):
    from game.cli import main
    path = tmp_path / "writes.py"
    path.write_text(WRITES)
    # The scalar engine asks the policy as the batch does: it too may not write into the game (it once could).
    assert main(["simulate", "1957", "--runs", "2", "--engine", engine, "--side", f"group={path}:writes"]) == 2
    err = capsys.readouterr().err
    assert err == (f"error: --policy for group: {path}, line 6: ValueError: assignment destination is read-only; "
                   f"the games are read-only while a policy chooses: work on batch.take(games), a copy\n")


DATACLASS = """
from __future__ import annotations
from dataclasses import dataclass


@dataclass
class Waits:
    seed: int = 0

    def choose(self, game):
        return game.legal_actions()[-1]
"""


def test_a_policy_file_with_a_dataclass_loads_as_an_imported_module_would(tmp_path, capsys):
    from game.cli import main
    path = tmp_path / "waits.py"
    path.write_text(DATACLASS)
    # dataclasses looks the module up in sys.modules under postponed annotations (was: 'NoneType' object has
    # no attribute '__dict__', exit 2)
    assert main(["simulate", "1957", "--runs", "2", "--side", f"group={path}:Waits", "--json"]) == 0
    assert '"runs": 2' in capsys.readouterr().out
