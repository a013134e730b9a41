"""Coverage-guided fuzzing of riwaya's parsers with atheris (`make fuzz`).

The targets are those of tests/fuzz_targets.py, which the hypothesis tests run briefly on every
test run; here libFuzzer drives them for longer, one process per target, ``--seconds`` (the
Makefile's FUZZ_SECONDS) split between them. Each target keeps its corpus and what it finds
under fuzz-findings/ (git-ignored): inputs that raise (crash-…), run past a minute (timeout-…),
past ten seconds (slow-unit-…) or out of memory (oom-…); the run exits non-zero when one did.

    python scripts/fuzz.py --seconds 600               # every target, 600 s in all
    python scripts/fuzz.py --targets extract,check     # some of them
    python scripts/fuzz.py --reproduce extract fuzz-findings/extract/crash-…   # rerun one input
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.fuzz_targets

from tests import fuzz_targets  # noqa: E402

# riwaya's modules the targets reach: instrumented for coverage when imported under atheris.
_RIWAYA_MODULES = ("riwaya.text.normalize", "riwaya.text.segment", "riwaya.text.numbers",
                   "riwaya.text.dates", "riwaya.extract", "riwaya.check", "riwaya.read",
                   "riwaya.read.documents", "riwaya.read.html", "riwaya.read.records", "riwaya.read.warc",
                   "riwaya.read.pdf", "riwaya.read.image", "riwaya.read.language")
_PER_INPUT_TIMEOUT = 60  # seconds: one input longer than this is a finding (a hang)
_RSS_LIMIT_MB = 4096


def run_one(name: str, until: float, findings: Path) -> None:
    """In the child process: libFuzzer over one target until the clock reads ``until`` (its
    imports and instrumentation come out of its share, so that the whole run takes its time)."""
    import atheris

    with atheris.instrument_imports(include=["riwaya"]):
        import importlib

        for module in _RIWAYA_MODULES:
            importlib.import_module(module)
    corpus = findings / "corpus" / name
    if not corpus.exists() or not any(corpus.iterdir()):
        corpus.mkdir(parents=True, exist_ok=True)
        for i, seed in enumerate(fuzz_targets.seed_inputs(name)):
            (corpus / f"seed-{i}").write_bytes(seed)
    target = fuzz_targets.ATHERIS_TARGETS[name]
    seconds = max(1, round(until - time.time()))
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", f"-artifact_prefix={findings / name}/",
                   f"-timeout={_PER_INPUT_TIMEOUT}", f"-rss_limit_mb={_RSS_LIMIT_MB}", "-print_final_stats=1",
                   str(corpus)], target)
    atheris.Fuzz()


_EXECUTED = re.compile(r"stat::number_of_executed_units:\s*(\d+)")
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")


def run_all(names: list[str], seconds: int, findings: Path) -> int:
    """Each target in a process of its own, the seconds split evenly; 1 when one found a crash."""
    deadline = time.time() + seconds
    env = dict(os.environ, RIWAYA_LANG="en")
    cache = None
    if "RIWAYA_CACHE_DIR" not in env:  # compiled lexicons built once for all targets, not kept
        cache = tempfile.mkdtemp(prefix="riwaya-fuzz-cache-")
        env["RIWAYA_CACHE_DIR"] = cache
    failed = []
    try:
        for left, name in zip(range(len(names), 0, -1), names, strict=True):
            until = time.time() + max(1.0, (deadline - time.time()) / left)  # what is left, shared
            (findings / name).mkdir(parents=True, exist_ok=True)
            log = findings / "logs" / f"{name}.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            before = set((findings / name).iterdir())
            started = time.monotonic()
            with log.open("wb") as out:
                code = subprocess.call([sys.executable, __file__, "--run", name, "--until", str(until),
                                        "--findings", str(findings)], stdout=out, stderr=subprocess.STDOUT,
                                       env=env)
            took = time.monotonic() - started
            text = log.read_text(encoding="utf-8", errors="replace")
            runs = _EXECUTED.search(text) or _DONE.search(text)
            new = sorted(set((findings / name).iterdir()) - before)
            print(f"{name:16} {took:6.0f} s  {runs[1] if runs else '?':>9} executions  "
                  f"{'exit ' + str(code) if code else 'ok'}"
                  + "".join(f"\n    finding ({p.name.rpartition('-')[0]}): {p}" for p in new), flush=True)
            if code or new:
                failed.append(name)
    finally:
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
    if failed:
        print(f"a finding, or an error, in {', '.join(failed)}: see {findings}/<target>/ and "
              f"{findings}/logs/", file=sys.stderr)
        return 1
    return 0


def reproduce(name: str, path: Path) -> int:
    """Run one saved input through its target without atheris: the traceback, and the input."""
    data = path.read_bytes()
    reader = fuzz_targets.ByteReader(data)
    if name == "read_file":
        content, suffix = fuzz_targets.file_from_bytes(data)
        print(f"file {suffix!r}, {len(content)} bytes: {content[:300]!r}")
    elif name != "decode":
        print(f"text: {fuzz_targets.text_from_bytes(reader)[:500]!r}")
    fuzz_targets.ATHERIS_TARGETS[name](data)
    print("no failure")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", "600")),
                        help="in all, split between the targets (default: $FUZZ_SECONDS or 600)")
    parser.add_argument("--targets", default=",".join(fuzz_targets.ATHERIS_TARGETS),
                        help="comma-separated, of: " + ", ".join(fuzz_targets.ATHERIS_TARGETS))
    parser.add_argument("--findings", type=Path, default=fuzz_targets.fuzz_dir())
    parser.add_argument("--run", help=argparse.SUPPRESS)  # the child: one target under libFuzzer
    parser.add_argument("--until", type=float, help=argparse.SUPPRESS)  # the child's end, by the clock
    parser.add_argument("--reproduce", nargs=2, metavar=("TARGET", "FILE"))
    args = parser.parse_args()
    if args.reproduce:
        return reproduce(args.reproduce[0], Path(args.reproduce[1]))
    if args.run:
        run_one(args.run, args.until or time.time() + args.seconds, args.findings)
        return 0
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = [n for n in names if n not in fuzz_targets.ATHERIS_TARGETS]
    if unknown or not names:
        parser.error(f"unknown targets: {', '.join(unknown)}")
    return run_all(names, args.seconds, args.findings)


if __name__ == "__main__":
    sys.exit(main())
