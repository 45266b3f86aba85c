"""The admin page (practice mode): accounts only — list, add, disable/enable, reset a password.

It never shows a record, only an admin reaches it, its forms need the CSRF token, every change is in
the audit table, and it speaks English and Chinese.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from practice_accounts import HIDDEN, MARKER, PASSWORD
from sqlalchemy import select
from web_support import csrf_from

from magcheck.storage.account_tables import AuditEvent
from magcheck.storage.engine import open_store

NEW_PASSWORD = "another long password"


def _signed_in(practice: dict[str, Any], name: str, password: str = PASSWORD) -> TestClient:
    browser = TestClient(practice["app"], raise_server_exceptions=False)
    page = browser.get("/login")
    data = {"csrf_token": csrf_from(page.text), "username": name, "password": password, "next": "/"}
    assert browser.post("/login", data=data, follow_redirects=False).status_code == 303
    return browser


def _events() -> list[tuple[str, str, str, str]]:
    return open_store().read(
        lambda s: [
            (e.actor, e.owner, e.operation, e.record)
            for e in s.scalars(select(AuditEvent).where(AuditEvent.record.like("account:%"))).all()
        ]
    )


def test_only_an_admin_sees_the_accounts_and_never_a_record(practice: dict[str, Any]) -> None:
    root = _signed_in(practice, "root")
    assert 'href="/admin"' in root.get("/").text
    page = root.get("/admin")
    assert page.status_code == 200 and 'data-testid="accounts"' in page.text
    for name in ("alice", "bob", "carol", "dave", "root"):
        assert f'data-account="{name}"' in page.text
    assert MARKER not in page.text and HIDDEN not in page.text
    # no toggle for the admin's own account
    assert 'data-testid="toggle-root"' not in page.text and 'data-testid="toggle-bob"' in page.text
    for other in ("alice", "carol"):
        browser = _signed_in(practice, other)
        assert browser.get("/admin").status_code == 403
        token = csrf_from(browser.get("/").text)
        added = browser.post("/admin/accounts", data={"csrf_token": token, "name": "x1", "role": "admin"})
        assert added.status_code == 403
    assert "zh" in root.get("/admin?lang=zh").headers["content-language"]
    assert "所有账户" in root.get("/admin?lang=zh").text


def test_add_disable_enable_and_reset_are_audited(practice: dict[str, Any]) -> None:
    root = _signed_in(practice, "root")
    token = csrf_from(root.get("/admin").text)
    made = root.post(
        "/admin/accounts",
        data={"csrf_token": token, "name": "erin", "role": "clinician", "password": PASSWORD},
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"] == "/admin?done=added&name=erin"
    assert "Account &#39;erin&#39; created." in root.get(made.headers["location"]).text
    _signed_in(practice, "erin")  # the new account signs in
    bob_api = practice["clients"]["bob"]
    assert bob_api.get("/api/v1/persons").status_code == 200
    off = root.post("/admin/accounts/bob/disable", data={"csrf_token": token}, follow_redirects=False)
    assert off.status_code == 303
    assert bob_api.get("/api/v1/persons").status_code == 401  # its tokens ended at once
    assert root.post("/admin/accounts/bob/enable", data={"csrf_token": token}).status_code == 200
    reset = root.post(
        "/admin/accounts/alice/password",
        data={"csrf_token": token, "password": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert reset.status_code == 303
    assert practice["clients"]["alice"].get("/api/v1/persons").status_code == 401
    _signed_in(practice, "alice", NEW_PASSWORD)
    events = _events()
    for owner, operation in (
        ("erin", "POST /admin/accounts"),
        ("bob", "POST /admin/accounts/bob/disable"),
        ("bob", "POST /admin/accounts/bob/enable"),
        ("alice", "POST /admin/accounts/alice/password"),
    ):
        assert ("root", owner, operation, f"account:{owner}") in events


def test_mistakes_are_field_messages_and_change_nothing(practice: dict[str, Any]) -> None:
    root = _signed_in(practice, "root")
    token = csrf_from(root.get("/admin").text)
    bad = root.post(
        "/admin/accounts",
        data={"csrf_token": token, "name": "no spaces", "role": "client", "password": PASSWORD},
    )
    assert bad.status_code == 422 and 'role="alert"' in bad.text and "not a valid account name" in bad.text
    short = root.post(
        "/admin/accounts?lang=zh",
        data={"csrf_token": token, "name": "fay", "role": "client", "password": "short"},
    )
    assert short.status_code == 422 and "至少 10 个字符" in short.text
    assert root.post("/admin/accounts/root/disable", data={"csrf_token": token}).status_code == 422
    assert root.post("/admin/accounts/ghost/disable", data={"csrf_token": token}).status_code == 404
    # without the CSRF token nothing happens
    forged = root.post("/admin/accounts/bob/disable", data={}, follow_redirects=False)
    assert forged.status_code == 403
    assert practice["clients"]["bob"].get("/api/v1/persons").status_code == 200
    assert not [e for e in _events() if e[1] in ("fay", "root", "ghost") or e[2].endswith("bob/disable")]
    page = root.get("/admin")
    assert not re.search(r'data-account="(fay|no spaces)"', page.text)
