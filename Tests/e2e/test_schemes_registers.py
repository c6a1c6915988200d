"""Another council's words and a register of cases, in a real browser: the performance officer
moves the plan to the RAG scheme on its settings page (a bad threshold is named in the error
summary first), suspends a milestone by decision with the Board's minute, starts the Clear Up
Project's register, adds an allegation and closes it. axe-core finds no serious or critical
problems on any of the new pages, their error states included."""
import datetime

from selenium.webdriver.common.by import By

from conftest import Pages, make_driver, seeded_server


def button(driver, label):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")


def label(driver, text):
    return driver.find_element(By.XPATH, f"//label[contains(normalize-space(), '{text}')]")


def test_a_plan_in_rag_words_with_a_decision_and_a_register():
    srv = seeded_server()
    driver = make_driver()
    try:
        admin = Pages(driver, srv)
        admin.sign_in("admin", srv.admin_password)
        password = admin.add_user("Pat Officer", "pat@council.test", "Performance officer")
        admin.sign_out()
        po = Pages(driver, srv)
        po.sign_in("pat@council.test", password)

        po.go("/plans/1/settings")
        po.check("plan-settings")
        label(driver, "RAG, with Rescheduled").click()
        driver.find_element(By.ID, "green_minimum").send_keys("eighty")
        po.click_and_wait(button(driver, "Save settings"))
        assert "There is a problem" in po.text() and "The GREEN threshold must be a whole number" in po.text(), po.text()[:800]
        po.check("plan-settings-errors")
        field = driver.find_element(By.ID, "green_minimum")
        field.clear()
        field.send_keys("75")
        label(driver, "RAG, with Rescheduled").click()
        po.click_and_wait(button(driver, "Save settings"))
        assert "Settings saved" in po.text(), po.text()[:800]

        po.go("/plans/1")
        assert "Amber" in po.text() and "Overdue" not in po.text()
        po.check("dashboard-rag")

        po.go("/milestones/1")
        po.click_and_wait(driver.find_element(By.LINK_TEXT, "Set or clear a status by decision"))
        po.check("decision")
        label(driver, "Suspended").click()
        po.click_and_wait(button(driver, "Save the decision"))
        assert "Enter the reason for the decision" in po.text(), po.text()[:800]
        po.check("decision-errors")
        label(driver, "Suspended").click()
        driver.find_element(By.ID, "reason").send_keys("Improvement Board minute 7.2: paused until the audit reports")
        po.click_and_wait(button(driver, "Save the decision"))
        assert "Decision saved" in po.text() and "Suspended, by decision: Improvement Board minute 7.2" in po.text(), po.text()[:800]
        po.check("milestone-decided")

        po.go("/plans/1/registers")
        po.check("registers")
        driver.find_element(By.ID, "name").send_keys("Clear Up Project allegations")
        po.click_and_wait(button(driver, "Start the register"))
        assert "0 items: 0 open" in po.text(), po.text()[:800]
        po.check("register")
        po.click_and_wait(button(driver, "Add the item"))
        assert "There is a problem" in po.text() and "Enter the item's reference" in po.text()
        po.check("register-errors")
        driver.find_element(By.ID, "reference").send_keys("CU-001")
        driver.find_element(By.ID, "title").send_keys("Grant awarded without a declared interest")
        driver.find_element(By.ID, "notes").send_keys("Referred by a whistleblower")
        po.click_and_wait(button(driver, "Add the item"))
        assert "Item added" in po.text() and "Referred by a whistleblower" in driver.page_source
        po.check("register-item")
        label(driver, "Closed (closes the item)").click()
        driver.find_element(By.ID, "note").send_keys("No further action")
        po.click_and_wait(button(driver, "Move the item"))
        assert "Item moved" in po.text() and "No further action" in po.text(), po.text()[:800]
        po.check("register-item-moved")
        po.go("/plans/1/registers")
        assert "Clear Up Project allegations" in po.text()
    finally:
        driver.quit()
        srv.stop()
