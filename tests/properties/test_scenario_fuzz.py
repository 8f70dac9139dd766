"""Damaged scenario files: any cut, flipped byte or changed value gives Problems, never a crash."""

import re
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from game.scenario.errors import Problem
from game.scenario.loader import SCENARIO_DIR, validate_file

from .common import bounded

SOURCE = (SCENARIO_DIR / "1957.toml").read_bytes()
ASSIGNMENTS = [m.start(1) for m in re.finditer(rb"^[a-z_]+ = (.)", SOURCE, flags=re.M)]

toml_values = st.sampled_from([
    b'"x"', b"-1", b"1e999", b"nan", b"inf", b"[]", b"{}", b"true", b'"../../etc/passwd"', b"[[[[1]]]]",
    b"99999999999999999999999", b'{ a = { b = { c = 1 } } }', b'"\xc3\x28"', b"", b"=", b'"""',
])


def _validate(raw: bytes) -> list[Problem]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutant.toml"
        path.write_bytes(raw)
        problems = validate_file(path)
        for p in problems:
            assert isinstance(p, Problem) and p.file == str(path) and p.message
            assert "\n" not in str(p), "one line per problem"
        return problems


@bounded(max_examples=40)
@given(at=st.integers(0, len(SOURCE) - 1), flip=st.integers(1, 255), mode=st.sampled_from(["cut", "flip"]))
def test_cut_or_flipped_bytes_give_problems_not_crashes(at, flip, mode):
    raw = bytearray(SOURCE)
    if mode == "cut":
        raw = raw[:at]
    else:
        raw[at] ^= flip
    _validate(bytes(raw))


@bounded(max_examples=40)
@given(where=st.sampled_from(ASSIGNMENTS), value=toml_values)
def test_a_changed_value_gives_problems_not_crashes(where, value):
    # Replace the rest of the line (a multi-line value is cut, which must be caught too).
    line_end = SOURCE.index(b"\n", where)
    _validate(SOURCE[:where] + value + SOURCE[line_end:])


NUMBERS = [(m.start(2), m.end(2)) for m in re.finditer(rb"^([a-z_]+) = (-?[0-9.]+)[ \t]*(#.*)?$", SOURCE, flags=re.M)]


@bounded(max_examples=30)
@given(span=st.sampled_from(NUMBERS), value=st.sampled_from([b"nan", b"inf", b"-inf", b"1e999", b"-nan"]))
def test_no_number_may_be_nan_or_infinite(span, value):
    start, end = span
    problems = _validate(SOURCE[:start] + value + SOURCE[end:])
    line = SOURCE[:start].count(b"\n") + 1
    assert problems, f"a scenario with {value.decode()} at line {line} was accepted"
