"""The warning before an idle sign-out (WCAG 2.2.1), in a real browser, and typing kept across one.

The server ends a session after WAYMARK_SESSION_IDLE_MINUTES without a request; here one minute,
so the page warns 15 seconds before. "Stay signed in" keeps the session; letting it run out
goes to the sign-in page, and after signing in again the form has its typing back."""
import shutil
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import Pages, make_driver, seeded_server


@pytest.fixture(scope="module")
def short_sessions(monkeypatch_module):
    monkeypatch_module.setenv("WAYMARK_SESSION_IDLE_MINUTES", "1")
    srv = seeded_server()
    yield srv
    srv.stop()
    shutil.rmtree(srv.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def monkeypatch_module():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def dialog(driver, timeout):
    return WebDriverWait(driver, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=alertdialog]") or False)[0]


def test_the_page_warns_before_signing_out_and_keeps_what_was_typed(short_sessions):
    driver = make_driver()
    try:
        pages = Pages(driver, short_sessions)
        pages.sign_in("admin", short_sessions.admin_password)
        pages.go("/admin/users")
        driver.find_element(By.ID, "display_name").send_keys("Dana Draft")
        driver.find_element(By.ID, "email").send_keys("dana@council.test")

        warning = dialog(driver, 60)
        assert "You are about to be signed out" in warning.text
        assert "Waymark will sign you out in" in warning.text
        assert driver.switch_to.active_element.get_attribute("id") == "timeout-stay"
        pages.check("session-timeout-warning")
        warning.find_element(By.ID, "timeout-stay").click()
        WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[role=alertdialog]"))
        # The next warning comes after the minute from the page's own request: the server kept the
        # session, so staying works again (a lapsed session would answer with the sign-in page).
        dialog(driver, 60).find_element(By.ID, "timeout-stay").click()
        WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[role=alertdialog]"))
        assert "/admin/users" in driver.current_url

        # This time nobody answers: the page goes to sign in again, saying why.
        dialog(driver, 60)
        WebDriverWait(driver, 30).until(lambda d: "/sign-in?timed_out=1" in d.current_url)
        assert "You have been signed out" in pages.text()
        # Signing in on that page returns to the form.
        driver.find_element(By.ID, "email").send_keys("admin")
        driver.find_element(By.ID, "password").send_keys(short_sessions.passwords["admin"])
        pages.click_and_wait(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        assert driver.current_url.endswith("/admin/users"), driver.current_url
        assert driver.find_element(By.ID, "display_name").get_attribute("value") == "Dana Draft"
        assert driver.find_element(By.ID, "email").get_attribute("value") == "dana@council.test"
        assert "Your typing has been put back" in pages.text()
        pages.check("session-timeout-restored")
    finally:
        driver.quit()
