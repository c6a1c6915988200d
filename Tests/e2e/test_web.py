"""Waymark in a real browser: the journeys people take, and axe-core on every page they see."""
import re

import pytest
import requests
from selenium.webdriver.common.by import By

from conftest import signed_in_session, Pages, make_driver

MILESTONE = "Test the electoral register audit"


@pytest.fixture(scope="session")
def accounts(server):
    """The administrator adds a lead officer, a performance officer and a board member in the UI."""
    driver = make_driver()
    try:
        admin = Pages(driver, server)
        admin.sign_in("admin", server.admin_password)
        made = {
            "lead": ("lucy@council.test", admin.add_user("Lucy Marsh", "lucy@council.test", "Lead officer", person="Lucy Marsh")),
            "officer": ("po@council.test", admin.add_user("Pat Officer", "po@council.test", "Performance officer")),
            "board": ("board@council.test", admin.add_user("Bea Board", "board@council.test", "Board member")),
        }
        admin.check("users-after-adding")
        return made
    finally:
        driver.quit()


def summary_sentence(pages):
    return pages.driver.find_element(By.CSS_SELECTOR, "p.lead").text


def open_milestone(pages, title=MILESTONE):
    pages.go("/plans/1/milestones?q=" + requests.utils.quote(title))
    pages.click_and_wait(pages.driver.find_element(By.LINK_TEXT, title))
    return pages.driver.current_url.split("?")[0].rstrip("/").split("/")[-1]


def click(pages, xpath):
    """Clicks a button or link and waits for the next page to replace this one."""
    pages.click_and_wait(pages.driver.find_element(By.XPATH, xpath))


def set_date(pages, field, iso):
    element = pages.driver.find_element(By.ID, field)
    pages.driver.execute_script("arguments[0].value = arguments[1]", element, iso)


def test_lead_officer_records_an_update_and_the_dashboard_changes(pages, accounts):
    email, password = accounts["lead"]
    pages.sign_in(email, password)
    pages.go("/plans/1?as_of=2017-12-31")
    assert "31% of milestones are completed or on target (36 of 115)" in summary_sentence(pages)
    pages.check("dashboard")

    milestone_id = open_milestone(pages)
    pages.check("milestone")
    click(pages, "//a[normalize-space()='Record an update']")
    pages.check("update-form")
    pages.driver.find_element(By.ID, "commentary").send_keys("Count training delivered to all accountants.")
    set_date(pages, "completed", "2017-05-25")
    click(pages, "//button[normalize-space()='Check the status this gives']")
    preview = pages.driver.find_element(By.ID, "status-preview").text
    assert "Completed on 25 May 2017, by the deadline of 31 May 2017" in preview
    pages.check("update-preview")
    click(pages, "//button[normalize-space()='Save update']")
    assert pages.driver.current_url.endswith(f"/milestones/{milestone_id}?updated=1")
    assert "Count training delivered to all accountants." in pages.text()

    pages.go("/plans/1?as_of=2017-12-31")
    assert "32% of milestones are completed or on target (37 of 115)" in summary_sentence(pages)
    completed_cell = pages.driver.find_element(By.XPATH, "//table[@id='status-table']//tr[th[normalize-space()='Elections']]/td[1]").text
    assert completed_cell == "1"
    pages.check("dashboard-after-update")


def test_update_errors_use_the_error_summary(pages, accounts):
    email, password = accounts["lead"]
    pages.sign_in(email, password)
    open_milestone(pages, "Set up the meet-and-greet rota")
    click(pages, "//a[normalize-space()='Record an update']")
    pages.driver.find_element(By.ID, "proposed_deadline").send_keys("sometime soon")
    click(pages, "//button[normalize-space()='Save update']")
    summary = pages.driver.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert "Enter a progress commentary" in summary
    assert "Proposed revised deadline" in summary
    assert pages.driver.title.startswith("Error: ")
    pages.check("update-errors")


def test_board_member_reads_but_cannot_edit(pages, accounts):
    email, password = accounts["board"]
    pages.sign_in(email, password)
    milestone_id = open_milestone(pages)
    assert not pages.driver.find_elements(By.LINK_TEXT, "Record an update")
    pages.go(f"/milestones/{milestone_id}/update")
    assert "You cannot do this" in pages.text()
    pages.check("forbidden")


def test_a_conflicting_edit_shows_the_conflict_page(pages, accounts, server):
    email, password = accounts["lead"]
    pages.sign_in(email, password)
    open_milestone(pages, "Consult on the project group's terms")
    click(pages, "//a[normalize-space()='Record an update']")
    form_url = pages.driver.current_url

    # Meanwhile the performance officer saves an update from another browser.
    officer_email, officer_password = accounts["officer"]
    other = signed_in_session(server, officer_email, officer_password)
    page = other.get(form_url).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    saved = other.post(form_url, data={"csrf_token": token, "version": version, "intent": "save",
                                       "commentary": "Moved to March", "forecast": "2018-03-15"}, allow_redirects=False)
    assert saved.status_code == 303

    pages.driver.find_element(By.ID, "commentary").send_keys("Printed and sent.")
    click(pages, "//button[normalize-space()='Save update']")
    heading = pages.driver.find_element(By.TAG_NAME, "h1").text
    assert "This milestone was changed by Pat Officer (po@council.test)" in heading
    assert "Your update has not been saved" in pages.text()
    pages.check("conflict")


def sweep(pages, email, password, visits):
    """Signs in, checks each page with axe and saves its screenshot, then signs out."""
    pages.sign_in(email, password)
    for name, path in visits:
        pages.go(path)
        pages.check(name)
    pages.sign_out()


def test_every_page_passes_axe(pages, accounts, server):
    pages.go("/sign-in")
    pages.check("sign-in")
    sweep(pages, "admin", server.admin_password,
          [("plans", "/plans"), ("milestones", "/plans/1/milestones?status=overdue&as_of=2017-12-31"),
           ("my-milestones-none", "/my-milestones"), ("users", "/admin/users"), ("audit", "/admin/audit"),
           ("tokens", "/account/tokens"), ("not-found", "/plans/999")])
    sweep(pages, *accounts["officer"],
          [("structure", "/plans/1/structure"), ("people", "/people"), ("person", "/people/1"),
           ("edit-milestone", "/milestones/1/edit"), ("new-milestone", "/activities/1/milestones/new")])
    email, password = accounts["lead"]
    pages.sign_in(email, password)
    pages.go("/my-milestones")
    assert "Needs an update this quarter" in pages.text()
    pages.check("my-milestones")
