#!/usr/bin/env python3
"""Load test: 50 simulated officers on two `waymark serve` processes sharing one PostgreSQL, with locust.

Starts a throwaway PostgreSQL on a free port, imports a generated plan of --milestones milestones
(10,000 by default; with --short, the small fixture plan and 20 seconds), adds performance
officers with API tokens, starts servers A and B on that database, and runs locust headless with
scripts/ops/locustfile.py: --users simulated users (50 by default), spread across both servers,
each waiting 0.5 to 1.5 s between tasks: 70% dashboard and milestone-list reads (the web dashboard
signed in, the list API with a token and limit 25, the web list page), 20% milestone pages and 10%
updates through the API with the current version (the locustfile's docstring gives the mix).

Prints throughput, p50/p95/p99 by kind and overall, errors (a 409 from two users saving the same
milestone is a clash, counted apart, not an error), then reads back every milestone written to
check that no acknowledged write was lost (scripts/ops/writes.py says how).

Goals (exit status 1 if one is missed): no errors; no acknowledged write lost; both servers still
running; p99 over all requests under 100 ms. A debug binary is far slower than that: take the
timing figures from a release build.

Run:  scripts/load.py [--seconds N] [--users 50] [--milestones 10000] [--short] [--summary FILE.json]
      WAYMARK_BINARY=path/to/waymark uses that binary; otherwise a release build is made first.
      Installs locust from PyPI if it is missing. WAYMARK_OPS_KEEP=1 keeps the working folder.
"""
import argparse
import importlib.util
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "ops"))
from common import ROOT, Deployment  # noqa: E402
from writes import Ledger, print_verification, verify_writes  # noqa: E402

P99_GOAL_MS = 100
KINDS = ["dashboard", "milestone list API", "milestone list page", "milestone page", "update: read version", "update: save (PATCH)"]


def ensure_locust():
    if importlib.util.find_spec("locust") is None:
        subprocess.run(["bash", "-c", f"source {ROOT}/scripts/lib/common.sh && ensure_python_packages locust"], check=True)


def run_locust(dep, args, seconds):
    """Runs locust headless; returns every request it made [(kind, ms, error, start)] and the ledger of writes."""
    paths = {name: os.path.join(dep.folder, name + ".json") for name in ("load", "ledger", "requests")}
    with open(paths["load"], "w") as handle:
        json.dump({"servers": [s.url for s in dep.servers], "total": len(dep.listing), "ledger": paths["ledger"],
                   "requests": paths["requests"], "accounts": [{k: a[k] for k in ("email", "password", "token")} for a in dep.accounts],
                   "milestones": [m["id"] for m in dep.listing], "hot": dep.writable_milestones(100)}, handle)
    argv = [sys.executable, "-m", "locust", "-f", os.path.join(HERE, "ops", "locustfile.py"), "--headless",
            "-u", str(args.users), "-r", str(min(args.users, 10)), "-t", f"{seconds}s", "--stop-timeout", "15",
            "--only-summary", "--loglevel", "WARNING", "-H", dep.servers[0].url]
    print(f"Running locust: {args.users} users for {seconds} s…", flush=True)
    log_path = os.path.join(dep.folder, "locust.log")
    with open(log_path, "w") as log:
        code = subprocess.run(argv, env=dict(os.environ, WAYMARK_LOAD_CONFIG=paths["load"]), stdout=log, stderr=subprocess.STDOUT,
                              timeout=seconds + 300).returncode
    if code not in (0, 1) or not os.path.exists(paths["requests"]):  # 1: some requests failed, reported below
        print(open(log_path).read()[-3000:])
        raise SystemExit(f"locust stopped with exit status {code}")
    with open(paths["requests"]) as handle:
        requests_made = json.load(handle)
    return requests_made, Ledger.load(paths["ledger"])


def figures(rows):
    """Count, errors and nearest-rank percentiles (ms) of [(kind, ms, error, start)]."""
    times = sorted(r[1] for r in rows)

    def at(p):
        return times[max(0, math.ceil(p / 100 * len(times)) - 1)] if times else 0.0
    return {"requests": len(rows), "errors": sum(1 for r in rows if r[2]), "p50": at(50), "p95": at(95), "p99": at(99),
            "max": times[-1] if times else 0.0}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, help="how long the load runs (default 60; 20 with --short)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--milestones", type=int, default=10_000)
    parser.add_argument("--short", action="store_true", help="the small fixture plan, 20 seconds")
    parser.add_argument("--summary", help="also write the figures as JSON to this file")
    args = parser.parse_args()
    seconds = args.seconds or (20 if args.short else 60)
    ensure_locust()

    with Deployment(short=args.short, milestones=args.milestones, servers=2, accounts=4 if args.short else 10) as dep:
        made, ledger = run_locust(dep, args, seconds)
        alive = {s.name: s.alive() for s in dep.servers}
        crashes = [line for s in dep.servers for line in s.log().splitlines() if "Fatal error" in line or "Unexpectedly found nil" in line]
        account = dep.accounts[0]
        result = verify_writes(dep.servers[0].url, dep.api(account), dep.web(account), ledger)
        binary = dep.binary

    span = max((r[3] + r[1] / 1000 for r in made), default=0) - min((r[3] for r in made), default=0)
    per_kind = {kind: figures([r for r in made if r[0] == kind]) for kind in KINDS}
    per_kind["all requests"] = overall = figures(made)
    errors = overall["errors"]
    print(f"\n{len(dep.listing):,} milestones, PostgreSQL, 2 servers, {args.users} users for {seconds} s, {binary}")
    print(f"Throughput: {len(made) / span if span else 0:.1f} requests a second, {len(made)} requests, {errors} errors\n")
    print(f"{'kind':24} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, f in per_kind.items():
        print(f"{kind:24} {f['requests']:9} {f['errors']:7} {f['p50']:8.0f} {f['p95']:8.0f} {f['p99']:8.0f} {f['max']:8.0f}")
    kinds_of_error = {}
    for kind, _, error, _ in made:
        if error:
            kinds_of_error[(kind, error)] = kinds_of_error.get((kind, error), 0) + 1
    for (kind, error), n in sorted(kinds_of_error.items(), key=lambda item: -item[1])[:10]:
        print(f"  error: {kind}: {error} ({n} times)")
    print("Servers still running: " + ", ".join(f"{n} {'yes' if a else 'NO'}" for n, a in alive.items()))
    for line in crashes[:5]:
        print(f"  log: {line}")
    print()
    print_verification(result)

    missed, timings = [], []
    p99 = overall["p99"]
    if errors:
        missed.append(f"{errors} errors")
    if result["lost"] or result["same_version_twice"]:
        missed.append(f"{len(result['lost'])} acknowledged writes lost")
    if not result["acknowledged"]:
        missed.append("no write was acknowledged")
    if not all(alive.values()) or crashes:
        missed.append("a server stopped or crashed")
    if p99 >= P99_GOAL_MS:
        timings.append(f"p99 was {p99:.0f} ms, not under {P99_GOAL_MS} ms")
    if args.summary:
        with open(args.summary, "w") as handle:
            json.dump({"throughput": len(made) / span if span else 0, "errors": errors, "kinds": per_kind, "alive": alive,
                       "writes": result, "missed": missed, "missed_timings": timings}, handle, indent=1)
    print("\nGoals: " + ("all met" if not missed + timings else "MISSED: " + "; ".join(missed + timings)))
    return 1 if missed + timings else 0


if __name__ == "__main__":
    sys.exit(main())
