"""Print actor mentions of a sample (benchmarks/actor_mentions_sample.py) with their context, for
the readers who check them by hand (benchmarks/actor_mentions_instructions.md).

    python benchmarks/actor_mentions_show.py SAMPLE.json FROM TO

Items FROM to TO, both included.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "saudinewsnet" / "dataset"
LEXICON = ROOT / "src" / "riwaya" / "lexicon" / "actors.yaml"
_REACH = 160  # characters of context on each side


def main(argv: list[str]) -> None:
    sample = json.loads(Path(argv[0]).read_text(encoding="utf-8"))["sample"]
    first, last = int(argv[1]), int(argv[2])
    actors = {a["id"]: a for a in yaml.safe_load(LEXICON.read_text(encoding="utf-8"))["actors"]}
    days: dict[str, list] = {}
    for n in range(first, min(last + 1, len(sample))):
        row = sample[n]
        name, index = row["record"].split("#")
        if name not in days:
            with zipfile.ZipFile(DATA / name) as archive:
                days[name] = json.loads(archive.read(archive.namelist()[0]).decode("utf-8"))
        text = (days[name][int(index)].get("content") or "").strip()
        actor = actors.get(row["actor"], {})
        left = text[max(0, row["start"] - _REACH):row["start"]].replace("\n", " ")
        right = text[row["end"]:row["end"] + _REACH].replace("\n", " ")
        kind = actor.get("type", row.get("type"))
        print(f"#{n} actor={row['actor']} ({actor.get('name', '?')}, type {kind}) alias={row.get('alias')}")
        print(f"   …{left}【{text[row['start']:row['end']]}】{right}…\n")


if __name__ == "__main__":
    main(sys.argv[1:])
