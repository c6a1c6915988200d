"""PostgreSQL going away under a running `waymark serve`, and coming back.

Runs its own throwaway PostgreSQL on a free port (never the one the other tests share), stops it
with `pg_ctl stop -m immediate` as a crash or a lost host would, and checks what people and
scripts see: a 503 within 3 seconds (a page, or JSON with code database_unavailable), one log
line for the outage, and requests succeeding again within 5 seconds of its return, with no
restart. Also `waymark serve` started while the database is away, and other commands then.
"""
import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import threading
import time

import pytest
import requests

from conftest import ROOT, SHAPED_PLAN, Server, free_port, signed_in_session

ANSWER_WITHIN = 3.0  # seconds, while the database is away
RECOVER_WITHIN = 5.0  # seconds, once it is back
MESSAGE = "Waymark cannot reach its database at the moment. Try again in a minute."


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: [int(p) for p in re.findall(r"\d+", path)])
    if not found:
        pytest.skip("PostgreSQL is not installed (./scripts/test installs it)")
    return found[-1]


class ScratchPostgres:
    """A PostgreSQL of this module's own, as scripts/lib/common.sh start_scratch_postgres makes one."""

    def __init__(self):
        self.bin = postgres_bin()
        self.folder = tempfile.mkdtemp(prefix="waymark-pg-outage-")
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.as_postgres = []
        if os.geteuid() == 0:
            # initdb refuses to run as root.
            os.chown(self.folder, pwd.getpwnam("postgres").pw_uid, -1)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", timeout=120)

    def run(self, tool, *args, timeout=60):
        return subprocess.run(self.as_postgres + [os.path.join(self.bin, tool), *args],
                              capture_output=True, text=True, check=True, timeout=timeout)

    def start(self):
        self.run("pg_ctl", "-D", self.data, "-l", os.path.join(self.folder, "server.log"), "-w", "-t", "60",
                 "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off", "start", timeout=90)

    def stop(self):
        self.run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def remove(self):
        subprocess.run(self.as_postgres + [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres():
    pg = ScratchPostgres()
    pg.start()
    yield pg
    pg.remove()


def waymark_server(postgres, **env):
    binary = os.path.abspath(os.environ.get("WAYMARK_BINARY", os.path.join(ROOT, ".build", "debug", "waymark")))
    server = Server(binary, tempfile.mkdtemp(prefix="waymark-outage-"))
    # Notices and above: the outage and recovery lines, not a line per request.
    server.env.update(WAYMARK_DATABASE_URL=postgres.url, LOG_LEVEL="notice", **env)
    return server


def log_of(server):
    with open(os.path.join(server.folder, "serve.log")) as log:
        return log.read()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_requests_are_answered_503_while_postgres_is_away_and_succeed_when_it_returns(postgres):
    server = waymark_server(postgres, WAYMARK_METRICS_TOKEN="outage-metrics")
    try:
        server.run("migrate")
        server.run("import", SHAPED_PLAN)
        server.start()
        browser = signed_in_session(server, "admin", server.admin_password)
        token = server.run("create-token", "--email", "admin", "--name", "outage test").stdout.strip().splitlines()[-1]
        script = requests.Session()
        script.headers["Authorization"] = f"Bearer {token}"
        assert browser.get(server.url + "/plans", timeout=10).status_code == 200
        assert script.get(server.url + "/api/v1/plans", timeout=10).status_code == 200
        scheme_form = browser.get(server.url + "/admin/schemes/new", timeout=10)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', scheme_form.text).group(1)
        scheme = {"csrf_token": csrf, "name": "Outage scheme", "row-1-name": "Done", "row-1-kind": "completed", "row-1-colour": "blue",
                  "row-2-name": "On track", "row-2-kind": "on_track", "row-2-colour": "green",
                  "row-3-name": "Late", "row-3-kind": "late_beyond_tolerance", "row-3-colour": "red"}

        postgres.stop()
        try:
            # The pages of status schemes, plan settings and registers, and a write, fail fast too.
            for path in ["/plans/1/settings", "/plans/1/registers", "/admin/schemes"]:
                page, took = timed(lambda: browser.get(server.url + path, timeout=10, allow_redirects=False))
                assert page.status_code == 503, f"{path}: {page.status_code}"
                assert took < ANSWER_WITHIN, f"{path} took {took:.2f}s"
            posted, took = timed(lambda: browser.post(server.url + "/admin/schemes/new", data=scheme, timeout=10, allow_redirects=False))
            assert posted.status_code == 503 and took < ANSWER_WITHIN, f"{posted.status_code} after {took:.2f}s"

            # A person's page.
            page, took = timed(lambda: browser.get(server.url + "/plans", timeout=10, allow_redirects=False))
            assert page.status_code == 503, page.text[:500]
            assert took < ANSWER_WITHIN, f"the page took {took:.2f}s"
            assert page.headers["Content-Type"].startswith("text/html")
            assert "Sorry, the service is unavailable" in page.text
            assert MESSAGE in page.text

            # A script's request.
            answer, took = timed(lambda: script.get(server.url + "/api/v1/plans", timeout=10))
            assert answer.status_code == 503, answer.text[:500]
            assert took < ANSWER_WITHIN, f"the API took {took:.2f}s"
            assert answer.json()["error"] == {"code": "database_unavailable", "message": MESSAGE}

            health, took = timed(lambda: requests.get(server.url + "/health", timeout=10))
            assert health.status_code == 503
            assert took < ANSWER_WITHIN, f"/health took {took:.2f}s"
            assert health.json()["error"]["code"] == "database_unavailable"

            # Prometheus is still answered, and told the database is down.
            metrics, took = timed(lambda: requests.get(server.url + "/metrics", headers={"Authorization": "Bearer outage-metrics"}, timeout=10))
            assert metrics.status_code == 200 and took < ANSWER_WITHIN, f"/metrics: {metrics.status_code} after {took:.2f}s"
            assert re.search(r"^waymark_db_up(\{[^}]*\})? 0(\.0)?$", metrics.text, re.M), metrics.text[:2000]

            # Many at once, more than the connection pool holds: each is answered in time.
            answers = []

            def ask(session, path):
                answers.append((path, *timed(lambda: session.get(server.url + path, timeout=10, allow_redirects=False))))

            threads = [threading.Thread(target=ask, args=(session, path))
                       for session, path in [(browser, "/plans"), (script, "/api/v1/plans")] * 10]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=15)
            assert len(answers) == 20
            for path, response, took in answers:
                assert response.status_code == 503, f"{path}: {response.status_code}"
                assert took < ANSWER_WITHIN, f"{path} took {took:.2f}s"
        finally:
            postgres.start()

        # Back: the same sign-in and token work again within 5 seconds, with no restart.
        returned = time.monotonic()
        while True:
            try:
                if script.get(server.url + "/api/v1/plans", timeout=RECOVER_WITHIN).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() - returned < RECOVER_WITHIN, "requests did not succeed within 5 seconds of PostgreSQL's return"
            time.sleep(0.2)
        page = browser.get(server.url + "/plans", timeout=RECOVER_WITHIN)
        assert page.status_code == 200
        assert "Eastbrook Borough Council Improvement Plan 2017-18" in page.text
        # The refused write wrote nothing; sent again, it is saved once.
        assert "Outage scheme" not in browser.get(server.url + "/admin/schemes", timeout=10).text
        assert browser.post(server.url + "/admin/schemes/new", data=scheme, timeout=10, allow_redirects=False).status_code == 303
        assert browser.get(server.url + "/admin/schemes", timeout=10).text.count("<code>custom_outage_scheme</code>") == 1
        assert time.monotonic() - returned < RECOVER_WITHIN

        # The log says it once for the outage, and once that it is over.
        deadline = time.monotonic() + 10
        while "database available again" not in log_of(server) and time.monotonic() < deadline:
            requests.get(server.url + "/health", timeout=5)
            time.sleep(0.2)
        log = log_of(server)
        assert log.count("database unavailable") == 1, log[-3000:]
        assert log.count("database available again") == 1, log[-3000:]
        assert "Opening new connection for pool failed" not in log
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


def test_serve_waits_for_postgres_at_start_up_and_other_commands_fail_at_once(postgres):
    server = waymark_server(postgres)
    server.run("migrate")
    postgres.stop()
    try:
        # Any other command says so at once, in one line.
        started = time.monotonic()
        plans = subprocess.run([server.binary, "plans"], env=server.env, cwd=server.folder, capture_output=True, text=True, timeout=30)
        assert time.monotonic() - started < 10
        assert plans.returncode != 0
        assert plans.stderr.startswith("waymark: WAYMARK_DATABASE_URL: cannot open the PostgreSQL"), plans.stderr
        assert "Connection refused" in plans.stderr
        assert len(plans.stderr.strip().splitlines()) == 1, plans.stderr

        # serve gives up after the time it is given.
        given_up = subprocess.run([server.binary, "serve", "--port", str(free_port())], env=dict(server.env, WAYMARK_DATABASE_WAIT_SECONDS="1"),
                                  cwd=server.folder, capture_output=True, text=True, timeout=30)
        assert given_up.returncode != 0
        assert "Cannot reach the database" in given_up.stdout + given_up.stderr
        assert "waited 1 second for it" in given_up.stderr, given_up.stderr

        # serve waits, saying so, and starts when the database comes.
        log = open(os.path.join(server.folder, "serve.log"), "w")
        server.process = subprocess.Popen([server.binary, "serve", "--hostname", "127.0.0.1", "--port", str(server.port)],
                                          env=dict(server.env, WAYMARK_DATABASE_WAIT_SECONDS="60"), cwd=server.folder,
                                          stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while "Cannot reach the database" not in log_of(server):
            assert server.process.poll() is None, log_of(server)
            assert time.monotonic() < deadline, "serve did not say it was waiting: " + log_of(server)
            time.sleep(0.2)
        assert "Trying again every 2 seconds for up to 60 seconds (WAYMARK_DATABASE_WAIT_SECONDS)" in log_of(server)
    finally:
        postgres.start()
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(server.url + "/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert server.process.poll() is None, log_of(server)
            assert time.monotonic() < deadline, "serve did not start once PostgreSQL was back: " + log_of(server)
            time.sleep(0.2)
        assert "Reached the database" in log_of(server)
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
