"""Table tests: every case in tests/data/quantities.yaml, quantities_hard.yaml and
quantities_hard_heldout.yaml (sentences written for riwaya; the hard ones blind to the code:
compound numbers with tanween, negated verbs of exceeding, nouns that count without a numeral,
«مرات», status nouns)."""

from pathlib import Path

import pytest
import yaml

from riwaya.extract import extract
from tests.tables import compare

DATA = Path(__file__).parent / "data"
CASES = yaml.safe_load((DATA / "quantities.yaml").read_text(encoding="utf-8"))
HARD = yaml.safe_load((DATA / "quantities_hard.yaml").read_text(encoding="utf-8"))
HELD_OUT = yaml.safe_load((DATA / "quantities_hard_heldout.yaml").read_text(encoding="utf-8"))


def test_there_are_enough_cases():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if not c["expect"]) >= 20  # negative cases
    assert len(HARD) >= 60 and len(HELD_OUT) >= 40


@pytest.mark.parametrize("case", CASES + HARD + HELD_OUT, ids=[f"{i:03d}" for i in range(len(CASES))]
                         + [f"hard-{i:03d}" for i in range(len(HARD))]
                         + [f"held-out-{i:03d}" for i in range(len(HELD_OUT))])
def test_quantity_case(case):
    found = [m for m in extract(case["text"])["mentions"] if m["kind"] == "quantity"]
    problems = compare(found, case, anchor="number")
    assert not problems, case["text"] + "\n" + "\n".join(problems)
