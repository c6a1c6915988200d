"""An independent review in a real browser: the performance officer sets it up, uploads evidence,
books two sessions (the clash is refused), and gives a peer access; the reviewer signs in, reads and
downloads the evidence, and is refused an administration page; a reviewer whose dates have passed
cannot sign in. axe-core finds no serious or critical problems on the new pages."""
import datetime
import os
import shutil

import requests
from selenium.webdriver.common.by import By

from conftest import Pages, make_driver, seeded_server

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def set_date(driver, field, day):
    # Typing into a date input depends on the browser's locale; setting its value does not.
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", field, day.isoformat())


def button(driver, label):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")


def test_a_review_is_set_up_and_a_reviewer_reads_its_evidence():
    srv = seeded_server()
    driver = make_driver()
    today = datetime.date.today()
    try:
        admin = Pages(driver, srv)
        admin.sign_in("admin", srv.admin_password)
        officer_password = admin.add_user("Pat Officer", "pat@council.test", "Performance officer")
        admin.sign_out()

        po = Pages(driver, srv)
        po.sign_in("pat@council.test", officer_password)
        po.go("/reviews")
        po.check("reviews")
        driver.find_element(By.ID, "kind").click()
        driver.find_element(By.ID, "title").send_keys("LGA Corporate Peer Challenge")
        driver.find_element(By.XPATH, "//select[@id='plan_id']/option[2]").click()
        po.click_and_wait(button(driver, "Set up review"))
        assert "Understanding of the local place and priority setting" in po.text(), po.text()[:1000]
        review = driver.current_url.rstrip("/").split("/")[-1]
        po.check("review")

        # The visit runs from today for four days, written as the paper writes dates.
        po.click_and_wait(driver.find_element(By.CSS_SELECTOR, "a[href^='/review-activities/']"))
        end = today + datetime.timedelta(days=3)
        deadline = driver.find_element(By.ID, "deadline")
        deadline.clear()
        deadline.send_keys(f"{today.day} {today:%B %Y} - {end.day} {end:%B %Y}")
        po.check("review-activity")
        po.click_and_wait(button(driver, "Save"))
        assert "On Target" in po.text()

        # Evidence, filed under the first theme.
        path = os.path.join(srv.folder, "strategic plan.pdf")
        with open(path, "wb") as f:
            f.write(PDF)
        po.go(f"/reviews/{review}/evidence")
        driver.find_element(By.ID, "title").send_keys("Strategic Plan 2018-21")
        driver.find_element(By.ID, "theme_ids").click()
        driver.find_element(By.ID, "file").send_keys(path)
        po.click_and_wait(button(driver, "Add evidence"))
        assert "strategic plan.pdf" in po.text() and "1 (latest)" in po.text(), po.text()[:1000]
        document_url = driver.current_url
        po.check("evidence-document")
        po.go(f"/reviews/{review}/evidence")
        po.check("evidence-library")

        # The Board paper, as a page and as a PDF printed by Chromium.
        po.go(f"/reviews/{review}/paper")
        assert "peer challenge preparation" in po.text() and "Strategic Plan 2018-21" in po.text()
        po.check("review-paper")
        session = requests.Session()
        for cookie in driver.get_cookies():
            session.cookies.set(cookie["name"], cookie["value"])
        printed = session.get(srv.url + f"/reviews/{review}/paper.pdf")
        assert printed.status_code == 200 and printed.content.startswith(b"%PDF"), printed.text[:300]

        # Two sessions in one room at overlapping times: the second is refused, naming the first.
        po.go(f"/reviews/{review}/schedule")
        driver.find_element(By.ID, "room_name").send_keys("MP602")
        driver.find_element(By.ID, "purpose-2").click()
        po.click_and_wait(button(driver, "Add room"))
        for title, starts, ends in (("Finance and resources", "09:30", "10:30"), ("Leadership", "10:00", "11:00")):
            driver.find_element(By.ID, "session_title").send_keys(title)
            set_date(driver, "day", today)
            driver.find_element(By.ID, "starts").send_keys(starts)
            driver.find_element(By.ID, "ends").send_keys(ends)
            driver.find_element(By.XPATH, "//select[@id='room_id']/option[normalize-space()='MP602']").click()
            po.click_and_wait(button(driver, "Book session"))
        summary = driver.find_element(By.CSS_SELECTOR, ".error-summary").text
        assert 'Room MP602 is already booked for "Finance and resources"' in summary, summary
        po.check("schedule-clash")
        po.go(f"/reviews/{review}/schedule/{today.isoformat()}")
        assert "Finance and resources" in po.text() and "MP602" in po.text()
        po.check("agenda")
        agenda = session.get(srv.url + f"/reviews/{review}/schedule/{today.isoformat()}/agenda.pdf")
        assert agenda.status_code == 200 and agenda.content.startswith(b"%PDF"), agenda.text[:300]

        # A peer, and their access for yesterday to tomorrow.
        po.go(f"/reviews/{review}")
        driver.find_element(By.ID, "name").send_keys("Ros Jones")
        driver.find_element(By.ID, "role").send_keys("Mayor")
        driver.find_element(By.ID, "organisation").send_keys("Doncaster MBC")
        po.click_and_wait(button(driver, "Add peer"))
        po.go(f"/reviews/{review}/reviewers")
        driver.find_element(By.XPATH, "//select[@id='peer_id']/option[2]").click()
        driver.find_element(By.ID, "email").send_keys("ros@doncaster.example")
        set_date(driver, "valid_from", today - datetime.timedelta(days=1))
        set_date(driver, "valid_until", today + datetime.timedelta(days=1))
        po.click_and_wait(button(driver, "Give access"))
        reviewer_password = driver.find_element(By.CSS_SELECTOR, ".notification code").text
        po.check("reviewer-access")
        po.sign_out()

        # The reviewer reads and downloads the evidence, and is refused administration.
        reviewer = Pages(driver, srv)
        reviewer.sign_in("ros@doncaster.example", reviewer_password)
        reviewer.go(f"/reviews/{review}")
        assert "LGA Corporate Peer Challenge" in reviewer.text()
        reviewer.check("review-as-reviewer")
        reviewer.go(f"/reviews/{review}/evidence")
        reviewer.click_and_wait(driver.find_element(By.LINK_TEXT, "Strategic Plan 2018-21"))
        assert driver.current_url == document_url
        link = driver.find_element(By.LINK_TEXT, "strategic plan.pdf").get_attribute("href")
        session = requests.Session()
        for cookie in driver.get_cookies():
            session.cookies.set(cookie["name"], cookie["value"])
        downloaded = session.get(link)
        assert downloaded.status_code == 200 and downloaded.content == PDF
        assert downloaded.headers["Content-Disposition"].startswith("attachment;")
        reviewer.check("evidence-as-reviewer")
        reviewer.go("/admin/users")
        assert "Your reviewer access covers" in reviewer.text(), reviewer.text()[:500]
        reviewer.go("/plans/1/periods")
        assert "Your reviewer access covers" in reviewer.text()
        reviewer.sign_out()

        # The team sees who read what.
        po.sign_in("pat@council.test", officer_password)
        po.go(f"/reviews/{review}/reads")
        assert "Ros Jones (ros@doncaster.example)" in po.text() and "Downloaded version 1" in po.text(), po.text()[:1000]
        po.check("reads")

        # The review's other pages are accessible too: a recommendation with its milestone form,
        # a theme's form, the interviewees, the review's details and a room's agenda.
        po.go(f"/reviews/{review}")
        driver.find_element(By.XPATH, "//summary[normalize-space()='Add a finding or recommendation']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='finding_kind-2']").click()
        driver.find_element(By.ID, "finding_text").send_keys("Agree a single corporate plan with clear priorities.")
        po.click_and_wait(driver.find_element(By.XPATH, "//form[contains(@action, '/findings')]//button"))
        po.click_and_wait(driver.find_element(By.CSS_SELECTOR, "a[href^='/review-findings/']"))
        assert "Agree a single corporate plan" in po.text() and "Add milestone" in po.text(), po.text()[:800]
        po.check("recommendation")
        po.go(f"/reviews/{review}")
        po.click_and_wait(driver.find_element(By.CSS_SELECTOR, "a[href^='/review-themes/']"))
        po.check("review-theme")
        for path, name in [(f"/reviews/{review}/interviewees", "interviewees"), (f"/reviews/{review}/details", "review-details")]:
            po.go(path)
            po.check(name)
        po.go(f"/reviews/{review}/schedule")
        po.click_and_wait(driver.find_element(By.CSS_SELECTOR, "a[href*='/rooms/'][href$='/agenda']"))
        po.check("room-agenda")
        po.sign_out()

        # A reviewer whose last day has passed cannot sign in, and is told why.
        made = srv.run("create-user", "--email", "mary@lga.example", "--name", "Mary Ney", "--role", "reviewer", "--review", review,
                       "--valid-from", (today - datetime.timedelta(days=30)).isoformat(),
                       "--valid-until", (today - datetime.timedelta(days=1)).isoformat())
        password = made.stdout.strip().split()[-1]
        late = Pages(driver, srv)
        late.go("/sign-in")
        driver.find_element(By.ID, "email").send_keys("mary@lga.example")
        driver.find_element(By.ID, "password").send_keys(password)
        late.click_and_wait(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        ended = (today - datetime.timedelta(days=1))
        assert f"Your reviewer access ended on {ended.day} {ended:%b %Y}" in late.text(), late.text()[:500]
        late.check("reviewer-expired")
    finally:
        driver.quit()
        srv.stop()
        shutil.rmtree(srv.folder, ignore_errors=True)
