#!/usr/bin/env python3
"""Benchmark: `waymark import` of a synthetic 100,000-milestone CSV into SQLite, and
`waymark status` on the result, with a release build. Prints figures; asserts nothing.

Compares the import with the sqlite3 shell's own `.import` of the same rows, the floor for
getting this many rows into an SQLite file. Run: scripts/bench/import_and_status.py [MILESTONES]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNS = 3


def run(argv, env=None):
    """Runs a command; returns (seconds, peak resident memory in MiB, stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{err.decode()}")
    return elapsed, usage.ru_maxrss / 1024, out.decode()


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if shutil.which("sqlite3") is None:
        subprocess.run(["bash", "-c", f"source {ROOT}/scripts/lib/common.sh && ensure_packages sqlite3"], check=True)
    print("Building waymark (release)…", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "waymark"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "-c", "release", "--product", "waymark", "--show-bin-path"],
                            cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip() + "/waymark"

    work = tempfile.mkdtemp(prefix="waymark-bench-")
    plan = os.path.join(work, "plan.csv")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench/generate_plan.py"), plan, str(total)], check=True)
    size = os.path.getsize(plan) / (1024 * 1024)
    print(f"Generated {total:,} milestones ({size:.1f} MiB) in {plan}")

    imports, memories = [], []
    for attempt in range(RUNS):
        database = os.path.join(work, f"import-{attempt}.sqlite")
        env = dict(os.environ, WAYMARK_DATABASE_URL=database)
        seconds, memory, _ = run([binary, "import", plan, "--plan", "Benchmark Plan 2017-18"], env=env)
        imports.append(seconds)
        memories.append(memory)

    shell = []
    for attempt in range(RUNS):
        database = os.path.join(work, f"shell-{attempt}.sqlite")
        seconds, _, _ = run(["sqlite3", database,
                             "CREATE TABLE t(area TEXT, activity TEXT, milestone TEXT, lead TEXT, deadline TEXT, forecast TEXT, completed TEXT);",
                             ".import --csv --skip 1 " + plan + " t"])
        shell.append(seconds)

    env = dict(os.environ, WAYMARK_DATABASE_URL=os.path.join(work, "import-0.sqlite"))
    statuses = []
    status_memory = 0
    for _ in range(10):
        seconds, memory, output = run([binary, "status", "--plan", "1", "--as-of", "2018-03-31"], env=env)
        statuses.append(seconds)
        status_memory = max(status_memory, memory)
    floor = []
    for _ in range(10):
        seconds, _, _ = run([binary, "plans", "--format", "csv"], env=env)
        floor.append(seconds)

    best_import = min(imports)
    best_shell = min(shell)
    print()
    print(f"waymark import ({RUNS} runs, fresh SQLite file each): best {best_import:.2f} s, "
          f"median {statistics.median(imports):.2f} s -> {total / best_import:,.0f} milestones/s")
    print(f"  peak memory: {max(memories):.0f} MiB")
    print(f"sqlite3 shell .import of the same rows: best {best_shell:.2f} s -> {total / best_shell:,.0f} rows/s")
    print(f"  waymark import / sqlite3 .import: {best_import / best_shell:.1f}x")
    print(f"waymark status on {total:,} milestones (10 runs, whole process): median {statistics.median(statuses) * 1000:.0f} ms, "
          f"best {min(statuses) * 1000:.0f} ms, worst {max(statuses) * 1000:.0f} ms; peak memory {status_memory:.0f} MiB")
    print(f"  process floor (waymark plans, 10 runs): median {statistics.median(floor) * 1000:.0f} ms")
    print()
    print(output)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
