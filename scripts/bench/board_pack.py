#!/usr/bin/env python3
"""Benchmark: the Board report pack for a 10,000-milestone plan, release build, SQLite.

Times `waymark report --format html` (whole process and, from WAYMARK_TIMINGS, the part spent
building and rendering the pack), and the same for xlsx and csv. Prints figures; asserts nothing.
Run: scripts/bench/board_pack.py [MILESTONES] [RUNS]
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def seconds(text):
    """Swift Duration text ("0.123 seconds") to seconds."""
    return float(re.match(r"([\d.e-]+) seconds", text).group(1))


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    print("Building waymark (release)…", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "waymark"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "-c", "release", "--product", "waymark", "--show-bin-path"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout.strip() + "/waymark"
    with tempfile.TemporaryDirectory(prefix="waymark-pack-bench-") as work:
        env = dict(os.environ, WAYMARK_DATABASE_URL=os.path.join(work, "bench.sqlite"), WAYMARK_TIMINGS="1")
        plan = os.path.join(work, "plan.csv")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench/generate_plan.py"), plan, str(total)], check=True)
        subprocess.run([binary, "import", plan, "--plan", "Benchmark Plan 2017-18"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"\nBoard pack for Q3 2017-18 of a {total:,}-milestone plan, SQLite, release build, {runs} runs each\n")
        for fmt in ["html", "xlsx", "csv"]:
            out = os.path.join(work, f"pack.{fmt}")
            wall, inside = [], []
            for _ in range(runs):
                start = time.perf_counter()
                result = subprocess.run([binary, "report", "--plan", "1", "--period", "Q3 2017-18", "--format", fmt, "--out", out],
                                        env=env, check=True, capture_output=True, text=True)
                wall.append(time.perf_counter() - start)
                build, render = re.search(r"timings: build (.+?), render (.+)", result.stderr).groups()
                inside.append(seconds(build) + seconds(render))
            size = os.path.getsize(out)
            print(f"{fmt:5} pack building and rendering: median {statistics.median(inside) * 1000:6.0f} ms (best {min(inside) * 1000:.0f}, "
                  f"worst {max(inside) * 1000:.0f}); whole command median {statistics.median(wall) * 1000:.0f} ms; {size / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
