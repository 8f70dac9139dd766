"""What a policy of one's own may return, and what happens when it breaks the contract: the same clear
``EngineError`` (naming the policy, and the game's seed and day where there is one game at fault) from the
batched engine, the scalar engine and any number of workers; never a numpy ``IndexError``, a silent
misreading, or a game changed behind the engine's back."""

import numpy as np
import pytest

from game.engine import EngineError, GameBatch, InvalidActionError
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
    if how.get("workers", 1) > available_cpus():
        pytest.skip("one CPU")
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
