"""Scenario files are untrusted: every file the loader opens stays inside the folder it came from,
is a regular file of bounded size (checked before it is opened), and `extends` chains are short,
loop-free and merged in linear time."""

import os
import time
from pathlib import Path

import pytest

from game.scenario import loader
from game.scenario.errors import ScenarioError
from game.scenario.loader import MAX_BYTES, SCENARIO_DIR, load_scenario, merge, validate_file

BASE = (SCENARIO_DIR / "1957.toml").read_text(encoding="utf-8")
VARIANT_TAIL = '\n[scenario]\nid = "v"\ntitle = "A variant"\n'


def _problem(ref, **kw):
    with pytest.raises(ScenarioError) as info:
        load_scenario(ref, **kw)
    assert info.value.problems
    return info.value.problems


def _variant(folder: Path, extends: str, name: str = "v.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"extends = {extends}\n{VARIANT_TAIL}", encoding="utf-8")
    return path


# ---------------------------------------------------------------- extends: where it may point
@pytest.mark.parametrize("extends,words", [
    ('"/etc/passwd.toml"', "not an absolute path"),
    (r"'C:\Windows\win.toml'", "not an absolute path"),
    (r"'\\server\share\x.toml'", "not an absolute path"),
    ('"../outside.toml"', "leaves the scenarios folder"),
    ('"sub/../../outside.toml"', "leaves the scenarios folder"),
    (r"'..\outside.toml'", "leaves the scenarios folder"),
    ('"a\\u0000b.toml"', "NUL byte"),
    ('"' + "n" * 256 + '.toml"', "each name in a path may be at most 255"),
    ('"' + "d/" * 2050 + 'x.toml"', "a path may be at most 4,096"),
    ('"https://example.com/x.toml"', "not a URL"),
    ('"/etc/passwd"', "not a scenario id"),
    ('"main.py"', "not a scenario id"),          # never looked up in the current directory
    ("1957", "must be a scenario id or a path ending in .toml"),
])
def test_extends_may_not_leave_the_folder(tmp_path, extends, words):
    (tmp_path / "outside.toml").write_text(BASE, encoding="utf-8")
    path = _variant(tmp_path / "mods", extends)
    (p,) = _problem(path)
    assert p.file == str(path) and p.field == "extends" and p.line == 1
    assert words in p.message, p.message


def test_a_non_toml_extends_is_an_id_not_a_file_in_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "1957").write_text("not a scenario", encoding="utf-8")   # a file named like the id
    monkeypatch.chdir(tmp_path)
    path = _variant(tmp_path / "mods", '"1957"')
    assert load_scenario(path).actor("zhukov") is not None          # the shipped 1957, by id


def test_extends_inside_the_folder_and_by_id_still_work(tmp_path):
    (tmp_path / "mods" / "base").mkdir(parents=True)
    (tmp_path / "mods" / "base" / "b.toml").write_text(BASE, encoding="utf-8")
    assert load_scenario(_variant(tmp_path / "mods", '"base/b.toml"')).id == "v"
    assert load_scenario(_variant(tmp_path / "mods", '"./base/../base/b.toml"', "w.toml")).id == "v"
    assert load_scenario(_variant(tmp_path / "mods", '"anti_party_group"', "x.toml")).id == "v"


def test_a_variant_in_the_scenarios_folder_may_extend_anything_in_it(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    (folder / "mods").mkdir(parents=True)
    (folder / "base.toml").write_text(BASE.replace('id = "1957"', 'id = "base"', 1), encoding="utf-8")
    monkeypatch.setattr(loader, "SCENARIO_DIRS", [folder])
    path = _variant(folder / "mods", '"../base.toml"')      # climbs, but stays in the scenarios folder
    assert load_scenario(path).id == "v"


def test_an_extends_link_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "outside.toml").write_text(BASE, encoding="utf-8")
    (tmp_path / "mods").mkdir()
    (tmp_path / "mods" / "link.toml").symlink_to(tmp_path / "outside.toml")
    (p,) = _problem(_variant(tmp_path / "mods", '"link.toml"'))
    assert p.field == "extends" and "link that leads outside" in p.message


@pytest.mark.parametrize("make,words", [
    (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a regular file"),
    (lambda p: p.mkdir(), "is a directory, not a regular file"),
    (lambda p: p.symlink_to("/dev/zero"), "link that leads outside"),
])
def test_extends_names_only_regular_files(tmp_path, make, words):
    (tmp_path / "mods").mkdir()
    make(tmp_path / "mods" / "odd.toml")
    start = time.monotonic()
    (p,) = _problem(_variant(tmp_path / "mods", '"odd.toml"'))
    assert words in p.message
    assert time.monotonic() - start < 5          # a FIFO is never opened, so nothing blocks


# ---------------------------------------------------------------- the file itself
@pytest.mark.parametrize("make,words", [
    (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a regular file"),
    (lambda p: p.mkdir(), "is a directory, not a regular file"),
    (lambda p: p.symlink_to("/dev/zero"), "is a character device, not a regular file"),
    (lambda p: p.symlink_to("/dev/null"), "is a character device, not a regular file"),
])
def test_only_regular_files_are_read(tmp_path, make, words):
    path = tmp_path / "odd.toml"
    make(path)
    start = time.monotonic()
    (p,) = _problem(path)
    assert p.file == str(path) and words in p.message
    if not path.is_dir():                        # a folder given to validate is validated file by file
        assert validate_file(path)[0].message == p.message
    assert time.monotonic() - start < 5


def test_a_scenario_that_is_a_link_out_of_its_folder_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "real.toml").write_text(BASE, encoding="utf-8")
    (tmp_path / "mods").mkdir()
    link = tmp_path / "mods" / "link.toml"
    link.symlink_to(tmp_path / "elsewhere" / "real.toml")
    (p,) = _problem(link)
    assert p.file == str(link) and "outside the folder" in p.message
    (tmp_path / "mods" / "inside.toml").symlink_to("link.toml")           # a link to a link: same
    assert "outside the folder" in _problem(tmp_path / "mods" / "inside.toml")[0].message
    (tmp_path / "mods" / "real.toml").write_text(BASE, encoding="utf-8")
    (tmp_path / "mods" / "ok.toml").symlink_to("real.toml")               # a link inside: fine
    assert load_scenario(tmp_path / "mods" / "ok.toml").id == "1957"


def test_the_size_cap_is_checked_before_the_file_is_opened(tmp_path, monkeypatch):
    path = tmp_path / "big.toml"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)                # sparse: no disk used
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    (p,) = _problem(path)
    assert p.message == f"file is {MAX_BYTES + 1:,} bytes; a scenario may be at most {MAX_BYTES:,}"
    assert str(path) not in map(str, opened)


@pytest.mark.parametrize("ref,words", [
    ("a\x00b", "NUL byte"),
    ("x" * 5000, "a path may be at most 4,096"),
    ("n" * 300 + ".toml", "each name in a path may be at most 255"),
    ("no/such/dir/x.toml", "no such scenario file"),
    ("../../etc/passw", "not a scenario id"),      # not .toml and not there: an id, which it is not
    (b"1957", "give a scenario id or a path"),
    (None, "give a scenario id or a path"),
])
def test_a_bad_reference_is_refused_before_any_file_system_call(ref, words):
    (p,) = _problem(ref)
    assert words in p.message


# ---------------------------------------------------------------- id lookup and `list`
def test_the_id_lookup_is_bounded_like_a_read(tmp_path, monkeypatch):
    """`load_scenario("1957")` and `list` peek into every file of the folder: a huge file, a FIFO,
    a device or a link out of the folder must neither hang nor be read."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "good.toml").write_text(BASE, encoding="utf-8")
    with open(folder / "huge.toml", "wb") as f:
        f.truncate(50 * MAX_BYTES)
    os.mkfifo(folder / "fifo.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (tmp_path / "secret.toml").write_text('[scenario]\nid = "secret"\n', encoding="utf-8")
    (folder / "secret.toml").symlink_to(tmp_path / "secret.toml")
    (folder / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    monkeypatch.setattr(loader, "SCENARIO_DIRS", [folder])
    start = time.monotonic()
    assert load_scenario("1957").id == "1957"
    assert "no scenario with this id" in _problem("secret")[0].message    # the link out is not followed
    assert time.monotonic() - start < 10
    by_name = {}
    for path in loader.scenario_files():
        try:
            by_name[path.name] = load_scenario(path).id
        except ScenarioError as exc:
            by_name[path.name] = exc.problems[0].message
    assert by_name["good.toml"] == "1957"
    assert "a scenario may be at most" in by_name["huge.toml"]
    assert "FIFO" in by_name["fifo.toml"] and "character device" in by_name["zero.toml"]
    assert "outside the folder" in by_name["secret.toml"]
    assert "nested too deeply" in by_name["deep.toml"]
    assert time.monotonic() - start < 20


def test_list_shows_what_it_refuses_and_does_not_hang(tmp_path, monkeypatch, capsys):
    from game.cli import main as cli_main
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "good.toml").write_text(BASE, encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")
    monkeypatch.setattr(loader, "SCENARIO_DIRS", [folder])
    assert cli_main(["list"]) == 0
    out = capsys.readouterr().out
    assert "1957" in out and "pipe.toml: invalid" in out


# ---------------------------------------------------------------- extends chains
def _chain(folder: Path, n: int) -> Path:
    """v0 extends v1 … extends v{n-1}, which extends the real 1957 file copied beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base.toml").write_text(BASE, encoding="utf-8")
    for i in range(n):
        target = f"v{i + 1}.toml" if i < n - 1 else "base.toml"
        (folder / f"v{i}.toml").write_text(f'extends = "{target}"\n', encoding="utf-8")
    return folder / "v0.toml"


def test_extends_depth_is_limited(tmp_path):
    assert load_scenario(_chain(tmp_path / "ok", loader.MAX_DEPTH - 1)).id == "1957"    # MAX_DEPTH files
    problems = _problem(_chain(tmp_path / "deep", loader.MAX_DEPTH))
    (p,) = problems
    assert p.field == "extends" and "too deeply" in p.message and f"at most {loader.MAX_DEPTH} files" in p.message


def test_an_extends_loop_names_the_loop(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "./a.toml"\n', encoding="utf-8")
    (p,) = _problem(tmp_path / "a.toml")
    assert "extend each other in a loop (a.toml → b.toml → a.toml)" in p.message
    assert p.file == str(tmp_path / "b.toml") and p.line == 1


def test_merging_is_linear_in_the_number_of_entries():
    """The old merge scanned the whole base list for each entry of the variant: 40,000 entries
    took minutes of CPU. It now takes an index, so this takes well under a second of CPU (CPU time,
    not wall time: a loaded machine does not fail it; a quadratic merge still would, by far)."""
    n = 40_000
    base = {"actors": [{"id": f"a{i}", "stance": 0.0, "t": {"x": 1}} for i in range(n)]}
    over = {"actors": [{"id": f"a{i}", "t": {"y": 2}} for i in range(0, n, 2)]
            + [{"id": f"a{i}", "remove": True} for i in range(1, n, 4)]
            + [{"id": f"new{i}"} for i in range(n)]}
    start = time.process_time()
    out = merge(base, over)
    assert time.process_time() - start < 10
    assert len(out["actors"]) == n - n // 4 + n
    assert out["actors"][0] == {"id": "a0", "stance": 0.0, "t": {"x": 1, "y": 2}}
    assert out["actors"][1] == {"id": "a2", "stance": 0.0, "t": {"x": 1, "y": 2}}   # a1 removed
    assert out["actors"][-1] == {"id": f"new{n - 1}"}


def test_merging_keeps_the_documented_rules():
    base = {"scenario": {"id": "b", "year": 1957}, "offices": ["a", "b"],
            "actors": [{"id": "x", "s": 1}, {"id": "y", "s": 2}, {"id": "z", "s": 3}]}
    over = {"scenario": {"id": "v"}, "offices": ["c"],
            "actors": [{"id": "y", "remove": True}, {"id": "x", "s": 9}, {"id": "w", "s": 4}]}
    assert merge(base, over) == {"scenario": {"id": "v", "year": 1957}, "offices": ["c"],
                                 "actors": [{"id": "x", "s": 9}, {"id": "z", "s": 3}, {"id": "w", "s": 4}]}
