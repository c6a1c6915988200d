#!/usr/bin/env python3
"""A rolling restart: two `waymark serve` processes on one PostgreSQL, restarted one at a time under load.

Starts a throwaway PostgreSQL on a free port, imports a 10,000-milestone generated plan (with
--short, the small fixture plan), starts servers A and B on it and keeps a steady load spread
across both by the client, round robin: milestone-list API reads, dashboard reads and four writers
renaming milestones of their own through the API with the version they read. The client acts as a
load balancer does: a request that finds its connection refused, or is answered 503, is sent to
the other server (for a write that is safe, as it carries the version it read: if the first server
had saved it, the second answers 409), and a server that refused a connection is left out for a
second. Then server A is sent SIGTERM; the script waits for it to exit, checks the exit code is 0,
starts it again on the same port and waits for /health/ready; then the same for B.

On SIGTERM Waymark stops taking new connections and lets requests in flight finish for up to
WAYMARK_SHUTDOWN_GRACE_SECONDS (10 by default; this script leaves the default) before it closes
the database and exits 0.

Prints the answers by class, any 5xx other than a clean 503 (and when, relative to a drain), the
exit codes and how long each drain and start took, requests no server could answer, and whether
every write a server acknowledged is there afterwards (scripts/ops/writes.py says how).

Goals (exit status 1 if one is missed): exit code 0 each time; no 5xx but a clean 503; no
acknowledged write lost.

Run:  scripts/ops/rolling_restart.py [--short] [--summary FILE.json]
      WAYMARK_BINARY=path/to/waymark uses that binary; otherwise a release build is made first.
      WAYMARK_OPS_KEEP=1 keeps the working folder (server logs) for a look afterwards.
"""
import argparse
import itertools
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Deployment, Recorder, counts  # noqa: E402
from writes import Ledger, print_verification, retryable, verify_writes, write_loop  # noqa: E402


class Balancer(Recorder):
    """Round robin over the servers, leaving out for a second one that refused a connection."""

    def __init__(self, servers):
        super().__init__()
        self.servers = servers
        self.turn = itertools.count()
        self.out_until = {}
        self.unserved = 0  # reads that no server answered

    def order(self):
        first = next(self.turn) % len(self.servers)
        ring = self.servers[first:] + self.servers[:first]
        now = time.monotonic()
        return sorted(ring, key=lambda s: self.out_until.get(s.name, 0) > now)

    def send(self, session, method, server, path, kind, timeout=30, **kw):
        response, answer = super().send(session, method, server, path, kind, timeout, **kw)
        if answer == "connection refused":
            self.out_until[server.name] = time.monotonic() + 1.0
        return response, answer


def read_loop(balancer, session, kind, path, stop, pause=0.05):
    while not stop.is_set():
        for server in balancer.order():
            response, answer = balancer.send(session, "GET", server, path, kind)
            if not retryable(answer):
                break
        if response is None or response.status_code != 200:
            with balancer.lock:
                balancer.unserved += 1
        stop.wait(pause)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true", help="the small fixture plan and shorter phases")
    parser.add_argument("--summary", help="also write the figures as JSON to this file")
    args = parser.parse_args()
    settle = 2 if args.short else 10

    with Deployment(short=args.short, servers=2, accounts=1) as dep:
        account = dep.accounts[0]
        balancer, ledger, stop = Balancer(dep.servers), Ledger(), threading.Event()
        threads = [threading.Thread(daemon=True, target=read_loop, args=(balancer, dep.api(account), "milestone list API",
                                                            "/api/v1/plans/1/milestones?limit=25", stop)) for _ in range(2)]
        threads += [threading.Thread(daemon=True, target=read_loop, args=(balancer, dep.web(account), "dashboard", "/plans/1", stop)) for _ in range(2)]
        threads += [threading.Thread(daemon=True, target=write_loop, args=(balancer, ledger, balancer.order, dep.api(account), m, f"roll w{n}", stop))
                    for n, m in enumerate(dep.writable_milestones(4))]
        for thread in threads:
            thread.start()
        time.sleep(settle)
        restarts = []
        for server in dep.servers:
            print(f"Restarting server {server.name}: SIGTERM…", flush=True)
            signalled = time.monotonic()
            code = server.terminate(within=60)
            exited = time.monotonic()
            server.start()
            ready = time.monotonic()
            restarts.append({"server": server.name, "exit_code": code, "drain_seconds": round(exited - signalled, 2),
                             "start_seconds": round(ready - exited, 2), "window": (signalled, ready)})
            print(f"  exit code {code} after {exited - signalled:.2f} s; ready again {ready - exited:.2f} s later", flush=True)
            time.sleep(settle)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        samples = balancer.samples
        answers = counts(samples)
        bad = [s for s in samples if s[4] == "other 5xx"]
        print(f"\n{len(samples)} requests:")
        for answer, n in answers.items():
            print(f"  {answer:32} {n}")
        for restart in restarts:
            start, end = restart["window"]
            near = [s for s in samples if s[3] >= start and s[2] <= end]
            print(f"  while {restart['server']} drained and started again: {counts(near)}")
        print(f"  5xx other than a clean 503: {len(bad)}")
        for kind, name, start, end, answer, status, request_id in bad[:10]:
            print(f"    server {name} {kind} ({request_id}): {status} at {start - restarts[0]['window'][0]:+.2f} s from the first SIGTERM")
        print(f"  reads no server answered: {balancer.unserved}")
        print("Exit codes: " + ", ".join(f"{r['server']} {r['exit_code']}" for r in restarts))
        crashes = {s.name: [line for line in s.log().splitlines() if "Fatal error" in line or "Unexpectedly found nil" in line]
                   for s in dep.servers}
        for name, lines in crashes.items():
            if lines:
                print(f"  server {name}'s log: " + " | ".join(lines[:5]))
        print()
        result = verify_writes(dep.servers[0].url, dep.api(account), dep.web(account), ledger)
        print_verification(result)

    missed = []
    if any(r["exit_code"] != 0 for r in restarts):
        missed.append("an exit code was not 0: " + ", ".join(f"{r['server']} {r['exit_code']}" for r in restarts))
    if bad:
        missed.append(f"{len(bad)} 5xx answers other than a clean 503")
    if any(crashes.values()):
        missed.append("a server's log shows a crash")
    if result["lost"] or result["same_version_twice"]:
        missed.append(f"{len(result['lost'])} acknowledged writes lost")
    if not result["acknowledged"]:
        missed.append("no write was acknowledged: the load did not run")
    if args.summary:
        for restart in restarts:
            restart.pop("window")
        with open(args.summary, "w") as handle:
            json.dump({"answers": answers, "restarts": restarts, "other_5xx": len(bad), "unserved_reads": balancer.unserved,
                       "writes": result, "missed": missed, "missed_timings": []}, handle, indent=1)
    print("\nGoals: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
