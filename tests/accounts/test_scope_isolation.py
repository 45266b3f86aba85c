"""Practice mode (issue 16): one account never reaches another's records, on SQLite and PostgreSQL.

Alice (client) keeps a record marked with a unique name. For every API route and page of the app,
Bob (another client) and Dave (a clinician she did not share with) get 404 when they ask for her
records (``?client=alice`` or her row ids), and her marker never appears in anything they get back.
Carol, the clinician she shares with, reads it until Alice revokes the share — then at once 404.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from practice_accounts import HIDDEN, MARKER, PASSWORD
from sqlalchemy import select
from starlette.routing import Route
from web_support import csrf_from

from magcheck.accounts import users
from magcheck.storage.account_tables import AuditEvent
from magcheck.storage.engine import open_store


def _path_for(path: str, ids: dict[str, Any]) -> str:
    values = {
        "name": MARKER,
        "person": MARKER,
        "entry_id": ids["log"],
        "ndb": "12061",
        "sign_id": "fatigue",
        "code": "en",
        "clinician": "carol",
        "client": "alice",
        "token_id": 1,
    }
    for kind in ("supplements", "checkins", "labs"):
        if path.startswith(f"/api/v1/{kind}/"):
            values["row_id"] = ids[kind]
    values.setdefault("row_id", ids["log"])

    def fill(match: re.Match[str]) -> str:
        return str(values.get(match.group(1).split(":")[0], 1))

    return re.sub(r"\{([^}]+)\}", fill, path)


def _operations(app: Any) -> list[tuple[str, str]]:
    ops = []
    for route in app.routes:
        if not isinstance(route, Route) or route.path.startswith("/static"):
            continue
        for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
            ops.append((method, route.path))
    return ops


# routes that read or change a client's records: with ?client=alice they must answer 404 to a stranger
RECORD_ROUTES = re.compile(
    r"^/api/v1/(persons|log|supplements|checkins|labs|history|assessments|export|import|report)"
    r"|^/history|^/report/history"
)


@pytest.mark.parametrize("stranger", ["bob", "dave", "root"])
def test_every_route_hides_alice_from_strangers(practice: dict[str, Any], stranger: str) -> None:
    client = practice["clients"][stranger]
    page = client.get("/history")
    csrf = csrf_from(page.text)
    form = {"csrf_token": csrf, "person": MARKER, "id": str(practice["ids"]["log"]), "name": MARKER}
    checked = 0
    for method, path in _operations(practice["app"]):
        url = _path_for(path, practice["ids"])
        joiner = "&" if "?" in url else "?"
        for target in (f"{url}{joiner}client=alice", f"{url}{joiner}person={MARKER}"):
            if path.startswith("/api/") or method == "GET":
                response = client.request(method, target, json={}, follow_redirects=False)
            else:  # a page's form post, with its CSRF token so that the record check is what answers
                response = client.request(method, target, data=form, follow_redirects=False)
            assert HIDDEN not in response.text, f"{stranger} {method} {target} leaked Alice's record"
            assert response.status_code != 403 or not RECORD_ROUTES.match(path), (method, target)
            assert response.status_code < 500, (method, target, response.text[:300])
            if RECORD_ROUTES.match(path) and method == "GET" and "client=alice" in target:
                assert response.status_code == 404, (method, target, response.status_code)
                checked += 1
    assert checked >= 8  # the record reads (persons, log, labs, history, export, pages …) were all tried


@pytest.mark.parametrize("stranger", ["bob", "dave"])
def test_alice_row_ids_are_not_found_for_others(practice: dict[str, Any], stranger: str) -> None:
    client = practice["clients"][stranger]
    for kind, row_id in practice["ids"].items():
        assert client.delete(f"/api/v1/{kind}/{row_id}").status_code == 404
    # and nothing was deleted: Alice still has every row
    alice = practice["clients"]["alice"]
    assert len(alice.get("/api/v1/log").json()) == 1
    assert len(alice.get("/api/v1/labs").json()) == 1
    assert client.get("/api/v1/persons").json() == []
    assert client.delete(f"/api/v1/persons/{MARKER}").status_code == 404
    exported = client.get("/api/v1/export?format=json")
    assert exported.status_code in (200, 422) and MARKER not in exported.text


def test_each_client_has_their_own_names(practice: dict[str, Any]) -> None:
    bob = practice["clients"]["bob"]
    # the same person name in two records is fine: names are unique per owner
    assert (
        bob.post("/api/v1/persons", json={"name": MARKER, "age_years": 50, "sex": "male"}).status_code == 201
    )
    assert bob.get("/api/v1/labs").json() == []
    assert [p["age_years"] for p in bob.get("/api/v1/persons").json()] == [50]
    assert sorted(p["age_years"] for p in practice["clients"]["alice"].get("/api/v1/persons").json()) == [
        9,
        40,
    ]


def test_the_clinician_she_shared_with_reads_until_revoked(practice: dict[str, Any]) -> None:
    carol, alice = practice["clients"]["carol"], practice["clients"]["alice"]
    assert sorted(p["name"] for p in carol.get("/api/v1/persons?client=alice").json()) == [HIDDEN, MARKER]
    assert len(carol.get(f"/api/v1/log?client=alice&person={MARKER}").json()) == 1
    assert carol.get("/api/v1/export?format=json&client=alice").status_code == 200
    assert carol.get("/history?client=alice").status_code == 200
    clients = carol.get("/api/v1/clients").json()
    assert [c["name"] for c in clients] == ["alice"]
    person = next(p for p in clients[0]["people"] if p["person"] == MARKER)
    assert person["person"] == MARKER and person["status_level"] and person["mds"] is not None
    assert 0 <= person["probability_adequate"] <= 1 and isinstance(person["red_flags"], list)
    # reading is all: a clinician cannot change the client's record
    assert carol.post("/api/v1/log?client=alice", json={"text": "1 banana"}).status_code == 403
    assert carol.delete(f"/api/v1/log/{practice['ids']['log']}?client=alice").status_code == 403
    assert len(alice.get("/api/v1/log").json()) == 1
    # her own records are hers: without ?client= Carol sees her (empty) own record
    assert carol.get("/api/v1/persons").json() == []
    # revoking stops access with the very next request
    assert alice.delete("/api/v1/shares/carol").status_code == 200
    assert carol.get("/api/v1/persons?client=alice").status_code == 404
    assert carol.get("/history?client=alice").status_code == 404
    assert carol.get("/api/v1/clients").json() == []
    assert alice.delete("/api/v1/shares/carol").status_code == 404


def test_notes_go_from_clinician_to_client(practice: dict[str, Any]) -> None:
    carol, dave, alice = (practice["clients"][n] for n in ("carol", "dave", "alice"))
    made = carol.post("/api/v1/clients/alice/notes", json={"text": "Recheck serum Mg in 3 months."})
    assert made.status_code == 201 and made.json()["author"] == "carol"
    assert [n["text"] for n in alice.get("/api/v1/notes").json()] == ["Recheck serum Mg in 3 months."]
    assert [n["text"] for n in carol.get("/api/v1/clients/alice/notes").json()] == [
        "Recheck serum Mg in 3 months."
    ]
    assert dave.get("/api/v1/clients/alice/notes").status_code == 404
    assert dave.post("/api/v1/clients/alice/notes", json={"text": "x"}).status_code == 404
    assert alice.post("/api/v1/clients/alice/notes", json={"text": "x"}).status_code == 403  # role


def test_roles(practice: dict[str, Any]) -> None:
    carol, root, alice = (practice["clients"][n] for n in ("carol", "root", "alice"))
    assert carol.post("/api/v1/shares", json={"clinician": "dave"}).status_code == 403
    assert alice.get("/api/v1/clients").status_code == 403
    assert root.get("/api/v1/clients").status_code == 403
    # sharing only with clinicians; anyone else is "no such clinician"
    assert alice.post("/api/v1/shares", json={"clinician": "bob"}).status_code == 404
    assert alice.post("/api/v1/shares", json={"clinician": "nobody"}).status_code == 404
    assert alice.get("/api/v1/shares").json()[0]["clinician"] == "carol"


def test_tokens_are_the_owners_and_expire(practice: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    app = practice["app"]
    anon = TestClient(app, raise_server_exceptions=False)
    issued = anon.post(
        "/api/v1/auth/token", json={"username": "alice", "password": PASSWORD, "label": "phone"}
    )
    assert issued.status_code == 200 and set(issued.json()) == {"token", "expires_at"}
    token = issued.json()["token"]
    assert issued.json()["expires_at"].endswith("Z") or "+00:00" in issued.json()["expires_at"]
    mine = TestClient(app, headers={"Authorization": f"Bearer {token}"}, raise_server_exceptions=False)
    assert sorted(p["name"] for p in mine.get("/api/v1/persons").json()) == [HIDDEN, MARKER]
    listed = mine.get("/api/v1/auth/tokens").json()
    assert token not in str(listed) and "phone" in [t["label"] for t in listed]
    token_id = next(t["id"] for t in listed if t["label"] == "phone")
    assert practice["clients"]["bob"].delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert mine.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 200
    assert mine.get("/api/v1/persons").status_code == 401
    # stored hashed: the database holds no token value
    from magcheck.storage.account_tables import Credential

    stored = open_store().read(lambda s: list(s.scalars(select(Credential.token_hash)).all()))
    assert stored and all(len(h) == 64 and not h.startswith("mgc_") for h in stored)
    # a token past its expiry no longer works
    monkeypatch.setenv("MAGCHECK_TOKEN_DAYS", "2")
    short = anon.post("/api/v1/auth/token", json={"username": "alice", "password": PASSWORD}).json()
    expires = dt.datetime.fromisoformat(short["expires_at"].replace("Z", "+00:00"))
    assert dt.timedelta(days=1.99) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=2)
    later = TestClient(
        app, headers={"Authorization": f"Bearer {short['token']}"}, raise_server_exceptions=False
    )
    assert later.get("/api/v1/persons").status_code == 200
    newest = max(t["id"] for t in later.get("/api/v1/auth/tokens").json())
    _expire(newest)
    assert later.get("/api/v1/persons").status_code == 401


def test_bad_credentials_and_throttling(practice: dict[str, Any]) -> None:
    anon = TestClient(practice["app"], raise_server_exceptions=False)
    bad = anon.post("/api/v1/auth/token", json={"username": "alice", "password": "wrong password"})
    assert bad.status_code == 401 and bad.json()["detail"][0]["field"] == "password"
    assert anon.post("/api/v1/auth/token", json={"username": "ghost", "password": "x"}).status_code == 401
    for _ in range(4):
        anon.post("/api/v1/auth/token", json={"username": "alice", "password": "wrong password"})
    throttled = anon.post("/api/v1/auth/token", json={"username": "alice", "password": PASSWORD})
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0


def test_a_disabled_account_cannot_sign_in_and_its_tokens_stop(practice: dict[str, Any]) -> None:
    users.set_disabled("bob")
    assert practice["clients"]["bob"].get("/api/v1/persons").status_code == 401
    anon = TestClient(practice["app"], raise_server_exceptions=False)
    assert anon.post("/api/v1/auth/token", json={"username": "bob", "password": PASSWORD}).status_code == 401
    page = anon.get("/login")
    token = csrf_from(page.text)
    login = anon.post(
        "/login",
        data={"csrf_token": token, "username": "bob", "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert login.status_code == 401
    # and a disabled client's records are no longer visible to their clinician either
    users.set_disabled("alice")
    assert practice["clients"]["carol"].get("/api/v1/persons?client=alice").status_code == 404


def test_browser_sessions_sign_in_expire_and_sign_out(
    practice: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = TestClient(practice["app"], raise_server_exceptions=False)
    assert browser.get("/history", follow_redirects=False).status_code == 303
    page = browser.get("/login")
    assert 'name="username"' in page.text and 'name="password"' in page.text
    token = csrf_from(page.text)
    login = browser.post(
        "/login",
        data={"csrf_token": token, "username": "alice", "password": PASSWORD, "next": "/history"},
        follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == "/history"
    cookie = login.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    history = browser.get("/history")
    assert history.status_code == 200 and MARKER in history.text
    token = csrf_from(history.text)
    assert browser.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    # the session ended on the server: replaying the old cookie does not work
    replay = TestClient(practice["app"], raise_server_exceptions=False)
    replay.cookies.set("magcheck_session", login.cookies.get("magcheck_session") or "")
    assert replay.get("/history", follow_redirects=False).status_code == 303
    # sessions expire: one whose time is up no longer works
    session = users.issue(users.list_users()[0].id, "session")
    stale = TestClient(practice["app"], raise_server_exceptions=False)
    stale.cookies.set("magcheck_session", session.token)
    assert stale.get("/history").status_code == 200
    _expire(session.id)
    assert stale.get("/history", follow_redirects=False).status_code == 303


def _expire(credential_id: int) -> None:
    from magcheck.storage.account_tables import Credential

    def work(s: Any) -> None:
        row = s.get(Credential, credential_id)
        row.expires_at = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)

    open_store().write(work)


def test_the_audit_records_reads_and_changes(practice: dict[str, Any]) -> None:
    carol = practice["clients"]["carol"]
    carol.get(f"/api/v1/log?client=alice&person={MARKER}")
    events = open_store().read(
        lambda s: [
            (e.actor, e.owner, e.action, e.operation, e.record)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        ]
    )
    assert ("alice", "alice", "change", "POST /api/v1/log", f"person:{MARKER}") in events
    assert ("carol", "alice", "read", "GET /api/v1/log", f"person:{MARKER}") in events
    practice["clients"]["alice"].delete(f"/api/v1/labs/{practice['ids']['labs']}")
    changes = open_store().read(
        lambda s: [(e.actor, e.action, e.record) for e in s.scalars(select(AuditEvent)).all()]
    )
    assert ("alice", "change", f"lab_result:{practice['ids']['labs']}") in changes
