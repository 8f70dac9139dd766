"""scenarios/README.md stays true to the one source of the format: each table of section 3 lists
exactly the fields of its table in the schema (generated from game/engine/spec.py), with the same
defaults and ranges; the [model] section names every weight; sections 4-6 list every key of the
selection, condition and effect grammar."""

import dataclasses
import fnmatch
import re
import tomllib
from pathlib import Path

import pytest
from pydantic_core import PydanticUndefined

from game.engine.spec import ModelWeights
from game.scenario import schema

README = (Path(__file__).resolve().parents[2] / "scenarios" / "README.md").read_text(encoding="utf-8")
MODELS = {"`[scenario]`": [schema.ScenarioInfo], "`[[sides]]`": [schema.SideModel], "`[rules]`": [schema.RulesModel],
          "`[[calendar]]`": [schema.DayModel], "`[[bodies]]`": [schema.BodyModel], "`[[actors]]`": [schema.ActorModel],
          "`[[blocs]]`": [schema.BlocModel], "`[[institutions]]`": [schema.InstitutionModel],
          "`[[posts]]`": [schema.PostModel], "`[[motions]]`": [schema.MotionModel],
          "`[[events]]`": [schema.EventModel, schema.ChoiceModel], "`[[compromises]]`": [schema.CompromiseModel],
          "`[[outcomes]]`": [schema.OutcomeModel], "Looks": [schema.LooksModel],
          "`[historical]`": [schema.HistoricalModel, schema.HistoricalStepModel],
          "4. Selections": [schema.Selection], "5. Conditions": [schema.Condition], "6. Effects": [schema.Effect]}


def _sections() -> dict[str, list[list[dict[str, str]]]]:
    """Each heading of the README -> its tables, each a list of rows {column: cell}."""
    out: dict[str, list] = {}
    heading, table = None, None
    for line in README.splitlines():
        if line.startswith("#"):
            heading, table = line.lstrip("# ").split(":")[0], None
            out[heading] = []
        elif line.startswith("|") and heading is not None:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if table is None:
                table = {"columns": cells, "rows": []}
                out[heading].append(table)
            elif not set("".join(cells)) <= set("-: "):
                table["rows"].append(dict(zip(table["columns"], cells)))
        else:
            table = None
    return out


SECTIONS = _sections()


def _rows():
    for heading, models in MODELS.items():
        for model, table in zip(models, SECTIONS[heading]):
            for row in table["rows"]:
                yield model, row


@pytest.mark.parametrize("heading", MODELS)
def test_each_table_lists_exactly_the_fields_of_the_format(heading):
    tables = SECTIONS[heading]
    assert len(tables) >= len(MODELS[heading])
    for model, table in zip(MODELS[heading], tables):
        listed = [re.sub(r"`(\w+)`.*", r"\1", row[table["columns"][0]]) for row in table["rows"]]
        assert sorted(listed) == sorted(fi.alias or name for name, fi in model.model_fields.items()), heading


def _spec_field(model, name):
    cls = schema.SPEC_OF.get(model)
    return next((f for f in dataclasses.fields(cls) if f.name == name), None) if cls else None


@pytest.mark.parametrize("model,row", [(m, r) for m, r in _rows() if "default" in r],
                         ids=lambda x: x.__name__ if isinstance(x, type) else x.get("field", "?").strip("`"))
def test_the_documented_default_is_the_formats(model, row):
    name = row["field"].strip("`")
    fi = model.model_fields[name]
    default = fi.default_factory() if fi.default_factory else fi.default
    cell = row["default"]
    if cell == "*required*":
        assert fi.is_required()
    elif cell.startswith("none"):
        assert default is None
    elif re.fullmatch(r"`[^`]+`", cell):
        value = tomllib.loads(f"v = {cell.strip('`')}")["v"]
        assert default is not PydanticUndefined
        assert (default.model_dump() if hasattr(default, "model_dump") else default) == value


@pytest.mark.parametrize("model,row", [(m, r) for m, r in _rows() if r.get("range")],
                         ids=lambda x: x.__name__ if isinstance(x, type) else x.get("field", "?").strip("`"))
def test_the_documented_range_is_the_formats(model, row):
    f = _spec_field(model, row["field"].strip("`"))
    numbers = re.fullmatch(r"(-?[\d.]+)–(-?[\d.]+)( each)?", row["range"])
    most = re.fullmatch(r"≤ (\d+)( chars)?", row["range"])
    assert f is not None and (numbers or most or row["range"].startswith("sd ")), row
    if numbers:
        assert f.metadata["range"] == (float(numbers[1]), float(numbers[2])), row
    if most:
        n = f.metadata["n"]
        assert (n[1] if isinstance(n, tuple) else n) == int(most[1]), row


def test_the_model_section_names_every_weight_and_only_weights():
    text = README[README.index("### `[model]`"):README.index("### `[words]`")]
    named = set(re.findall(r"`([a-z_*]+)`", text)) - {"model"}
    weights = [f.name for f in dataclasses.fields(ModelWeights)]
    assert all(any(fnmatch.fnmatch(w, n) for n in named) for w in weights), \
        [w for w in weights if not any(fnmatch.fnmatch(w, n) for n in named)]
    assert all(fnmatch.filter(weights, n) for n in named), [n for n in named if not fnmatch.filter(weights, n)]
    for row in SECTIONS["`[model]`"][0]["rows"]:
        names = re.findall(r"`(\w+)`", row["weight"])
        if len(names) == 1:
            f = _spec_field(schema.ModelWeightsModel, names[0])
            assert f.default == float(row["default"]), row
            if row["range"]:
                assert f.metadata["range"] == tuple(float(x) for x in row["range"].split("–")), row
