"""`WAYMARK_LOG_FORMAT=json`: every log line of `waymark serve` is one JSON object, and a refused
request's line carries the same request id as the answer's X-Request-Id header, which the error
page shows too. A bad value stops start-up with one line naming the variable."""
import json
import os
import shutil
import subprocess
import tempfile
import time

import requests

from conftest import ROOT, SHAPED_PLAN, Server


def test_json_log_lines_carry_the_request_id_the_answer_gives():
    binary = os.path.abspath(os.environ.get("WAYMARK_BINARY", os.path.join(ROOT, ".build", "debug", "waymark")))
    folder = tempfile.mkdtemp(prefix="waymark-logs-")
    srv = Server(binary, folder)
    try:
        srv.run("import", SHAPED_PLAN)
        bad = subprocess.run([binary, "plans"], env=dict(srv.env, WAYMARK_LOG_FORMAT="xml"), cwd=folder, capture_output=True, text=True)
        assert bad.returncode != 0 and "WAYMARK_LOG_FORMAT: \"xml\" is not a log format; use text or json" in bad.stderr, bad.stderr

        srv.env["WAYMARK_LOG_FORMAT"] = "json"
        srv.start()
        refused = requests.get(srv.url + "/api/v1/plans", headers={"Authorization": "Bearer not-a-token"}, timeout=10)
        assert refused.status_code == 401
        request_id = refused.headers["X-Request-Id"]
        page = requests.get(srv.url + "/no-such-page", timeout=10)
        assert f"Reference: <code>{page.headers['X-Request-Id']}</code>" in page.text

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            lines = [line for line in open(os.path.join(folder, "serve.log")).read().splitlines() if line.startswith("{")]
            matching = [json.loads(line) for line in lines if request_id in line]
            if matching:
                break
            time.sleep(0.2)
        assert matching, open(os.path.join(folder, "serve.log")).read()[-2000:]
        assert matching[0]["metadata"]["request-id"] == request_id
        assert matching[0]["level"] == "warning" and "request refused (401)" in matching[0]["message"]
        for line in lines:
            json.loads(line)
    finally:
        srv.stop()
        shutil.rmtree(folder, ignore_errors=True)
