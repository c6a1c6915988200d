#!/usr/bin/env python3
"""Benchmark: what a plan's status scheme costs. The same synthetic plan is imported twice, once
in the standard scheme and once in RAG, and the import, `waymark status`, the status API and the
milestone list API (one page of 25, filtered by the scheme's late-beyond-tolerance code) are timed
for each, beside the trivial route.

Run: scripts/bench/schemes.py [MILESTONES] [SECONDS]   (WAYMARK_BINARY: a release binary to use)
Release build, SQLite, wrk -t2 -c32 (or WRK_CONNECTIONS). Prints figures; asserts nothing.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web import ROOT, ensure, release_binary, serve, wrk  # noqa: E402


def timed(argv, env):
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    ensure("wrk", "wrk")
    binary = release_binary()
    work = tempfile.mkdtemp(prefix="waymark-scheme-bench-")
    env = dict(os.environ, WAYMARK_DATABASE_URL=os.path.join(work, "bench.sqlite"), LOG_LEVEL="error")
    plan = os.path.join(work, "plan.csv")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench/generate_plan.py"), plan, str(total)], check=True)
    standard = timed([binary, "import", plan, "--plan", "Standard Plan 2017-18"], env)
    rag = timed([binary, "import", plan, "--plan", "RAG Plan 2017-18", "--scheme", "rag"], env)
    print(f"\nImport of {total:,} milestones: standard {standard:.2f} s, RAG {rag:.2f} s")
    for number, name in [(1, "standard"), (2, "RAG")]:
        runs = sorted(timed([binary, "status", "--plan", str(number), "--as-of", "2017-12-31"], env) for _ in range(3))
        print(f"waymark status, {name:8}: median {runs[1]:.3f} s")
    subprocess.run([binary, "create-user", "--email", "po@bench.test", "--name", "Pat Officer", "--role", "performance_officer"],
                   env=env, check=True, capture_output=True)
    token = subprocess.run([binary, "create-token", "--email", "po@bench.test", "--name", "bench"], env=env, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]

    server, base, _ = serve(binary, env, work)
    try:
        header = f"Authorization: Bearer {token}"
        print(f"\nSQLite, release build, wrk -t2 -c{os.environ.get('WRK_CONNECTIONS', '32')} -d{seconds}s\n")
        floor = None
        cases = [("trivial route /health/live", "/health/live", None)]
        for number, name, late in [(1, "standard", "overdue"), (2, "RAG", "red")]:
            cases += [(f"status API, {name}", f"/api/v1/plans/{number}/status?as_of=2017-12-31", header),
                      (f"list API 25 {late}, {name}", f"/api/v1/plans/{number}/milestones?as_of=2017-12-31&status={late}&limit=25", header)]
        for label, path, h in cases:
            rps, p, non2xx, errors = wrk(base + path, seconds, h)
            floor = floor or rps
            print(f"{label:32} {rps:9,.0f} req/s ({rps / floor:5.1%} of floor)  p50 {p.get('50')}  p99 {p.get('99')}  non-2xx {non2xx}  {errors}", flush=True)

    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
