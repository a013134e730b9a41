"""Table tests: every case in tests/data/dates.yaml (sentences written for riwaya)."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from riwaya.extract import extract
from tests.tables import compare

CASES = yaml.safe_load((Path(__file__).parent / "data" / "dates.yaml").read_text(encoding="utf-8"))


def test_there_are_enough_cases():
    assert len(CASES) >= 60
    assert sum(1 for c in CASES if not c["expect"]) >= 10  # negative cases


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}" for i in range(len(CASES))])
def test_date_case(case):
    ref = dt.date.fromisoformat(case["ref_date"]) if case.get("ref_date") else None
    found = [m for m in extract(case["text"], ref)["mentions"] if m["kind"] == "date"]
    problems = compare(found, case, anchor="contains")
    assert not problems, case["text"] + "\n" + "\n".join(problems)
