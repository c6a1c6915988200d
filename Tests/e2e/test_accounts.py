"""Accounts in a real browser: a one-time password changed first, one's own password, and an
administrator disabling an account while its owner is signed in."""
import pytest
from selenium.webdriver.common.by import By

from conftest import Pages, make_driver, serving


@pytest.fixture(scope="module")
def accounts_server():
    """A server of its own: these tests disable accounts and change passwords."""
    yield from serving()


@pytest.fixture
def two_browsers(accounts_server):
    first, second = make_driver(), make_driver()
    yield Pages(first, accounts_server), Pages(second, accounts_server)
    first.quit()
    second.quit()


def fill(pages, field, value):
    element = pages.driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(value)


def press(pages, label):
    pages.click_and_wait(pages.driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']"))


def test_a_one_time_password_is_changed_first_and_then_by_its_owner(two_browsers, accounts_server):
    admin, viewer = two_browsers
    # The administrator's own first password was printed by the server: it must be replaced first.
    admin.go("/sign-in")
    fill(admin, "email", "admin")
    fill(admin, "password", accounts_server.admin_password)
    press(admin, "Sign in")
    assert admin.driver.current_url.endswith("/account/password")
    assert "You signed in with a one-time password" in admin.text()
    admin.check("forced-password-change")
    admin.go("/plans")
    assert admin.driver.current_url.endswith("/account/password"), "nothing else opens before the change"
    fill(admin, "current_password", accounts_server.admin_password)
    fill(admin, "new_password", "short")
    fill(admin, "confirm_password", "short")
    press(admin, "Change password")
    assert "There is a problem" in admin.text()
    assert "at least 12 characters" in admin.text()
    admin.check("password-change-error")
    chosen = "town hall passphrase one"
    fill(admin, "current_password", accounts_server.admin_password)
    fill(admin, "new_password", chosen)
    fill(admin, "confirm_password", chosen)
    press(admin, "Change password")
    assert "Password changed" in admin.text()
    accounts_server.passwords["admin"] = chosen

    one_time = admin.add_user("Vic Viewer", "vic@council.test", "Viewer")
    viewer.sign_in("vic@council.test", one_time)  # replaces the one-time password, as required
    assert "Password changed" in viewer.text()

    # Later, Vic changes the password from "Your account".
    viewer.click_and_wait(viewer.driver.find_element(By.LINK_TEXT, "Your account"))
    viewer.check("your-account")
    viewer.click_and_wait(viewer.driver.find_element(By.LINK_TEXT, "Change your password"))
    fill(viewer, "current_password", "not my password")
    fill(viewer, "new_password", "vic's second passphrase")
    fill(viewer, "confirm_password", "vic's second passphrase")
    press(viewer, "Change password")
    assert "Your current password is not right" in viewer.text()
    fill(viewer, "current_password", accounts_server.passwords["vic@council.test"])
    fill(viewer, "new_password", "vic's second passphrase")
    fill(viewer, "confirm_password", "vic's second passphrase")
    press(viewer, "Change password")
    assert "Password changed" in viewer.text()
    accounts_server.passwords["vic@council.test"] = "vic's second passphrase"


def test_an_administrator_disables_an_account_while_it_is_in_use(two_browsers, accounts_server):
    admin, viewer = two_browsers
    admin.sign_in("admin", accounts_server.admin_password)
    viewer.sign_in("vic@council.test", "unused: the chosen password is remembered")
    viewer.go("/plans")
    assert "Sign in" not in viewer.driver.title

    admin.go("/admin/users")
    admin.click_and_wait(admin.driver.find_element(By.PARTIAL_LINK_TEXT, "Vic Viewer"))
    admin.check("user-account")
    press(admin, "Disable account")
    assert "Account disabled" in admin.text()
    assert "Disabled" in admin.driver.find_element(By.CSS_SELECTOR, ".summary-list").text

    # Vic's very next page is the sign-in page, and the password no longer opens Waymark.
    viewer.go("/plans")
    assert "/sign-in" in viewer.driver.current_url
    fill(viewer, "email", "vic@council.test")
    fill(viewer, "password", accounts_server.passwords["vic@council.test"])
    press(viewer, "Sign in")
    assert "The email address or password is not right" in viewer.text()

    press(admin, "Re-enable account")
    assert "Account re-enabled" in admin.text()
    viewer.sign_in("vic@council.test", accounts_server.passwords["vic@council.test"])
    viewer.go("/plans")
    assert "/sign-in" not in viewer.driver.current_url

    admin.go("/admin/audit")
    trail = admin.text()
    assert "Disabled the account vic@council.test" in trail
    assert "Re-enabled the account vic@council.test" in trail


def test_a_forgotten_password_is_replaced_through_an_emailed_link(browser, mail_server):
    """With a mail server and a public address set, "Forgotten your password?" sends a one-time link."""
    import os
    import re
    import shutil
    import tempfile
    import time

    from conftest import ROOT, Server

    handler = mail_server
    binary = os.path.abspath(os.environ.get("WAYMARK_BINARY", os.path.join(ROOT, ".build", "debug", "waymark")))
    srv = Server(binary, tempfile.mkdtemp(prefix="waymark-e2e-mail-"))
    srv.env.update(WAYMARK_SMTP_URL=mail_server.url, WAYMARK_MAIL_FROM="waymark@council.test", WAYMARK_PUBLIC_URL=srv.url)
    try:
        srv.run("create-user", "--email", "fay@council.test", "--name", "Fay Forgetful", "--role", "viewer")
        srv.start()
        pages = Pages(browser, srv)
        for address in ("nobody@council.test", "fay@council.test"):
            pages.go("/sign-in")
            pages.click_and_wait(browser.find_element(By.LINK_TEXT, "Forgotten your password?"))
            fill(pages, "email", address)
            press(pages, "Send the link")
            # The same words whether or not the address has an account.
            assert f"If {address} has a Waymark account, we have sent it a link" in pages.text()
        pages.check("forgotten-password-sent")
        deadline = time.monotonic() + 15
        while not handler.messages and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(handler.messages) == 1, "only the address with an account gets an email"
        recipients, content = handler.messages[0]
        assert recipients == ["fay@council.test"]
        link = re.search(r"(http://127\.0\.0\.1:\d+/sign-in/link/[0-9a-f]+)", content).group(1)

        browser.get(link)
        assert "Choose your password" in pages.text()
        pages.check("choose-password")
        fill(pages, "new_password", "fay remembers this one")
        fill(pages, "confirm_password", "fay remembers this one")
        press(pages, "Save password and sign in")
        assert "Password changed" in pages.text()
        browser.get(link)
        assert "This link cannot be used" in pages.text()
    finally:
        srv.stop()
        shutil.rmtree(srv.folder, ignore_errors=True)
