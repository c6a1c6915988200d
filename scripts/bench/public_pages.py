#!/usr/bin/env python3
"""Benchmark: the public pages of a published quarter of a 10,000-milestone plan, with wrk.

Run: scripts/bench/public_pages.py [MILESTONES] [SECONDS]   (WAYMARK_BINARY: a release binary to use)
Release build, SQLite, wrk -t2 -c32 (or WRK_CONNECTIONS), against the trivial route (the floor),
the public home page, the publication's page, an area's first page of 100 milestones, the CSV,
and the publication's page again with If-None-Match (answered 304). Goal: at least half the
floor's requests per second, p99 under 10 ms. Prints figures; asserts nothing.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web import ROOT, ensure, release_binary, serve, wrk  # noqa: E402


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    ensure("wrk", "wrk")
    binary = release_binary()
    work = tempfile.mkdtemp(prefix="waymark-public-bench-")
    env = dict(os.environ, WAYMARK_DATABASE_URL=os.path.join(work, "bench.sqlite"), LOG_LEVEL="error")
    plan = os.path.join(work, "plan.csv")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench/generate_plan.py"), plan, str(total)], check=True)
    subprocess.run([binary, "import", plan, "--plan", "Benchmark Plan 2017-18"], env=env, check=True, stdout=subprocess.DEVNULL)
    for command in ("open-period", "close-period", "publish"):
        out = subprocess.run([binary, command, "--plan", "1", "--period", "Q3 2017-18"], env=env, check=True, capture_output=True, text=True).stdout
    number = re.search(r"publication (\d+)", out).group(1)

    server, base, _ = serve(binary, env, work)
    try:
        page = f"/public/publications/{number}"
        etag = urllib.request.urlopen(base + page).headers["ETag"]
        size = len(urllib.request.urlopen(base + page + "/areas/1").read())
        print(f"\n{total:,} milestones, publication {number}, SQLite, release build, wrk -t2 -c{os.environ.get('WRK_CONNECTIONS', '32')} -d{seconds}s "
              f"(an area page is {size:,} bytes)\n")
        floor = None
        for label, path, header in [("trivial route /health/live", "/health/live", None),
                                    ("public home /public", "/public", None),
                                    ("publication page", page, None),
                                    ("area page (100 milestones)", page + "/areas/1", None),
                                    ("milestones CSV", page + "/milestones.csv", None),
                                    ("publication, If-None-Match", page, f"If-None-Match: {etag}")]:
            rps, p, non2xx, errors = wrk(base + path, seconds, header)
            floor = floor or rps
            print(f"{label:30} {rps:10,.0f} req/s ({rps / floor:5.1%} of floor)  p50 {p.get('50')}  p90 {p.get('90')}  "
                  f"p99 {p.get('99')}  non-2xx {non2xx}  socket errors: {errors}", flush=True)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
