"""A real Waymark server on a fresh SQLite file, and a real headless Chromium to drive it."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# A fictional plan with the shape of the 2017-18 Best Value plan; the council papers are not needed.
SHAPED_PLAN = os.path.join(ROOT, "Tests", "Fixtures", "eastbrook-improvement-plan-2017-18.txt")
ARTIFACTS = os.path.join(ROOT, "artifacts", "screenshots")
AXE = os.path.join(os.path.dirname(__import__("axe_playwright_python").__file__), "axe.min.js")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, folder):
        self.binary = binary
        self.folder = folder
        self.env = dict(os.environ, WAYMARK_DATABASE_URL=os.path.join(folder, "waymark.sqlite"), LOG_LEVEL="warning",
                        WAYMARK_BCRYPT_COST="6")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.admin_password = None
        # Passwords chosen in place of one-time passwords, by email address.
        self.passwords = {}

    def run(self, *args):
        return subprocess.run([self.binary, *args], env=self.env, cwd=self.folder, capture_output=True, text=True, check=True)

    def start(self):
        log = open(os.path.join(self.folder, "serve.log"), "w")
        self.process = subprocess.Popen([self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            raise RuntimeError("waymark serve did not start: " + open(os.path.join(self.folder, "serve.log")).read())
        output = open(os.path.join(self.folder, "serve.log")).read()
        match = re.search(r"Password:\s+(\S+)", output)
        self.admin_password = match.group(1) if match else None

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)


class MailCatcher:
    """Keeps every message a real SMTP server (aiosmtpd on 127.0.0.1) is sent."""

    def __init__(self):
        self.messages = []
        self.url = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8")))
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server():
    from aiosmtpd.controller import Controller

    catcher = MailCatcher()
    port = free_port()
    controller = Controller(catcher, hostname="127.0.0.1", port=port)
    controller.start()
    catcher.url = f"smtp://127.0.0.1:{port}"
    yield catcher
    controller.stop()


def signed_in_session(server, email, password):
    """A requests session signed in as a person would be, replacing a one-time password first."""
    password = server.passwords.get(email, password)
    session = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', session.get(server.url + "/sign-in").text).group(1)
    signed = session.post(server.url + "/sign-in", data={"csrf_token": token, "email": email, "password": password})
    if signed.url.endswith("/account/password"):
        token = re.search(r'name="csrf_token" value="([^"]+)"', signed.text).group(1)
        chosen = "chosen " + password
        changed = session.post(server.url + "/account/password", data={"csrf_token": token, "current_password": password,
                                                                         "new_password": chosen, "confirm_password": chosen})
        assert "Password changed" in changed.text, changed.text[:500]
        server.passwords[email] = chosen
    return session


def seeded_server():
    """A server on a new SQLite file holding the 2017-18 delivery plan."""
    binary = os.path.abspath(os.environ.get("WAYMARK_BINARY", os.path.join(ROOT, ".build", "debug", "waymark")))
    folder = tempfile.mkdtemp(prefix="waymark-e2e-")
    srv = Server(binary, folder)
    srv.run("import", SHAPED_PLAN)
    srv.start()
    assert srv.admin_password, "the first start should print the administrator's password"
    return srv


def serving():
    srv = seeded_server()
    yield srv
    srv.stop()
    shutil.rmtree(srv.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    yield from serving()


@pytest.fixture(scope="module")
def api_server():
    """A server of its own, because the contract test writes whatever the schema allows."""
    yield from serving()


def make_driver():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


class Pages:
    """Helpers a test uses as a person would: sign in, follow links, fill in forms."""

    def __init__(self, driver, server):
        self.driver = driver
        self.server = server

    def go(self, path):
        self.driver.get(self.server.url + path)

    def click_and_wait(self, element):
        """Clicks something that loads a new page, and waits until that page has fully loaded."""
        element.click()

        def replaced(_):
            # Chrome reports a detached node either as stale or as "does not belong to the document".
            try:
                element.is_enabled()
                return False
            except WebDriverException:
                return True

        WebDriverWait(self.driver, 15).until(replaced)
        WebDriverWait(self.driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def sign_in(self, email, password):
        """Signs in; a one-time password is replaced first, as Waymark requires, and remembered."""
        password = self.server.passwords.get(email, password)
        self.go("/sign-in")
        self.driver.find_element(By.ID, "email").send_keys(email)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        if self.driver.current_url.endswith("/account/password"):
            chosen = "chosen " + password
            self.driver.find_element(By.ID, "current_password").send_keys(password)
            self.driver.find_element(By.ID, "new_password").send_keys(chosen)
            self.driver.find_element(By.ID, "confirm_password").send_keys(chosen)
            self.click_and_wait(self.driver.find_element(By.XPATH, "//button[normalize-space()='Change password']"))
            assert "Password changed" in self.text(), self.text()
            self.server.passwords[email] = chosen

    def sign_out(self):
        self.click_and_wait(self.driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']"))

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def screenshot(self, name):
        os.makedirs(ARTIFACTS, exist_ok=True)
        self.driver.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))

    def axe(self):
        """Runs axe-core on the current page; returns serious and critical violations."""
        self.driver.execute_script(open(AXE).read())
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r)).catch(e => done({error: String(e)}));")
        assert "error" not in result, result
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]

    def check(self, name):
        """Screenshot the page and fail on serious or critical accessibility violations."""
        self.screenshot(name)
        bad = self.axe()
        assert not bad, f"{name}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad)

    def add_user(self, name, email, role_label, person=None):
        """As an administrator, adds an account and returns its one-time password."""
        self.go("/admin/users")
        self.driver.find_element(By.ID, "display_name").send_keys(name)
        self.driver.find_element(By.ID, "email").send_keys(email)
        self.driver.find_element(By.XPATH, f"//select[@id='role']/option[normalize-space()='{role_label}']").click()
        if person:
            self.driver.find_element(By.XPATH, f"//select[@id='person_id']/option[normalize-space()='{person}']").click()
        self.click_and_wait(self.driver.find_element(By.XPATH, "//button[normalize-space()='Add user']"))
        notice = WebDriverWait(self.driver, 15).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".notification code, .error-summary")))
        assert "error-summary" not in (notice.get_attribute("class") or ""), self.text()
        return notice.text


@pytest.fixture
def pages(browser, server):
    return Pages(browser, server)


def api_update_writer(server, headers, milestone, label, stop, acknowledged, lock):
    """Records progress updates on one milestone through the API until `stop` is set, adding
    (milestone, commentary) to `acknowledged` for each the server answered as saved. Errors from a
    server going away are expected and passed over: only an acknowledged write must last."""
    session = requests.Session()
    n = 0
    while not stop.is_set():
        n += 1
        text = f"{label} update {n}"
        try:
            current = session.get(f"{server.url}/api/v1/milestones/{milestone}", headers=headers, timeout=5)
            if current.status_code != 200:
                continue
            saved = session.post(f"{server.url}/api/v1/milestones/{milestone}/updates", headers=headers, timeout=5,
                                 json={"commentary": text, "version": current.json()["version"]})
            if saved.status_code in (200, 201):
                with lock:
                    acknowledged.append((milestone, text))
        except requests.RequestException:
            pass
