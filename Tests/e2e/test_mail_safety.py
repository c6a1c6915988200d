"""Header injection and SMTP smuggling, against a real SMTP server (aiosmtpd on 127.0.0.1).

A plan title with line breaks once went into a reminder's Subject: the server received an extra
Bcc header, the message ended at a line holding ".", and the lines after it were read as SMTP
commands. Now every way in refuses such a title, and the SMTP client sends whatever is stored
as one Subject header (RFC 2047) and one dot-stuffed body, so even a title stored before the
fix reaches the server as text."""
import email
import email.policy
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile

import pytest
from aiosmtpd.controller import Controller

from conftest import SHAPED_PLAN, Server, free_port

HOSTILE_TITLE = ("Eastbrook plan – Café\r\nBcc: spy@evil.example\r\n.\r\nMAIL FROM:<spy@evil.example>\r\n"
                 "RCPT TO:<spy@evil.example>\r\nDATA\r\nSubject: smuggled\r\n\r\nSmuggled\r\n.\r\nQUIT")
HOSTILE_MILESTONE = "Test the audit\n.\nRSET\r.hidden dot ☂"


class RecordingServer:
    """Keeps every message and every command the client sent that could start or change one."""

    def __init__(self):
        self.messages = []
        self.commands = []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.commands.append("EHLO")
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.commands.append(("MAIL", address, tuple(mail_options)))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.commands.append(("RCPT", address))
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_RSET(self, server, session, envelope):
        self.commands.append("RSET")
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.commands.append("DATA")
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    handler = RecordingServer()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.url = f"smtp://127.0.0.1:{port}"
    yield handler
    controller.stop()


@pytest.fixture
def waymark():
    binary = os.path.abspath(os.environ.get("WAYMARK_BINARY", os.path.join(os.path.dirname(SHAPED_PLAN), "..", "..", ".build", "debug", "waymark")))
    folder = tempfile.mkdtemp(prefix="waymark-mail-")
    srv = Server(binary, folder)
    srv.run("import", SHAPED_PLAN)
    srv.run("create-user", "--email", "lucy@council.test", "--name", "Lucy Marsh", "--role", "lead_officer", "--lead", "Lucy Marsh")
    yield srv
    shutil.rmtree(folder, ignore_errors=True)


def database(srv):
    return sqlite3.connect(srv.env["WAYMARK_DATABASE_URL"])


def one_line(text):
    """The Subject a mail program shows: every control character a space, runs of spaces one."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029 ]+", " ", text).strip(" ")


def test_an_import_named_with_line_breaks_is_refused_and_writes_nothing(waymark, tmp_path):
    named = tmp_path / "Plan\r\nBcc: spy@evil.example\r\n.\r\nRSET.csv"
    named.write_text("area,activity,milestone,lead,deadline\nGrants,1 Review,Agree the grant rules,Jo Bloggs,May-18\n")
    with database(waymark) as db:
        before = [db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("plans", "milestones", "audit_events")]
    refused = subprocess.run([waymark.binary, "import", str(named)], env=waymark.env, cwd=waymark.folder, capture_output=True, text=True)
    assert refused.returncode == 1
    assert ("The file's name must be on one line, without tabs, line breaks or other control characters (character 5 is a line break); "
            "rename the file and import it again. Nothing was imported.") in refused.stderr, refused.stderr
    with database(waymark) as db:
        assert [db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("plans", "milestones", "audit_events")] == before


def test_a_hostile_title_stored_before_the_fix_reaches_the_server_as_one_subject(waymark, smtp):
    # Written straight into the database, as a title saved before every way in refused one.
    with database(waymark) as db:
        db.execute("UPDATE plans SET title = ? WHERE id = 1", (HOSTILE_TITLE,))
        db.execute("UPDATE milestones SET title = ? WHERE title = 'Test the electoral register audit'", (HOSTILE_MILESTONE,))
        db.execute("INSERT INTO reporting_periods (plan_id, label, cadence, starts_on, ends_on, state, closings) "
                   "VALUES (1, 'Q3 2017-18', 'quarterly', '2017-10-01', '2017-12-31', 'open', 0)")

    env = dict(waymark.env, WAYMARK_SMTP_URL=smtp.url, WAYMARK_MAIL_FROM="waymark@council.test")
    sent = subprocess.run([waymark.binary, "send-reminders", "--as-of", "2017-10-02"], env=env, cwd=waymark.folder,
                          capture_output=True, text=True, check=True)
    assert "1 sent, 0 waiting in the outbox, 0 failed, 17 with no email address" in sent.stdout, sent.stdout + sent.stderr

    # One message, to Lucy alone; no command but the client's own.
    assert smtp.commands == ["EHLO", ("MAIL", "waymark@council.test", ("BODY=8BITMIME",)), ("RCPT", "lucy@council.test"), "DATA"]
    assert len(smtp.messages) == 1
    recipients, raw = smtp.messages[0]
    assert recipients == ["lucy@council.test"]

    with database(waymark) as db:
        subject, body, state = db.execute("SELECT subject, body, state FROM reminders WHERE address = 'lucy@council.test'").fetchone()
    assert state == "sent"
    assert "\r\nBcc:" in subject and HOSTILE_MILESTONE in body  # what was stored was hostile

    # Exactly these headers, each on lines of at most 78 characters, and no other.
    head, _, _ = raw.partition(b"\r\n\r\n")
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert [name for name, _ in message.items()] == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                                                     "Content-Transfer-Encoding"]
    assert message["From"] == "Waymark <waymark@council.test>"
    assert message["To"] == "lucy@council.test"
    assert message["Bcc"] is None
    assert re.fullmatch(r"<[0-9A-F-]{36}@council\.test>", message["Message-ID"])
    assert b"\r\nContent-Type: text/plain; charset=utf-8\r\n" in head
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert message["Content-Transfer-Encoding"] == "8bit"
    # The Subject is the stored one on one line; it went as RFC 2047 encoded-words.
    assert b"Subject: =?UTF-8?B?" in head
    assert str(message["Subject"]) == one_line(subject)
    assert str(message["Subject"]).startswith("Q3 2017-18: please update ")
    assert "Eastbrook plan – Café Bcc: spy@evil.example . MAIL FROM:<spy@evil.example>" in str(message["Subject"])

    # The whole body arrived, non-ASCII included, each line ending CR LF; the lone dots were
    # doubled on the way and undoubled by the server.
    content = message.get_payload(decode=True).decode("utf-8")
    assert "\r" not in content.replace("\r\n", "")
    assert content.replace("\r\n", "\n") == body.replace("\r\n", "\n").replace("\r", "\n")
    assert "\n.\nMAIL FROM:<spy@evil.example>\n" in content.replace("\r\n", "\n")
    assert "\nRSET\n.hidden dot ☂ (deadline: " in content.replace("\r\n", "\n")
    assert content.replace("\r\n", "\n").endswith("Thank you,\nWaymark, for the Strategy, Policy and Performance team\n")
