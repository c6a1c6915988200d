"""Shared parts of the operations scripts in scripts/ops/ (not run on its own).

A throwaway PostgreSQL on a free port, a plan imported into it, accounts with API tokens and
signed-in web sessions, several `waymark serve` processes on that one database, and a client
that records every answer. The writes and their read-back are in writes.py.
"""
import glob
import importlib.util
import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "Tests", "Fixtures", "eastbrook-improvement-plan-2017-18.txt")
OUTAGE_MESSAGE = "Waymark cannot reach its database at the moment. Try again in a minute."


class PostgresMissing(Exception):
    """PostgreSQL's server binaries are not installed here."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def waymark_binary():
    """WAYMARK_BINARY if set; otherwise a release build, as scripts/bench/web.py makes one."""
    if os.environ.get("WAYMARK_BINARY"):
        return os.path.abspath(os.environ["WAYMARK_BINARY"])
    spec = importlib.util.spec_from_file_location("bench_web", os.path.join(ROOT, "scripts", "bench", "web.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.release_binary()


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: [int(n) for n in re.findall(r"\d+", p)])
    if not found:
        raise PostgresMissing("PostgreSQL is not installed (apt-get install postgresql, or ./scripts/test installs it)")
    return os.path.dirname(found[-1])


class ScratchPostgres:
    """A PostgreSQL of the script's own on a free port, as Tests/e2e/test_database_outage.py makes one."""

    def __init__(self):
        self.bin = postgres_bin()
        self.folder = tempfile.mkdtemp(prefix="waymark-ops-pg-")
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.as_postgres = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            os.chown(self.folder, pwd.getpwnam("postgres").pw_uid, -1)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", timeout=120)

    def run(self, tool, *args, timeout=60):
        return subprocess.run(self.as_postgres + [os.path.join(self.bin, tool), *args],
                              capture_output=True, text=True, check=True, timeout=timeout)

    def start(self):
        self.run("pg_ctl", "-D", self.data, "-l", os.path.join(self.folder, "server.log"), "-w", "-t", "60", "-o",
                 f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=200",
                 "start", timeout=90)

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def remove(self):
        subprocess.run(self.as_postgres + [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


class Serve:
    """One `waymark serve` on a fixed port; it can be stopped with SIGTERM and started again there."""

    def __init__(self, name, binary, env, folder):
        self.name, self.binary, self.env, self.folder = name, binary, env, folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(folder, f"serve-{name}.log")
        self.process = None

    def start(self, within=90):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen([self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            try:
                if requests.get(self.url + "/health/ready", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server {self.name} was not ready within {within} s:\n{self.log()[-3000:]}")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def terminate(self, within=60):
        """SIGTERM; returns the exit code (None if it had to be killed)."""
        if not self.alive():
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            return None

    def log(self):
        with open(self.log_path, errors="replace") as handle:
            return handle.read()


def sign_in(base, email, password):
    """Signs in through the web form; a one-time password is replaced first. Returns (session, password)."""
    session = requests.Session()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', session.get(base + "/sign-in", timeout=30).text).group(1)
    signed = session.post(base + "/sign-in", data={"csrf_token": csrf, "email": email, "password": password}, timeout=30)
    if signed.url.endswith("/account/password"):
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', signed.text).group(1)
        chosen = "chosen " + password
        changed = session.post(base + "/account/password", timeout=30, data={
            "csrf_token": csrf, "current_password": password, "new_password": chosen, "confirm_password": chosen})
        if "Password changed" not in changed.text:
            raise RuntimeError(f"could not change {email}'s one-time password: {changed.status_code}")
        password = chosen
    if "waymark-session" not in session.cookies:
        raise RuntimeError(f"signing in as {email} set no session cookie")
    return session, password


class Deployment:
    """A throwaway PostgreSQL holding a plan, performance officers with tokens, and several servers."""

    def __init__(self, short, milestones=10_000, servers=2, accounts=1):
        self.short, self.milestones, self.server_count, self.account_count = short, milestones, servers, accounts
        self.binary = waymark_binary()
        self.folder = tempfile.mkdtemp(prefix="waymark-ops-")
        self.pg = None
        self.servers = []
        self.accounts = []  # dicts: email, password (after the change), token, cookie

    def waymark(self, *args):
        return subprocess.run([self.binary, *args], env=dict(self.env, LOG_LEVEL="warning"), cwd=self.folder,
                              capture_output=True, text=True, check=True, timeout=600).stdout

    def __enter__(self):
        try:
            self.setup()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_):
        self.close()

    def setup(self):
        started = time.monotonic()
        self.pg = ScratchPostgres()
        self.pg.start()
        self.env = dict(os.environ, WAYMARK_DATABASE_URL=self.pg.url, WAYMARK_BCRYPT_COST="6")
        self.env.setdefault("LOG_LEVEL", "notice")  # LOG_LEVEL=debug logs every query with its request id
        self.waymark("migrate")
        if self.short:
            self.waymark("import", FIXTURE)
        else:
            plan = os.path.join(self.folder, "plan.csv")
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "bench", "generate_plan.py"), plan,
                            str(self.milestones)], check=True)
            self.waymark("import", plan, "--plan", "Operations Plan 2017-18")
        for n in range(1, self.account_count + 1):
            email = f"officer{n:02d}@ops.test"
            made = self.waymark("create-user", "--email", email, "--name", f"Ops Officer {n}", "--role", "performance_officer")
            password = re.search(r"One-time password \(shown once\): (\S+)", made).group(1)
            token = self.waymark("create-token", "--email", email, "--name", "ops script").strip().splitlines()[-1]
            self.accounts.append({"email": email, "password": password, "token": token})
        for n in range(self.server_count):
            server = Serve("AB"[n] if n < 2 else str(n), self.binary, self.env, self.folder)
            server.start()  # one at a time, each ready before the next starts
            self.servers.append(server)
        for account in self.accounts:
            session, account["password"] = sign_in(self.servers[0].url, account["email"], account["password"])
            account["cookie"] = session.cookies["waymark-session"]
        self.listing, api = [], self.api(self.accounts[0])
        while True:  # the API gives at most 5,000 a page
            page = api.get(f"{self.servers[0].url}/api/v1/plans/1/milestones?limit=5000&offset={len(self.listing)}", timeout=300)
            page.raise_for_status()
            self.listing += page.json()
            if len(self.listing) >= int(page.headers.get("X-Total-Count", 0)) or not page.json():
                break
        print(f"Set up PostgreSQL on port {self.pg.port}, a plan of {len(self.listing)} milestones, {len(self.accounts)} "
              f"account(s) and servers {', '.join(f'{s.name} :{s.port}' for s in self.servers)} "
              f"in {time.monotonic() - started:.0f} s", flush=True)

    def writable_milestones(self, count):
        """Ids of active milestones with lead officers, spread through the plan."""
        fit = [m["id"] for m in self.listing if m["leads"] and m["lifecycle"] == "active"]
        step = max(1, len(fit) // max(count, 1))
        return fit[::step][:count]

    @staticmethod
    def api(account):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {account['token']}"
        return session

    @staticmethod
    def web(account):
        session = requests.Session()
        session.cookies.set("waymark-session", account["cookie"])
        return session

    def close(self):
        for server in self.servers:
            server.terminate(within=30)
        if self.pg:
            self.pg.remove()
        if os.environ.get("WAYMARK_OPS_KEEP"):
            print(f"Kept {self.folder} (WAYMARK_OPS_KEEP)")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


def answer_class(response=None, error=None):
    """What an answer was, in the words the reports use."""
    if error is not None:
        text = str(error)
        if isinstance(error, requests.Timeout):
            return "no answer (timed out)"
        if "Connection refused" in text:
            return "connection refused"
        return "connection error"
    status = response.status_code
    if status == 503:
        kind = response.headers.get("Content-Type", "")
        if kind.startswith("application/json"):
            try:
                code = response.json()["error"]["code"]
            except (ValueError, KeyError, TypeError):
                return "other 5xx"
            return f"503 {code}"
        return "503 database_unavailable" if OUTAGE_MESSAGE in response.text else (
            "503 page" if "Sorry, the service is unavailable" in response.text else "other 5xx")
    if status == 409:
        return "409 clash"
    return f"{status // 100}xx" if status < 500 else "other 5xx"


class Recorder:
    """Every request's start, end, server, kind and answer, from many threads."""

    def __init__(self):
        self.samples = []  # (kind, server name, start, end, answer class, status or None, request id)
        self.lock = threading.Lock()
        self.ids = itertools.count(1)

    def send(self, session, method, server, path, kind, timeout=30, **kw):
        """Sends one request with an X-Request-Id of its own (ops-N), which the server's log lines carry."""
        request_id = f"ops-{next(self.ids)}"
        started = time.monotonic()
        try:
            response = session.request(method, server.url + path, timeout=timeout, allow_redirects=False,
                                       headers={"X-Request-Id": request_id}, **kw)
            sample = (kind, server.name, started, time.monotonic(), answer_class(response), response.status_code, request_id)
        except requests.RequestException as error:
            response = None
            sample = (kind, server.name, started, time.monotonic(), answer_class(error=error), None, request_id)
        with self.lock:
            self.samples.append(sample)
        return response, sample[4]

    def between(self, start, end):
        """Samples that overlap [start, end]."""
        return [s for s in self.samples if s[3] >= start and s[2] <= end]


def counts(samples):
    found = {}
    for sample in samples:
        found[sample[4]] = found.get(sample[4], 0) + 1
    return dict(sorted(found.items()))

