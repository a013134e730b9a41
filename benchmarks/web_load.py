"""make bench, web part: 2,000 requests from 50 concurrent clients on loopback to the story page
and the check page of `riwaya serve` (one process, as a user starts it), with a baseline in the
same run: the framework's own /openapi.json route, so the ratio says what riwaya's pages cost
over FastAPI itself. Reports throughput, p50 and p99 latency and errors.

Results: benchmarks/results/web-load-latest.json.
"""

from __future__ import annotations

import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_io import save

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = 2_000
CLIENTS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _load(base: str, paths: list[str]) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    queue = [paths[i % len(paths)] for i in range(REQUESTS)]
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        async def worker() -> None:
            nonlocal errors
            while queue:
                path = queue.pop()
                started = time.perf_counter()
                try:
                    response = await client.get(path, headers={"accept": "text/html"})
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        seconds = time.perf_counter() - started
    latencies.sort()
    return {"requests": REQUESTS, "clients": CLIENTS, "errors": errors, "seconds": round(seconds, 2),
            "requests_per_second": round(REQUESTS / seconds, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1)}


def main() -> None:
    from riwaya.check import check
    from riwaya.corpus import ingest
    from riwaya.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "web.db")
        store = Store(db)
        ingest([str(ROOT / "tests" / "data" / "corpus")], store, workers=1)
        example = (ROOT / "examples" / "report_and_statement.txt").read_text(encoding="utf-8")
        check_id = store.save_check(check(example), "example")
        story_id = store.stories(limit=1, min_size=5)[0]["id"]
        store.close()
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "riwaya", "serve", "--db", db, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            import httpx

            for _ in range(200):
                try:
                    if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            results = {
                "baseline /openapi.json": asyncio.run(_load(base, ["/openapi.json"])),
                "story page": asyncio.run(_load(base, [f"/stories/{story_id}"])),
                "check page": asyncio.run(_load(base, [f"/check/{check_id}"])),
                "story and check pages": asyncio.run(
                    _load(base, [f"/stories/{story_id}", f"/check/{check_id}"])),
            }
        finally:
            server.terminate()
            server.wait(timeout=10)
    baseline = results["baseline /openapi.json"]["requests_per_second"]
    out = {"machine": {"python": sys.version.split()[0]}, "results": results,
           "throughput_ratio_to_baseline": {k: round(v["requests_per_second"] / baseline, 2)
                                            for k, v in results.items()}}
    for name, r in results.items():
        print(f"  {name:28s} {r['requests_per_second']:7.1f} req/s  p50 {r['p50_ms']:6.1f} ms  "
              f"p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}")
    save("web-load", out)


if __name__ == "__main__":
    main()
