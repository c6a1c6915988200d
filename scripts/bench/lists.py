#!/usr/bin/env python3
"""Benchmark: milestone lists paged in the database, and a server's memory on a huge plan.

Part 1, on a 10,000-milestone plan, SQLite and then PostgreSQL (release build, one server,
wrk -t2 at WRK_CONNECTIONS, default 8): the trivial route /health/live (the floor), the list API
with 25 items (plain, filtered by status, at offset 5,000 and by `after`), and the web list page;
then the size of list pages (the whole list, its biggest area, 100 a page).
Goal: the 25-item list API at >= 25% of the floor's requests per second with p99 under 25 ms,
and every list page under 250 KB.

Part 2, on PostgreSQL with MEMORY_MILESTONES (default 1,000,000; 10,000 imported, the rest copied
in SQL, since a file that size is past the importer's limit): the server's resident memory
when started, after the plan's status, after the first list page, and after a deep page (offset
9/10 of the way, 900,000), then ten warm deep pages by offset and by `after`, timed one at a time.
Goal: under 150 MiB, and a warm deep page under 100 ms.

Prints figures; asserts nothing. Run:
  scripts/bench/lists.py [MILESTONES] [SECONDS] [MEMORY_MILESTONES]   (MEMORY_MILESTONES 0 skips part 2)
"""
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from ops.common import ScratchPostgres, Serve, sign_in  # noqa: E402

spec = importlib.util.spec_from_file_location("bench_web", os.path.join(ROOT, "scripts", "bench", "web.py"))
web = importlib.util.module_from_spec(spec)
spec.loader.exec_module(web)


def prepare(binary, env, folder, milestones):
    """Imports a generated plan and makes an officer with a token; returns (email, password, token)."""
    run = lambda *args: subprocess.run([binary, *args], env=dict(env, LOG_LEVEL="warning"), cwd=folder,
                                       capture_output=True, text=True, check=True, timeout=7200).stdout
    run("migrate")
    plan = os.path.join(folder, "plan.csv")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "bench", "generate_plan.py"), plan, str(milestones)], check=True)
    started = time.monotonic()
    run("import", plan, "--plan", "Benchmark Plan 2017-18")
    print(f"  imported {milestones:,} milestones in {time.monotonic() - started:.0f} s (statuses worked out as part of it)", flush=True)
    made = run("create-user", "--email", "bench@lists.test", "--name", "Bench Officer", "--role", "performance_officer")
    password = re.search(r"One-time password \(shown once\): (\S+)", made).group(1)
    token = run("create-token", "--email", "bench@lists.test", "--name", "bench").strip().splitlines()[-1]
    return "bench@lists.test", password, token


def part_one(binary, database, milestones, seconds):
    folder = tempfile.mkdtemp(prefix="waymark-lists-")
    pg = None
    if database == "postgres":
        pg = ScratchPostgres()
        pg.start()
        url = pg.url
    else:
        url = os.path.join(folder, "bench.sqlite")
    env = dict(os.environ, WAYMARK_DATABASE_URL=url, WAYMARK_BCRYPT_COST="6", LOG_LEVEL="error")
    print(f"\nPart 1: {milestones:,} milestones on {database}", flush=True)
    email, password, token = prepare(binary, env, folder, milestones)
    server = Serve("A", binary, env, folder)
    try:
        server.start()
        session, _ = sign_in(server.url, email, password)
        cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
        api = {"Authorization": f"Bearer {token}"}
        listing = requests.get(server.url + "/api/v1/plans/1/milestones?limit=1&offset=5000", headers=api).json()
        after = listing[0]["id"] if listing else 1
        routes = [("trivial route /health/live", "/health/live", None),
                  ("list API, 25", "/api/v1/plans/1/milestones?limit=25", f"Authorization: Bearer {token}"),
                  ("list API, 25 overdue", "/api/v1/plans/1/milestones?limit=25&status=overdue", f"Authorization: Bearer {token}"),
                  ("list API, 25 at offset 5,000", "/api/v1/plans/1/milestones?limit=25&offset=5000", f"Authorization: Bearer {token}"),
                  ("list API, 25 after id", f"/api/v1/plans/1/milestones?limit=25&after={after}", f"Authorization: Bearer {token}"),
                  ("web list page (50)", "/plans/1/milestones", f"Cookie: {cookie}")]
        floor = None
        connections = os.environ.get("WRK_CONNECTIONS", "8")
        print(f"  wrk -t2 -c{connections} -d{seconds}s, release build")
        for label, path, header in routes:
            os.environ["WRK_CONNECTIONS"] = connections
            rps, p, non2xx, errors = web.wrk(server.url + path, seconds, header)
            floor = floor or rps
            print(f"  {label:30} {rps:9,.0f} req/s ({rps / floor:6.1%} of floor)  p50 {p.get('50')}  p90 {p.get('90')}  "
                  f"p99 {p.get('99')}  non-2xx {non2xx}  socket errors: {errors}", flush=True)
        areas = [area["id"] for area in requests.get(server.url + "/api/v1/plans/1", headers=api).json()["areas"]]
        count = lambda area: int(requests.get(f"{server.url}/api/v1/plans/1/milestones?area={area}&limit=1", headers=api).headers["X-Total-Count"])
        biggest = max(areas, key=count)
        sizes = {"whole list, 50 a page": "/plans/1/milestones", "whole list, 100 a page": "/plans/1/milestones?per_page=100",
                 f"biggest area ({count(biggest):,}), 100 a page": f"/plans/1/milestones?area={biggest}&per_page=100"}
        for label, path in sizes.items():
            print(f"  page size, {label:26} {len(session.get(server.url + path).content) / 1024:7.1f} KB")
    finally:
        server.terminate()
        if pg:
            pg.remove()


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) / 1024


# Copies every milestone of plan 1 (with its lead officers) `copies` times in one statement
# each. The original's id rides in carried_from while its leads are copied, then is cleared.
MULTIPLY = """
DO $$
DECLARE cols text; sel text;
BEGIN
  SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
         string_agg(CASE column_name WHEN 'carried_from' THEN 'm.id' ELSE 'm.' || quote_ident(column_name) END, ', ' ORDER BY ordinal_position)
    INTO cols, sel FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name = 'milestones' AND column_name <> 'id';
  EXECUTE format('INSERT INTO milestones (%s) SELECT %s FROM milestones m CROSS JOIN generate_series(1, {copies}) g WHERE m.plan_id = 1', cols, sel);
END $$;
INSERT INTO milestone_leads (milestone_id, person_id, position)
  SELECT n.id, ml.person_id, ml.position FROM milestones n JOIN milestone_leads ml ON ml.milestone_id = n.carried_from WHERE n.carried_from IS NOT NULL;
UPDATE milestones SET carried_from = NULL WHERE carried_from IS NOT NULL;
UPDATE plans SET data_version = data_version + 1, statuses_wanted = statuses_wanted + 1 WHERE id = 1;
"""


def part_two(binary, milestones):
    folder = tempfile.mkdtemp(prefix="waymark-lists-memory-")
    pg = ScratchPostgres()
    pg.start()
    env = dict(os.environ, WAYMARK_DATABASE_URL=pg.url, WAYMARK_BCRYPT_COST="6", LOG_LEVEL="error")
    print(f"\nPart 2: {milestones:,} milestones on PostgreSQL, one server's resident memory", flush=True)
    try:
        # A plan file that large is past the importer's 40 MB limit for a file, so 10,000 are
        # imported and the rest copied in SQL, leads and all; the first list then works out the
        # whole plan's statuses and order, as after any large change.
        base = min(milestones, 10_000)
        _, _, token = prepare(binary, env, folder, base)
        if milestones > base:
            started = time.monotonic()
            pg.run("psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
                   "-c", MULTIPLY.replace("{copies}", str(milestones // base - 1)), timeout=3600)
            print(f"  copied to {milestones:,} milestones in SQL in {time.monotonic() - started:.0f} s", flush=True)
        pg.run("psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-c", "VACUUM ANALYZE", timeout=3600)
        server = Serve("A", binary, env, folder)
        server.start()
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        pid = server.process.pid
        deep_offset = milestones * 9 // 10
        print(f"  started: {rss_mib(pid):6.1f} MiB")
        for label, path in [("after the plan's status", "/api/v1/plans/1/status"),
                            ("after the first list page", "/api/v1/plans/1/milestones?limit=25"),
                            (f"after a deep page (offset {deep_offset:,})", f"/api/v1/plans/1/milestones?limit=25&offset={deep_offset}")]:
            started = time.monotonic()
            answer = api.get(server.url + path, timeout=1800)
            print(f"  {label:38} {rss_mib(pid):6.1f} MiB  ({answer.status_code}, {time.monotonic() - started:.2f} s)", flush=True)
        deep = api.get(f"{server.url}/api/v1/plans/1/milestones?limit=1&offset={deep_offset - 1}").json()
        for label, path in [("warm deep page by offset", f"/api/v1/plans/1/milestones?limit=25&offset={deep_offset}"),
                            ("warm deep page by after", f"/api/v1/plans/1/milestones?limit=25&after={deep[0]['id']}")]:
            times = []
            for _ in range(10):
                started = time.monotonic()
                api.get(server.url + path, timeout=600).raise_for_status()
                times.append((time.monotonic() - started) * 1000)
            print(f"  {label:38} median {statistics.median(times):7.1f} ms, slowest {max(times):7.1f} ms; memory {rss_mib(pid):6.1f} MiB")
        server.terminate()
    finally:
        pg.remove()


def main():
    milestones = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    memory_milestones = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    web.ensure("wrk", "wrk")
    binary = web.release_binary()
    for database in ("sqlite", "postgres"):
        part_one(binary, database, milestones, seconds)
    if memory_milestones:
        part_two(binary, memory_milestones)


if __name__ == "__main__":
    main()
