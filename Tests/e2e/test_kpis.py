"""Measurable outcomes in a real browser: the owner enters a value, sees its rating and chart
change, and axe-core finds no serious or critical problems on the KPI pages."""
import os
import shutil

import pytest
from selenium.webdriver.common.by import By

from conftest import Pages, make_driver, seeded_server

OUTCOMES = """KPI,Area,Unit,Polarity,Frequency,Owner,Period,Value,Target,Tolerance,Benchmark,Benchmark source,Commentary
E-newsletter open rate,Communications,percentage,higher,quarterly,Lucy Marsh,Q1 2017-18,31,30,10%,22.38,Government industry standard,
E-newsletter open rate,Communications,percentage,higher,quarterly,Lucy Marsh,Q2 2017-18,35.5,30,10%,22.38,Government industry standard,New template
Media coverage positive or neutral,Communications,percentage,higher,quarterly,,Q2 2017-18,89,90,5%,,,
"""


@pytest.fixture(scope="module")
def kpi_server():
    srv = seeded_server()
    path = os.path.join(srv.folder, "outcomes.csv")
    with open(path, "w") as f:
        f.write(OUTCOMES)
    srv.run("import-kpis", path, "--plan", "1")
    yield srv
    srv.stop()
    shutil.rmtree(srv.folder, ignore_errors=True)


def test_the_owner_enters_a_value_and_the_rating_and_chart_change(kpi_server):
    driver = make_driver()
    try:
        admin = Pages(driver, kpi_server)
        admin.sign_in("admin", kpi_server.admin_password)
        lucy_password = admin.add_user("Lucy Marsh", "lucy.kpi@council.test", "Lead officer", person="Lucy Marsh")
        admin.sign_out()

        lucy = Pages(driver, kpi_server)
        lucy.sign_in("lucy.kpi@council.test", lucy_password)
        lucy.go("/plans/1/kpis")
        assert "E-newsletter open rate" in lucy.text()
        assert "GREEN" in lucy.text() and "Improving" in lucy.text()
        lucy.check("kpi-table")

        lucy.click_and_wait(driver.find_element(By.LINK_TEXT, "E-newsletter open rate"))
        chart = driver.find_element(By.CSS_SELECTOR, "svg.kpi-chart")
        assert chart.get_attribute("role") == "img"
        points_before = len(chart.find_elements(By.TAG_NAME, "circle"))
        lucy.check("kpi-page")

        # RED without a commentary is refused with the error summary; with one it is saved.
        driver.find_element(By.ID, "period").send_keys("Q3 2017-18")
        driver.find_element(By.ID, "value").send_keys("20")
        lucy.click_and_wait(driver.find_element(By.XPATH, "//button[normalize-space()='Save value']"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".error-summary")
        assert summary, lucy.text()[:1500]
        summary = summary[0]
        assert "say in the commentary what is being done about it" in summary.text
        lucy.check("kpi-value-error")
        driver.find_element(By.ID, "commentary").send_keys("Subscriber list cleaned; relaunch in January.")
        lucy.click_and_wait(driver.find_element(By.XPATH, "//button[normalize-space()='Save value']"))
        assert "Value saved" in lucy.text()
        row = driver.find_element(By.XPATH, "//table[contains(@id,'-table')]//tr[th[normalize-space()='Q3 2017-18']]")
        assert "RED" in row.text and "Worsening" in row.text and "(provisional)" in row.text
        assert len(driver.find_element(By.CSS_SELECTOR, "svg.kpi-chart").find_elements(By.TAG_NAME, "circle")) == points_before + 1
        lucy.check("kpi-page-after-value")
    finally:
        driver.quit()
