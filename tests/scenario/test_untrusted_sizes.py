"""A scenario is bounded in size: people, actors, days, entries. Beyond a cap it is refused with
a message saying the cap, not played slowly (scenarios/README.md, section 11)."""

from pathlib import Path

import pytest

from game.scenario.errors import ScenarioError
from game.scenario.loader import MAX_PEOPLE, load_scenario

MINIMAL = (Path(__file__).resolve().parents[1] / "data" / "hostile" / "base" / "minimal.toml").read_text(encoding="utf-8")


def _load(tmp_path, extra: str):
    (tmp_path / "base.toml").write_text(MINIMAL, encoding="utf-8")
    path = tmp_path / "v.toml"
    path.write_text(f'extends = "base.toml"\n\n[scenario]\nid = "v"\n{extra}', encoding="utf-8")
    return load_scenario(path)


def _problems(tmp_path, extra: str):
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, extra)
    return info.value.problems


def _blocs(sizes: list[tuple[int, int]]) -> str:
    return "".join(f'\n[[blocs]]\nid = "b{i}"\nname = "B{i}"\nfull = {f}\ncandidate = {c}\nstance = {{ mean = 0.0 }}\n'
                   for i, (f, c) in enumerate(sizes))


def test_at_most_2000_people_in_all_blocs(tmp_path):
    assert MAX_PEOPLE == 2000
    # The minimal scenario's own bloc has 20 members.
    assert _load(tmp_path, _blocs([(1000, 980)])).id == "v"
    (p,) = _problems(tmp_path, _blocs([(1000, 981)]))
    assert p.field == "blocs" and "the blocs hold 2,001 members in all; a scenario may generate at most 2,000" in p.message


def test_one_bloc_is_capped_too(tmp_path):
    problems = _problems(tmp_path, _blocs([(1001, 0)]))
    assert any(p.field == "blocs[1].full" and "less than or equal to 1000" in p.message for p in problems)


@pytest.mark.parametrize("section,count,cap,entry", [
    ("actors", 197, 200, 'id = "x{i}"\nname = "X"\n'),
    ("calendar", 60, 60, 'date = "1959-{m:02d}-{d:02d}"\nlabel = "D"\n'),
    ("events", 199, 200, 'id = "e{i}"\ntitle = "E"\ntext = "T"\n'),
    ("motions", 97, 100, 'id = "m{i}"\nbody = "presidium"\nname = "M"\nfavours = "minister"\n'),
    ("outcomes", 47, 50, 'id = "o{i}"\ntitle = "O"\ntext = "T"\ndegree = "narrow"\nat_end = true\n'),
    ("institutions", 9, 10, 'id = "i{i}"\nname = "I"\ncommander = "premier"\npower_base = "army"\n'),
    ("bodies", 8, 10, 'id = "b{i}"\nname = "B"\nvoters = "presidium"\n'),
    ("posts", 20, 20, 'id = "p{i}"\nname = "P"\n'),
    ("compromises", 20, 20, 'id = "c{i}"\nby = "minister"\nname = "C"\ntext = "T"\n'),
])
def test_list_caps(tmp_path, section, count, cap, entry):
    """``count`` new entries reach the cap exactly (with the minimal scenario's own); one more is refused."""
    def entries(n: int) -> str:
        return "".join(f"\n[[{section}]]\n" + entry.format(i=i, m=3 + i // 28, d=1 + i % 28) for i in range(n))
    assert _load(tmp_path, entries(count)).id == "v"
    problems = _problems(tmp_path, entries(count + 1))
    assert any(p.field == section and f"at most {cap} items" in p.message for p in problems), problems
