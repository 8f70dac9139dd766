"""Hardening outside the engine (issue 12): every hostile input to the command line, the saves folder
and the settings file ends in one clear line and exit code 2 (CLI) or the documented exception (API),
never a traceback, never silently accepted; text from files is shown escaped, never obeyed.

The command-line inputs are the corpus ``tests/data/hostile/cli.json`` (README.md in that folder);
the UI's side (frame loop, seed box, Load menu) is in ``tests/ui/test_hardening_ui.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import game
from game import saves
from game.ai import RandomPolicy
from game.cli import MAX_WINDOW, MIN_WINDOW, _size
from game.cli import main as cli_main
from game.engine.errors import EngineError
from game.errors import BadInput, parse_seed, shown, shown_json
from game.sim.batch import MAX_RUNS, available_cpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = json.loads((ROOT / "tests" / "data" / "hostile" / "cli.json").read_text(encoding="utf-8"))
CLI = CORPUS["cli"]
TEXTS = CORPUS["texts"]
# What a terminal would obey: C0/C1 controls, DEL, bidi controls, invisible format characters.
RAW_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
LONG = "n" * 5000


# ---------------------------------------------------------------- places
def _unwritable(tmp_path: Path) -> Path:
    """An existing folder this user cannot create files in: a read-only folder, or /proc and /sys for root."""
    candidates = []
    if os.geteuid() != 0:
        ro = tmp_path / "readonly"
        ro.mkdir(exist_ok=True)
        ro.chmod(0o555)
        candidates.append(ro)
    candidates += [Path("/proc"), Path("/sys")]          # no one creates files there, root included
    for folder in candidates:
        try:
            fd = os.open(folder / ".apg-probe", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError:
            return folder
        os.close(fd)
        os.unlink(folder / ".apg-probe")
    raise AssertionError("this machine has no folder that refuses new files (/proc, /sys): the tests need one")


def _real_save(folder: Path, name: str = "game.json", seed: int = 5) -> Path:
    g = game.new_game(game.load_scenario("1957"), seed=seed)
    policy = RandomPolicy(3)
    for _ in range(6):
        g.apply(policy.choose(g))
    return saves.save_game(g, folder / name)


def _edited_save(src: Path, dst: Path, edit) -> Path:
    data = json.loads(src.read_text(encoding="utf-8"))
    edit(data)
    dst.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return dst


def _set_seed(data: dict, seed: int) -> None:
    data["seed"] = seed
    data["snapshot"]["state"]["seed"] = seed


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "file").write_text("not a folder")
    (tmp / "x.png").mkdir()
    for name in ("full.png", "full.csv"):
        if os.path.exists("/dev/full"):
            (tmp / name).symlink_to("/dev/full")
    save = _real_save(tmp)
    huge_seed = _edited_save(save, tmp / "seed_2_63.json", lambda d: _set_seed(d, 2 ** 63))
    cpus = available_cpus()
    unwritable = _unwritable(tmp)
    values = {"{tmp}": str(tmp), "{long}": LONG, "{cpus+1}": str(cpus + 1), "{cpus}": str(cpus),
              "{save}": str(save), "{save_seed_2_63}": str(huge_seed),
              "{unwritable}": str(unwritable)}
    return values


def _fill(text: str, values: dict) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def classify(code: int, err: str) -> str:
    """refused (exit 2, one line 'error…'), traceback, accepted (exit 0) or other."""
    if "Traceback" in err:
        return "traceback"
    lines = err.strip().splitlines()
    if code == 2 and len(lines) == 1 and "error" in lines[0]:
        return "refused"
    if code == 0:
        return "accepted"
    return "other"


def _run_subprocess(argv: list[str], stdout_path: str | None, timeout: float = 120) -> tuple[int, str]:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "OPENBLAS_NUM_THREADS": "1"}
    with open(stdout_path or os.devnull, "wb") as out:
        proc = subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, env=env, stdout=out,
                              stderr=subprocess.PIPE, timeout=timeout)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


# ---------------------------------------------------------------- the command-line corpus
def test_the_cli_corpus_has_a_readme_line_and_unique_names():
    names = [e["name"] for e in CLI]
    assert len(names) == len(set(names))
    readme = (ROOT / "tests" / "data" / "hostile" / "README.md").read_text(encoding="utf-8")
    assert "cli.json" in readme
    for name in names:
        assert f"`{name}`" in readme, f"{name} has no README line"


@pytest.mark.parametrize("entry", CLI, ids=lambda e: e["name"])
def test_each_hostile_command_line_is_refused_with_one_line(entry, places, capsys):
    argv = [_fill(a, places) for a in entry["argv"]]
    expected = _fill(entry["error"], places)
    if entry.get("stdout"):
        code, err = _run_subprocess(argv, entry["stdout"])
        out = ""
    else:
        start = time.monotonic()
        code = cli_main(argv)
        captured = capsys.readouterr()
        err, out = captured.err, captured.out
        assert time.monotonic() - start < 60
    assert classify(code, err) == "refused", (code, err[-2000:])
    assert expected in shown(err) or expected in err, err
    assert len(err.strip()) < 700
    assert not RAW_UNSAFE.search(err)
    assert out == ""


def test_the_whole_cli_corpus_in_fresh_processes_gives_the_count_table(places, capsys):
    """Each input through ``python main.py`` in its own process: the table of the issue's closing note."""
    tally = {"tried": 0, "refused": 0, "traceback": 0, "accepted": 0, "other": 0}
    bad = []
    for entry in CLI:
        argv = [_fill(a, places) for a in entry["argv"]]
        code, err = _run_subprocess(argv, entry.get("stdout"))
        kind = classify(code, err)
        tally["tried"] += 1
        tally[kind] += 1
        if kind != "refused":
            bad.append((entry["name"], code, err[-500:]))
    with capsys.disabled():
        print(f"\nCLI corpus: {tally}")
    assert not bad, bad
    assert tally["refused"] == tally["tried"] >= 40


def test_standard_output_closed_early_is_one_line_not_a_traceback():
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "main.py", "schema"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()                                  # the reader goes away: EPIPE for the writer
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert code == 2 and "Traceback" not in err and "Exception ignored" not in err
    assert err.strip().splitlines() == ["error: cannot write the output: the program reading it has closed the pipe"]


def test_argument_errors_are_one_line_too(capsys):
    assert cli_main(["simulate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the following arguments are required: scenario" in err
    with pytest.raises(SystemExit) as exit_:
        cli_main(["--help"])
    assert exit_.value.code == 0


# ---------------------------------------------------------------- numbers typed by the user
@pytest.mark.parametrize("text, value", [("0", 0), ("7", 7), (" 42 ", 42), (str(2 ** 63 - 1), 2 ** 63 - 1)])
def test_good_seeds_are_taken(text, value):
    assert parse_seed(text) == value


@pytest.mark.parametrize("text", ["-1", str(2 ** 63), str(2 ** 64), "1.5", "0x10", "", "1_000", "٣", "9" * 5000, "nan"])
def test_bad_seeds_are_refused_by_name(text):
    with pytest.raises(BadInput, match=r"^--seed: expected a whole number from 0 to 2\^63 - 1"):
        parse_seed(text)


def test_simulate_api_checks_its_arguments():
    cpus = available_cpus()
    for runs in (0, -1, MAX_RUNS + 1, 2.5, True, "3"):
        with pytest.raises(ValueError, match="runs must be a whole number from 1 to 1,000,000"):
            game.simulate("1957", runs=runs)
    for workers in (0, cpus + 1, 1.5, False):
        with pytest.raises(ValueError, match=f"workers must be a whole number from 1 to {cpus}"):
            game.simulate("1957", runs=2, workers=workers)
    for seed in (-1, 2 ** 63, 1.5):
        with pytest.raises(EngineError, match="seed"):
            game.simulate("1957", runs=2, seed=seed)
    assert game.simulate("1957", runs=2, seed=2 ** 63 - 1).runs == 2


def test_window_sizes_have_a_documented_range():
    from game.ui.app import MAX_SIZE, check_size
    assert MAX_WINDOW == MAX_SIZE and MIN_WINDOW == (640, 400)
    assert _size("1280x720") == (1280, 720) and _size("7680X4320") == MAX_WINDOW and _size("640x400") == MIN_WINDOW
    for bad in ("100000x100000", "7681x4320", "639x400", "0x0", "1280", "1280x720x1", "axb", "1e3x720", "١٢٨٠x720"):
        with pytest.raises(BadInput, match="--size: .*640x400 to 7680x4320"):
            _size(bad)
    for bad in ((100000, 100000), (0, 720), (1280.0, 720), "big", (True, 720)):
        with pytest.raises(ValueError, match="window"):
            check_size(bad)


# ---------------------------------------------------------------- output files
def test_a_plot_that_cannot_be_written_is_an_oserror_not_a_pygame_error(tmp_path):
    from game.sim.plot import plot_result
    result = game.simulate("1957", runs=2, policies="random", seed=1)
    (tmp_path / "x.png").mkdir()
    with pytest.raises(IsADirectoryError):
        plot_result(result, str(tmp_path / "x.png"))
    if os.path.exists("/dev/full"):
        with pytest.raises(OSError, match="No space left"):
            plot_result(result, "/dev/full")
    plot_result(result, str(tmp_path / "ok.png"))
    assert (tmp_path / "ok.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_output_checks_never_truncate_or_leave_files(tmp_path):
    from game.sim.command import check_output_file
    kept = tmp_path / "kept.csv"
    kept.write_text("precious")
    check_output_file("--csv", str(kept))
    assert kept.read_text() == "precious"
    check_output_file("--plot", str(tmp_path / "new.png"), ".png")
    assert not (tmp_path / "new.png").exists()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = threading.Event()
    threading.Thread(target=lambda: (check_output_file("--csv", str(fifo)), done.set()), daemon=True).start()
    assert done.wait(5), "a pipe with no reader must not block the check"


def test_screenshot_folders_are_checked_before_the_window_opens(tmp_path):
    from game.ui.demo import prepare_screenshots, run_demo
    (tmp_path / "file").write_text("x")
    with pytest.raises(BadInput, match="exists and is not a folder"):
        run_demo(screenshots=tmp_path / "file")
    with pytest.raises(BadInput, match="File name too long"):
        prepare_screenshots(tmp_path / LONG)
    assert prepare_screenshots(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert list((tmp_path / "a" / "b").iterdir()) == []        # the probe leaves nothing behind


# ---------------------------------------------------------------- text from files: shown, never obeyed
def _assert_safe(text: str):
    assert not RAW_UNSAFE.search(text), repr(text[:400])


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_replay_escapes_a_hostile_game_version_and_title(key, tmp_path, capsys):
    hostile = TEXTS[key]
    src = _real_save(tmp_path, "src.json")

    def edit(d):
        d["game_version"] = hostile
        d["scenario"]["title"] = hostile
    path = _edited_save(src, tmp_path / "hostile.json", edit)
    assert cli_main(["replay", str(path), "-v"]) == 0
    out = capsys.readouterr().out
    _assert_safe(out)
    assert f"saved by {shown(hostile)}" in out
    assert cli_main(["replay", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    _assert_safe(out)
    assert json.loads(out)["game_version"] == hostile           # escaped, yet the same value


@pytest.mark.parametrize("key", sorted(k for k in TEXTS if "\x00" not in TEXTS[k]))
def test_hostile_file_names_are_escaped_by_replay_list_and_validate(key, tmp_path, capsys, monkeypatch):
    hostile = TEXTS[key].replace("/", "_")
    save = _real_save(tmp_path, f"{hostile}.json")
    assert cli_main(["replay", str(save)]) == 0
    out = capsys.readouterr().out
    _assert_safe(out)
    assert shown(save.name) in out
    broken = tmp_path / f"{hostile}broken.json"
    broken.write_text("{")
    assert cli_main(["replay", str(broken)]) == 2
    err = capsys.readouterr().err
    _assert_safe(err)
    assert len(err.strip().splitlines()) == 1
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(ROOT / "scenarios" / "1957.toml", folder / f"{hostile}.toml")
    (folder / f"{hostile}bad.toml").write_text("[scenario]\n")
    from game.scenario import loader
    monkeypatch.setattr(loader, "SCENARIO_DIRS", [folder])
    assert cli_main(["list"]) == 0
    out = capsys.readouterr().out
    _assert_safe(out)
    # listed as a scenario, or (the loader refuses such names) as an invalid file: escaped either way
    assert f"({shown(hostile)}.toml)" in out or f"{shown(hostile)}.toml: invalid" in out
    assert f"{shown(hostile)}bad.toml: invalid" in out
    assert cli_main(["validate", str(folder / f"{hostile}bad.toml")]) == 2
    _assert_safe(capsys.readouterr().err)


def test_shown_escapes_every_unsafe_character_and_keeps_the_rest():
    for value in TEXTS.values():
        _assert_safe(shown(value))
    assert shown("\x1b[2J") == "\\x1b[2J" and shown("a\u202eb") == "a\\u202eb"
    assert shown("Хрущёв — 1957 · ok") == "Хрущёв — 1957 · ok"
    assert shown("a\nb", keep_newlines=True) == "a\nb" and shown("a\nb") == "a\\x0ab"
    blob = json.dumps({"k": list(TEXTS.values())}, ensure_ascii=False, indent=2)
    assert json.loads(shown_json(blob)) == json.loads(blob)
    _assert_safe(shown_json(blob).replace("\n", ""))


# ---------------------------------------------------------------- the data folder ($ANTI_PARTY_GROUP_HOME)
def _homes(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "afile").write_text("x")
    homes = {"a_file": tmp_path / "afile", "under_a_file": tmp_path / "afile" / "home",
             "name_too_long": tmp_path / ("x" * 300), "path_too_long": tmp_path.joinpath(*["y" * 200] * 25)}
    homes["read_only"] = _unwritable(tmp_path) / "apg-home"
    return homes


def _home_calls():
    from game.ui import persistence
    g = game.new_game(game.load_scenario("1957"), seed=3)
    return {
        "saves_dir(create=True)": lambda: persistence.saves_dir(create=True),
        "write_save": lambda: persistence.write_save(g, "slot"),
        "write_autosave": lambda: persistence.write_autosave(g),
        "store_settings": lambda: persistence.store_settings(dict(persistence.DEFAULT_SETTINGS)),
        "autosaves": lambda: persistence.autosaves(),
        "list_saves": lambda: persistence.list_saves(),
        "load_settings": lambda: persistence.load_settings(),
        "remove_stale_temps": lambda: persistence.remove_stale_temps(),
        "saves.save_game": lambda: saves.save_game(g, persistence.saves_dir() / "a.json"),
        "saves.autosave": lambda: saves.autosave(g, persistence.saves_dir()),
        "saves.list_saves": lambda: saves.list_saves(persistence.saves_dir()),
        "saves.load_game": lambda: saves.load_game(persistence.saves_dir() / "a.json"),
        "saves.write_atomic": lambda: saves.write_atomic(persistence.saves_dir() / "b.json", b"{}"),
    }


WRITES = {"saves_dir(create=True)", "write_save", "write_autosave", "store_settings", "saves.save_game",
          "saves.autosave", "saves.write_atomic", "saves.load_game"}
NEVER_RAISE = {"load_settings", "remove_stale_temps"}


def test_a_hostile_data_folder_raises_save_error_never_oserror(tmp_path, monkeypatch):
    tried = 0
    for home_name, home in _homes(tmp_path).items():
        monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(home))
        for call_name, call in _home_calls().items():
            tried += 1
            try:
                result = call()
            except saves.SaveError as exc:
                assert call_name not in NEVER_RAISE
                assert "\n" not in str(exc) and len(str(exc)) < 600, str(exc)
                continue
            except Exception as exc:   # noqa: BLE001 - the point of the test
                pytest.fail(f"{home_name}: {call_name} raised {type(exc).__name__}: {exc}")
            assert call_name not in WRITES, f"{home_name}: {call_name} wrote into a hostile folder: {result!r}"
    assert tried >= 60


def test_listing_a_folder_that_cannot_be_read_says_so(tmp_path, monkeypatch):
    from game.ui import persistence
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(tmp_path / ("x" * 300)))
    with pytest.raises(saves.SaveError, match="cannot read the folder: File name too long"):
        persistence.list_saves()
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(tmp_path / "nothing-yet"))
    assert persistence.list_saves() == [] and persistence.autosaves() == []


# ---------------------------------------------------------------- settings.json
BAD_SETTINGS = [
    ('{"computer_delay": "fast"}', {"computer_delay": 0.8}),
    ('{"computer_delay": NaN, "ballot_delay": Infinity}', {"computer_delay": 0.8, "ballot_delay": 0.35}),
    ('{"computer_delay": 1e400}', {"computer_delay": 0.8}),
    ('{"computer_delay": -1, "ballot_delay": 99}', {"computer_delay": 0.8, "ballot_delay": 0.35}),
    ('{"computer_delay": true, "fullscreen": 1}', {"computer_delay": 0.8, "fullscreen": False}),
    ('{"computer_delay": [0.3], "ballot_delay": {"x": 1}, "fullscreen": "yes"}',
     {"computer_delay": 0.8, "ballot_delay": 0.35, "fullscreen": False}),
    ('{"computer_delay": ' + "9" * 5000 + "}", {"computer_delay": 0.8}),
    ('[1, 2, 3]', {}),
    ('"just a string"', {}),
    ('{"computer_delay": 0.3', {}),
    ("[" * 100_00 + "]" * 100_00, {}),
    (b"\xff\xfe{\x00}\x00", {}),
    ('{"computer_delay": 0.3, "ballot_delay": "slow", "zzz": 1}', {"computer_delay": 0.3, "ballot_delay": 0.35}),
]


@pytest.mark.parametrize("content, expected", BAD_SETTINGS, ids=range(len(BAD_SETTINGS)))
def test_bad_settings_values_get_their_defaults(content, expected, tmp_path, monkeypatch):
    from game.ui import persistence
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(tmp_path))
    path = tmp_path / "settings.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    settings, problems = persistence.read_settings()
    assert set(settings) == set(persistence.DEFAULT_SETTINGS)
    assert settings == {**persistence.DEFAULT_SETTINGS, **expected}
    for key, (low, high) in persistence.SETTING_RANGES.items():
        assert isinstance(settings[key], float) and low <= settings[key] <= high
    assert isinstance(settings["fullscreen"], bool)
    assert problems and all(str(path) in p for p in problems)
    assert persistence.load_settings() == settings


def test_a_settings_file_that_is_a_pipe_a_folder_or_huge_gives_the_defaults(tmp_path, monkeypatch):
    from game.ui import persistence
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(tmp_path))
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    done = threading.Event()
    threading.Thread(target=lambda: (persistence.load_settings(), done.set()), daemon=True).start()
    assert done.wait(5), "a pipe named settings.json must not block the start"
    path.unlink()
    path.mkdir()
    assert persistence.read_settings()[0] == persistence.DEFAULT_SETTINGS
    path.rmdir()
    path.write_text('{"computer_delay": 0.3, "pad": "' + "x" * 100_000 + '"}')
    settings, problems = persistence.read_settings()
    assert settings == persistence.DEFAULT_SETTINGS and "bytes" in problems[0]


# ---------------------------------------------------------------- temp files of interrupted saves
def _leave_temps(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    old = time.time() - 3600
    made = {
        "stale_save": folder / ".slot.json.k2j4h5g6.tmp",
        "stale_autosave": folder / ".autosave-000007.json.a_b1c2d3.tmp",
        "stale_settings": folder / ".settings.json.zz9yy8xx.tmp",
        "fresh": folder / ".autosave-000008.json.q1w2e3r4.tmp",          # another process may be writing it
        "not_ours": folder / ".notes.txt.k2j4h5g6.tmp",
        "not_ours_either": folder / "slot.json.tmp",
    }
    for path in made.values():
        path.write_bytes(b'{"half a save')
    for key in ("stale_save", "stale_autosave", "stale_settings", "not_ours", "not_ours_either"):
        os.utime(made[key], (old, old))
    target = folder.parent / "elsewhere.json"
    target.write_text("keep me")
    os.utime(target, (old, old))
    made["a_link"] = folder / ".linked.json.abcdefgh.tmp"
    made["a_link"].symlink_to(target)
    os.utime(made["a_link"], (old, old), follow_symlinks=False)
    made["a_folder"] = folder / ".dir.json.abcdefgh.tmp"
    made["a_folder"].mkdir()
    os.utime(made["a_folder"], (old, old))
    return made


STALE = {"stale_save", "stale_autosave", "stale_settings"}


def test_listing_the_saves_folder_removes_stale_temp_files_only(tmp_path):
    made = _leave_temps(tmp_path / "saves")
    assert saves.list_saves(tmp_path / "saves") == []
    for key, path in made.items():
        assert path.exists() != (key in STALE), key
    assert (tmp_path / "elsewhere.json").read_text() == "keep me"


def test_the_desktop_game_removes_stale_temp_files_when_it_starts(tmp_path, monkeypatch):
    import pygame

    from game.ui.app import App
    home = tmp_path / "home"
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(home))
    in_saves = _leave_temps(home / "saves")
    beside_settings = _leave_temps(home)
    App(size=(1280, 720), fixed_dt=1 / 60)
    pygame.display.quit()
    for made in (in_saves, beside_settings):
        for key, path in made.items():
            assert os.path.lexists(path) != (key in STALE), (key, path)


def test_a_save_interrupted_by_kill_leaves_a_temp_file_that_the_next_start_removes(tmp_path, monkeypatch):
    """The real thing: a process killed while its save's temp file is open, then the next start."""
    folder = tmp_path / "saves"
    folder.mkdir()
    script = ("import os, sys, time, tempfile\n"
              "fd, tmp = tempfile.mkstemp(prefix='.autosave-000003.json.', suffix='.tmp', dir=sys.argv[1])\n"
              "os.write(fd, b'{\"format\": \"anti-party')\n"
              "print(tmp, flush=True)\n"
              "time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(folder)], stdout=subprocess.PIPE, text=True)
    tmp = Path(proc.stdout.readline().strip())
    proc.kill()
    proc.wait()
    assert tmp.exists()
    saves.list_saves(folder)
    assert tmp.exists(), "a temp file younger than STALE_SECONDS is left alone"
    old = time.time() - saves.STALE_SECONDS - 1
    os.utime(tmp, (old, old))
    saves.list_saves(folder)
    assert not tmp.exists()


def test_the_temp_file_pattern_is_the_one_write_atomic_uses(tmp_path, monkeypatch):
    seen = []
    real = os.replace

    def spy(src, dst):
        seen.append(Path(src).name)
        return real(src, dst)
    monkeypatch.setattr(os, "replace", spy)
    saves.write_atomic(tmp_path / "autosave-000001.json", b"{}")
    assert len(seen) == 1 and saves._TEMP_RE.fullmatch(seen[0]), seen


# ---------------------------------------------------------------- saves the engine would refuse
def test_a_save_with_a_seed_the_engine_refuses_is_a_save_error(tmp_path):
    src = _real_save(tmp_path)
    for seed in (2 ** 63, 2 ** 64 - 1):
        path = _edited_save(src, tmp_path / f"s{seed}.json", lambda d: _set_seed(d, seed))
        with pytest.raises(saves.SaveError, match=r"field 'seed' must be between 0 and 2\*\*63-1"):
            saves.load_game(path)


def test_save_error_messages_stay_one_readable_line(tmp_path):
    deep = tmp_path.joinpath(*["d" * 200] * 25) / "x.json"
    with pytest.raises(saves.SaveError) as exc:
        saves.read_save(deep)
    assert len(str(exc.value)) < 400 and "…" in str(exc.value) and exc.value.path == str(deep)


def test_every_refusal_of_the_unix_permissions_kind(tmp_path):
    """A folder that refuses new files (read-only for a user, /proc or /sys for root) refuses every writer."""
    ro = _unwritable(tmp_path)
    try:
        assert cli_main(["simulate", "1957", "--runs", "2", "--plot", str(ro / "a.png")]) == 2
        assert cli_main(["demo", "--screenshots", str(ro / "shots")]) == 2
        with pytest.raises(saves.SaveError):
            saves.write_atomic(ro / "a.json", b"{}")
    finally:
        if ro.is_relative_to(tmp_path):
            ro.chmod(0o755)


# ------------------------------------------------ a state edited outside the game (Game.from_json, load unverified)
def _state_edits(state: dict) -> list[tuple[str, object]]:
    n = len(state["pop"]["stance"])
    return [("turn", -(2 ** 40)), ("to_move", -1), ("capital", [-10 ** 9, 0]), ("chair", [99] * len(state["chair"])),
            ("holder", [99] * len(state["holder"])), ("outcome", 99), ("pending_kind", 7), ("termination", 50),
            ("legitimacy", [float("nan"), 0.5]), ("est_sd", [[float("inf")] * n] * 2), ("actions", [5]),
            ("actions", ["x"]), ("pop.patron", [10 ** 6] * n), ("pop.bloc", [40] * n), ("pop.presidium", [9] * n),
            ("pop.stance", [float("nan")] * n), ("pop", {k: v[:-1] for k, v in state["pop"].items()}),
            # Found by the second hostile sweep: numbers a game keeps in a range were taken far outside it.
            ("legitimacy", [1.5, 0.5]), ("est_sd", [[-1.0] * n] * 2), ("pop.stance", [2.0] * n),
            ("pop.caution", [-0.5] * n), ("pop.cohesion", [9.0] * n)]


def test_a_state_no_game_can_reach_is_refused_by_from_json_and_an_unverified_load(tmp_path):
    """Found against the rewritten engine: an index past its table (a chair, a post holder, an outcome, a patron),
    NaN, or an action log of junk was taken as it was, and failed later with IndexError or TypeError."""
    g = game.new_game("1957", seed=3)
    for i in range(12):
        g.apply(RandomPolicy(i).choose(g))
    path = saves.save_game(g, tmp_path / "good.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    for field, value in _state_edits(data["snapshot"]["state"]):
        edited = json.loads(json.dumps(data))
        state = edited["snapshot"]["state"]
        if field.startswith("pop."):
            state["pop"][field[4:]] = value
        else:
            state[field] = value
        with pytest.raises(EngineError):
            game.Game.from_json(g.scenario, edited["snapshot"])
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(edited), encoding="utf-8")
        with pytest.raises(saves.SaveError, match="bad.json"):
            saves.load(bad, verify=False)
    saves.load(path, verify=False)[0].legal_actions()


def test_a_batch_too_large_for_memory_or_of_no_seeds_is_an_engine_error():
    """Found against the rewritten engine: ``GameBatch.new(s, games=10**12)`` built a list of 10^12 seeds (the
    machine ran out of memory), ``seeds=5`` or a scenario id was a TypeError or AttributeError, and ``play`` of
    no policies a TypeError."""
    s = game.load_scenario("1957")
    for kwargs in ({"games": 10 ** 12}, {"seeds": range(10 ** 12)}, {"seeds": 5}, {"seeds": None, "games": None}):
        with pytest.raises(EngineError, match="game"):
            game.GameBatch.new(s, **kwargs)
    with pytest.raises(EngineError, match="load_scenario"):
        game.GameBatch.new("1957", games=2)
    b = game.GameBatch.new(s, games=2)
    for policies, max_steps in ((None, 10), ("random", 10), ([RandomPolicy(1), RandomPolicy(2)], "10")):
        with pytest.raises(EngineError):
            b.play(policies, max_steps=max_steps)


def test_every_refusal_of_the_simulate_api_and_of_game_lookups_is_an_engine_error():
    """Found by a hostile sweep: ``simulate`` refused bad runs, workers, sides, policies and engines with a plain
    ValueError (``except game.EngineError`` missed them; a progress of 5 was a TypeError after the first block),
    and a Game's lookups of an unknown side or actor were KeyErrors (``other`` and ``direction`` answered for it)."""
    for kwargs in ({"runs": 0}, {"workers": 0}, {"policies": "nope"}, {"policies": 5}, {"engine": "nope"},
                   {"policies": {"nobody": "random"}}, {"progress": 5}):
        with pytest.raises(EngineError):
            game.simulate("1957", **{"runs": 2, **kwargs})
    g = game.new_game("1957", seed=1)
    for lookup in (g.other, g.direction, g.side_name, g.actor_index, g.bloc_index, g.actor_name):
        for bad in ("nobody", None, 5):
            with pytest.raises(EngineError):
                lookup(bad)
    assert g.other("group") == "khrushchev" and g.direction("group") == -1 and g.side_name("group")
    assert g.actor_name("zhukov") == g.scenario.actors[g.actor_index("zhukov")].name


def test_taking_games_a_batch_does_not_hold_is_an_engine_error():
    """Found by a hostile sweep: ``GameBatch.take([5])`` of a batch of 3 was an IndexError, ``take(["x"])`` a
    ValueError, ``take([[0]])`` a TypeError, and ``take([-1])`` copied the last game."""
    b = game.GameBatch.new(game.load_scenario("1957"), games=3)
    for games in ([5], [-1], ["x"], [[0]], [1.5], None):
        with pytest.raises(EngineError, match="rows of this batch of 3"):
            b.take(games)
    assert b.take([2, 0]).size == 2 and b.take(np.array([1], dtype=np.int32)).size == 1


class _WritesIntoTheBatch:
    """A batch policy that moves the calendar of the games it is shown, then chooses at random."""

    name = "writer"

    def __init__(self, seed=0):
        self.random = RandomPolicy(seed)

    def choose_batch(self, batch, side, games):
        batch.turn[games] = 5
        return self.random.choose_batch(batch, side, games)


def test_a_batch_policy_that_writes_into_its_games_is_refused_and_the_games_stay_writable():
    """Left by the hostile sweep: a batch policy that wrote into the batch (``batch.turn[:] = 5``) went unseen on
    the batched engine, which went on to report nonsense (the one-game engine refused it). The games' state is
    read-only while a policy chooses."""
    b = game.GameBatch.new(game.load_scenario("1957"), games=3)
    with pytest.raises(EngineError, match=r"policy 'writer' \(The Anti-Party Group\) wrote into the games"):
        b.play([RandomPolicy(1), _WritesIntoTheBatch(2)])
    assert (b.turn == 0).all() and b.turn.flags.writeable and b.pop.stance.flags.writeable
    with pytest.raises(EngineError, match="wrote into the games it was shown"):
        game.simulate("1957", runs=3, policies={"group": _WritesIntoTheBatch(2)})


def test_a_game_asked_about_a_person_or_a_query_it_cannot_answer_says_so():
    """Found by the second hostile sweep: ``believed_stance(side, 10**6)`` and ``membership_level(10**6, ...)`` were
    IndexErrors, ``-1`` read the last person, ``membership_level(0, "nope")`` an AttributeError,
    ``stall_odds(side)`` (a body missing) an IndexError, ``target_selection([...])`` a TypeError,
    ``condition_holds("x")`` and ``cost_of(None)`` AttributeErrors."""
    g = game.new_game("1957", seed=1)
    side = g.to_move
    people = g.people.size
    for call in (lambda: g.believed_stance(side, people), lambda: g.believed_stance(side, -1),
                 lambda: g.believed_stance(side, 1.5), lambda: g.believed_stance(side, True),
                 lambda: g.membership_level(people, "cc"), lambda: g.membership_level(-1, "cc"),
                 lambda: g.membership_level(0, "nope"), lambda: g.stall_odds(side), lambda: g.fear(side),
                 lambda: g.target_selection(["zhukov"]), lambda: g.condition_holds("x"), lambda: g.cost_of(None)):
        with pytest.raises(EngineError):
            call()
    assert g.believed_stance(side, np.int64(people - 1)) == g.estimates(side)[0][-1]
    assert g.membership_level(0, "presidium") == "full" and g.stall_odds(side, "presidium") >= 0


def test_reseed_apply_and_row_to_json_of_a_batch_check_their_games_and_seeds():
    """Found by the second hostile sweep: ``GameBatch.reseed([-1])`` and ``reseed([2**64])`` were OverflowErrors,
    ``reseed([1.5])`` was taken as 1, ``reseed(seeds, [5])`` an IndexError and ``[-1]`` reseeded the last game, 3
    seeds for 2 games a ValueError; ``apply`` of side 5 or of game 7 an IndexError, of the same game twice in one
    call half-applied; ``row_to_json(7)`` an IndexError and ``row_to_json(-1)`` the last game;
    ``GameBatch.new(seeds=np.array(5))`` a TypeError."""
    s = game.load_scenario("1957")
    b = game.GameBatch.new(s, games=2, record=True)
    key, counter = b.chance.key.copy(), b.chance.counter.copy()
    for seeds, games in (([-1], [0]), ([2 ** 64], [0]), ([1.5], [0]), ([1], [5]), ([1], [-1]), ([1, 2, 3], None),
                         (5, None), ([[1, 2]], None), ([1, [2]], None)):
        with pytest.raises(EngineError):
            b.reseed(seeds, games)
    assert (b.chance.key == key).all() and (b.chance.counter == counter).all()
    before = b.n_actions.copy()
    k = int(b.to_move[0])
    for side, games, actions in ((5, [0], [0]), (k, [7], [0]), (k, [0, 0], [0, 0]), (True, [0], [0])):
        with pytest.raises(EngineError):
            b.apply(side, np.array(games), np.array(actions))
    assert (b.n_actions == before).all()
    for g in (2, -1, "0"):
        with pytest.raises(EngineError):
            b.row_to_json(g)
    with pytest.raises(EngineError):
        game.GameBatch.new(s, seeds=np.array(5))
    assert b.reseed([3], [1]).chance.counter[1] == 0 and b.row_to_json(np.int64(1))["seed"] == int(b.seeds[1])


def test_a_saved_action_log_that_does_not_fit_its_state_or_scenario_is_refused(tmp_path):
    """Found by the second hostile sweep: ``Game.from_json`` took an action log holding an action no side of the
    scenario has (a lobby of an unknown actor, or of a leader, which is never offered) and a log of 100,000 moves
    for a state of 6; the game then failed at undo or at the next save."""
    g = game.new_game("1957", seed=3)
    for i in range(6):
        g.apply(RandomPolicy(i).choose(g))
    data = g.to_json()
    lobby = {"kind": "lobby", "side": "group", "target": "zz"}
    for edit in (lambda log: log.__setitem__(0, lobby),
                 lambda log: log.__setitem__(0, {**lobby, "target": "khrushchev"}),
                 lambda log: log.append({"kind": "pass", "side": "group"}), lambda log: log.pop(),
                 lambda log: log.extend([{"kind": "pass", "side": "group"}] * 100_000)):
        edited = json.loads(json.dumps(data))
        edit(edited["state"]["actions"])
        with pytest.raises(EngineError, match="action log"):
            game.Game.from_json(g.scenario, edited)
    assert game.Game.from_json(g.scenario, data).actions == g.actions
