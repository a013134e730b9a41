"""make bench: OCR of a statement image (riwaya.read.image) on one OpenMP thread, as riwaya runs
tesseract, side by side in the same run with tesseract's own default (no OMP_THREAD_LIMIT: one
thread per core in each of its nested parallel regions) and with the threads limited to the
number of cores.

Two images: the readers' statement fixture (1000×640) and a page of it tiled 2×5 (2000×3200,
6.4 Mpx, about an A4 scan at 270 dpi). Each is read ROUNDS times under each setting,
interleaved, the median kept; the words and confidences must be the same under both.

    python benchmarks/ocr_threads.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results_io import save

import riwaya.read.image as image_reader

ROOT = Path(__file__).resolve().parents[1]
STATEMENT = ROOT / "tests" / "data" / "readers" / "statement.png"


def _page(folder: Path) -> Path:
    from PIL import Image

    with Image.open(STATEMENT) as image:
        width, height = image.size
        page = Image.new("RGB", (width * 2, height * 5), "white")
        for column in range(2):
            for row in range(5):
                page.paste(image, (column * width, row * height))
    path = folder / "page.png"
    page.save(path)
    return path


def _environment(threads: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    return env if threads is None else {**env, "OMP_THREAD_LIMIT": threads}


def _read(path: Path, threads: str | None) -> tuple[float, tuple[str, float | None]]:
    image_reader._one_thread = lambda: _environment(threads)  # the setting measured, nothing else changed
    start = time.perf_counter()
    doc = image_reader.read_image(str(path))
    return time.perf_counter() - start, (doc.text, doc.ocr_confidence)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("tesseract") is None:
        sys.exit("tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-ara)")
    cores = str(os.cpu_count() or 1)
    images = {"statement": STATEMENT, "page": _page(Path(tempfile.mkdtemp(prefix="riwaya-ocr-")))}
    results: dict = {"rounds": args.rounds, "cores": int(cores), "python": platform.python_version(),
                     "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None, "images": {}}
    for name, path in images.items():
        settings = {"one_thread": "1", "limit_cores": cores, "tesseract_default": None}
        times: dict[str, list[float]] = {setting: [] for setting in settings}
        readings = set()
        for _ in range(args.rounds):
            for setting, threads in settings.items():
                seconds, reading = _read(path, threads)
                times[setting].append(seconds)
                readings.add(reading)
        median = {setting: statistics.median(values) for setting, values in times.items()}
        results["images"][name] = {
            "median_seconds": {setting: round(value, 3) for setting, value in median.items()},
            "default_over_one_thread": round(median["tesseract_default"] / median["one_thread"], 2),
            "same_reading": len(readings) == 1,
        }
        print(f"{name:10} one thread {median['one_thread']:.2f} s   {cores} threads "
              f"{median['limit_cores']:.2f} s   tesseract's default {median['tesseract_default']:.2f} s "
              f"({results['images'][name]['default_over_one_thread']}×)   same reading: {len(readings) == 1}")
    save("ocr-threads", results)


if __name__ == "__main__":
    main()
