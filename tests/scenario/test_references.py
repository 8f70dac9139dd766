"""Every id a record names and every date it holds is checked by its type: for each field of each
table typed ``Ref[...]`` or ``Date`` in game/engine/spec.py (found from the generated schema, so a field
added later is covered without a new test), a value the scenario does not define is refused, naming
the field."""

import copy
import tomllib
import typing
from pathlib import Path

import pytest

from game.scenario.loader import _cross_check
from game.scenario.schema import Mark, ScenarioFile

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "hostile" / "base" / "minimal.toml"
EXTRA = """
[[posts]]
id = "premiership"
name = "the premiership"

[[compromises]]
id = "truce"
by = "minister"
name = "A truce"
text = "Both keep their posts."
"""
BASE = tomllib.loads(MINIMAL.read_text(encoding="utf-8") + EXTRA)
SAMPLE = {float: 0.0, int: 0, str: "text"}


def _marks(tp) -> list[tuple[str, Mark]]:
    """Where a type carries a Mark: 'value', 'item' (of a list), 'key' (of a table); and the table's value type."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        mark = next((m for m in args[1:] if isinstance(m, Mark)), None)
        return [("value", mark, None)] if mark else _marks(args[0])
    if origin in (typing.Union, type(int | None)):
        return [m for a in args for m in _marks(a)]
    if origin is list:
        return [("item", mark, None) for _, mark, _ in _marks(args[0])]
    if origin is dict:
        value = typing.get_args(args[1])[0] if typing.get_origin(args[1]) is typing.Annotated else args[1]
        return [("key", mark, SAMPLE.get(value, "text")) for _, mark, _ in _marks(args[0])]
    return []


def _cases():
    tables = {"rules": ((), ScenarioFile.model_fields["rules"].annotation)}
    for name, fi in ScenarioFile.model_fields.items():
        if typing.get_origin(fi.annotation) is list:
            tables[name] = ((0,), typing.get_args(fi.annotation)[0])
    tables["historical.steps"] = ((0,), typing.get_args(ScenarioFile.model_fields["historical"].annotation
                                                        .model_fields["steps"].annotation)[0])
    for table, (at, model) in tables.items():
        for field, fi in model.model_fields.items():
            tp = typing.Annotated[(fi.annotation, *fi.metadata)] if fi.metadata else fi.annotation
            for shape, mark, sample in _marks(tp):
                if not mark.defines and (table, field) != ("calendar", "date"):   # a day defines the calendar
                    yield pytest.param(table, at, field, shape, mark.kind, sample, id=f"{table}.{field}")


@pytest.mark.parametrize("table,at,field,shape,kind,sample", list(_cases()))
def test_an_unknown_reference_or_a_date_outside_the_calendar_is_refused(table, at, field, shape, kind, sample):
    bad = "1958-01-01" if kind == "date" else "no_such_id"
    data = copy.deepcopy(BASE)
    node = data
    for key in table.split("."):
        node = node.setdefault(key, {})
    entry = node[at[0]] if at else node
    entry[field] = {"value": bad, "item": [bad], "key": {bad: sample}}[shape]
    problems = _cross_check(ScenarioFile.model_validate(data), "x.toml", "")
    where = f"{table}{''.join(f'[{i}]' for i in at)}{'.' if at or table else ''}{field}"
    where += {"value": "", "item": "[0]", "key": f".{bad}"}[shape]
    assert any(p.field == where for p in problems), (where, [str(p) for p in problems])


def test_every_kind_of_reference_is_exercised():
    kinds = {case.values[4] for case in _cases()}
    assert {"actor", "side", "body", "motion", "fate", "date"} <= kinds
