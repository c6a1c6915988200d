#!/usr/bin/env python3
"""Benchmark: the KPI pages and the Board pack's KPI section for a plan with KPIS KPIs of PERIODS
quarterly values each (default 500 x 20), on SQLite, with a release build. Prints figures;
asserts nothing.

Run: scripts/bench/kpi_pages.py [KPIS] [PERIODS] [SECONDS]
Measures, with wrk -t2 -c32: the plan's KPI table (/plans/1/kpis, drawn once per data version),
one KPI's page with its chart (/kpis/N), and the KPI list in the API; then the Board pack page of a
period holding every KPI's value, with the KPI section and without it (the same plan, no KPIs).
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web import ROOT, ensure, release_binary, serve, wrk  # noqa: E402

AREAS = ["Governance", "Finance", "Housing Services", "Organisational Culture"]


def quarters(count):
    labels, year, quarter = [], 2015, 1
    for _ in range(count):
        labels.append(f"Q{quarter} {year}-{(year + 1) % 100:02d}")
        quarter += 1
        if quarter == 5:
            quarter, year = 1, year + 1
    return labels


def write_kpis(path, kpis, periods):
    labels = quarters(periods)
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["KPI", "Area", "Unit", "Polarity", "Period", "Value", "Target", "Tolerance", "Benchmark", "Benchmark source", "Commentary"])
        for k in range(kpis):
            for p, label in enumerate(labels):
                value = 50 + (k * 7 + p * 3) % 45
                out.writerow([f"Indicator {k + 1:03d}", AREAS[k % 4], "percentage", "higher" if k % 3 else "lower", label, value, 70, "10%",
                              "60" if p == 0 else "", "Neighbours' average" if p == 0 else "", "Action agreed with the lead officer"])
    return labels


def signed_in(base, binary, env):
    """A performance officer's session (they open periods and read everything), password changed."""
    made = subprocess.run([binary, "create-user", "--email", "po@bench.test", "--name", "Pat Officer", "--role", "performance_officer"],
                          env=env, check=True, capture_output=True, text=True).stdout
    password = re.search(r"shown once\):\s+(\S+)", made).group(1)
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    def form(path, fields):
        page = opener.open(base + path).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return opener.open(base + path, data=urllib.parse.urlencode(dict(fields, csrf_token=token)).encode())
    form("/sign-in", {"email": "po@bench.test", "password": password})
    chosen = "benchmark passphrase " + password
    form("/account/password", {"current_password": password, "new_password": chosen, "confirm_password": chosen})
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def main():
    kpis = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    periods = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    ensure("wrk", "wrk")
    binary = release_binary()
    work = tempfile.mkdtemp(prefix="waymark-kpi-bench-")
    sample = os.path.join(ROOT, "samples", "northmere-improvement-plan-2026-27.txt")
    results = {}
    try:
        for with_kpis in (True, False):
            env = dict(os.environ, WAYMARK_DATABASE_URL=os.path.join(work, f"bench-{with_kpis}.sqlite"), LOG_LEVEL="error", WAYMARK_BCRYPT_COST="6")
            subprocess.run([binary, "import", sample], env=env, check=True, stdout=subprocess.DEVNULL)
            labels = quarters(periods)
            if with_kpis:
                path = os.path.join(work, "kpis.csv")
                labels = write_kpis(path, kpis, periods)
                started = time.monotonic()
                subprocess.run([binary, "import-kpis", path, "--plan", "1"], env=env, check=True, stdout=subprocess.DEVNULL)
                print(f"import-kpis of {kpis:,} KPIs x {periods} periods ({kpis * periods:,} rows): {time.monotonic() - started:.1f} s")
            server, base, log_path = serve(binary, env, work)
            try:
                cookie = signed_in(base, binary, env)
                header = f"Cookie: {cookie}"
                # Open the last quarter as a reporting period, so its pack holds every KPI's value.
                jar_page = urllib.request.Request(base + "/plans/1/periods", headers={"Cookie": cookie})
                page = urllib.request.urlopen(jar_page).read().decode()
                token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
                urllib.request.urlopen(urllib.request.Request(base + "/plans/1/periods", headers={"Cookie": cookie},
                                       data=urllib.parse.urlencode({"csrf_token": token, "period": labels[-1]}).encode()))
                targets = [("Board pack /periods/1/pack", "/periods/1/pack")]
                if with_kpis:
                    targets = [("KPI table /plans/1/kpis", "/plans/1/kpis"), (f"one KPI's page /kpis/{kpis // 2}", f"/kpis/{kpis // 2}"),
                               ("API /api/v1/plans/1/kpis", "/api/v1/plans/1/kpis")] + targets
                for label, path in targets:
                    rps, p, non2xx, errors = wrk(base + path, seconds, header)
                    results[(label, with_kpis)] = (rps, p)
                    print(f"{'with' if with_kpis else 'no  '} KPIs  {label:32} {rps:9,.1f} req/s  p50 {p.get('50')}  p90 {p.get('90')}  "
                          f"p99 {p.get('99')}  non-2xx {non2xx}  socket errors: {errors}", flush=True)
            finally:
                server.terminate()
                server.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
