#!/usr/bin/env python3
"""Benchmark: progress updates saved by many people at once, through one or two servers.

Serves the fictional 115-milestone test plan and, for SECONDS, has WRITERS API clients each save
update after update to a milestone of their own (each with the version it last saw), while
VISITORS load the sign-in page. Then RACES rounds of ten clients save the same milestone with the
same version at the same moment, split across the servers. Prints saves per second, latency
percentiles, every status seen, and how many of each race were accepted; asserts nothing.

Run: scripts/bench/concurrent_writes.py [sqlite|postgres] [SERVERS] [WRITERS] [SECONDS]
  postgres needs WAYMARK_BENCH_POSTGRES_URL (an empty database it may fill), such as the scratch
  server scripts/lib/common.sh starts. WAYMARK_BINARY picks the binary (default: a release build).
"""
import collections
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAN = os.path.join(ROOT, "Tests", "Fixtures", "eastbrook-improvement-plan-2017-18.txt")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            payload, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        payload, status = error.read(), error.code
    except OSError:
        payload, status = b"", 599
    return status, payload, time.perf_counter() - started


def binary_path():
    if os.environ.get("WAYMARK_BINARY"):
        return os.environ["WAYMARK_BINARY"]
    print("Building waymark (release)…", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "waymark"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return subprocess.run(["swift", "build", "-c", "release", "--product", "waymark", "--show-bin-path"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout.strip() + "/waymark"


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    servers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    writers = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10
    binary = binary_path()
    work = tempfile.mkdtemp(prefix="waymark-writes-bench-")
    url = os.path.join(work, "bench.sqlite") if kind == "sqlite" else os.environ["WAYMARK_BENCH_POSTGRES_URL"]
    env = dict(os.environ, WAYMARK_DATABASE_URL=url, LOG_LEVEL="error")
    run = lambda *args: subprocess.run([binary, *args], env=env, cwd=work, check=True, capture_output=True, text=True).stdout
    if kind != "sqlite":
        run("migrate")
    run("import", PLAN)
    run("create-user", "--email", "po@bench.test", "--name", "Bench Officer", "--role", "performance_officer")
    token = run("create-token", "--email", "po@bench.test", "--name", "bench").strip().splitlines()[-1]
    processes, urls = [], []
    for _ in range(servers):
        port = free_port()
        processes.append(subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env, cwd=work,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for base in urls:
            deadline = time.monotonic() + 60
            while request("GET", base + "/health")[0] != 200:
                if time.monotonic() > deadline:
                    raise RuntimeError("a server did not start")
                time.sleep(0.2)
        status, body, _ = request("GET", urls[0] + "/api/v1/plans/1/milestones?limit=200", token=token)
        milestones = [m["id"] for m in json.loads(body)]
        statuses, latencies = collections.Counter(), []
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def writer(index):
            milestone, version, base = milestones[index], 1, urls[index % len(urls)]
            while time.monotonic() < stop:
                code, payload, took = request("POST", f"{base}/api/v1/milestones/{milestone}/updates",
                                              {"commentary": f"Save at version {version}", "version": version}, token)
                with lock:
                    statuses[code] += 1
                    if code == 201:
                        latencies.append(took)
                if code == 201:
                    version = json.loads(payload)["version"]

        def visitor(index):
            base = urls[index % len(urls)]
            while time.monotonic() < stop:
                code, _, _ = request("GET", base + "/sign-in")
                with lock:
                    statuses[f"GET /sign-in {code}"] += 1

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
        threads += [threading.Thread(target=visitor, args=(i,)) for i in range(4)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        saves = statuses[201]
        print(f"{kind}, {servers} server(s), {writers} writers and 4 visitors for {elapsed:.1f} s:")
        print(f"  saves: {saves} ({saves / elapsed:.0f} per second)")
        if latencies:
            q = statistics.quantiles(latencies, n=100)
            print(f"  save latency: p50 {q[49] * 1000:.0f} ms, p90 {q[89] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
        print("  statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))

        # Races: ten saves of one milestone with the same version, released together.
        outcomes = collections.Counter()
        target = milestones[-1]
        for round_number in range(5):
            _, body, _ = request("GET", f"{urls[0]}/api/v1/milestones/{target}", token=token)
            version = json.loads(body)["version"]
            barrier = threading.Barrier(10)
            results = []

            def racer(index):
                barrier.wait()
                code, _, _ = request("POST", f"{urls[index % len(urls)]}/api/v1/milestones/{target}/updates",
                                     {"commentary": f"Race {round_number} writer {index}", "version": version}, token)
                with lock:
                    results.append(code)

            racers = [threading.Thread(target=racer, args=(i,)) for i in range(10)]
            for t in racers:
                t.start()
            for t in racers:
                t.join()
            outcomes[tuple(sorted(collections.Counter(results).items()))] += 1
        print("  races of ten (status: count → rounds): " + "; ".join(f"{dict(k)} → {v}" for k, v in outcomes.items()))
    finally:
        for p in processes:
            p.terminate()
            p.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
