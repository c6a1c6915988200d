"""Locust's simulated council officers for scripts/load.py: they read the plan, open milestones and save changes.

Not run on its own: scripts/load.py sets up the servers, writes the settings file named by
WAYMARK_LOAD_CONFIG (servers, accounts with tokens and passwords, milestone ids, where to write
the ledger) and runs `locust --headless -f scripts/ops/locustfile.py`.

Each simulated user signs in through the web form (a session of its own) on one server, user n on
server n mod 2, and waits between 0.5 and 1.5 seconds between tasks, chosen in these proportions:
  70% reads: the dashboard /plans/1 (25), the milestone-list API /api/v1/plans/1/milestones?limit=25
      at a random offset, with an API token (25), and the web milestone list /plans/1/milestones (20)
  20% a milestone's page /milestones/{id}
  10% an update: GET /api/v1/milestones/{id} for its current version, then PATCH it with that
      version to a title no one else uses. A 409 means another user saved first: a clash, counted
      as such, not as an error. Updates go to 100 milestones, as a quarter's work is on a few.
Every update is noted in a ledger (scripts/ops/writes.py) that load.py reads back afterwards, and
every request's kind, time and error in a file from which load.py works out the percentiles.
"""
import itertools
import json
import os
import random
import sys

from locust import HttpUser, between, events, task
from locust.clients import HttpSession

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import sign_in  # noqa: E402
from writes import Ledger, edit_body  # noqa: E402

with open(os.environ["WAYMARK_LOAD_CONFIG"]) as handle:
    CONFIG = json.load(handle)
LEDGER = Ledger()
REQUESTS = []  # (name, milliseconds, error or "", start time): every request, those during the stop too
NUMBERS = itertools.count()


class Officer(HttpUser):
    wait_time = between(0.5, 1.5)
    host = CONFIG["servers"][0]

    def on_start(self):
        n = next(NUMBERS)
        self.base = CONFIG["servers"][n % len(CONFIG["servers"])]
        account = CONFIG["accounts"][n % len(CONFIG["accounts"])]
        self.label = f"user {n:02d}"
        self.saves = 0
        session, _ = sign_in(self.base, account["email"], account["password"])
        self.client.cookies.set("waymark-session", session.cookies["waymark-session"])
        # The API has a session of its own: a script sends its token, not a person's cookie.
        self.api = HttpSession(self.base, self.environment.events.request, self)
        self.api.headers["Authorization"] = f"Bearer {account['token']}"

    @task(25)
    def dashboard(self):
        self.client.get(self.base + "/plans/1", name="dashboard")

    @task(25)
    def milestone_list_api(self):
        offset = random.randrange(0, max(1, CONFIG["total"] - 25))
        self.api.get(f"{self.base}/api/v1/plans/1/milestones?limit=25&offset={offset}", name="milestone list API")

    @task(20)
    def milestone_list_page(self):
        self.client.get(self.base + "/plans/1/milestones", name="milestone list page")

    @task(20)
    def milestone_page(self):
        self.client.get(f"{self.base}/milestones/{random.choice(CONFIG['milestones'])}", name="milestone page")

    @task(10)
    def update(self):
        milestone = random.choice(CONFIG["hot"])
        with self.api.get(f"{self.base}/api/v1/milestones/{milestone}", name="update: read version", catch_response=True) as read:
            try:
                current = read.json() if read.status_code == 200 else None
            except ValueError:
                current = None
            if current is None:
                read.failure(f"{read.status_code}: {read.text[:200]}")
                return
            read.success()
        self.saves += 1
        entry = LEDGER.begin(milestone, f"Load check [{self.label} {self.saves:05d}]", current["version"], by=self.label)
        with self.api.patch(f"{self.base}/api/v1/milestones/{milestone}", json=edit_body(current, entry["title"]),
                            name="update: save (PATCH)", catch_response=True) as saved:
            if saved.status_code == 200:
                Ledger.settle(entry, "acknowledged", saved.json()["version"])
                saved.success()
            elif saved.status_code == 409:
                Ledger.settle(entry, "clash")
                saved.success()
            else:
                Ledger.settle(entry, "unknown" if saved.status_code == 0 else "refused")
                saved.failure(f"{saved.status_code}: {saved.text[:200]}")


@events.request.add_listener
def note_request(name, response_time, exception=None, start_time=None, **_):
    REQUESTS.append((name, response_time, str(exception)[:300] if exception else "", start_time))


@events.quitting.add_listener
def keep_figures(**_):
    LEDGER.dump(CONFIG["ledger"])
    with open(CONFIG["requests"], "w") as handle:
        json.dump(REQUESTS, handle)
