"""Starting a successor plan in a real browser: the performance officer fills in the form, the
new plan's dashboard names the one it continues, the old one is closed with its final figures,
and axe-core finds no serious or critical problems on the form or either dashboard."""
import pytest
from selenium.webdriver.common.by import By

from conftest import Pages, make_driver, serving


@pytest.fixture(scope="module")
def successor_server():
    """A server of its own: closing the plan changes what other tests would see."""
    yield from serving()


def test_a_successor_plan_is_started_through_the_form(successor_server):
    driver = make_driver()
    try:
        admin = Pages(driver, successor_server)
        admin.sign_in("admin", successor_server.admin_password)
        password = admin.add_user("Pat Officer", "successor.po@council.test", "Performance officer")
        admin.sign_out()

        officer = Pages(driver, successor_server)
        officer.sign_in("successor.po@council.test", password)
        officer.go("/plans/1")
        officer.click_and_wait(driver.find_element(By.PARTIAL_LINK_TEXT, "Start a successor plan"))
        boxes = driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name^=carry_]")
        # The fixture plan's 115 milestones are all open, so every one is offered and ticked.
        assert len(boxes) == 115 and all(box.is_selected() for box in boxes)
        officer.check("successor-form")

        # A title is needed: the error summary says so and links to the field.
        officer.click_and_wait(driver.find_element(By.XPATH, "//button[normalize-space()='Start the new plan and close this one']"))
        summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
        assert "Enter the new plan's title" in summary.text
        assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#title")
        officer.check("successor-form-error")

        # One milestone ends with this plan; the rest go forward.
        driver.find_element(By.ID, "title").send_keys("Eastbrook Improvement Plan 2018-19")
        driver.find_element(By.ID, "period_label").send_keys("2018-19")
        last = driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name^=carry_]")[-1]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", last)
        last.click()
        officer.click_and_wait(driver.find_element(By.XPATH, "//button[normalize-space()='Start the new plan and close this one']"))
        text = officer.text()
        assert "New plan started" in text, text[:1500]
        assert "Continues Eastbrook Borough Council Improvement Plan 2017-18: 114 milestones carried forward." in text, text[:1500]
        officer.check("successor-new-dashboard")

        officer.click_and_wait(driver.find_element(By.LINK_TEXT, "Eastbrook Borough Council Improvement Plan 2017-18"))
        text = officer.text()
        assert "This plan is closed" in text and "Its work continues in Eastbrook Improvement Plan 2018-19." in text, text[:1500]
        assert "114 carried forward to Eastbrook Improvement Plan 2018-19" in text and "1 ended with the plan" in text, text[:1500]
        assert not driver.find_elements(By.PARTIAL_LINK_TEXT, "Start a successor plan")
        officer.check("successor-old-dashboard")

        officer.go("/plans")
        assert "Closed" in officer.text()
    finally:
        driver.quit()
