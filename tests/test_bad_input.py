"""Bad input, tried: every file in tests/data/ is refused with exit code 2 and one clear line per
problem, no traceback, in bounded time and memory. See tests/data/README.md for the corpus."""

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from game.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
# from_scratch_*.toml are good scenarios written from the README alone (tests/scenarios/test_from_scratch.py).
SCENARIOS = sorted(p for p in (DATA / "scenarios").glob("*.toml") if not p.name.startswith("from_scratch_"))
SAVES = sorted((DATA / "saves").glob("*.json"))

# What each broken file must be refused for: a fragment of its problem line(s).
SCENARIO_REASONS = {
    "binary_garbage.toml": "not UTF-8",
    "deep_inline_tables.toml": "nested too deeply",
    "deep_nesting.toml": "nested too deeply",
    "deep_nesting_200.toml": "nested too deeply",
    "deep_nesting_tables.toml": "nested too deeply",
    "empty.toml": "scenario: Field required",
    "extends_missing.toml": "extends: 'no_such_scenario': no scenario with this id",
    "extends_self.toml": "extend each other in a loop",
    "huge_integer_digits.toml": "a number is too long",
    "huge_numbers.toml": "rules.capital_cap: Input should be less than or equal to 100",
    "latin1.toml": "not UTF-8",
    "missing_actor.toml": "unknown actor 'beria'",
    "not_toml.toml": "not valid TOML",
    "path_absolute.toml": "not an absolute path",
    "path_escape.toml": "leaves the scenario's folder",
    "truncated.toml": "not valid TOML: Unterminated string",
    "truncated_table.toml": "not valid TOML",
    "unknown_keys.toml": "rules.rounds_per_trun: Extra inputs are not permitted",
    "utf16.toml": "not UTF-8",
    "wrong_types.toml": "rules.rounds_per_turn: Input should be a valid integer",
}
SAVE_REASONS = {
    "bad_action.json": "action 1 must be an object with 'kind' and 'side'",
    "bool_version.json": "format_version must be an integer",
    "deep_nesting.json": "nested too deeply",
    "digest_count.json": "one string per action",
    "empty.json": "the file is empty",
    "future_version.json": "saved by format version 3 (a newer game); this game reads version 2",
    "huge_number.json": "Exceeds the limit (4300 digits)",
    "latin1.json": "not UTF-8 text",
    "missing_field.json": "missing field 'seed'",
    "missing_scenario.json": "saved for scenario '1917', which cannot be loaded here",
    "nan.json": "NaN is not a number JSON allows",
    "negative_seed.json": "field 'seed' must be between 0",
    "not_an_object.json": "the file holds a list, not a JSON object",
    "other_scenario_hash.json": "saved for scenario 1957 with a different hash",
    "pickle.json": "not UTF-8 text",
    "scenario_path_escape.json": "'scenario.id' is not a scenario id",
    "snapshot_mismatch.json": "the snapshot's seed differs",
    "truncated.json": "the file ends early (truncated?)",
    "unknown_keys.json": "unknown field(s) 'cheats'",
    "utf16.json": "the file is UTF-16 text",
    "wrong_format.json": "not a save of this game",
    "wrong_types.json": "field 'seed' must be an integer, got a string",
}


def test_the_corpus_is_complete():
    assert {p.name for p in SCENARIOS} == set(SCENARIO_REASONS)
    assert {p.name for p in SAVES} == set(SAVE_REASONS)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_validate_refuses_each_broken_scenario(path, capsys):
    assert cli_main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines and captured.out == ""
    for line in lines:
        assert line.startswith(f"{path}:"), line          # each problem names the file
        assert "Traceback" not in line and len(line) < 600
    assert SCENARIO_REASONS[path.name] in captured.err


@pytest.mark.parametrize("path", SAVES, ids=lambda p: p.name)
def test_replay_refuses_each_broken_save(path, capsys):
    assert cli_main(["replay", str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and captured.out == ""
    assert lines[0].startswith(f"error: {path}: ")
    assert SAVE_REASONS[path.name] in lines[0]


def _limit_memory():
    limit = 3 * 1024 ** 3     # address space: a runaway parse dies here instead of swapping
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):   # some systems (macOS) refuse RLIMIT_AS; the peak RSS is still checked
        pass


def _run_bounded(args: list[str], timeout: float = 60) -> tuple[int, str, float, float]:
    """Run ``python main.py args`` with a memory cap and a time limit.

    Returns (exit code, stderr, seconds, peak resident memory of that process in MB).
    """
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "main.py", *args], cwd=ROOT, env=env, stdout=out, stderr=err,
                                preexec_fn=_limit_memory)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)     # this child's own resource usage
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    assert elapsed < timeout, f"main.py {' '.join(args)} was killed after {timeout} s"
    return proc.returncode, text, elapsed, usage.ru_maxrss / 1024


def test_whole_corpus_in_a_fresh_process_without_traceback():
    code, err, seconds, _ = _run_bounded(["validate", *map(str, SCENARIOS)])
    assert code == 2 and "Traceback" not in err
    for path in SCENARIOS:
        assert str(path) in err
    assert seconds < 30


def test_every_broken_save_in_one_bounded_process():
    """All saves through ``replay`` in one fresh, memory-capped process: exit 2 each, no traceback."""
    script = ("import json, sys\nfrom game.cli import main\n"
              "codes = [main(['replay', p]) for p in sys.argv[1:]]\n"
              "print(json.dumps(codes))\n")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", script, *map(str, SAVES)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60, preexec_fn=_limit_memory)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert json.loads(proc.stdout) == [2] * len(SAVES)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == len(SAVES) and all(line.startswith("error: ") for line in lines)
    assert time.monotonic() - start < 30


def _write_big(path: Path, first: bytes, line: bytes, size: int = 50 * 1024 * 1024) -> None:
    with open(path, "wb") as f:
        f.write(first)
        chunk = line * (1024 * 1024 // len(line))
        while f.tell() < size:
            f.write(chunk)
    assert path.stat().st_size >= size


def test_a_50_mb_scenario_and_save_are_refused_quickly_in_little_memory(tmp_path):
    baseline_code, _, _, baseline_mb = _run_bounded(["validate", "scenarios/1957.toml"])
    assert baseline_code == 0
    big_toml = tmp_path / "big.toml"
    _write_big(big_toml, b'[scenario]\nid = "big"\n', b'# ' + b"x" * 97 + b"\n")
    code, err, seconds, peak_mb = _run_bounded(["validate", str(big_toml)])
    assert code == 2 and "Traceback" not in err and seconds < 20
    assert err.strip().splitlines() == [f"{big_toml}: (file): file is {big_toml.stat().st_size:,} bytes; "
                                        f"a scenario may be at most 2,000,000"]
    big_save = tmp_path / "big.json"
    _write_big(big_save, b'{"format": "anti-party-group-save", "pad": "', b"x" * 100)
    code, err, seconds, peak_mb = _run_bounded(["replay", str(big_save)])
    assert code == 2 and "Traceback" not in err and seconds < 20
    assert "a save may be at most" in err and len(err.strip().splitlines()) == 1
    # Neither file was read into memory: the peak stays near that of validating the real scenario.
    assert peak_mb < baseline_mb + 30, (peak_mb, baseline_mb)


def test_thousands_of_problems_in_a_2_mb_file_are_reported_quickly(tmp_path, capsys):
    """200 actors with 11 wrong fields each, padded to just under the size limit: 2200+ lines, fast."""
    fields = ["stance", "conviction", "caution", "ambition", "ideology", "complicity", "days_away",
              "uncertainty", "name", "presidium", "cc"]
    parts = ['[scenario]\nid = "slow"\ntitle = "Slow"\n']
    parts += [f'[[actors]]\nid = "a{i}"\n' + "".join(f"{f} = [1]\n" for f in fields) for i in range(200)]
    text = "".join(parts)
    pad = "#" + "x" * 60 + "\n"
    text += pad * ((1_950_000 - len(text)) // len(pad))
    path = tmp_path / "slow.toml"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    assert cli_main(["validate", str(path)]) == 2
    seconds = time.monotonic() - start
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) >= 2200 and all(line.startswith(f"{path}:") for line in lines)
    assert f"{path}:2362: actors[181].ambition: Input should be a valid number" in lines
    assert seconds < 8, f"{seconds:.1f} s"   # it took 22 s before the file's lines were split only once
