"""The JSON Schema printed by `python main.py schema` describes the files we ship."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from game.scenario.loader import SCENARIO_DIR, _load_raw, scenario_files

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def schema():
    out = subprocess.run([sys.executable, "main.py", "schema"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def test_every_field_is_described(schema):
    missing = []
    for name, node in [("ScenarioFile", schema), *schema["$defs"].items()]:
        missing += [f"{name}.{k}" for k, v in node.get("properties", {}).items() if "description" not in v]
    assert not missing


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_the_shipped_scenarios_match_the_schema(schema, path):
    data, _ = _load_raw(path)          # a variant is checked as merged onto what it extends
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_the_schema_rejects_what_the_loader_rejects(schema):
    data, _ = _load_raw(SCENARIO_DIR / "1957.toml")
    data["actors"][1]["stance"] = "traitor"
    data["actors"][2]["convicton"] = 0.5
    data["blocs"][0]["full"] = 5_000_000
    del data["sides"][0]["leader"]
    paths = {tuple(e.absolute_path) for e in jsonschema.Draft202012Validator(schema).iter_errors(data)}
    assert {("actors", 1, "stance"), ("actors", 2), ("blocs", 0, "full"), ("sides", 0)} <= paths
