"""List every known-answer substring of a check-pairs file that does not occur in its text.

    python3 benchmarks/check_pairs_substrings.py PAIRS.yaml
"""

import sys

import yaml


def missing(pair: dict) -> list[str]:
    report = pair["report"]
    source = "\n".join(pair.get("sources") or [pair["source"]])
    expect = pair.get("expect", {})
    wanted = []
    for q in expect.get("quotes", []):
        wanted += [("quote", q["contains"], report), ("quote source", q.get("source"), source)]
    for kind in ("figures", "dates"):
        for f in expect.get(kind, []):
            wanted += [(kind, f["report"], report), (kind + " source", f.get("source"), source)]
    for a in expect.get("alignments", []):
        wanted += [("alignment", a["sentence"], report), ("alignment source", a.get("source"), source)]
    for kind in ("omissions", "not_omitted"):
        wanted += [(kind, o["contains"], source) for o in expect.get(kind, [])]
    return [f"{pair['name']}: {where} {value!r} not found" for where, value, text in wanted
            if value and value not in text]


def main() -> None:
    pairs = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    problems = [line for pair in pairs for line in missing(pair)]
    print("\n".join(problems))
    print(f"{len(pairs)} pairs, {len(problems)} substrings missing")


if __name__ == "__main__":
    main()
