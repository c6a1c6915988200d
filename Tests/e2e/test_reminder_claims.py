"""Several servers sending reminders at the same moment mail each lead officer once.

Each `waymark send-reminders` claims a reminder by one conditional update before handing it to
the mail server, so four runs started together, on SQLite and on PostgreSQL, send every
reminder exactly once between them, and every one ends as sent."""
import collections
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid

import pytest
from conftest import SHAPED_PLAN, Server

RUNS = 4


class SQLiteDatabase:
    def __init__(self, folder):
        self.url = os.path.join(folder, "waymark.sqlite")

    def execute(self, sql):
        with sqlite3.connect(self.url) as db:
            return db.execute(sql).fetchall()


class PostgresDatabase:
    def __init__(self, server_url):
        self.name = "waymark_claims_" + uuid.uuid4().hex[:12]
        self.server_url = server_url
        self.url = server_url.rsplit("/", 1)[0] + "/" + self.name
        self.psql(server_url, f"CREATE DATABASE {self.name}")

    @staticmethod
    def psql(url, sql):
        done = subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True, check=True)
        return [tuple(line.split("|")) for line in done.stdout.splitlines() if line]

    def execute(self, sql):
        return self.psql(self.url, sql)

    def drop(self):
        self.psql(self.server_url, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgres"])
def waymark(request):
    binary = os.path.abspath(os.environ.get("WAYMARK_BINARY", os.path.join(os.path.dirname(SHAPED_PLAN), "..", "..", ".build", "debug", "waymark")))
    folder = tempfile.mkdtemp(prefix="waymark-claims-")
    if request.param == "postgres":
        server_url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
        if not server_url:
            pytest.skip("WAYMARK_TEST_POSTGRES_URL is not set: ./scripts/test starts PostgreSQL for the tests")
        database = PostgresDatabase(server_url)
    else:
        database = SQLiteDatabase(folder)
    srv = Server(binary, folder)
    srv.env["WAYMARK_DATABASE_URL"] = database.url
    srv.run("migrate")
    srv.run("import", SHAPED_PLAN)
    yield srv, database
    if request.param == "postgres":
        database.drop()
    shutil.rmtree(folder, ignore_errors=True)


def test_four_runs_at_once_send_each_reminder_once(waymark, mail_server):
    srv, database = waymark
    # Every lead officer gets an address, and the plan a period that has just opened.
    database.execute("UPDATE people SET email = 'lead' || id || '@council.test'")
    database.execute("INSERT INTO reporting_periods (plan_id, label, cadence, starts_on, ends_on, state, closings) "
                     "VALUES (1, 'Q3 2017-18', 'quarterly', '2017-10-01', '2017-12-31', 'open', 0)")
    srv.run("send-reminders", "--as-of", "2017-10-02")  # no mail server yet: written, left waiting
    waiting = int(database.execute("SELECT COUNT(*) FROM reminders WHERE state = 'outbox'")[0][0])
    assert waiting == 18

    env = dict(srv.env, WAYMARK_SMTP_URL=mail_server.url, WAYMARK_MAIL_FROM="waymark@council.test")
    runs = [subprocess.Popen([srv.binary, "send-reminders", "--as-of", "2017-10-02"], env=env, cwd=srv.folder,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(RUNS)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * RUNS, outputs

    counted = collections.Counter(address for recipients, _ in mail_server.messages for address in recipients)
    assert len(counted) == waiting
    assert set(counted.values()) == {1}, [address for address, times in counted.items() if times > 1]
    states = database.execute("SELECT state, COUNT(*) FROM reminders GROUP BY state")
    assert [(state, int(count)) for state, count in states] == [("sent", waiting)]
