"""Security events reach the server's log (OWASP ASVS V7.2), without the secrets involved."""
import os
import re

import requests


def test_a_refused_sign_in_and_a_refused_form_are_logged_without_the_password(server):
    session = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', session.get(server.url + "/sign-in").text).group(1)
    session.post(server.url + "/sign-in", data={"csrf_token": token, "email": "nobody@council.test", "password": "hunter2 is my password"})
    session.post(server.url + "/sign-in", data={"csrf_token": "forged", "email": "admin", "password": "x"})
    log = open(os.path.join(server.folder, "serve.log")).read()
    refused = [line for line in log.splitlines() if "security: sign-in refused" in line]
    assert refused and "nobody@council.test" in refused[-1] and "127.0.0.1" in refused[-1], log[-2000:]
    assert any("security: request refused (403)" in line and "/sign-in" in line for line in log.splitlines()), log[-2000:]
    assert "hunter2" not in log
