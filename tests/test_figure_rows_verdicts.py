"""Carrying hand verdicts to a new conflict sample (benchmarks/figure_rows_verdicts.py): a row
takes the verdict of the checked row with exactly its values, else of one that holds them all."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import figure_rows_verdicts as verdicts


def row(*values):
    return {"values": [{"record": r, "start": s, "value": v} for r, s, v in values]}


def test_a_row_takes_the_verdict_of_the_row_with_its_very_values_before_a_larger_one():
    larger = verdicts._values(row(("a#1", 5, 4.0), ("b#2", 9, 3.0), ("c#3", 1, 3.0)))
    exact = verdicts._values(row(("a#1", 5, 4.0), ("b#2", 9, 3.0)))
    checked = [(larger, {"verdict": "not"}), (exact, {"verdict": "real"})]
    assert verdicts.carried(row(("a#1", 5, 4.0), ("b#2", 9, 3.0)), checked)["verdict"] == "real"
    assert verdicts.carried(row(("a#1", 5, 4.0), ("c#3", 1, 3.0)), checked)["verdict"] == "not"
    # a value no checked row holds: unread
    assert verdicts.carried(row(("a#1", 5, 4.0), ("d#4", 2, 7.0)), checked) is None


def test_every_checked_row_in_the_results_has_a_verdict_and_its_values():
    for values, verdict in verdicts.checked_rows():
        assert values and verdict["verdict"] in ("real", "not")
