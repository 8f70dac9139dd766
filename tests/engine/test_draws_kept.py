"""Work the engine leaves undone until needed gives the numbers it would have given at once."""

import numpy as np
import pytest

import game
from game.engine import population
from game.engine.batch import GameBatch
from game.engine.chance import pick


@pytest.mark.parametrize("name", ["1953", "1957", "1964"])
def test_a_deferred_trait_is_the_trait_drawn_at_once(name, monkeypatch):
    """A CC member's caution is drawn when first read, from the counters it had: the same numbers, every other
    draw as before, and named actors' columns readable without drawing it."""
    sc = game.load_scenario(name)
    later = GameBatch.new(sc, seeds=range(40, 240))
    named = later.pop.as_drawn("caution")[:, : later.n_actors].copy()
    assert "caution" not in vars(later.pop)
    monkeypatch.setattr(population, "DEFERRED", ())
    now = GameBatch.new(sc, seeds=range(40, 240))
    assert np.array_equal(later.chance.counter, now.chance.counter)
    assert np.array_equal(named, now.pop.caution[:, : now.n_actors])
    assert np.array_equal(later.take([5, 2]).pop.caution, now.pop.caution[[5, 2]])
    for field in population.Population.ARRAYS:
        assert np.array_equal(getattr(later.pop, field), getattr(now.pop, field)), field


@pytest.mark.parametrize("width", [1, 7, 8, 9, 150, 167, 300])
def test_pick_finds_the_cell_a_search_of_every_cell_finds(width):
    rng = np.random.default_rng(width)
    for density in (0.02, 0.3, 1.0):
        mask = rng.random((300, width)) < density
        u = rng.random(300)
        count, chosen = pick(mask, u)
        assert np.array_equal(count, mask.sum(axis=1))
        some = count > 0
        first = np.cumsum(count) - count
        expected = np.flatnonzero(mask)[(first + (u * count).astype(np.int64))[some]] - np.flatnonzero(some) * width
        assert np.array_equal(chosen[some], expected)


class _WritesCaution:
    """A batch policy whose first read of the deferred caution is also a write into it."""

    name = "caution writer"

    def choose_batch(self, batch, side, games):
        batch.pop.caution[games] = 0.0
        return np.zeros(len(games), dtype=np.int64)


def test_a_deferred_trait_first_read_by_a_policy_is_as_read_only_as_the_rest():
    b = GameBatch.new(game.load_scenario("1957"), seeds=range(3))
    assert "caution" not in vars(b.pop)
    with pytest.raises(game.EngineError, match="'caution writer'.*wrote into the games"):
        b.play([_WritesCaution(), _WritesCaution()])
    assert not (b.pop.caution[:, b.n_actors:] == 0.0).all()


def test_a_blocs_stance_mean_outside_the_range_is_believed_clipped_as_it_is_drawn():
    """Found by the second hostile sweep: ``stance = { mean = -3 }`` drew members at -1 but seeded both sides'
    beliefs about them at -3, a picture outside any stance."""
    from dataclasses import replace

    import game
    from game.engine import GameBatch
    sc = game.load_scenario("1957")
    bl = sc.blocs[0]
    sc = replace(sc, blocs=(replace(bl, stance=replace(bl.stance, mean=-3.0, sd=0.0)), *sc.blocs[1:]))
    b = GameBatch.new(sc, seeds=[0, 1])
    members = np.asarray(b.pop.bloc) == 0
    assert members.any() and (b.pop.stance[:, members] == -1.0).all()
    est = b.est_mean[:, :, members]
    assert est.min() >= -1.0 and est.max() <= 1.0
