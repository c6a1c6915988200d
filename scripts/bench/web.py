#!/usr/bin/env python3
"""Benchmark: the web dashboard and the milestone-list API on a 10,000-milestone plan, with wrk.

Release build, SQLite, 32 connections for 20 seconds each, against:
  - GET /health/live               a trivial route: the framework's own floor on this machine
  - GET /plans/1                   the dashboard (signed in with a session cookie)
  - GET /api/v1/plans/1/milestones the milestone list API (with an API token)
Prints requests per second, latency percentiles and non-2xx counts; asserts nothing.
Run: scripts/bench/web.py [MILESTONES] [SECONDS]
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ensure(tool, package):
    if shutil.which(tool) is None:
        subprocess.run(["bash", "-c", f"source {ROOT}/scripts/lib/common.sh && ensure_packages {package}"], check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url, seconds, header=None):
    # WRK_CONNECTIONS=8 measures at the load a council's few dozen users make; 32 is the default.
    connections = os.environ.get("WRK_CONNECTIONS", "32")
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if header:
        argv[1:1] = ["-H", header]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return rps, percentiles, int(non2xx.group(1)) if non2xx else 0, errors.group(0) if errors else "none"


def release_binary():
    """WAYMARK_BINARY if set; otherwise builds the release binary here and returns its path."""
    binary = os.environ.get("WAYMARK_BINARY")
    if binary:
        return binary
    print("Building waymark (release)…", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "waymark"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return subprocess.run(["swift", "build", "-c", "release", "--product", "waymark", "--show-bin-path"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout.strip() + "/waymark"


def serve(binary, env, work):
    """Starts `waymark serve` on a free port and waits until it answers; returns (process, base URL, log path)."""
    port = free_port()
    log_path = os.path.join(work, f"serve-{port}.log")
    server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env, cwd=work,
                              stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/health/live", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    return server, base, log_path


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    ensure("wrk", "wrk")
    print("Building waymark (release)…", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "waymark"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "-c", "release", "--product", "waymark", "--show-bin-path"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout.strip() + "/waymark"
    work = tempfile.mkdtemp(prefix="waymark-web-bench-")
    env = dict(os.environ, WAYMARK_DATABASE_URL=os.path.join(work, "bench.sqlite"), LOG_LEVEL="error")
    plan = os.path.join(work, "plan.csv")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench/generate_plan.py"), plan, str(total)], check=True)
    subprocess.run([binary, "import", plan, "--plan", "Benchmark Plan 2017-18"], env=env, check=True, stdout=subprocess.DEVNULL)

    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env, cwd=work,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health/live", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        password = re.search(r"Password:\s+(\S+)", open(os.path.join(work, "serve.log")).read()).group(1)
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(base + "/sign-in").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        opener.open(base + "/sign-in", data=urllib.parse.urlencode({"csrf_token": token, "email": "admin", "password": password}).encode())
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        api_token = subprocess.run([binary, "create-token", "--email", "admin", "--name", "bench"], env=env, check=True,
                                   capture_output=True, text=True).stdout.strip().splitlines()[-1]

        print(f"\n{total:,} milestones, SQLite, release build, wrk -t2 -c32 -d{seconds}s\n")
        floor = None
        for label, path, header in [("trivial route /health/live", "/health/live", None),
                                    ("dashboard /plans/1", "/plans/1", f"Cookie: {cookie}"),
                                    ("milestone list API", "/api/v1/plans/1/milestones", f"Authorization: Bearer {api_token}")]:
            rps, p, non2xx, errors = wrk(base + path, seconds, header)
            floor = floor or rps
            print(f"{label:28} {rps:10,.0f} req/s ({rps / floor:5.1%} of floor)  p50 {p.get('50')}  p90 {p.get('90')}  "
                  f"p99 {p.get('99')}  non-2xx {non2xx}  socket errors: {errors}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
