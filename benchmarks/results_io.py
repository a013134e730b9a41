"""Where benchmark results go: benchmarks/results/NAME-STAMP.json and NAME-latest.json."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save(name: str, results: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    latest = RESULTS / f"{name}-latest.json"
    for path in (RESULTS / f"{name}-{stamp}.json", latest):
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {latest}")
    return latest
