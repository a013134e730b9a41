"""Table tests: every case in tests/data/quantities.yaml (sentences written for riwaya)."""

from pathlib import Path

import pytest
import yaml

from riwaya.extract import extract
from tests.tables import compare

CASES = yaml.safe_load((Path(__file__).parent / "data" / "quantities.yaml").read_text(encoding="utf-8"))


def test_there_are_enough_cases():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if not c["expect"]) >= 20  # negative cases


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}" for i in range(len(CASES))])
def test_quantity_case(case):
    found = [m for m in extract(case["text"])["mentions"] if m["kind"] == "quantity"]
    problems = compare(found, case, anchor="number")
    assert not problems, case["text"] + "\n" + "\n".join(problems)
