"""/metrics on a live server: off without WAYMARK_METRICS_TOKEN, refused without the token,
and, with it, Prometheus's text format as Prometheus's own Python client parses it: requests by
route pattern and status class, latency histograms, the database, sessions, imports, reminders
waiting and the age of the last backup."""
import os
import re
import shutil
import tempfile

import requests
from prometheus_client.parser import text_string_to_metric_families

from conftest import ROOT, SHAPED_PLAN, Server, signed_in_session

TOKEN = "metrics-token-for-the-e2e-test"


def families(text):
    return {family.name: family for family in text_string_to_metric_families(text)}


def started(folder, **env):
    binary = os.path.abspath(os.environ.get("WAYMARK_BINARY", os.path.join(ROOT, ".build", "debug", "waymark")))
    srv = Server(binary, folder)
    srv.env.update(env)
    srv.run("import", SHAPED_PLAN)
    srv.start()
    return srv


def test_metrics_are_off_without_a_token():
    folder = tempfile.mkdtemp(prefix="waymark-e2e-")
    srv = started(folder)
    try:
        assert requests.get(srv.url + "/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404
    finally:
        srv.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_metrics_need_the_token_and_parse_as_prometheus_text():
    folder = tempfile.mkdtemp(prefix="waymark-e2e-")
    srv = started(folder, WAYMARK_METRICS_TOKEN=TOKEN)
    try:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic " + TOKEN}):
            refused = requests.get(srv.url + "/metrics", headers=headers)
            assert refused.status_code == 401 and "waymark_" not in refused.text and "set-cookie" not in refused.headers
        # Signing in (and choosing a password) is a write and makes a session.
        admin = signed_in_session(srv, "admin", srv.admin_password)
        assert admin.get(srv.url + "/plans").ok
        for _ in range(3):
            assert requests.get(srv.url + "/plans/1").status_code in (200, 303)
        assert requests.get(srv.url + "/no-such-page").status_code == 404
        srv.run("backup", "--out", os.path.join(folder, "copy.sqlite"))

        answer = requests.get(srv.url + "/metrics", headers={"Authorization": "Bearer " + TOKEN})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain; version=0.0.4")
        assert "set-cookie" not in answer.headers and answer.headers["cache-control"] == "no-store"
        found = families(answer.text)

        requests_total = found["waymark_http_requests"]
        assert requests_total.type == "counter"
        by_route = {(s.labels["route"], s.labels["method"], s.labels["status_class"]): s.value for s in requests_total.samples if s.name.endswith("_total")}
        assert by_route[("/plans/:planID", "GET", "3xx")] >= 3, by_route
        assert by_route[("unmatched", "GET", "4xx")] >= 1, by_route
        assert not any(re.search(r"/plans/\d", route) for route, _, _ in by_route), "paths, not patterns"

        latency = found["waymark_http_request_duration_seconds"]
        assert latency.type == "histogram"
        buckets = [s for s in latency.samples if s.name.endswith("_bucket") and s.labels["route"] == "/plans/:planID"]
        assert buckets and max(s.value for s in buckets) >= 3

        assert found["waymark_db_up"].samples[0].value == 1
        assert found["waymark_db_ping_seconds"].samples[0].value >= 0
        assert found["waymark_sessions_active"].type == "gauge" and found["waymark_sessions_active"].samples[0].value >= 1
        assert found["waymark_reminders_waiting"].samples[0].value >= 0
        age = found["waymark_backup_age_seconds"].samples[0].value
        assert 0 <= age < 120, age
        writes = found["waymark_db_write_transaction_seconds"]
        assert any(s.name.endswith("_count") and s.labels["outcome"] == "committed" and s.value >= 1 for s in writes.samples)
    finally:
        srv.stop()
        shutil.rmtree(folder, ignore_errors=True)
