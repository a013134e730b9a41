"""make bench: riwaya's text core against CAMeL Tools and pyarabic, side by side in one run.

Timings on a shared machine are noisy, so peers run interleaved, each several times, and the
best time of each is kept; what matters is the ratio, measured in the same run.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate
from results_io import save

from riwaya.extract import extract
from riwaya.text.normalize import MATCH
from riwaya.text.segment import sentences, token_table

SAUDINEWSNET = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "dataset"
ROUNDS = 3


def riwaya_normalize_segment(text: str) -> int:
    """Normalize (with offset maps), split sentences, tokenize (with original offsets)."""
    norm = MATCH(text)
    spans = sentences(text)
    table = token_table(norm)
    return len(table) + len(spans)


def camel_normalize_tokenize(text: str) -> int:
    from camel_tools.tokenizers.word import simple_word_tokenize
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )

    norm = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(text))))
    return len(simple_word_tokenize(norm))


def pyarabic_normalize_tokenize(text: str) -> int:
    import pyarabic.araby as araby

    norm = araby.normalize_teh(araby.normalize_alef(araby.strip_tatweel(araby.strip_tashkeel(text))))
    return len(araby.tokenize(norm))


def riwaya_extract(text: str) -> int:
    return len(extract(text)["mentions"])


def best_of(funcs: dict, text: str) -> dict[str, float]:
    best = {name: float("inf") for name in funcs}
    for _ in range(ROUNDS):
        for name, func in funcs.items():
            start = time.perf_counter()
            func(text)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def saudinewsnet_sample(max_bytes: int) -> str | None:
    import zipfile

    if not SAUDINEWSNET.exists():
        return None
    parts, total = [], 0
    for path in sorted(SAUDINEWSNET.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for article in json.loads(archive.read(name)):
                    parts.append(article["content"])
                    total += len(article["content"].encode())
                    if total >= max_bytes:
                        return "\n\n".join(parts)
    return "\n\n".join(parts)


SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_91ee6903be612cb3.txt"


def check_benchmarks() -> dict:
    """`check` on the seed (in-process, after start-up), a 5,000-word report against a
    10,000-word source, and the cold start of `riwaya --help`."""
    import random
    import subprocess

    from corpus import sentence

    from riwaya.check import check

    out = {}
    if SEED.exists():
        seed = SEED.read_text(encoding="utf-8")
        check(seed)
        out["seed_check_ms"] = round(min(_timed(check, seed) for _ in range(5)) * 1000, 1)
    rng = random.Random(7)
    source_sentences = []
    while sum(len(s.split()) for s in source_sentences) < 10_000:
        source_sentences.append(sentence(rng))
    report_sentences = []
    while sum(len(s.split()) for s in report_sentences) < 5_000:
        picked = rng.choice(source_sentences).split()
        cut = rng.randint(len(picked) // 2, len(picked))
        quote = " ".join(picked[2:cut])
        report_sentences.append(rng.choice([f"وقال البيان: «{quote}».", " ".join(picked[:cut]) + ".",
                                            sentence(rng)]))
    report, source = " ".join(report_sentences), " ".join(source_sentences)
    out["large_check_words"] = [len(report.split()), len(source.split())]
    out["large_check_seconds"] = round(min(_timed(check, report, [source]) for _ in range(2)), 2)
    starts = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "riwaya", "--help"], capture_output=True, check=True)
        starts.append(time.perf_counter() - start)
    out["help_cold_start_seconds"] = round(min(starts), 3)
    return out


def automaton_benchmark(text: str) -> dict:
    """A 10,000-alias automaton (actors, places, and generated «ريف X»/«مدينة X» forms) over
    normalized text, side by side with the same aliases as one Python regular expression."""
    import re

    from riwaya.extract.actors import lexicon
    from riwaya.extract.entities import AliasMatcher
    from riwaya.extract.places import gazetteer
    from riwaya.text.normalize import EXTRACT

    aliases = list(lexicon().aliases) + list(gazetteer().aliases)
    for prefix in ("ريف", "مدينة", "بلدة", "قرية", "محافظة", "ناحية"):
        if len(aliases) >= 10_000:
            break
        aliases += [f"{prefix} {a}" for a in gazetteer().aliases][: 10_000 - len(aliases)]
    aliases = aliases[:10_000]
    matcher = AliasMatcher((a, i) for i, a in enumerate(aliases))
    norm = EXTRACT(text).text
    mb = len(text.encode()) / 1e6
    automaton_seconds = min(_timed(matcher.find_normalized, norm) for _ in range(3))
    alternation = "|".join(re.escape(a) for a in sorted(set(aliases), key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:[وفبلك]{{0,2}})(?:{alternation})(?!\w)")
    sample = norm[: len(norm) // 10]  # the regular expression is slow: time a tenth and scale
    regex_seconds = _timed(lambda: sum(1 for _ in pattern.finditer(sample))) * len(norm) / len(sample)
    return {"aliases": matcher.size, "mb": round(mb, 2),
            "automaton_mb_per_second": round(mb / automaton_seconds, 2),
            "regex_mb_per_second": round(mb / regex_seconds, 2),
            "automaton / regex": round(regex_seconds / automaton_seconds, 1)}


def _timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def main() -> None:
    text = generate(6_000_000)
    mb = len(text.encode()) / 1e6
    print(f"corpus: {mb:.1f} MB of generated Arabic news text, {len(text):,} characters")
    # Warm up lexicons and tables so start-up is not timed.
    riwaya_normalize_segment(text[:10_000])
    riwaya_extract(text[:10_000])
    camel_normalize_tokenize(text[:10_000])
    pyarabic_normalize_tokenize(text[:10_000])
    core = best_of({"riwaya normalize+segment": riwaya_normalize_segment,
                    "camel-tools utilities": camel_normalize_tokenize,
                    "pyarabic": pyarabic_normalize_tokenize}, text)
    full = best_of({"riwaya extract": riwaya_extract}, text)
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "processor": platform.machine(),
                    "cores_used": 1},
        "corpus_mb": round(mb, 2),
        "seconds": {**core, **full},
        "mb_per_second": {name: round(mb / sec, 2) for name, sec in {**core, **full}.items()},
        "ratios": {
            "riwaya normalize+segment / camel-tools": round(
                core["camel-tools utilities"] / core["riwaya normalize+segment"], 2),
            "riwaya normalize+segment / pyarabic": round(
                core["pyarabic"] / core["riwaya normalize+segment"], 2),
        },
    }
    real = saudinewsnet_sample(6_000_000)
    if real:
        real_mb = len(real.encode()) / 1e6
        real_time = best_of({"riwaya extract": riwaya_extract}, real)["riwaya extract"]
        results["saudinewsnet_extract"] = {"mb": round(real_mb, 2), "seconds": real_time,
                                           "mb_per_second": round(real_mb / real_time, 2)}
    results["check"] = check_benchmarks()
    results["entities"] = automaton_benchmark(text)
    print(f"  entities: {results['entities']}")
    from actors_eval import evaluate as actor_scores
    from ner_eval import TEST as NER_TEST
    from ner_eval import evaluate as ner_scores

    actors = actor_scores()
    results["actors_annotated"] = {k: v for k, v in actors.items() if k != "errors"}
    print(f"  actors (annotated set): {results['actors_annotated']['overall']}")
    for kind, score in results["actors_annotated"]["by_type"].items():
        print(f"    {kind:20s} precision {score['precision']:.3f} recall {score['recall']:.3f} "
              f"({score['mentions']} mentions)")
    if NER_TEST.exists():
        results["cleananercorp_test"] = ner_scores()
        print(f"  CLEANANERCorp test span F1: "
              f"{ {k: v['f1'] for k, v in results['cleananercorp_test'].items()} }")
    print(f"  check: {results['check']}")
    for name, rate in results["mb_per_second"].items():
        print(f"  {name:28s} {rate:7.2f} MB/s")
    for name, ratio in results["ratios"].items():
        print(f"  {name}: {ratio}×")
    if real:
        rate = results["saudinewsnet_extract"]["mb_per_second"]
        print(f"  riwaya extract on SaudiNewsNet articles: {rate} MB/s")
    save("text-core", results)


if __name__ == "__main__":
    main()
