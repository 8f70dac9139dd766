"""Two files of a scenarios folder may not claim the same id or alias: which one `load_scenario`
would pick would depend on file names. Refused, naming both files, when loading by id, in `list`,
and when validating the folder."""

import pytest

from game.scenario import loader
from game.scenario.errors import ScenarioError
from game.scenario.loader import SCENARIO_DIR, load_scenario, validate_file

BASE = (SCENARIO_DIR / "1957.toml").read_text(encoding="utf-8")


def _scenario(scenario_id: str, aliases: list[str]) -> str:
    head = f'[scenario]\nid = "{scenario_id}"\naliases = {aliases!r}\n'.replace("'", '"')
    return f'extends = "1957"\n\n{head}'


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A scenarios folder of its own, searched instead of scenarios/ (the shipped 1957 is still
    reachable by id for `extends`: it is a second folder searched after this one)."""
    path = tmp_path / "scenarios"
    path.mkdir()
    monkeypatch.setattr(loader, "SCENARIO_DIRS", [path, SCENARIO_DIR])
    return path


def test_two_files_with_one_id_are_refused_by_id_naming_both(folder):
    (folder / "a.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    (folder / "b.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario("crisis")
    text = str(info.value)
    assert str(folder / "a.toml") in text and str(folder / "b.toml") in text
    assert "claimed by 2 files" in text and "rename one" in text


def test_an_alias_equal_to_another_files_id_is_refused(folder):
    (folder / "a.toml").write_text(_scenario("first", ["one"]), encoding="utf-8")
    (folder / "b.toml").write_text(_scenario("second", ["first"]), encoding="utf-8")
    for ref in ["first", "second", "one", folder / "a.toml", folder / "b.toml"]:
        with pytest.raises(ScenarioError) as info:
            load_scenario(ref)
        text = str(info.value)
        assert "a.toml" in text and "b.toml" in text, (ref, text)
    (p,) = [p for p in validate_file(folder / "b.toml")]
    assert p.field == "scenario.aliases" and p.line == 5
    assert p.message.startswith(f"alias 'first' is also the id of {folder / 'a.toml'}")


def test_an_alias_shared_by_two_files_is_refused(folder):
    (folder / "a.toml").write_text(_scenario("first", ["shared"]), encoding="utf-8")
    (folder / "b.toml").write_text(_scenario("second", ["shared"]), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario("shared")
    assert {p.file for p in info.value.problems} == {str(folder / "a.toml"), str(folder / "b.toml")}


def test_a_clash_with_a_shipped_scenario_is_refused(folder):
    (folder / "copy.toml").write_text(_scenario("copy", ["anti_party_group"]), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario("anti_party_group")
    assert "copy.toml" in str(info.value) and "1957.toml" in str(info.value)


def test_a_file_may_repeat_its_own_id_as_an_alias(folder):
    (folder / "a.toml").write_text(_scenario("first", ["first", "uno"]), encoding="utf-8")
    assert load_scenario("uno").id == "first"


def test_unrelated_files_still_load_beside_a_clash(folder):
    (folder / "a.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    (folder / "b.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    (folder / "c.toml").write_text(_scenario("calm", []), encoding="utf-8")
    assert load_scenario("calm").id == "calm"
    assert load_scenario("1957").id == "1957"


def test_list_marks_both_files_invalid(folder, capsys):
    from game.cli import main as cli_main
    (folder / "a.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    (folder / "b.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    (folder / "c.toml").write_text(_scenario("calm", []), encoding="utf-8")
    assert cli_main(["list"]) == 0
    out = capsys.readouterr().out
    assert "a.toml: invalid" in out and "b.toml: invalid" in out and "calm" in out


def test_validating_the_folder_names_both_files(folder, capsys):
    from game.cli import main as cli_main
    (folder / "a.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    assert cli_main(["validate", str(folder)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        f"{folder / 'a.toml'}:4: scenario.id: id 'crisis' is also the id of {folder / 'sub' / 'b.toml'}: "
        "every scenario file needs its own id and aliases; rename one of them",
        f"{folder / 'sub' / 'b.toml'}:4: scenario.id: id 'crisis' is also the id of {folder / 'a.toml'}: "
        "every scenario file needs its own id and aliases; rename one of them",
    ]


def test_any_folder_given_to_validate_is_checked_for_clashes(tmp_path):
    (tmp_path / "a.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    (tmp_path / "b.toml").write_text(_scenario("crisis", []), encoding="utf-8")
    assert len(validate_file(tmp_path)) == 2
    assert validate_file(tmp_path / "a.toml") == []     # alone, outside a scenarios folder, it is fine


def test_the_shipped_folder_has_no_clash():
    assert validate_file(SCENARIO_DIR) == []
