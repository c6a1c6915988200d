"""Closing a quarter and producing the Board pack, in a real browser, with axe on each page;
then the pack's PDF and spreadsheet checked with the tools a council would open them in."""
import datetime
import io
import os
import re
import shutil
import subprocess
import tempfile

import openpyxl
import openpyxl.utils
import pytest
import requests
from selenium.webdriver.common.by import By

from conftest import signed_in_session, Pages, make_driver, serving

TRAINING = "Test the electoral register audit"
INTRANET = "Set up the new intranet"


@pytest.fixture(scope="module")
def reporting_server():
    """A server of its own: closing a quarter changes what other tests would see."""
    yield from serving()


@pytest.fixture(scope="module")
def officer(reporting_server):
    driver = make_driver()
    try:
        admin = Pages(driver, reporting_server)
        admin.sign_in("admin", reporting_server.admin_password)
        # Lucy Marsh's account gives her reminders an address.
        admin.add_user("Lucy Marsh", "lucy@council.test", "Lead officer", person="Lucy Marsh")
        return "po@council.test", admin.add_user("Pat Officer", "po@council.test", "Performance officer")
    finally:
        driver.quit()


def click(pages, xpath):
    pages.click_and_wait(pages.driver.find_element(By.XPATH, xpath))


def fill(pages, field, text):
    element = pages.driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(text)


def propose(pages, title, deadline):
    pages.go("/plans/1/milestones?q=" + requests.utils.quote(title))
    pages.click_and_wait(pages.driver.find_element(By.LINK_TEXT, title))
    click(pages, "//a[normalize-space()='Record an update']")
    fill(pages, "commentary", "Supplier delay")
    fill(pages, "proposed_deadline", deadline)
    fill(pages, "proposed_reason", "Supplier delay")
    click(pages, "//button[@value='save']")


def session_for(pages):
    """A requests session carrying the browser's sign-in, for downloads."""
    session = requests.Session()
    for cookie in pages.driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    return session


def test_closing_a_quarter_and_producing_the_board_pack(browser, reporting_server, officer):
    pages = Pages(browser, reporting_server)
    pages.sign_in(*officer)
    propose(pages, TRAINING, "Mar-18")
    propose(pages, INTRANET, "Jun-18")

    pages.go("/plans/1/periods")
    pages.check("periods")
    click(pages, "//button[normalize-space()='Open Q3 2017-18 for updates']")
    click(pages, "//a[normalize-space()='Draft report']")
    assert "Draft" in pages.text()
    pages.check("period-draft")
    pages.go("/plans/1/periods")
    click(pages, "//button[normalize-space()='Close Q3 2017-18 and freeze it']")
    # No narrative has been written, so closing warns first and needs confirming.
    assert "Close Q3 2017-18 without a full narrative?" in pages.text()
    pages.check("period-close-warning")
    click(pages, "//button[starts-with(normalize-space(), 'Close Q3 2017-18 without a narrative for')]")
    assert "Frozen when the period closed: statuses as at 31 Dec 2017" in pages.text()
    pages.check("period-closed")
    period_url = pages.driver.current_url

    pages.go("/boards")
    fill(pages, "name", "Best Value Improvement Board")
    pages.driver.find_element(By.XPATH, "//select[@id='kind']/option[normalize-space()='Improvement board']").click()
    fill(pages, "chair", "The Mayor")
    click(pages, "//button[normalize-space()='Add board']")
    pages.check("board")
    pages.driver.execute_script("document.getElementById('held_on').value = '2017-12-18'")
    click(pages, "//button[normalize-space()='Add meeting']")
    fill(pages, "title", "Eastbrook Borough Council Improvement Plan 2017-18 – October to December 2017 update")
    pages.driver.find_element(By.ID, "ask-3").click()
    pages.driver.find_element(By.XPATH, "//select[@id='period_id']/option[contains(., 'Q3 2017-18')]").click()
    click(pages, "//button[normalize-space()='Add item']")

    # Deciding without choosing shows the error summary; then one is agreed and one rejected.
    forms = pages.driver.find_elements(By.XPATH, "//form[contains(@action, '/revisions/')]")
    assert len(forms) == 2
    pages.click_and_wait(forms[0].find_element(By.TAG_NAME, "button"))
    assert "There is a problem" in pages.text()
    pages.check("meeting-error")
    forms = pages.driver.find_elements(By.XPATH, "//form[contains(@action, '/revisions/')]")
    forms[0].find_element(By.XPATH, ".//input[@value='agreed']").click()
    forms[0].find_element(By.XPATH, ".//input[@type='text']").send_keys("BVIB 5.2")
    pages.click_and_wait(forms[0].find_element(By.TAG_NAME, "button"))
    form = pages.driver.find_element(By.XPATH, "//form[contains(@action, '/revisions/')]")
    form.find_element(By.XPATH, ".//input[@value='rejected']").click()
    form.find_element(By.XPATH, ".//input[@type='text']").send_keys("BVIB 5.3")
    pages.click_and_wait(form.find_element(By.TAG_NAME, "button"))
    assert "Decided at this meeting (2)" in pages.text()
    pages.check("meeting")

    pages.driver.get(period_url)
    click(pages, "//a[normalize-space()='Board report pack']")
    text = pages.text()
    assert "Eastbrook Borough Council Improvement Plan 2017-18 – October to December 2017 Update" in text
    assert "31% of milestones are completed or on target (36 of 115)" in text
    assert "Agreed 18 Dec 2017, minute BVIB 5.2" in text and "Rejected 18 Dec 2017, minute BVIB 5.3" in text
    pages.check("board-pack")
    pages.go("/plans/1/governance")
    assert "Closed Q3 2017-18" in pages.text()
    pages.check("governance-trail")
    pages.go(period_url.replace(reporting_server.url, "") + "/narrative")
    pages.check("narrative")
    pages.go("/import")
    pages.check("import")
    pages.go("/admin/outbox")
    assert "Waiting" in pages.text()
    pages.check("outbox")
    pages.go("/directions")
    fill(pages, "title", "Directions of 16 January 2017")
    pages.driver.execute_script("document.getElementById('given_on').value = '2017-01-16'; document.getElementById('expires_on').value = '2018-09-30'")
    fill(pages, "requirements", "Quarterly update reports")
    click(pages, "//button[normalize-space()='Record Directions']")
    fill(pages, "title", "The third quarterly update report")
    pages.driver.execute_script("document.getElementById('due_on').value = '2017-12-22'")
    click(pages, "//button[normalize-space()='Add submission']")
    assert "Overdue" in pages.text()
    pages.check("directions")

    session = session_for(pages)
    pack = period_url + "/pack"
    workbook_bytes = session.get(pack + ".xlsx").content
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    assert workbook.sheetnames == ["Summary", "Elections", "Communications", "Property", "Grants", "Organisational Culture"]
    assert sum(workbook[name].max_row - 1 for name in workbook.sheetnames[1:]) == 115
    elections = workbook["Elections"]
    headings = [c.value for c in elections[1]]
    rows = [[c.value for c in row] for row in elections.iter_rows(min_row=2)]
    training = next(r for r in rows if r[headings.index("Key milestone")] == TRAINING)
    # The deadline stays as the plan words it; counts are numbers a spreadsheet can add up.
    assert training[headings.index("Deadline")] == "May-17"
    assert training[headings.index("Activity number")] == 1 and isinstance(training[headings.index("Times re-timed")], int)
    summary = workbook["Summary"]
    summary_headings = [c.value for c in summary[4]]
    total = next(r for r in summary.iter_rows(min_row=5, values_only=True) if r[0] == "Total")
    assert total[summary_headings.index("Active")] == 115 and total[summary_headings.index("% completed or on target")] == 31
    # Headings stay in view while scrolling, and every column has a width set.
    assert summary.freeze_panes == "A5"
    for sheet in workbook.worksheets[1:]:
        assert sheet.freeze_panes == "A2", sheet.title
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(headings))]
        assert all(width >= 9 for width in widths), (sheet.title, widths)
        assert sheet.column_dimensions["E"].width >= 40  # Key milestone

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "pack.xlsx")
        open(path, "wb").write(workbook_bytes)
        if shutil.which("soffice"):
            subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", folder, path], check=True, capture_output=True, timeout=120)
            assert "Organisational Culture" in open(os.path.join(folder, "pack.csv")).read()
        pdf = session.get(pack + ".pdf")
        assert pdf.status_code == 200, pdf.text[:300]
        assert pdf.content.startswith(b"%PDF")
        open(os.path.join(folder, "pack.pdf"), "wb").write(pdf.content)
        info = subprocess.run(["pdfinfo", os.path.join(folder, "pack.pdf")], check=True, capture_output=True, text=True).stdout
        pages_line = next(line for line in info.splitlines() if line.startswith("Pages:"))
        count = int(pages_line.split()[1])
        assert count >= 5
        assert "A4" in info
        # Every page ends with the report's title and its page number.
        text = subprocess.run(["pdftotext", "-layout", os.path.join(folder, "pack.pdf"), "-"], check=True, capture_output=True, text=True).stdout
        printed = [page for page in text.split("\f") if page.strip()]
        assert len(printed) == count
        for number, page in enumerate(printed, start=1):
            footer = page.strip().splitlines()[-1]
            assert "Eastbrook Borough Council Improvement Plan 2017-18 – October to December 2017 Update" in footer, footer
            assert footer.rstrip().endswith(f"Page {number} of {count}"), footer


def test_reminders_go_to_a_real_mail_server(reporting_server, officer, mail_server):
    """Opening Q3 wrote reminders into the outbox; with a mail server configured they are sent."""
    handler = mail_server
    env = dict(reporting_server.env, WAYMARK_SMTP_URL=mail_server.url, WAYMARK_MAIL_FROM="waymark@council.test")
    result = subprocess.run([reporting_server.binary, "send-reminders", "--as-of", "2017-10-02"], env=env, cwd=reporting_server.folder,
                            capture_output=True, text=True, check=True)
    assert "1 sent, 0 waiting in the outbox, 0 failed, 17 with no email address" in result.stdout, result.stdout
    assert len(handler.messages) == 1
    recipients, content = handler.messages[0]
    assert recipients == ["lucy@council.test"]
    # The period was opened after it ended, so the one email is the closing reminder.
    assert "Subject: Q3 2017-18 ends on 31 Dec 2017:" in content
    assert "Dear Lucy Marsh," in content
    assert "Record your updates in Waymark, under My milestones." in content
    # Sent once: running again sends nothing more.
    again = subprocess.run([reporting_server.binary, "send-reminders", "--as-of", "2017-10-03"], env=env, cwd=reporting_server.folder,
                           capture_output=True, text=True, check=True)
    assert "0 reminders written; 0 sent" in again.stdout
    assert len(handler.messages) == 1


def test_spreadsheet_round_trip_through_the_command_line(reporting_server, tmp_path):
    exported = tmp_path / "q3.xlsx"
    reporting_server.run("report", "--plan", "1", "--period", "Q3 2017-18", "--format", "xlsx", "--out", str(exported))
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Grants"]
    headings = [c.value for c in sheet[1]]
    sheet.cell(2, headings.index("Deadline") + 1).value = "Jun-17"
    sheet.cell(2, headings.index("Completed") + 1).value = "2017-06-20"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)

    preview = reporting_server.run("import", str(edited), "--plan", "1", "--preview").stdout
    assert "0 milestones added; 1 updated; 114 unchanged" in preview
    assert "Deadline: Mar-17 → Jun-17" in preview
    applied = reporting_server.run("import", str(edited), "--plan", "1").stdout
    assert "0 milestones added; 1 updated; 114 unchanged" in applied
    assert "0 milestones added; 0 updated; 115 unchanged" in reporting_server.run("import", str(edited), "--plan", "1").stdout

    # Exported again (Q4 is still open, so it shows the plan as it is now), the completion date is
    # a real date; and the workbook, saved again by openpyxl and by LibreOffice, changes nothing.
    dated = tmp_path / "q4.xlsx"
    reporting_server.run("report", "--plan", "1", "--period", "Q4 2017-18", "--format", "xlsx", "--out", str(dated))
    workbook = openpyxl.load_workbook(dated)
    sheet = workbook["Grants"]
    completed = sheet.cell(2, headings.index("Completed") + 1)
    assert completed.is_date and completed.value == datetime.datetime(2017, 6, 20)
    assert sheet.cell(2, headings.index("Deadline") + 1).value == "Jun-17"
    resaved = tmp_path / "resaved.xlsx"
    workbook.save(resaved)
    copies = [dated, resaved]
    if shutil.which("soffice"):
        out = tmp_path / "libreoffice"
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(dated)], check=True, capture_output=True, timeout=120)
        copies.append(out / "q4.xlsx")
        assert openpyxl.load_workbook(out / "q4.xlsx")["Grants"].cell(2, headings.index("Completed") + 1).value == datetime.datetime(2017, 6, 20)
    for copy in copies:
        assert "0 milestones added; 0 updated; 115 unchanged" in reporting_server.run("import", str(copy), "--plan", "1", "--preview").stdout, copy


def test_a_large_upload_passes_the_form_check_and_reaches_the_preview(reporting_server, officer):
    """A body bigger than one network read arrives as a stream; the CSRF check must still read it."""
    session = signed_in_session(reporting_server, *officer)
    page = session.get(reporting_server.url + "/import").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    rows = "Area,Activity,Key milestone,Lead officer,Deadline\n" + "".join(f"Grants,1 Review,Milestone {i},Jo Bloggs,May-18\n" for i in range(5000))
    assert len(rows) > 200_000
    preview = session.post(reporting_server.url + "/import", data={"csrf_token": token, "plan": ""}, files={"file": ("big.csv", rows.encode())})
    assert preview.status_code == 200, preview.text[:500]
    assert "5000 milestones added; 0 updated; 0 unchanged" in preview.text
