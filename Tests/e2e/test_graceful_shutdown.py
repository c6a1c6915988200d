"""SIGTERM while requests are in flight: `waymark serve` stops taking new connections, finishes
the requests it has, closes the database and exits 0. No request sees the database gone (the
crash this guards against: "Unexpectedly found nil" in `Request.db`, exit code 132), and every
write it acknowledged is there when it starts again."""
import os
import shutil
import sqlite3
import threading
import time

from conftest import api_update_writer, seeded_server

SIGTERMS = 4


def test_sigterm_under_load_drains_and_exits_cleanly():
    srv = seeded_server()
    try:
        srv.run("create-user", "--email", "po@drain.test", "--name", "Drain Officer", "--role", "performance_officer")
        token = srv.run("create-token", "--email", "po@drain.test", "--name", "drain").stdout.strip().splitlines()[-1]
        headers = {"Authorization": f"Bearer {token}"}
        acknowledged = []
        for round_number in range(SIGTERMS):
            if round_number > 0:
                srv.start()
            stop = threading.Event()
            lock = threading.Lock()

            threads = [threading.Thread(target=api_update_writer, args=(srv, headers, w + 1, f"round {round_number} writer {w}", stop, acknowledged, lock))
                       for w in range(4)]
            for thread in threads:
                thread.start()
            time.sleep(1.5)
            srv.process.terminate()
            code = srv.process.wait(timeout=30)
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
            log = open(os.path.join(srv.folder, "serve.log")).read()
            assert code == 0, f"round {round_number}: exit code {code}\n{log[-3000:]}"
            assert "Fatal error" not in log and "Unexpectedly found nil" not in log, log[-3000:]

        assert acknowledged, "no write was acknowledged; the test did not load the server"
        with sqlite3.connect(os.path.join(srv.folder, "waymark.sqlite")) as db:
            stored = {(m, text) for m, text in db.execute("SELECT milestone_id, commentary FROM milestone_updates")}
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        missing = [write for write in acknowledged if write not in stored]
        assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged writes were lost: {missing[:5]}"
    finally:
        srv.stop()
        shutil.rmtree(srv.folder, ignore_errors=True)
