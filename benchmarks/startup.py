"""make bench: how long `riwaya check` on the seed takes as a whole process — what a fact-checker
running check again and again waits for — side by side with its floor in the same run.

Four commands, interleaved, each run ROUNDS times, the median kept (the machine is shared):
- ``python -c pass``: the interpreter alone;
- the floor: a process importing what `riwaya check` cannot do without (Typer and Rich for the
  command line and its tables, numpy for the offset maps);
- ``riwaya check`` with the compiled lexicons read from the disk cache (riwaya.compiled);
- ``riwaya check`` with ``RIWAYA_CACHE_DIR=off``: every lexicon and automaton built afresh.
Byte-compiled modules are allowed (PYTHONDONTWRITEBYTECODE unset), as an installed package has them.

    python benchmarks/startup.py [--rounds N] [FILE]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results_io import save

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_91ee6903be612cb3.txt"
EXAMPLE = ROOT / "examples" / "report_and_statement.txt"


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", default=str(SEED if SEED.exists() else EXAMPLE))
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "RIWAYA_CACHE_DIR")}
    cache = tempfile.mkdtemp(prefix="riwaya-startup-")
    check = [sys.executable, "-m", "riwaya", "check", args.file]
    commands = {
        "python": ([sys.executable, "-c", "pass"], env),
        "floor": ([sys.executable, "-c", "import typer, rich.console, rich.table, numpy"], env),
        "check_cached": (check, {**env, "RIWAYA_CACHE_DIR": cache}),
        "check_uncached": (check, {**env, "RIWAYA_CACHE_DIR": "off"}),
    }
    for command, command_env in commands.values():  # byte-compile, fill the cache
        _time(command, command_env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, (command, command_env) in commands.items():
            times[name].append(_time(command, command_env))
    median = {name: statistics.median(values) for name, values in times.items()}
    results = {
        "file": Path(args.file).name,
        "rounds": args.rounds,
        "python": platform.python_version(),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "median_seconds": {name: round(value, 3) for name, value in median.items()},
        "best_seconds": {name: round(min(values), 3) for name, values in times.items()},
        "check_cached_over_floor": round(median["check_cached"] / median["floor"], 2),
        "check_uncached_over_cached": round(median["check_uncached"] / median["check_cached"], 2),
        "riwaya_own_seconds": round(median["check_cached"] - median["floor"], 3),
    }
    for name, value in median.items():
        print(f"{name:16} median {value:.3f} s   best {min(times[name]):.3f} s")
    print(f"check (cached) is {results['check_cached_over_floor']}× the floor; "
          f"building the lexicons afresh costs {results['check_uncached_over_cached']}× the cached run")
    save("startup", results)


if __name__ == "__main__":
    main()
