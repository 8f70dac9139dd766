"""The rules through the public API only, as an outside tester writes them from README.md, docs/MODEL.md and
the docstrings: every action kind previewed, applied, logged and taken back; what is not listed refused with
an ``EngineError`` and the game unchanged; the outcome a documented value; ``simulate``'s summaries adding up."""

import json
import random
from dataclasses import fields

import pytest

import game
from game import EngineError, IllegalActionError, InvalidActionError
from game.engine import (
    ACTION_TYPES,
    CallVote,
    Choose,
    GameEvent,
    GameOverError,
    Lobby,
    Pass,
    Preview,
)
from game.engine.outcome import Degree, Fate, Termination
from game.engine.record import VoteRecord

SCENARIOS = ("1957", "1953", "1964")


def _state(g) -> str:
    """The game as ``to_json`` holds it, but for ``undoable`` (whether the last action may still be taken back:
    history, not state, and False after an undo by design, as docs/SAVES.md says)."""
    data = g.to_json()
    data["state"].pop("undoable")
    return json.dumps(data, sort_keys=True)


def _positions(scenario_id: str, seeds=(0, 1, 2), every: int = 1):
    """Positions of random games (the game itself, a clone at each step), and the finished games."""
    scenario = game.load_scenario(scenario_id)
    for seed in seeds:
        g = game.new_game(scenario, seed=seed)
        rng = random.Random(seed)
        step = 0
        while not g.is_over():
            if step % every == 0:
                yield g.clone()
            g.apply(rng.choice(g.legal_actions()))
            step += 1
        yield g


@pytest.fixture(scope="module")
def by_kind():
    """For each action kind, a few positions (of every scenario) where the side to move may take one."""
    found: dict[str, list] = {kind: [] for kind in ACTION_TYPES}
    for sid in SCENARIOS:
        for g in _positions(sid, seeds=range(6)):
            for a in g.legal_actions():
                if len(found[a.kind]) < 6 and not any(p is g for p, _ in found[a.kind]):
                    found[a.kind].append((g, a))
    return found


@pytest.mark.parametrize("kind", sorted(ACTION_TYPES))
def test_each_kind_previews_applies_logs_and_undoes_exactly(by_kind, kind):
    assert by_kind[kind], f"no position of random play in {SCENARIOS} offers a {kind!r} action"
    for position, action in by_kind[kind]:
        g = position.clone()
        before, capital, day = _state(g), g.capital(action.side), g.turn
        p = g.preview(action)
        assert isinstance(p, Preview) and p.action == action and p.cost == action.cost and p.affordable
        assert 0.0 <= p.odds <= 1.0 and p.text and isinstance(p.effect, str)
        assert _state(g) == before                                   # a preview changes nothing
        log, count = len(g.log), g.action_count
        events = g.apply(action)
        assert all(isinstance(e, GameEvent) for e in events)
        assert g.action_count == count + 1 and g.actions[-1] == action.to_json()
        assert g.log[log:] == events and events, "an action leaves at least its own line in the log"
        assert events[0].data.get("action") == action.to_json()
        mine = {e.text for e in g.log_for(action.side)[-len(events):]}
        assert {e.text for e in events if e.audience in (None, action.side)} <= mine
        if g.turn == day and not g.is_over():
            assert g.capital(action.side) <= capital - p.cost + 0   # it cost what the preview said, at least
        if isinstance(action, CallVote) and not g.is_over():
            assert action.motion in {item["motion"] for item in g.agenda} or g.votes, "a called vote is held or put"
        if g.can_undo():
            g.undo()
            assert _state(g) == before, f"undo of {action!r} did not restore the game"
            assert not g.can_undo()                                 # once only
            with pytest.raises(IllegalActionError):
                g.undo()


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_what_is_listed_is_accepted_and_nothing_else_is(scenario_id):
    for g in _positions(scenario_id, seeds=(3,), every=3):
        before = _state(g)
        listed = g.legal_actions()
        for a in listed:
            assert g.is_legal(a)
            g.clone().apply(a)                                      # accepted
        for side in (s.id for s in g.scenario.sides):
            for a in g.action_space(side):
                if a in listed:
                    continue
                assert not g.is_legal(a)
                with pytest.raises(EngineError):
                    g.apply(a)
                with pytest.raises(EngineError):
                    g.apply(a.to_json())
        assert _state(g) == before, "a refused action changed the game"


JUNK = [None, 3, 2.5, "pass", b"pass", [], ("pass", "group"), object(), {"kind": "pass"},
        {"kind": "no_such_kind", "side": "group"}, {"kind": "pass", "side": 3},
        {"kind": "pass", "side": "group", "extra": 1}, {"kind": "lobby", "side": "group", "target": ["molotov"]},
        Pass("nobody"), Lobby("group", 5), Lobby("group", "no_such_man"), CallVote("group", None),
        CallVote("khrushchev", "no_such_motion"), Choose("group", "no_such_option")]


def test_junk_of_every_kind_is_an_engine_error_and_changes_nothing(g1957):
    for g in (g1957, game.new_game("1957", seed=8)):
        g.apply(g.legal_actions()[0])
        before = _state(g)
        for junk in JUNK:
            assert g.is_legal(junk) is False
            with pytest.raises(EngineError):
                g.apply(junk)
            with pytest.raises(EngineError):
                g.preview(junk)
        assert _state(g) == before


def test_the_wrong_sides_move_is_illegal_not_malformed(g1957):
    other = g1957.other(g1957.to_move)
    with pytest.raises(IllegalActionError, match="move, not"):
        g1957.apply(Pass(other))
    with pytest.raises(InvalidActionError, match="unknown side"):
        g1957.apply(Pass("nobody"))


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_after_the_end_everything_is_refused_and_the_outcome_is_a_documented_value(scenario_id):
    *_, g = _positions(scenario_id, seeds=(4,), every=10**6)
    assert g.is_over() and g.legal_actions() == [] and g.to_move == ""
    before = _state(g)
    for side in (s.id for s in g.scenario.sides):
        for a in g.action_space(side):
            with pytest.raises(GameOverError):
                g.apply(a)
    for junk in JUNK:
        with pytest.raises(EngineError):
            g.apply(junk)
    assert _state(g) == before
    out = g.outcome()
    # README: "winner, degree, votes, epilogue"; the rest of the Outcome dataclass
    assert [f.name for f in fields(out)] == ["id", "termination", "winner", "degree", "title", "text", "turn",
                                             "date", "decisive_votes", "epilogue"]
    assert out.id in {o.id for o in g.scenario.outcomes} or out.id.startswith("force:")
    assert isinstance(out.termination, Termination) and isinstance(out.degree, Degree)
    assert out.winner in {s.id for s in g.scenario.sides} | {None}
    assert out.title and isinstance(out.text, str) and 0 <= out.turn < len(g.scenario.calendar)
    assert out.date == g.scenario.calendar[out.turn].date
    assert all(isinstance(v, VoteRecord) for v in out.decisive_votes)
    # plain str dates in every record (they were numpy's str_, shown as np.str_('1957-06-29') in a repr)
    assert {type(x.date) for x in (*g.log, *g.votes)} == {str} and type(out.date) is str
    assert all(v in g.votes for v in out.decisive_votes)
    assert [f.actor for f in out.epilogue] == [a.id for a in g.scenario.actors]
    assert all(isinstance(f, Fate) and f.text for f in out.epilogue)
    assert g.to_json()["view"]["outcome"] == out.title


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_simulate_summaries_add_up_and_each_game_replays_alone_from_its_seed(scenario_id):
    scenario = game.load_scenario(scenario_id)
    first, second = (s.id for s in scenario.sides)
    r = game.simulate(scenario, runs=30, seed=9, policies={first: "random", second: "historical"})
    assert sum(r.wins.values()) == sum(r.outcomes.values()) == sum(r.degrees.values()) == r.runs == 30
    data = json.loads(json.dumps(r.to_json()))                     # plain JSON
    assert data["runs"] == 30 and data["seed"] == 9 and data["policies"] == {first: "random", second: "historical"}
    for side, rate in data["win_rates"].items():
        lo, hi = data["win_ci95"][side]
        assert lo <= rate <= hi and rate == round(r.wins[side] / 30, 4)
    for outcome, n in data["outcomes"].items():
        lo, hi = data["outcome_ci95"][outcome]
        assert lo <= n / 30 <= hi
    frame = r.to_frame()
    assert set(frame) == {"run", "game_seed", "winner", "outcome", "degree", "turns", "actions", "votes", "events"}
    assert all(len(column) == 30 for column in frame.values()) and frame["run"] == list(range(30))
    assert len(set(frame["game_seed"])) == 30
    for side in r.wins:
        assert frame["winner"].count(side) == r.wins[side]
    table = r.table()
    assert table.startswith(f"{scenario_id}: 30 games, seed 9") and all(side in table for side in r.wins)
    # game 5 alone, from its recorded seed: the historical side's moves replayed, random's from its own seed
    from game.sim.batch import play_run
    assert play_run(scenario, {first: "random", second: "historical"}, 9, 5) == r.records[5]
    alone = game.new_game(scenario, seed=frame["game_seed"][5])
    assert alone.seed == frame["game_seed"][5]


@pytest.mark.parametrize("policies, says", [
    (["random", "random"], "the policy for khrushchev, 'random', has no choose_batch(batch, side, games)"),
    ({"khrushchev": "x"}, "play needs one policy for each side, khrushchev, group; got 'khrushchev'"),
    ([object()], "play needs one policy for each side, khrushchev, group: 2, got 1"),
])
def test_a_batch_is_played_by_batch_policies_or_refuses_before_any_move(s1957, policies, says):
    from game import GameBatch
    batch = GameBatch.new(s1957, seeds=range(3))
    before = [batch.row_to_json(g) for g in range(3)]
    with pytest.raises(EngineError) as err:          # was AttributeError or KeyError, from inside step
        batch.play(policies)
    assert says in str(err.value)
    assert [batch.row_to_json(g) for g in range(3)] == before


def test_undo_refused_says_why(s1957):
    from game import Game, GameBatch
    g = game.new_game(s1957, seed=1)
    with pytest.raises(IllegalActionError, match="no action has been taken"):
        g.undo()
    g.apply(next(a for a in g.legal_actions() if a.kind == "pass"))
    g.apply(next(a for a in g.legal_actions() if a.kind == "pass"))
    g.undo()
    with pytest.raises(IllegalActionError, match=r"taken back already \(once only\)"):
        g.undo()
    view = Game(GameBatch.new(s1957, seeds=[1]), 0)                # was: "it drew chance or revealed something"
    view.apply(view.legal_actions()[0])
    with pytest.raises(IllegalActionError, match="keeps no record of its actions"):
        view.undo()


def test_queries_refuse_what_is_not_of_the_scenario(g1957):
    with pytest.raises(InvalidActionError, match="unknown side"):
        g1957.log_for("nobody")                     # was the public log, as if any name were a side
    with pytest.raises(InvalidActionError, match="one stance per person"):
        g1957.believed_world("group", [0.0], seed=1)  # was everyone's stance set to 0.0, by broadcasting
    people = len(g1957.estimates("group")[0])
    assert g1957.believed_world("group", [0.0] * people, seed=1).people.stance.tolist() == [0.0] * people


def test_an_action_space_reads_as_the_sequence_of_its_actions(s1957):
    # docs/AI.md: choose_batch returns "action indices of batch.space[side]"; the space was not indexable
    import numpy as np

    from game import GameBatch
    batch = GameBatch.new(s1957, seeds=[1])
    space = batch.space[int(batch.to_move[0])]
    assert list(space) == list(space.actions) and len(space) == len(space.actions)
    legal = [space[a] for a in np.flatnonzero(batch.legal_mask(int(batch.to_move[0]), np.array([0]))[0])]
    assert legal == game.Game(batch, 0).legal_actions()
