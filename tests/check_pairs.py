"""Scoring `check` results against the known answers in tests/data/check_pairs*.yaml."""

from pathlib import Path

import yaml

from riwaya.check import check

# The pairs written with the code, and the pairs written blind to it (their header says how
# riwaya did on them the first time).
PAIRS_FILES = [Path(__file__).parent / "data" / name
               for name in ("check_pairs.yaml", "check_pairs_heldout.yaml", "check_pairs_trust.yaml",
                            "check_pairs_trust_heldout.yaml", "check_pairs_blind3.yaml",
                             "check_pairs_blind4.yaml", "check_pairs_blind5.yaml", "check_pairs_blind6.yaml",
                             "check_pairs_blind7.yaml")]


def load_pairs() -> list[dict]:
    return [pair for path in PAIRS_FILES for pair in yaml.safe_load(path.read_text(encoding="utf-8"))]


def run_pair(pair: dict, **options) -> dict:
    sources = pair.get("sources") or [pair["source"]]
    return check(pair["report"], sources, **options)


def _sentence_text(doc: dict, i: int) -> str:
    s = doc["sentences"][i]
    return doc["text"][s["start"]:s["end"]]


def _covers(mention: dict | None, text: str, expected: str) -> bool:
    """Whether a mention is the figure an answer names, where the answer writes more of the phrase
    than the mention covers («4 سيارات إسعاف» for the mention «4 سيارات»): the mention holds
    the answer's first word, where the answer first occurs in the text."""
    at = text.find(expected)
    if mention is None or at == -1:
        return False
    first = expected.split()[0]
    # or lies within the answer («الاثنين» in «بيان الاثنين»)
    return (mention["start"] <= at and at + len(first) <= mention["end"]) or (
        at <= mention["start"] and mention["end"] <= at + len(expected))


def _same_day(result: dict, got: dict, expected: str) -> bool:
    """Whether the source date matched is the very day of the one expected («فجر اليوم» of a
    statement dated «السبت 9 آذار 2024» is that Saturday): either is the answer."""
    if got["source"] is None or not got["source"].get("gregorian"):
        return False
    mentions = result["sources"][got["source_index"]]["mentions"]
    return any(m["kind"] == "date" and expected in m["text"] and m.get("gregorian") == got["source"]["gregorian"]
               for m in mentions)


def problems(pair: dict, result: dict) -> list[str]:
    """Every expectation of ``pair`` that ``result`` does not meet, as readable lines."""
    out = []
    expect = pair["expect"]
    for q in expect.get("quotes", []):
        # the quotation itself before a longer one that holds the same words
        found = sorted((r for r in result["quotes"] if q["contains"] in r["text"]),
                       key=lambda r: (r["text"].strip() != q["contains"], len(r["text"])))
        if not found:
            out.append(f"quote {q['contains']!r}: not found as a quotation")
            continue
        got = found[0]
        if got["verdict"] != q["verdict"]:
            out.append(f"quote {q['contains']!r}: {got['verdict']} (similarity {got['similarity']}), "
                       f"expected {q['verdict']}")
        if "scare_quote" in q and got.get("scare_quote", False) != q["scare_quote"]:
            out.append(f"quote {q['contains']!r}: scare_quote {got.get('scare_quote')}, expected {q['scare_quote']}")
        if q.get("source") and got["verdict"] == q["verdict"]:
            # the source passage it rewords: the one riwaya points at must hold or overlap it
            text = result["sources"][got["source"]]["text"] if got["source"] is not None else ""
            at = text.find(q["source"])
            located = got["source_start"] is not None and at != -1 and \
                got["source_start"] < at + len(q["source"]) and at < got["source_end"]
            if not located:
                out.append(f"quote {q['contains']!r}: located at {got['source_start']}–{got['source_end']}, "
                           f"expected the passage {q['source'][:30]!r}")
        for report_word, source_word in q.get("substitutions", []):
            if not any(report_word in s["report"] and source_word in s["source"]
                       for s in got["edits"].get("substitutions", [])):
                out.append(f"quote {q['contains']!r}: substitution {source_word} → {report_word} not listed")
    for kind in ("figures", "dates"):
        for f in expect.get(kind, []):
            found = [r for r in result[kind] if f["report"] in r["report"]["text"]] or [
                r for r in result[kind] if _covers(r["report"], result["report"]["text"], f["report"])]
            if not found:
                out.append(f"{kind} {f['report']!r}: not found in the report")
                continue
            got = found[0]
            source_text = got["source"]["text"] if got["source"] else None
            if got["verdict"] != f["verdict"]:
                out.append(f"{kind} {f['report']!r}: {got['verdict']} against {source_text!r}, "
                           f"expected {f['verdict']} against {f.get('source')!r}")
            elif bool(got.get("actor_mismatch")) != f.get("actor_mismatch", False):
                out.append(f"{kind} {f['report']!r}: actor_mismatch {got.get('actor_mismatch')}, "
                           f"expected {f.get('actor_mismatch', False)}")
            elif f.get("source") and (source_text is None or f["source"] not in source_text) \
                    and not _covers(got["source"], result["sources"][got["source_index"]]["text"]
                                    if got["source"] else "", f["source"]) \
                    and not (kind == "dates" and _same_day(result, got, f["source"])):
                out.append(f"{kind} {f['report']!r}: matched {source_text!r}, expected {f['source']!r}")
    report = result["report"]
    for a in expect.get("alignments", []):
        idx = [i for i in range(len(report["sentences"])) if a["sentence"] in _sentence_text(report, i)]
        if not idx:
            out.append(f"sentence {a['sentence']!r}: not a report sentence")
            continue
        got = result["alignments"][idx[0]]
        if got["verdict"] != a["verdict"]:
            out.append(f"sentence {a['sentence'][:30]!r}: {got['verdict']} ({got['score']}), "
                       f"expected {a['verdict']}")
        if a.get("source"):
            texts = [_sentence_text(result["sources"][got["source"]], j) for j in got["source_sentences"]] \
                if got["source"] is not None else []
            if not any(a["source"] in t for t in texts):
                out.append(f"sentence {a['sentence'][:30]!r}: aligned to {[t[:30] for t in texts]}, "
                           f"expected {a['source'][:30]!r}")
    omitted = [o["text"] for o in result["omissions"]]
    for o in expect.get("omissions", []):
        if not any(o["contains"] in t or t in o["contains"] for t in omitted):
            out.append(f"omission {o['contains']!r}: not listed (listed: {omitted})")
    for o in expect.get("not_omitted", []):
        if any(o["contains"] in t for t in omitted):
            out.append(f"{o['contains']!r}: listed as omitted but the report carries it")
    return out
