#!/usr/bin/env python3
"""PostgreSQL stopped for 10 seconds and started again under two `waymark serve` processes in use.

Starts a throwaway PostgreSQL on a free port, imports a 10,000-milestone generated plan (with
--short, the small fixture plan Tests/Fixtures/eastbrook-improvement-plan-2017-18.txt), starts
servers A and B on that one database, and keeps a steady load on each: the milestone-list API
(/api/v1/plans/1/milestones?limit=25, with an API token), the dashboard (/plans/1, signed in) and
two writers renaming milestones of their own through the API with the version they read (PATCH
/api/v1/milestones/{id}). Then `pg_ctl stop -m fast`, 10 seconds' wait, `pg_ctl start`.

Prints the answers given while PostgreSQL was away (a clean 503 with code database_unavailable,
or else: other 5xx, answers slower than 3 s, connection errors), the longest answer in that time,
how long after PostgreSQL accepted connections again each server answered successfully, whether
both processes are still running, each server's log lines about the outage, whether every write a
server acknowledged is there afterwards (scripts/ops/writes.py says how that is read back), and
each server's exit code and time to stop on SIGTERM at the end. Each request carries its own
X-Request-Id (ops-N), printed with any bad answer, to find it in the server's log (LOG_LEVEL=debug
shows every query).

Goals (exit status 1 if one is missed): nothing but a clean 503 (or a normal answer) during the
outage, and no other 5xx, 4xx or connection error at any time; no answer slower than 3 s (one
with no answer within 30 s counts here, with the timings); each server answering within 5 s of
PostgreSQL's return; both processes alive, and exiting 0 on SIGTERM at the end; no acknowledged
write lost. --summary marks which missed goals are timings (Tests/e2e/test_ops_scripts.py
asserts the others).

Run:  scripts/ops/pg_restart.py [--short] [--summary FILE.json]
      WAYMARK_BINARY=path/to/waymark uses that binary; otherwise a release build is made first.
      WAYMARK_OPS_KEEP=1 keeps the working folder (server logs) for a look afterwards.
"""
import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Deployment, Recorder, counts  # noqa: E402
from writes import Ledger, print_verification, verify_writes, write_loop  # noqa: E402

CLEAN = "503 database_unavailable"
HUNG = "no answer (timed out)"  # within 30 s
SLOW = 3.0  # seconds: an answer slower than this during the outage is a hang
RECOVER_WITHIN = 5.0  # seconds after PostgreSQL accepts connections again
OUTAGE = 10.0  # seconds PostgreSQL stays stopped


def read_loop(recorder, session, server, kind, path, stop, pause=0.05):
    while not stop.is_set():
        recorder.send(session, "GET", server, path, kind)
        stop.wait(pause)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true", help="the small fixture plan and shorter phases")
    parser.add_argument("--summary", help="also write the figures as JSON to this file")
    args = parser.parse_args()
    warm, after = (3, 8) if args.short else (10, 15)

    with Deployment(short=args.short, servers=2, accounts=1) as dep:
        account = dep.accounts[0]
        recorder, ledger, stop = Recorder(), Ledger(), threading.Event()
        milestones = iter(dep.writable_milestones(4))
        threads = []
        for server in dep.servers:
            threads.append(threading.Thread(daemon=True, target=read_loop, args=(recorder, dep.api(account), server, "milestone list API",
                                                                    "/api/v1/plans/1/milestones?limit=25", stop)))
            threads.append(threading.Thread(daemon=True, target=read_loop, args=(recorder, dep.web(account), server, "dashboard", "/plans/1", stop)))
            for w in range(2):
                threads.append(threading.Thread(daemon=True, target=write_loop, args=(recorder, ledger, lambda s=server: [s], dep.api(account),
                                                                         next(milestones), f"pg {server.name}{w}", stop)))
        for thread in threads:
            thread.start()
        time.sleep(warm)
        print(f"Load running for {warm} s; stopping PostgreSQL (pg_ctl stop -m fast)…", flush=True)
        stopping = time.monotonic()
        dep.pg.stop("fast")
        print(f"PostgreSQL stopped in {time.monotonic() - stopping:.1f} s; starting it again in {OUTAGE:.0f} s…", flush=True)
        time.sleep(OUTAGE)
        dep.pg.start()
        back = time.monotonic()
        print(f"PostgreSQL accepts connections again; load goes on for {after} s…", flush=True)
        time.sleep(after)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        during = recorder.between(stopping, back)
        answers = counts(during)
        bad = [s for s in during if s[4] not in ("2xx", CLEAN)]
        wrong = [s for s in recorder.samples if s[4] not in ("2xx", CLEAN, HUNG)]  # hangs count with the timings
        slowest = max((s[3] - s[2] for s in during), default=0.0)
        slow = [s for s in during if s[3] - s[2] > SLOW]
        print(f"\nWhile PostgreSQL was away ({back - stopping:.1f} s): {len(during)} requests")
        for answer, n in answers.items():
            print(f"  {answer:32} {n}")
        print(f"  answers other than a clean 503 or a normal answer: {len(bad)}")
        for kind, name, start, end, answer, status, request_id in bad[:10]:
            print(f"    server {name} {kind} ({request_id}): {answer} ({status}) after {end - start:.2f} s, sent {start - stopping:+.2f} s "
                  f"from the stop, ended {end - back:+.2f} s from PostgreSQL's return")
        print(f"  answers slower than {SLOW:.0f} s: {len(slow)}; the slowest took {slowest:.2f} s")

        recovery = {}
        for server in dep.servers:
            ok = [s[3] for s in recorder.samples if s[1] == server.name and s[4] == "2xx" and s[3] >= back]
            recovery[server.name] = round(min(ok) - back, 2) if ok else None
        afterwards = [s for s in recorder.samples if s[2] >= back]
        print("\nAfter PostgreSQL's return:")
        for name, seconds in recovery.items():
            print(f"  server {name} answered successfully after {'never' if seconds is None else f'{seconds:.2f} s'}")
        print(f"  answers since: {counts(afterwards)}")
        alive = {server.name: server.alive() for server in dep.servers}
        print("  processes still running: " + ", ".join(f"{n} {'yes' if a else 'NO'}" for n, a in alive.items()))
        logs = {}
        for server in dep.servers:
            log = server.log()
            lines = [line.strip() for line in log.splitlines() if "database unavailable" in line or "database available again" in line]
            crashed = [line for line in log.splitlines() if "Fatal error" in line or "Unexpectedly found nil" in line]
            logs[server.name] = lines + crashed
            print(f"  server {server.name}'s log: " + (" | ".join(line[:240] for line in lines + crashed) or "nothing about the outage"))

        print()
        result = verify_writes(dep.servers[0].url, dep.api(account), dep.web(account), ledger)
        print_verification(result)
        stops = {}
        for server in dep.servers:
            signalled = time.monotonic()
            stops[server.name] = {"exit_code": server.terminate(within=60), "seconds": round(time.monotonic() - signalled, 2)}
        print("Stopped with SIGTERM afterwards: " + ", ".join(f"{n} exit code {s['exit_code']} after {s['seconds']:.2f} s"
                                                             for n, s in stops.items()))

    missed, timings = [], []
    if wrong:
        missed.append(f"{len(wrong)} answers were neither normal, nor a clean 503, nor late (other 5xx, 4xx, connection errors)")
    if not all(alive.values()):
        missed.append("a server process stopped")
    if any(s["exit_code"] != 0 for s in stops.values()):
        missed.append(f"a server did not exit 0 on SIGTERM afterwards: {stops}")
    if any(seconds is None for seconds in recovery.values()):
        missed.append("a server never answered successfully after PostgreSQL's return")
    if result["lost"] or result["same_version_twice"]:
        missed.append(f"{len(result['lost'])} acknowledged writes lost")
    if not result["acknowledged"]:
        missed.append("no write was acknowledged: the load did not run")
    if slow:
        timings.append(f"{len(slow)} answers during the outage took longer than {SLOW:.0f} s (slowest {slowest:.2f} s)")
    if any(seconds is not None and seconds > RECOVER_WITHIN for seconds in recovery.values()):
        timings.append(f"recovery took longer than {RECOVER_WITHIN:.0f} s: {recovery}")
    if args.summary:
        with open(args.summary, "w") as handle:
            json.dump({"outage_answers": answers, "answers_after": counts(afterwards), "slowest": slowest, "recovery": recovery,
                       "alive": alive, "stops": stops, "logs": logs, "writes": result, "missed": missed, "missed_timings": timings}, handle, indent=1)
    print("\nGoals: " + ("all met" if not missed + timings else "MISSED: " + "; ".join(missed + timings)))
    return 1 if missed + timings else 0


if __name__ == "__main__":
    sys.exit(main())
