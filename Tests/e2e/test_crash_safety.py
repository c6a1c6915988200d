"""kill -9 of `waymark serve` on SQLite while API and web writes are in flight: no write it
acknowledged is lost, the file passes PRAGMA integrity_check, and the server starts again on it.
The promise rests on WAL with synchronous=FULL (see README, "Operating Waymark")."""
import os
import re
import shutil
import signal
import sqlite3
import threading
import time

import requests

from conftest import api_update_writer, seeded_server, signed_in_session

KILLS = 3


def test_kill_9_loses_no_acknowledged_write_and_leaves_a_sound_file():
    srv = seeded_server()
    try:
        made = srv.run("create-user", "--email", "po@crash.test", "--name", "Crash Officer", "--role", "performance_officer").stdout
        password = re.search(r"One-time password \(shown once\): (\S+)", made).group(1)
        token = srv.run("create-token", "--email", "po@crash.test", "--name", "crash").stdout.strip().splitlines()[-1]
        headers = {"Authorization": f"Bearer {token}"}
        acknowledged = []
        lock = threading.Lock()
        for round_number in range(KILLS):
            if round_number > 0:
                srv.start()
            browser = signed_in_session(srv, "po@crash.test", password)
            stop = threading.Event()

            def web_writer():
                n = 0
                while not stop.is_set():
                    n += 1
                    text = f"kill {round_number} web comment {n}"
                    try:
                        page = browser.get(f"{srv.url}/milestones/10", timeout=5)
                        token_match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                        if not token_match:
                            continue
                        posted = browser.post(f"{srv.url}/milestones/10/comments", data={"csrf_token": token_match.group(1), "comment": text},
                                              timeout=5, allow_redirects=False)
                        if posted.status_code == 303:
                            with lock:
                                acknowledged.append(("milestone_comments", 10, text))
                    except requests.RequestException:
                        pass

            api = []
            threads = [threading.Thread(target=api_update_writer, args=(srv, headers, w + 1, f"kill {round_number} api {w}", stop, api, lock))
                       for w in range(3)] + [threading.Thread(target=web_writer)]
            for thread in threads:
                thread.start()
            time.sleep(1.5)
            os.kill(srv.process.pid, signal.SIGKILL)
            srv.process.wait(timeout=10)
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
            acknowledged += [("milestone_updates", m, text) for m, text in api]
            with sqlite3.connect(os.path.join(srv.folder, "waymark.sqlite")) as db:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

        srv.start()
        assert requests.get(srv.url + "/health/ready", timeout=10).status_code == 200
        assert len(acknowledged) > 20, f"only {len(acknowledged)} writes were acknowledged; the test did not load the server"
        with sqlite3.connect(os.path.join(srv.folder, "waymark.sqlite")) as db:
            stored = {("milestone_updates", m, t) for m, t in db.execute("SELECT milestone_id, commentary FROM milestone_updates")}
            stored |= {("milestone_comments", m, t) for m, t in db.execute("SELECT milestone_id, body FROM milestone_comments")}
        missing = [write for write in acknowledged if write not in stored]
        assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged writes were lost: {missing[:5]}"
        print(f"{len(acknowledged)} acknowledged writes over {KILLS} kill -9s; all {len(acknowledged)} found afterwards")
    finally:
        srv.stop()
        shutil.rmtree(srv.folder, ignore_errors=True)
