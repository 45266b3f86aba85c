"""Practice mode in a real browser: a clinician browses a client's history and stays on it; an admin
manages accounts on a phone-sized screen. A `magcheck serve` of its own runs with accounts on."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

PASSWORD = "correct horse battery"
ACCOUNTS = (("alice", "client"), ("carol", "clinician"), ("root", "admin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _api(base: str, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture(scope="module")
def practice_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A practice server: three accounts, Alice's record with two logged days, shared with Carol."""
    data = tmp_path_factory.mktemp("e2e-practice")
    env = {**os.environ, "MAGCHECK_DATA_DIR": str(data), "MAGCHECK_LANG": "en", "MAGCHECK_AUTH": "accounts"}
    env.pop("MAGCHECK_DATABASE_URL", None)
    for name, role in ACCOUNTS:
        subprocess.run(
            [sys.executable, "-m", "magcheck", "user", "add", name, "--role", role],
            input=PASSWORD + "\n",
            text=True,
            env=env,
            check=True,
            capture_output=True,
        )
    port = free_port()
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "magcheck", "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"practice server did not start:\n{(data / 'server.log').read_text()}")
            time.sleep(0.2)
    token = _api(base, "POST", "/api/v1/auth/token", body={"username": "alice", "password": PASSWORD})[
        "token"
    ]
    _api(base, "POST", "/api/v1/persons", token, {"name": "Ann", "age_years": 40, "sex": "female"})
    _api(base, "POST", "/api/v1/persons", token, {"name": "Ben", "age_years": 9, "sex": "male"})
    _api(base, "POST", "/api/v1/persons/Ann/use", token)
    today = dt.date.today()
    for day in ((today - dt.timedelta(days=n)).isoformat() for n in (1, 2)):
        _api(base, "POST", "/api/v1/log", token, {"text": "30 g almonds", "date": day, "person": "Ann"})
    _api(base, "POST", "/api/v1/shares", token, {"clinician": "carol"})
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _sign_in(page: Any, base: str, name: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _client(url: str) -> list[str] | None:
    return parse_qs(urlsplit(url).query).get("client")


def test_the_clinician_stays_on_the_clients_record(page: Any, practice_server: str, shots: Path) -> None:
    _sign_in(page, practice_server, "carol")
    page.goto(practice_server + "/clients/alice")
    page.click("a[href*='/history?client=alice'][href*='person=Ann']")
    assert _client(page.url) == ["alice"] and page.get_by_test_id("acting-for").is_visible()
    # the person/period chooser keeps the client
    page.select_option("#h-person", "Ben")
    page.click("form[action='/history'] button[type=submit]")
    assert _client(page.url) == ["alice"] and "person=Ben" in page.url
    page.goto(practice_server + "/history?client=alice&person=Ann")
    # a logged day, its pager, and back to the overview: always the client's record
    page.locator("[data-testid=history-table]").locator("xpath=ancestor::details").evaluate(
        "d => d.open = true"
    )
    page.click("[data-testid=history-table] a >> nth=0")
    assert _client(page.url) == ["alice"] and "/history/log" in page.url
    assert "almonds" in page.content()
    page.click("[data-testid=prev-day]")
    assert _client(page.url) == ["alice"]
    page.click("a[href^='/history?'][href*='client=alice']")
    assert _client(page.url) == ["alice"] and urlsplit(page.url).path == "/history"
    # nothing that would change her record is offered
    assert page.locator("form[action='/history/checkin']").count() == 0
    page.screenshot(path=str(shots / "practice-client-history.png"), full_page=True)


def test_the_admin_page_on_a_phone(browser: Any, practice_server: str, shots: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    errors: list[str] = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_in(phone, practice_server, "root")
    phone.goto(practice_server + "/admin")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill("#a-name", "erin")
    phone.select_option("#a-role", "clinician")
    phone.fill("#a-password", PASSWORD)
    phone.click("[data-testid=add-account]")
    assert "created" in phone.get_by_test_id("admin-done").inner_text()
    assert phone.locator("[data-account=erin]").count() == 1
    phone.click("[data-testid=toggle-erin]")
    assert "disabled" in phone.get_by_test_id("admin-done").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(practice_server + "/admin?lang=zh")
    assert "所有账户" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(shots / "practice-admin-zh-360.png"), full_page=True)
    context.close()
    assert errors == []
