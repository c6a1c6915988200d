"""The public pages in a real browser, after a quarter is closed and published from the command
line: axe-core finds no serious or critical problems; the CSV reads back through Python's csv
module with the documented headers; the Atom feed and the data.json catalogue parse."""
import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree

import jsonschema
import requests
from selenium.webdriver.common.by import By

from conftest import Pages, make_driver, seeded_server, signed_in_session

HEADERS = ["publication", "plan", "period", "area", "ref", "activity", "milestone", "lead_officers", "lead_job_titles",
           "deadline_as_written", "due_date", "revised_deadline", "revised_due_date", "status", "public_commentary"]


def test_a_published_quarter_is_public_accessible_and_open():
    srv = seeded_server()
    driver = make_driver()
    try:
        made = srv.run("create-user", "--email", "pat@council.test", "--name", "Pat Officer", "--role", "performance_officer")
        password = made.stdout.strip().split()[-1]
        officer = signed_in_session(srv, "pat@council.test", password)
        page = officer.get(srv.url + "/plans/1/periods").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        opened = officer.post(srv.url + "/plans/1/periods", data={"csrf_token": token, "period": "Q3 2017-18"})
        assert opened.ok, opened.text[:500]
        form = officer.get(srv.url + "/milestones/1/update").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        version = re.search(r'name="version" value="(\d+)"', form).group(1)
        updated = officer.post(srv.url + "/milestones/1/update", data={"csrf_token": token, "intent": "save", "version": version,
                                                                       "commentary": "Work is on track. Words for the Board, E2E-BOARD."})
        assert updated.ok and "E2E-BOARD" in officer.get(srv.url + "/milestones/1").text
        assert "Closed Q3 2017-18" in srv.run("close-period", "--plan", "1", "--period", "Q3 2017-18").stdout

        # The officer previews the quarter and approves a commentary as written, in the browser.
        public = Pages(driver, srv)
        public.sign_in("pat@council.test", password)
        public.go("/periods/1/publish")
        assert "Preview: exactly what the public will see" in public.text() and "Not yet published." in public.text()
        public.check("publish-preview")
        approve = driver.find_elements(By.XPATH, "//button[starts-with(normalize-space(), 'Approve as written')]")
        assert approve, "no commentary to approve"
        public.click_and_wait(approve[0])
        assert driver.current_url.endswith("/periods/1/publish")
        public.go("/periods/1/publish/areas/1")
        assert "This is a preview of what the public will see" in public.text() and "E2E-BOARD" in public.text()
        public.check("publish-preview-area")
        public.sign_out()
        driver.delete_all_cookies()
        published = srv.run("publish", "--plan", "1", "--period", "Q3 2017-18").stdout
        number = re.search(r"publication (\d+)", published).group(1)

        public.go("/public")
        assert "Eastbrook Borough Council Improvement Plan 2017-18" in public.text()
        assert not driver.get_cookies(), driver.get_cookies()
        public.check("public-home")
        public.click_and_wait(driver.find_element(By.LINK_TEXT, "Eastbrook Borough Council Improvement Plan 2017-18"))
        assert "Q3 2017-18" in public.text() and "Status by area" in public.text()
        public.check("public-plan")
        public.go(f"/public/publications/{number}/areas/1")
        assert "No public update this quarter" in public.text()
        public.check("public-area")
        public.go("/public/accessibility")
        public.check("public-accessibility")
        assert not driver.get_cookies()

        data = requests.get(srv.url + f"/public/publications/{number}/milestones.csv")
        assert data.ok and "set-cookie" not in {k.lower() for k in data.headers}
        rows = list(csv.DictReader(io.StringIO(data.content.decode("utf-8"))))
        assert list(rows[0].keys()) == HEADERS
        assert len(rows) == 115
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["due_date"]) or row["due_date"] == "" for row in rows)
        assert 'rel="describedby"' in data.headers["Link"]
        metadata = requests.get(srv.url + f"/public/publications/{number}/milestones.csv-metadata.json").json()
        assert metadata["dc:license"]["@id"].startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence")
        assert [column["name"] for column in metadata["tableSchema"]["columns"]] == HEADERS
        feed = ElementTree.fromstring(requests.get(srv.url + "/public/feed.atom").content)
        atom = "{http://www.w3.org/2005/Atom}"
        assert feed.tag == atom + "feed" and feed.find(atom + "updated") is not None
        entries = feed.findall(atom + "entry")
        assert len(entries) == 1 and entries[0].find(atom + "id").text.endswith(f"/public/publications/{number}")
        assert feed.find(atom + "title").text and entries[0].find(atom + "title").text and entries[0].find(atom + "updated").text
        catalogue = json.loads(requests.get(srv.url + "/public/data.json").content)
        assert catalogue["dataset"][0]["license"].startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence")
        # Project Open Data v1.1 asks these of a catalogue and each dataset.
        assert catalogue["@type"] == "dcat:Catalog" and catalogue["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
        dataset = catalogue["dataset"][0]
        for field in ["@type", "title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier", "accessLevel"]:
            assert dataset.get(field), field
        assert dataset["accessLevel"] == "public" and dataset["publisher"]["@type"] == "org:Organization"
        assert all(d["@type"] == "dcat:Distribution" for d in dataset["distribution"])
        as_json = requests.get(srv.url + f"/public/publications/{number}/publication.json").json()
        assert as_json["licence"] == "Open Government Licence v3.0" and len(as_json["content"]["areas"]) == 5
        schema = requests.get(srv.url + "/public/publication.schema.json").json()
        jsonschema.validate(as_json, schema, format_checker=jsonschema.FormatChecker())
        assert catalogue["dataset"][0]["distribution"][1]["describedBy"].endswith("/public/publication.schema.json")
        again = requests.get(srv.url + f"/public/publications/{number}", headers={"If-None-Match": requests.get(srv.url + f"/public/publications/{number}").headers["ETag"]})
        assert again.status_code == 304
    finally:
        driver.quit()
        srv.stop()
        shutil.rmtree(srv.folder, ignore_errors=True)
