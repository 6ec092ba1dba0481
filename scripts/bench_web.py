"""Load test of the workbench on loopback: N clients upload the five seed reports at the same time
(one batch each), then wait until every batch is audited. Prints upload latencies, the time until
all audits finished, and any error. Only 127.0.0.1; bounded in count and time; stops by itself.

    python scripts/bench_web.py [--clients 20] [--processes 1] [--timeout 300]
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpora" / "samples").glob("00*.txt"))
HOST = "127.0.0.1"  # never anything else


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int, processes: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "auditor", "serve", "--host", HOST, "--port", str(port),
                               "--data", str(data), "--processes", str(processes)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://{HOST}:{port}/api/batches", timeout=1).raise_for_status()
            return server
        except httpx.HTTPError:
            if server.poll() is not None:
                raise SystemExit(f"server exited: {server.stderr.read().decode()}") from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start in 60 s")


def upload(base: str, barrier: threading.Barrier) -> tuple[float, int, str]:
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in SEEDS]
    barrier.wait(30)
    start = time.perf_counter()
    response = httpx.post(f"{base}/api/batches", files=files, timeout=120)
    elapsed = time.perf_counter() - start
    body = response.json()
    return elapsed, response.status_code, body.get("batch") or body.get("detail", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20, help="concurrent uploads (1-50, default %(default)s)")
    parser.add_argument("--processes", type=int, default=1, help="audit processes of the server (1-4, default %(default)s)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds for the whole run (default %(default)s)")
    args = parser.parse_args(argv)
    clients = max(1, min(args.clients, 50))
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        base = f"http://{HOST}:{port}"
        started = time.perf_counter()
        server = start_server(Path(data), port, max(1, min(args.processes, 4)))
        try:
            # one report first: the audit process loads the pipeline once (cold start), outside the figures
            first = httpx.post(f"{base}/api/batches", files=[("files", (SEEDS[0].name, SEEDS[0].read_bytes()))],
                               timeout=60).json()["batch"]
            while not httpx.get(f"{base}/api/batches/{first}/progress", timeout=30).json()["complete"]:
                if time.perf_counter() - started > args.timeout:
                    raise SystemExit("the first audit did not finish in time")
                time.sleep(0.2)
            cold = time.perf_counter() - started
            t0 = time.perf_counter()
            barrier = threading.Barrier(clients)
            with ThreadPoolExecutor(clients) as pool:
                results = list(pool.map(lambda _: upload(base, barrier), range(clients)))
            uploaded = time.perf_counter() - t0
            failed = [r for r in results if r[1] != 201]
            batches = [r[2] for r in results if r[1] == 201]
            deadline = t0 + args.timeout
            pending = set(batches)
            errors: list[str] = []
            while pending and time.perf_counter() < deadline:
                for batch in httpx.get(f"{base}/api/batches", timeout=30).json():
                    if batch["id"] in pending and batch["complete"]:
                        pending.discard(batch["id"])
                time.sleep(0.5)
            audited = time.perf_counter() - t0
            for batch in batches:
                state = httpx.get(f"{base}/api/batches/{batch}", timeout=30).json()
                errors += [f"{r['filename']}: {r['error']}" for r in state["reports"] if r["status"] == "error"]
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
    latencies = sorted(r[0] for r in results)
    reports = len(batches) * len(SEEDS)
    print(f"cold start (server up, first report audited): {cold:.2f} s")
    print(f"clients: {clients}, each uploading {len(SEEDS)} seeds ({sum(p.stat().st_size for p in SEEDS) / 1024:.0f} KB)")
    print(f"upload latency s: median {statistics.median(latencies):.2f}, "
          f"p95 {latencies[math.ceil(0.95 * len(latencies)) - 1]:.2f}, max {latencies[-1]:.2f}")
    print(f"all uploads answered in {uploaded:.2f} s; {len(failed)} refused")
    print(f"all {reports} reports audited in {audited:.2f} s ({reports / audited:.1f} reports/s); "
          f"{len(pending)} batches unfinished at the time limit; {len(errors)} audit errors")
    for line in [*(f"upload {r[1]}: {r[2]}" for r in failed), *errors[:10]]:
        print("  " + line)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failed or errors or pending else 0


if __name__ == "__main__":
    sys.exit(main())
