"""Writes the operations scripts make, and finding them again afterwards (not run on its own).

Each write renames a milestone through the API, `PATCH /api/v1/milestones/{id}` with the version
just read, to a title no other write uses. The ledger notes every attempt before it is sent
(so one cut off half-way counts as "unknown", never as nothing) and what the answer said:
"acknowledged" (200, with the new version), "clash" (409: someone else saved first), "refused"
(another answer, or a refused connection: nothing should have been written) or "unknown" (no
answer: it may have been written).

Afterwards, each milestone written is read back through the API (its title and version now) and
through its web page, whose history lists every change in the audit trail. A write is lost when
it was acknowledged but its title is not in that history, or the milestone's version is below
the one acknowledged, or the milestone moved on with a write nobody sent.
"""
import json
import threading


def edit_body(current, title):
    """The PATCH body that renames a milestone read from GET /api/v1/milestones/{id}, keeping the rest."""
    milestone = current["milestone"]
    return {"title": title, "deadline": milestone["deadline"], "leads": " / ".join(milestone["leads"]),
            "version": current["version"]}


def retryable(answer):
    """Answers after which a load balancer sends the request to another server: nothing was written."""
    return answer == "connection refused" or answer.startswith("503")


class Ledger:
    def __init__(self):
        self.attempts = {}  # milestone id -> [{"title", "sent", "outcome", "version", "by"}]
        self.lock = threading.Lock()

    def begin(self, milestone, title, sent_version, by=""):
        entry = {"title": title, "sent": sent_version, "outcome": "unknown", "version": None, "by": by}
        with self.lock:
            self.attempts.setdefault(milestone, []).append(entry)
        return entry

    @staticmethod
    def settle(entry, outcome, version=None):
        entry["outcome"], entry["version"] = outcome, version

    def entries(self, outcome=None):
        return [e for found in self.attempts.values() for e in found if outcome is None or e["outcome"] == outcome]

    def dump(self, path):
        with self.lock, open(path, "w") as handle:
            json.dump({str(m): found for m, found in self.attempts.items()}, handle)

    @classmethod
    def load(cls, path):
        ledger = cls()
        with open(path) as handle:
            ledger.attempts = {int(m): found for m, found in json.load(handle).items()}
        return ledger


def write_loop(recorder, ledger, servers, session, milestone, label, stop, pause=0.05):
    """Renames one milestone again and again until `stop` is set. `servers()` gives the servers to
    try in turn: the next is tried only after a refused connection or a 503, as a load balancer would."""
    n = 0
    while not stop.is_set():
        current = None
        for server in servers():
            response, answer = recorder.send(session, "GET", server, f"/api/v1/milestones/{milestone}", "update: read version")
            if response is not None and response.status_code == 200:
                current = response.json()
                break
            if not retryable(answer):
                break
        if current is None:
            stop.wait(pause)
            continue
        n += 1
        entry = ledger.begin(milestone, f"Ops check [{label} {n:05d}]", current["version"], by=label)
        body = edit_body(current, entry["title"])
        for server in servers():
            response, answer = recorder.send(session, "PATCH", server, f"/api/v1/milestones/{milestone}", "update: save", json=body)
            if response is not None and response.status_code == 200:
                Ledger.settle(entry, "acknowledged", response.json()["version"])
                break
            if response is not None or answer == "connection refused":
                Ledger.settle(entry, "refused")
            else:
                Ledger.settle(entry, "unknown")
            if not retryable(answer):
                break
        stop.wait(pause)


def ledger_clashes(entries):
    return [e for e in entries if e["outcome"] == "clash"]


def verify_writes(base_url, api, web, ledger):
    """Reads back every milestone the ledger wrote; returns a summary with what was lost."""
    lost, phantom, twice, unexplained_clashes = [], [], [], 0
    for milestone, entries in sorted(ledger.attempts.items()):
        detail = page = None
        for _ in range(5):
            try:
                detail = api.get(f"{base_url}/api/v1/milestones/{milestone}", timeout=60)
                page = web.get(f"{base_url}/milestones/{milestone}", timeout=60)
                if detail.status_code == 200 and page.status_code == 200:
                    break
            except Exception:  # noqa: BLE001 - a read-back that fails is tried again
                pass
        if detail is None or detail.status_code != 200 or page.status_code != 200:
            lost += [(milestone, e["title"], "the milestone could not be read back") for e in entries if e["outcome"] == "acknowledged"]
            continue
        now, history = detail.json(), page.text
        title, version = now["milestone"]["title"], now["version"]
        acked = [e for e in entries if e["outcome"] == "acknowledged"]
        for e in acked:
            if e["title"] not in history:
                lost.append((milestone, e["title"], "not in the milestone's history"))
        versions = [e["version"] for e in acked]
        twice += [(milestone, v) for v in sorted(set(versions)) if versions.count(v) > 1]
        phantom += [(milestone, e["title"]) for e in entries if e["outcome"] in ("refused", "clash") and e["title"] in history]
        if acked:
            top = max(acked, key=lambda e: e["version"])
            if version < top["version"]:
                lost.append((milestone, top["title"], f"the milestone is at version {version}, below the acknowledged {top['version']}"))
            elif version == top["version"] and title != top["title"]:
                lost.append((milestone, top["title"], f"version {version} holds {title!r} instead"))
            elif version > top["version"] and title not in [e["title"] for e in entries if e["outcome"] != "acknowledged"]:
                lost.append((milestone, top["title"], f"moved on to {title!r} at version {version}, which no one sent"))
        for e in ledger_clashes(entries):
            # A clash is genuine when someone else's write took the milestone past the version sent.
            if not any(o["by"] != e["by"] and ((o["outcome"] == "acknowledged" and o["version"] > e["sent"])
                                               or (o["outcome"] == "unknown" and o["sent"] >= e["sent"])) for o in entries):
                unexplained_clashes += 1
    return {"acknowledged": len(ledger.entries("acknowledged")), "refused": len(ledger.entries("refused")),
            "unknown": len(ledger.entries("unknown")), "clashes": len(ledger.entries("clash")), "milestones": len(ledger.attempts), "lost": lost,
            "phantom": phantom, "same_version_twice": twice, "unexplained_clashes": unexplained_clashes}


def print_verification(result):
    print(f"Writes on {result['milestones']} milestones: acknowledged {result['acknowledged']}, clashes (409) {result['clashes']}, "
          f"refused {result['refused']}, without an answer {result['unknown']}")
    if result["clashes"]:
        print(f"  clashes not explained by another user's write: {result['unexplained_clashes']}")
    print(f"  acknowledged writes lost: {len(result['lost'])}")
    for milestone, title, why in result["lost"][:10]:
        print(f"    milestone {milestone}: {title}: {why}")
    if result["phantom"]:
        print(f"  refused writes that were saved all the same: {len(result['phantom'])} {result['phantom'][:5]}")
    if result["same_version_twice"]:
        print(f"  versions acknowledged twice: {result['same_version_twice'][:10]}")
