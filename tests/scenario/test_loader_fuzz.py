"""Fuzz the loader: random TOML-ish text, random `extends` targets and random `--set` strings. The
only exception that may escape is ScenarioError, every problem is one printable line, and each
example finishes quickly. HYPOTHESIS_PROFILE=explore searches afresh with ten times the examples."""

import os
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.errors import UNSAFE_CHARS, ScenarioError
from game.scenario.loader import SCENARIO_DIR, load_scenario, validate_file

EXPLORE = os.environ.get("HYPOTHESIS_PROFILE") == "explore"
MINIMAL = (Path(__file__).resolve().parents[1] / "data" / "hostile" / "base" / "minimal.toml").read_text(encoding="utf-8")
SECONDS = 3.0     # per example; a normal load takes about 0.02 s


def fuzz(n: int):
    return settings(max_examples=n * (10 if EXPLORE else 1), deadline=None, derandomize=not EXPLORE,
                    database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _check(call) -> None:
    """Run ``call``; it may return or raise ScenarioError, nothing else, and quickly."""
    start = time.monotonic()
    try:
        call()
    except ScenarioError as exc:
        assert exc.problems
        for p in exc.problems:
            line = str(p)
            assert "\n" not in line and not UNSAFE_CHARS.search(line), repr(line)
            assert p.message
    assert time.monotonic() - start < SECONDS, f"took {time.monotonic() - start:.1f} s"


# ---------------------------------------------------------------- TOML-ish text
KEYS = ["id", "title", "year", "summary", "stance", "name", "full", "candidate", "mean", "sd", "extends", "portrait",
        "date", "label", "side", "kind", "motion", "target", "body", "costs", "lobby", "bribe", "above", "below",
        "aliases", "flags", "bio", "fates", "remove", "action", "days_away", "base_capital", "when", "all", "not",
        "sittings", "leader", "legitimacy", "sharpness", "zz", '"quoted key"', '"\\u001b"', "a.b.c"]
VALUES = [
    '"x"', "''", '"\\u001b[31mred"', '"\\u202eevil"', '"a\\nb"', '"\\u0000"', "nan", "-inf", "inf", "1e400", "-0.0",
    "1957", '"1957"', "true", "2.0", "[]", "{}", "[1, 'a']", "{ a = 1 }", "1959-03-02", '"1959-06-31"', '"1959-03-02"',
    '"/etc/passwd"', '"../../x.toml"', '"base.toml"', '"v.toml"', '"1957"', '"anti_party_group"', '"/dev/zero"',
    '"' + "n" * 300 + '.toml"', "9" * 200, "[" * 40 + "]" * 40, "{ a = " * 40 + "1" + " }" * 40,
    '"""multi\nline"""', '{ kind = "call_vote", motion = "confirm" }', '{ mean = nan }', "[[1], [2]]",
]
HEADERS = ["[scenario]", "[[actors]]", "[[sides]]", "[[blocs]]", "[[calendar]]", "[[events]]", "[[motions]]",
           "[[historical.steps]]", "[historical]", "[rules]", "[model]", "[[outcomes]]", "[rules.costs]", "[[x]]",
           "[scenario", "[[", "]]"]
lines = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS), st.sampled_from(VALUES)),
    st.sampled_from(HEADERS),
    st.text(max_size=40),
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS), st.text(max_size=20)),
)


@fuzz(150)
@given(body=st.lists(lines, max_size=30), extends_base=st.booleans(), raw=st.binary(max_size=64))
def test_random_toml_only_raises_scenario_error(body, extends_base, raw):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "base.toml").write_text(MINIMAL, encoding="utf-8")
        text = ('extends = "base.toml"\n' if extends_base else "") + "\n".join(body) + "\n"
        path = Path(folder) / "v.toml"
        path.write_bytes(text.encode("utf-8", "surrogatepass") + raw)
        _check(lambda: load_scenario(path))
        _check(lambda: validate_file(path))
        _check(lambda: validate_file(folder))


@fuzz(60)
@given(cut=st.integers(0, len(MINIMAL)), insert=st.sampled_from(VALUES + HEADERS + ["\x1b", "\u202e", "\x00", "="]))
def test_a_damaged_minimal_scenario_only_raises_scenario_error(cut, insert):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.toml"
        path.write_text(MINIMAL[:cut] + insert + MINIMAL[cut:], encoding="utf-8", errors="surrogatepass")
        _check(lambda: load_scenario(path))


@fuzz(100)
@given(target=st.one_of(st.text(max_size=60), st.sampled_from(VALUES)))
def test_random_extends_targets_only_raise_scenario_error(target):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "base.toml").write_text(MINIMAL, encoding="utf-8")
        escaped = target.replace("\\", "\\\\").replace('"', '\\"')
        for value in (f'"{escaped}"', target):      # as a string, and as raw TOML
            path = Path(folder) / "v.toml"
            path.write_text(f'extends = {value}\n\n[scenario]\nid = "v"\n', encoding="utf-8", errors="surrogatepass")
            _check(lambda: load_scenario(path))


# ---------------------------------------------------------------- --set strings
SET_PATHS = ["actors.zhukov.stance", "actors.zhukov", "actors.zhukov.belief.group", "rules.costs.lobby", "rules.costs.zz",
             "scenario.title", "scenario.id", "extends", "model.sharpness", "blocs.regional_secretaries.stance.mean",
             "institutions.army.airlift", "historical.choices.x", "historical.steps", "calendar", "actors", "zz",
             "actors.zhukov.offices", "motions.remove_khrushchev.requires.all", "actors.zhukov.stance.x", "a.b.c.d"]
overrides = st.one_of(
    st.text(max_size=80),
    st.builds(lambda p, v: f"{p}={v}", st.sampled_from(SET_PATHS), st.sampled_from(VALUES)),
    st.builds(lambda p, v: f"{p}={v}", st.sampled_from(SET_PATHS), st.text(max_size=40)),
    st.builds(lambda p, v: f"{p}={v}", st.text(max_size=30), st.sampled_from(VALUES)),
)


@fuzz(300)
@given(items=st.lists(overrides, min_size=1, max_size=3))
def test_random_overrides_only_raise_scenario_error(items):
    _check(lambda: load_scenario("1957", overrides=items))


def test_the_fuzz_vocabulary_loads_cleanly_where_it_should():
    """A sanity check on the fuzz itself: some generated inputs are valid, so the fuzz reaches the build."""
    assert load_scenario("1957", overrides=["actors.zhukov.stance=-0.0"]).actor("zhukov").stance == 0.0
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "base.toml").write_text(MINIMAL, encoding="utf-8")
        path = Path(folder) / "v.toml"
        path.write_text('extends = "base.toml"\n[scenario]\nid = "v"\n', encoding="utf-8")
        assert load_scenario(path).id == "v"
    assert (SCENARIO_DIR / "1957.toml").is_file()
