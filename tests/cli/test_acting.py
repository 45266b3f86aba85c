"""The CLI on a shared database: `magcheck --as NAME [--client C]` and `magcheck fhir export|import`.

An account signs in with its password (standard input) and then every record command is scoped by
the same service-layer checks as the web app, on SQLite and PostgreSQL. Without `--as` the commands
keep acting on the single-user record.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_accounts import run_as, runner

from magcheck.accounts import sharing, users
from magcheck.accounts.scope import Caller
from magcheck.accounts.throttle import login_throttle
from magcheck.cli import app
from magcheck.service.history.labs import list_labs
from magcheck.service.history.people import add_person


def _share(ids: dict[str, int]) -> None:
    sharing.add_share(Caller(ids["alice"], "alice", "client"), "carol")


def test_an_account_works_on_its_own_record(accounts: dict[str, int]) -> None:
    added = run_as(["person", "add", "Ann", "--age", "40", "--sex", "female"], "alice")
    assert added.exit_code == 0, added.output
    assert (
        run_as(
            ["lab", "add", "--value", "0.72", "--unit", "mmol/L", "--date", "2026-02-01"], "alice"
        ).exit_code
        == 0
    )
    mine = run_as(["person", "list", "--json"], "alice")
    assert [p["name"] for p in json.loads(mine.stdout)] == ["Ann"]
    # without --as: the single-user record, exactly as before
    local = runner.invoke(app, ["person", "list", "--json"])
    assert [p["name"] for p in json.loads(local.stdout)] == ["Solo"]
    # an admin reads no records without a share: its own record is empty
    assert json.loads(run_as(["person", "list", "--json"], "root").stdout) == []


def test_a_clinician_reads_a_sharing_client_until_revoked(accounts: dict[str, int]) -> None:
    run_as(["person", "add", "Ann", "--age", "40", "--sex", "female"], "alice")
    run_as(["lab", "add", "--value", "0.72", "--unit", "mmol/L", "--date", "2026-02-01"], "alice")
    before = run_as(["lab", "list", "--json"], "carol", "alice")
    assert before.exit_code == 2 and "no client called 'alice'" in before.output  # not shared: not found
    _share(accounts)
    labs = run_as(["lab", "list", "--json"], "carol", "alice")
    assert labs.exit_code == 0, labs.output
    assert [lab["value"] for lab in json.loads(labs.stdout)] == [0.72]
    assert run_as(["history", "--json"], "carol", "alice").exit_code == 0
    # reading only: the clinician cannot change the client's record
    write = run_as(["log", "add", "1 banana"], "carol", "alice")
    assert write.exit_code == 2 and "read-only" in write.output
    # another clinician, or the client herself naming a client: not found
    assert "no client called 'alice'" in run_as(["lab", "list"], "dave", "alice").output
    sharing.remove_share(Caller(accounts["alice"], "alice", "client"), "carol")
    assert run_as(["lab", "list"], "carol", "alice").exit_code == 2


def test_sign_in_is_checked_and_throttled(accounts: dict[str, int]) -> None:
    wrong = run_as(["person", "list"], "alice", password="not her password")
    assert wrong.exit_code == 2 and "do not match" in wrong.output
    for _ in range(4):
        run_as(["person", "list"], "alice", password="not her password")
    throttled = run_as(["person", "list"], "alice")
    assert throttled.exit_code == 2 and "Too many failed attempts" in throttled.output
    users.set_disabled("carol")
    login_throttle.clear()
    assert run_as(["person", "list"], "carol").exit_code == 2


def test_misuse_is_a_clear_error(accounts: dict[str, int]) -> None:
    alone = run_as(["lab", "list"], client="alice")
    assert alone.exit_code == 2 and "--client needs --as" in alone.output
    assert "--as does not apply" in run_as(["user", "list"], "carol").output
    zh = runner.invoke(app, ["--client", "alice", "lab", "list"], env={"MAGCHECK_LANG": "zh"})
    assert zh.exit_code == 2 and "需要与 --as 一起使用" in zh.output


def test_fhir_export_and_import_on_the_command_line(accounts: dict[str, int], tmp_path: Path) -> None:
    """The CLI writes the bundle the API returns, and reads it back (same service code)."""
    from fastapi.testclient import TestClient

    from magcheck.web.app import create_app

    out = tmp_path / "solo.json"
    done = runner.invoke(app, ["fhir", "export", "--person", "Solo", "--output", str(out)])
    assert done.exit_code == 0, done.output
    bundle = json.loads(out.read_text(encoding="utf-8"))
    # the same bundle as the API route gives (here for an account: accounts exist, so the API needs one)
    run_as(["person", "add", "Ann", "--age", "40", "--sex", "female"], "alice")
    run_as(["lab", "add", "--value", "0.9", "--unit", "mmol/L", "--date", "2026-02-01"], "alice")
    token = users.issue(accounts["alice"], "api").token
    api = TestClient(create_app(), headers={"Authorization": f"Bearer {token}"})
    from_api = api.get("/api/v1/fhir/observations").json()
    from_cli = json.loads(run_as(["fhir", "export"], "alice").stdout)
    assert [e["resource"] for e in from_cli["entry"]] == [e["resource"] for e in from_api["entry"]]
    assert len(from_cli["entry"]) == 1
    assert bundle["entry"][0]["resource"]["code"]["coding"][0]["code"] == "2601-3"
    # import into another person: all results or none
    add_person("Twin", 50, "male")
    imported = runner.invoke(app, ["fhir", "import", str(out), "--person", "Twin", "--json"])
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["imported"] == 1
    assert [lab.mmol_per_l for lab in list_labs("Twin")] == [0.80]
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient"}}]})
    )
    refused = runner.invoke(app, ["fhir", "import", str(bad), "--person", "Twin"])
    assert refused.exit_code == 2 and "entry.0.resource.resourceType" in refused.output
    assert len(list_labs("Twin")) == 1


def test_a_clinician_exports_a_sharing_clients_fhir(accounts: dict[str, int]) -> None:
    run_as(["person", "add", "Ann", "--age", "40", "--sex", "female"], "alice")
    run_as(["lab", "add", "--value", "1.9", "--unit", "mg/dL", "--date", "2026-02-01"], "alice")
    assert "no client called 'alice'" in run_as(["fhir", "export"], "carol", "alice").output
    _share(accounts)
    exported = run_as(["fhir", "export"], "carol", "alice")
    assert exported.exit_code == 0, exported.output
    resource = json.loads(exported.stdout)["entry"][0]["resource"]
    assert resource["subject"]["display"] == "Ann" and resource["valueQuantity"]["value"] == 1.9
    # importing into a client's record is refused (a clinician only reads)
    assert run_as(["fhir", "import", "/dev/null"], "carol", "alice").exit_code == 2
