"""Table tests: every case in tests/data/quantities.yaml (sentences written for riwaya)."""

from pathlib import Path

import pytest
import yaml

from riwaya.extract import extract

CASES = yaml.safe_load((Path(__file__).parent / "data" / "quantities.yaml").read_text(encoding="utf-8"))


def _check(case):
    found = [m for m in extract(case["text"])["mentions"] if m["kind"] == "quantity"]
    problems = []
    unused = list(found)
    for expected in case["expect"]:
        wanted = {k: v for k, v in expected.items() if k != "number"}
        candidates = [m for m in unused if expected["number"] in m["text"]]
        match = next((m for m in candidates if all(m.get(k) == v for k, v in wanted.items())), None)
        if match is None:
            got = [{k: m.get(k) for k in ("text", *wanted)} for m in candidates] or "nothing there"
            problems.append(f"expected {expected}; got {got}")
        else:
            unused.remove(match)
    if not case.get("partial") and unused:
        problems.append(f"unexpected quantities: {[m['text'] for m in unused]}")
    return problems


def test_there_are_enough_cases():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if not c["expect"]) >= 20  # negative cases


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}" for i in range(len(CASES))])
def test_quantity_case(case):
    problems = _check(case)
    assert not problems, case["text"] + "\n" + "\n".join(problems)
