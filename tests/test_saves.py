"""Saves: round trips, atomic writes under crashes, version and scenario checks, autosave rotation."""

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import game
from game.ai import RandomPolicy
from game.cli import main as cli_main
from game.saves import (
    FORMAT_VERSION, SaveError, autosave, autosaves, list_saves, load_game, read_save, save_game, state_digest,
)
from game.scenario.loader import scenario_files
from game.sim import play_game

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def finished(s1957):
    return play_game(s1957, 11, {"khrushchev": RandomPolicy(1), "group": RandomPolicy(2)})


@pytest.fixture
def midgame(s1957):
    g = game.new_game(s1957, seed=5)
    policy = RandomPolicy(3)
    for _ in range(9):
        g.apply(policy.choose(g))
    return g


def _state(g) -> str:
    return json.dumps(g.to_json(), sort_keys=True)


def test_round_trip_of_a_finished_game(finished, tmp_path):
    path = save_game(finished, tmp_path / "done.json")
    loaded = load_game(path)
    assert _state(loaded) == _state(finished)
    assert loaded.outcome() == finished.outcome()
    fast = load_game(path, verify=False)
    assert _state(fast) == _state(finished)


def test_save_holds_versions_scenario_seed_actions_and_snapshot(midgame, tmp_path):
    path = save_game(midgame, tmp_path / "s.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == FORMAT_VERSION
    assert data["game_version"] == game.__version__
    assert data["scenario"]["id"] == "1957"
    assert data["scenario"]["hash"] == midgame.scenario.source_hash
    assert data["seed"] == 5
    assert data["actions"] == midgame.actions and len(data["actions"]) == 9
    assert len(data["digests"]) == 9 and data["digests"][-1] == state_digest(midgame)
    assert data["snapshot"] == json.loads(json.dumps(midgame.to_json()))


def test_a_loaded_game_plays_on_exactly_like_the_original(midgame, tmp_path):
    loaded = load_game(save_game(midgame, tmp_path / "s.json"))
    a, b = RandomPolicy(9), RandomPolicy(9)
    while not midgame.is_over():
        midgame.apply(a.choose(midgame))
        loaded.apply(b.choose(loaded))
    assert _state(loaded) == _state(midgame)


def test_a_crash_mid_save_leaves_the_previous_save_intact(midgame, tmp_path, monkeypatch):
    path = save_game(midgame, tmp_path / "slot.json")
    before = path.read_bytes()
    midgame.apply(midgame.legal_actions()[0])

    def power_cut(fd):
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(SaveError, match="slot.json: cannot save: Input/output error"):
        save_game(midgame, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot.json"]   # no temp file left behind
    load_game(path)


def test_a_killed_process_never_leaves_a_broken_save(tmp_path):
    """SIGKILL a process that saves in a loop, at varying moments: the file always loads."""
    path = tmp_path / "slot.json"
    child = textwrap.dedent(f"""
        import sys, game
        from game.saves import save_game
        g = game.new_game("1957", seed=3)
        save_game(g, {str(path)!r})
        print("ready", flush=True)
        while True:
            if g.is_over():
                g = game.new_game("1957", seed=3)
            g.apply(g.legal_actions()[-1])
            save_game(g, {str(path)!r})
    """)
    for delay in (0.05, 0.13, 0.21, 0.34):
        proc = subprocess.Popen([sys.executable, "-c", child], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline().strip() == "ready"
            time.sleep(delay)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            proc.stdout.close()
        loaded = load_game(path)          # complete and verified, whichever save won
        assert loaded.seed == 3


def test_save_names_the_file_and_the_version(tmp_path, midgame):
    path = save_game(midgame, tmp_path / "old.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["format_version"] = 3
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError) as err:
        load_game(path)
    assert str(err.value) == f"{path}: saved by format version 3 (a newer game); this game reads version 2"


def test_changed_scenario_is_detected_by_its_hash(tmp_path, midgame):
    path = save_game(midgame, tmp_path / "s.json")
    other = game.load_scenario("1957", overrides=["actors.zhukov.stance=0.1"])
    with pytest.raises(SaveError, match="saved for scenario 1957 with a different hash .*: the scenario file has "
                                        "changed since"):
        load_game(path, scenario=other)


def test_tampered_action_is_caught_at_its_step(tmp_path, midgame):
    path = save_game(midgame, tmp_path / "s.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["actions"][4] = {"kind": "pass", "side": data["actions"][4]["side"]}
    data["snapshot"]["state"]["actions"] = data["actions"]
    path.write_text(json.dumps(data), encoding="utf-8")
    if midgame.actions[4] == data["actions"][4]:
        pytest.fail("the fixture's fifth action must not be a pass for this test")
    with pytest.raises(SaveError) as err:
        load_game(path)
    assert err.value.step == 5 and "step 5" in str(err.value)


def test_tampered_snapshot_is_caught(tmp_path, midgame):
    path = save_game(midgame, tmp_path / "s.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["snapshot"]["state"]["capital"][1] += 5
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError, match=r"snapshot does not match .*snapshot\.state\.capital\[1\]"):
        load_game(path)


def test_a_game_edited_outside_apply_is_not_saved(tmp_path, midgame):
    midgame.batch.capital[midgame.row, 1] += 1
    with pytest.raises(SaveError, match="differs from a replay"):
        save_game(midgame, tmp_path / "s.json")
    assert not (tmp_path / "s.json").exists()


def test_autosaves_rotate(tmp_path, midgame):
    folder = tmp_path / "auto"
    folder.mkdir()
    for _ in range(7):
        autosave(midgame, folder, keep=3)
    assert [p.name for p in autosaves(folder)] == [
        "autosave-000005.json", "autosave-000006.json", "autosave-000007.json"]
    load_game(autosaves(folder)[-1])


def test_list_saves_reads_headers_and_reports_broken_files(tmp_path, midgame, finished):
    save_game(midgame, tmp_path / "a.json")
    save_game(finished, tmp_path / "b.json")
    (tmp_path / "c.json").write_text("{", encoding="utf-8")
    found = list_saves(tmp_path)
    infos = {Path(x.path).name: x for x in found}
    assert set(infos) == {"a.json", "b.json", "c.json"}
    assert infos["a.json"].actions == 9 and infos["a.json"].outcome is None
    assert infos["b.json"].outcome == finished.outcome().title
    assert isinstance(infos["c.json"], SaveError)


def test_saving_into_a_missing_folder_is_a_clear_error(tmp_path, midgame):
    with pytest.raises(SaveError, match="does not exist"):
        save_game(midgame, tmp_path / "nope" / "s.json")


def test_read_save_never_unpickles(tmp_path):
    import pickle
    path = tmp_path / "evil.json"
    path.write_bytes(pickle.dumps({"format": "anti-party-group-save"}))
    with pytest.raises(SaveError, match="not UTF-8"):
        read_save(path)


# ---------------------------------------------------------------- replay command
def test_replay_command_verifies_and_summarises(tmp_path, finished, capsys):
    path = save_game(finished, tmp_path / "done.json")
    assert cli_main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    n = len(finished.actions)
    assert f"{n} of {n} steps replayed" in out
    assert finished.outcome().title in out


def test_replay_command_json(tmp_path, finished, capsys):
    path = save_game(finished, tmp_path / "done.json")
    assert cli_main(["replay", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["ok"] is True
    assert summary["verified_steps"] == summary["actions"] == len(finished.actions)
    assert summary["outcome"]["id"] == finished.outcome().id
    assert summary["final_digest"] == state_digest(finished)
    assert len(summary["votes"]) == len(finished.votes)


def test_replay_command_stops_at_the_first_divergence(tmp_path, finished, capsys):
    path = save_game(finished, tmp_path / "done.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["digests"][6] = "0" * 16
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cli_main(["replay", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "step 7" in err[0] and "diverges" in err[0] and str(path) in err[0]
    assert cli_main(["replay", str(path), "--json"]) == 2
    summary = json.loads(capsys.readouterr().out)
    assert summary == {**summary, "ok": False, "step": 7, "verified_steps": 6}


def test_replay_from_another_process_gives_the_same_game(tmp_path, finished):
    """A save carries everything needed: a fresh interpreter replays it to the same digest."""
    path = save_game(finished, tmp_path / "done.json")
    proc = subprocess.run([sys.executable, "main.py", "replay", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["final_digest"] == state_digest(finished)


def test_meta_is_kept_for_the_front_end(tmp_path, midgame):
    from game.saves import load
    path = save_game(midgame, tmp_path / "s.json", meta={"players": {"group": "human", "khrushchev": "hard"}})
    g, info = load(path)
    assert info.meta == {"players": {"group": "human", "khrushchev": "hard"}}
    assert _state(g) == _state(midgame)
    assert list_saves(tmp_path)[0].meta == info.meta
    with pytest.raises(SaveError, match="meta must be plain JSON"):
        save_game(midgame, tmp_path / "t.json", meta={"when": object()})


def test_temp_files_left_by_a_crash_are_cleaned_up_later(tmp_path, midgame):
    stale = tmp_path / ".slot.json.abc123.tmp"
    fresh = tmp_path / ".slot.json.def456.tmp"
    stale.write_bytes(b"{half a save")
    fresh.write_bytes(b"{another save in progress")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    save_game(midgame, tmp_path / "slot.json")
    assert not stale.exists() and fresh.exists()


def _replay_needs_its_file(toml, save, capsys) -> str:
    """Save one move of a game of the scenario ``toml``; replay it without the file (refused: the error's
    words returned) and with it (verified)."""
    g = game.new_game(game.load_scenario(toml), seed=2)
    g.apply(g.legal_actions()[0])
    path = save_game(g, save)
    assert cli_main(["replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert cli_main(["replay", str(path), "--scenario", str(toml)]) == 0
    return err


def test_replay_command_takes_a_scenario_file(tmp_path, capsys):
    toml = tmp_path / "zhukov.toml"                # keeps the id "1957", with another hash
    toml.write_text('extends = "1957"\n\n[[actors]]\nid = "zhukov"\nstance = 0.1\n', encoding="utf-8")
    err = _replay_needs_its_file(toml, tmp_path / "variant.json", capsys)
    assert "different hash" in err and "with --scenario FILE" in err


def test_replay_of_a_crisis_kept_elsewhere_says_to_give_its_file(tmp_path, capsys):
    """A save of a scenario outside scenarios/ cannot be found by its id: the error says how to give it."""
    harbour = Path(__file__).resolve().parent / "data" / "scenarios" / "from_scratch_harbour.toml"
    err = _replay_needs_its_file(harbour, tmp_path / "harbour.json", capsys)
    assert "cannot be loaded here" in err and "give the scenario file it was played on with --scenario FILE" in err


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(special):
    if not os.path.exists(special):
        pytest.fail(f"{special} is expected on the test machines (Linux, macOS)")
    start = time.monotonic()
    with pytest.raises(SaveError, match="not a regular file"):
        read_save(special)
    assert time.monotonic() - start < 1


@pytest.mark.parametrize("path", scenario_files(),
                         ids=lambda p: p.stem)
def test_every_scenario_saves_and_replays(path, tmp_path):
    s = game.load_scenario(path)
    g = play_game(s, 4, {side.id: RandomPolicy(i) for i, side in enumerate(s.sides)})
    saved = save_game(g, tmp_path / f"{s.id}.json")
    assert _state(load_game(saved)) == _state(g)
    assert cli_main(["replay", str(saved), "--json"]) == 0


def _undone(s1957):
    g = game.new_game(s1957, seed=3)
    for _ in range(12):
        g.apply(g.legal_actions()[0])
        if g.can_undo() and len(g.actions) > 2:
            return g.undo()
    pytest.fail("no undoable action in the first twelve; pick another seed")


def test_a_game_saves_after_an_undo_and_keeps_the_undo_spent(s1957, tmp_path):
    g = _undone(s1957)
    assert not g.can_undo()
    loaded = load_game(save_game(g, tmp_path / "s.json"))
    assert loaded.actions == g.actions and not loaded.can_undo()


def test_a_save_cannot_grant_an_undo(s1957, tmp_path):
    g = game.new_game(s1957, seed=3)
    g.apply(g.legal_actions()[0])
    path = save_game(g, tmp_path / "s.json")
    assert load_game(path).can_undo() == g.can_undo()
    assert not load_game(path, verify=False).can_undo()       # unverified: no undo until the next action
    chance = next(i for i, a in enumerate(g.legal_actions()) if a.kind in ("lobby", "court"))
    g.apply(g.legal_actions()[chance])                          # draws chance: may not be undone
    assert not g.can_undo()
    data = json.loads(save_game(g, path).read_text(encoding="utf-8"))
    data["snapshot"]["state"]["undoable"] = True                # an edited save tries to allow a re-roll
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not load_game(path).can_undo()


def test_a_save_never_takes_the_place_of_a_pipe_a_folder_or_a_device(midgame, tmp_path):
    """Found by a hostile sweep: saving to a FIFO's path put the save in its place (os.replace renames over any
    entry; as root, ``save_game(g, "/dev/full")`` replaced the device), a NUL in the name was a ValueError from
    tempfile, ``""`` said 'Device or resource busy', and a meta nested 5,000 deep a RecursionError."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    (tmp_path / "folder.json").mkdir()
    for path in (fifo, tmp_path / "folder.json", str(tmp_path / "a\0b.json"), ""):
        with pytest.raises(SaveError, match="cannot save"):
            save_game(midgame, path)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and (tmp_path / "folder.json").is_dir()
    deep = cur = {}
    for _ in range(5000):
        cur["a"] = cur = {}
    with pytest.raises(SaveError, match="meta must be plain JSON"):
        save_game(midgame, tmp_path / "deep.json", meta=deep)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.json", "pipe.json"]


def test_a_file_that_is_not_json_is_not_called_truncated(tmp_path):
    """A scenario's TOML given to replay was 'not valid JSON at line 1, column 1: Expecting value; the file ends
    early (truncated?)': the hint is for an error at the end of the text only."""
    with pytest.raises(SaveError) as err:
        read_save(Path(__file__).resolve().parents[1] / "scenarios" / "1957.toml")
    assert "line 1, column 1" in err.value.message and "truncated" not in err.value.message
    cut = tmp_path / "cut.json"
    cut.write_text('{"format": "anti-party-group-save", "actions": [1, 2', encoding="utf-8")
    with pytest.raises(SaveError, match=r"truncated\?"):
        read_save(cut)


def test_replay_names_a_side_called_the_something_mid_line(tmp_path, capsys):
    """'Outcome: ...: a decisive victory for The Chairman' read 'for the Chairman' once the fates did."""
    toml = Path(__file__).resolve().parent / "data" / "scenarios" / "from_scratch_harbour.toml"
    harbour = game.load_scenario(toml)
    for seed in range(20):
        g = play_game(harbour, seed, {side.id: RandomPolicy(i) for i, side in enumerate(harbour.sides)})
        if g.outcome().winner:
            break
    path = save_game(g, tmp_path / "harbour.json")
    capsys.readouterr()
    assert cli_main(["replay", str(path), "--scenario", str(toml)]) == 0
    out = capsys.readouterr().out
    assert " victory for the " in out and "victory for The" not in out, out


def test_a_save_with_more_after_it_is_not_called_truncated_and_a_huge_version_is_shortened(tmp_path, midgame):
    """Found by the second hostile sweep: a save followed by more text (two saves in one file) was "Extra data; the
    file ends early (truncated?)", and a format_version of 401 digits was printed whole."""
    good = save_game(midgame, tmp_path / "good.json").read_text(encoding="utf-8")
    twice = tmp_path / "twice.json"
    twice.write_text(good + "\n" + good, encoding="utf-8")
    with pytest.raises(SaveError) as err:
        read_save(twice)
    assert "Extra data" in err.value.message and "truncated" not in err.value.message
    huge = tmp_path / "huge.json"
    huge.write_text(good.replace('"format_version":2', '"format_version":' + "1" * 401, 1), encoding="utf-8")
    with pytest.raises(SaveError, match=r"format version 111111111111… \(401 digits\) \(a newer game\)") as err:
        read_save(huge)
    assert len(err.value.message) < 200
