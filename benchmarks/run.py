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

from riwaya.extract import extract
from riwaya.text.normalize import MATCH
from riwaya.text.segment import sentences, token_table

RESULTS = Path(__file__).resolve().parent / "results"
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
    for name, rate in results["mb_per_second"].items():
        print(f"  {name:28s} {rate:7.2f} MB/s")
    for name, ratio in results["ratios"].items():
        print(f"  {name}: {ratio}×")
    if real:
        rate = results["saudinewsnet_extract"]["mb_per_second"]
        print(f"  riwaya extract on SaudiNewsNet articles: {rate} MB/s")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for path in (RESULTS / f"text-core-{stamp}.json", RESULTS / "text-core-latest.json"):
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {RESULTS / 'text-core-latest.json'}")


if __name__ == "__main__":
    main()
