"""Every command's JSON stays what it was while the code is rearranged (issue 14): `extract` and
`check` on the bundled example and `compare` on each multi-outlet fixture, against outputs kept in
tests/data/golden (made at 3cc364d, before the rearrangement began; texts written for riwaya).
The seed (../shared, third-party text) is kept as the SHA-256 of its outputs, not as the outputs.
A deliberate change of output regenerates them: `python -m tests.test_golden --write`."""

import hashlib
import sys
from pathlib import Path

import pytest

from tests.cli import run_riwaya
from tests.conftest import SEED

ROOT = Path(__file__).parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden"
RUNS = {
    "extract_example.json": ["extract", "examples/report_and_statement.txt", "--ref-date", "2019-03-12"],
    "check_example.json": ["check", "examples/report_and_statement.txt", "--ref-date", "2019-03-12"],
    **{f"compare_{d.name}.json": ["compare", str((d / "docs.jsonl").relative_to(ROOT))]
       for d in sorted((ROOT / "tests" / "data" / "corpus").iterdir()) if d.is_dir()},
}


def _run(args: list[str], cwd: Path = ROOT) -> str:
    return run_riwaya(*args, "--format", "json", cwd=cwd, text=True, check=True).stdout


@pytest.mark.parametrize("name", sorted(RUNS))
def test_output_is_unchanged(name):
    assert _run(RUNS[name]) == (GOLDEN / name).read_text(encoding="utf-8")


# Run from the seed's own folder: `check` names the report by the path it was given, and an
# absolute path differs from one checkout (or CI machine) to another.
SEED_RUNS = {"check_seed.sha256": ["check", SEED.name], "extract_seed.sha256": ["extract", SEED.name]}


def _seed_digest(name: str) -> str:
    return hashlib.sha256(_run(SEED_RUNS[name], cwd=SEED.parent).encode("utf-8")).hexdigest()


@pytest.mark.parametrize("name", sorted(SEED_RUNS))
def test_output_on_the_seed_is_unchanged(name):
    if not SEED.exists():
        pytest.skip("../shared (the seed) is not available on this machine")
    assert _seed_digest(name) == (GOLDEN / name).read_text(encoding="utf-8").strip()


def test_every_kept_output_is_run():
    assert {p.name for p in GOLDEN.glob("*.json")} == set(RUNS)


if __name__ == "__main__" and "--write" in sys.argv:
    for name, args in RUNS.items():
        (GOLDEN / name).write_text(_run(args), encoding="utf-8")
    if SEED.exists():
        for name in SEED_RUNS:
            (GOLDEN / name).write_text(_seed_digest(name) + "\n", encoding="utf-8")
