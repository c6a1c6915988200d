"""The JSON API against its OpenAPI 3.1 document, with schemathesis generating the requests."""
import subprocess
import sys


def test_api_behaves_as_its_openapi_document_says(api_server):
    api_server.run("create-user", "--email", "po@contract.test", "--name", "Contract PO", "--role", "performance_officer")
    token = api_server.run("create-token", "--email", "po@contract.test", "--name", "contract").stdout.strip().splitlines()[-1]
    # positive_data_acceptance is left out on purpose: a deadline such as "someday" or a forecast
    # together with a completion date is a valid JSON string but not a valid milestone, and the
    # API answers 422 with the field's problem, which JSON Schema cannot express.
    result = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", api_server.url + "/api/v1/openapi.json",
         "-H", f"Authorization: Bearer {token}", "--max-examples", "25", "--seed", "20171218",
         "--exclude-checks", "positive_data_acceptance", "--no-color"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_hostile_bodies_are_refused_whole_over_real_http(api_server):
    """Streamed over a real connection, as the in-process tests cannot: a body larger than any
    route takes is refused before the generated server reads it, a truncated one is a 400 naming
    the document, and the server answers normally afterwards."""
    import requests
    api_server.run("create-user", "--email", "po2@contract.test", "--name", "Contract PO Two", "--role", "performance_officer")
    token = api_server.run("create-token", "--email", "po2@contract.test", "--name", "hostile").stdout.strip().splitlines()[-1]
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    url = api_server.url + "/api/v1/milestones/1/updates"

    def chunks():
        yield b'{"commentary": "'
        for _ in range(200):
            yield b"a" * 10_000
        yield b'", "version": 1}'

    huge = requests.post(url, headers=auth, data=chunks(), timeout=30)
    assert huge.status_code == 413, huge.text[:300]
    truncated = requests.post(url, headers=auth, data=b'{"commentary": "half', timeout=10)
    assert truncated.status_code == 400
    assert truncated.json()["error"]["code"] == "invalid_body"
    # A raw control character inside a JSON string is not JSON.
    control = requests.post(url, headers=auth, data=b'{"commentary": "a\x00b", "version": 1}', timeout=10)
    assert control.status_code == 400 and control.json()["error"]["code"] == "invalid_body"
    assert requests.get(api_server.url + "/api/v1/plans", headers=auth, timeout=10).status_code == 200


def test_assets_come_from_the_binary_with_their_hash_in_the_address(api_server):
    """The server runs in a scratch folder with no source tree: the look comes from the binary."""
    import re
    import requests
    page = requests.get(api_server.url + "/sign-in", timeout=10).text
    stylesheet = re.search(r'href="(/assets/waymark\.([0-9a-f]{12})\.css)"', page)
    assert stylesheet, page[:500]
    served = requests.get(api_server.url + stylesheet.group(1), timeout=10)
    assert served.status_code == 200 and "skip-link" in served.text
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    import hashlib
    assert hashlib.sha256(served.content).hexdigest()[:12] == stylesheet.group(2)
