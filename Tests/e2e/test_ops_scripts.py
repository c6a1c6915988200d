"""The operations scripts, run in their short forms as an operator would run them in full:
scripts/ops/pg_restart.py (PostgreSQL stopped and started under two servers),
scripts/ops/rolling_restart.py (each server restarted with SIGTERM under load) and scripts/load.py
(locust against two servers). Each runs with --short against WAYMARK_BINARY and writes its figures
as JSON; these tests assert the goals that do not depend on the machine's speed (no acknowledged
write lost, no 5xx but a clean 503, processes alive, exit codes 0) and never the timings, which
the scripts print. About two and a half minutes in all. Skipped when PostgreSQL is not installed.
"""
import glob
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

CLEAN = "503 database_unavailable"


def run_short(script, folder, *extra):
    if not glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"):
        pytest.skip("PostgreSQL is not installed (./scripts/test installs it)")
    binary = os.path.abspath(os.environ.get("WAYMARK_BINARY", os.path.join(ROOT, ".build", "debug", "waymark")))
    summary = folder / "summary.json"
    done = subprocess.run([sys.executable, os.path.join(ROOT, script), "--short", "--summary", str(summary), *extra],
                          env=dict(os.environ, WAYMARK_BINARY=binary), capture_output=True, text=True, timeout=400)
    output = done.stdout[-4000:] + done.stderr[-4000:]
    assert summary.exists(), f"{script} wrote no figures (exit status {done.returncode}):\n{output}"
    return json.loads(summary.read_text()), output


def assert_no_write_lost(writes, output):
    assert writes["acknowledged"] > 0, "no write was acknowledged: the script put no load on the servers\n" + output
    assert writes["lost"] == [], output
    assert writes["same_version_twice"] == [], output
    assert writes["phantom"] == [], output


def test_postgres_restart_under_two_servers_answers_503_and_loses_nothing(tmp_path):
    figures, output = run_short("scripts/ops/pg_restart.py", tmp_path)
    assert figures["missed"] == [], output
    assert figures["outage_answers"].get(CLEAN, 0) > 0, f"the outage was not seen: {figures['outage_answers']}\n{output}"
    # Every request is answered: one caught half-way through a transaction when PostgreSQL stopped
    # once waited for ever on the dropped connection (StuckRequestWatch now answers it 503).
    assert set(figures["outage_answers"]) <= {"2xx", CLEAN}, output
    assert all(figures["alive"].values()), output
    assert [stop["exit_code"] for stop in figures["stops"].values()] == [0, 0], output
    assert all(seconds is not None for seconds in figures["recovery"].values()), output
    assert_no_write_lost(figures["writes"], output)


def test_rolling_restart_exits_cleanly_and_loses_nothing(tmp_path):
    figures, output = run_short("scripts/ops/rolling_restart.py", tmp_path)
    assert figures["missed"] == [], output
    assert [restart["exit_code"] for restart in figures["restarts"]] == [0, 0], output
    assert figures["other_5xx"] == 0, output
    assert_no_write_lost(figures["writes"], output)


def test_load_with_locust_has_no_errors_and_loses_nothing(tmp_path):
    figures, output = run_short("scripts/load.py", tmp_path, "--seconds", "15")
    assert figures["missed"] == [], output
    assert figures["errors"] == 0, output
    assert all(figures["alive"].values()), output
    assert figures["kinds"]["all requests"]["requests"] > 0, output
    assert_no_write_lost(figures["writes"], output)
