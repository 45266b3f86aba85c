"""`magcheck --as CLIENT share add|list|remove`: the command line's sharing, the same service as the API's.

A share made here lets the clinician read the client's records (`--as CLINICIAN --client CLIENT`); removing
it ends that at once. Only a signed-in client shares; anyone else gets a clear exit 2.
"""

from __future__ import annotations

import json

from cli_accounts import run_as, runner

from magcheck.cli import app


def test_a_client_shares_lists_and_removes_a_share_on_the_command_line(accounts: dict[str, int]) -> None:
    assert run_as(["person", "add", "Ann", "--age", "40", "--sex", "female"], "alice").exit_code == 0
    assert run_as(["person", "list"], "carol", client="alice").exit_code == 2  # no share yet: not found
    added = run_as(["share", "add", "carol"], "alice")
    assert added.exit_code == 0 and "carol" in added.output, added.output
    again = run_as(["share", "add", "carol", "--json"], "alice")
    assert again.exit_code == 0 and json.loads(again.stdout)["clinician"] == "carol"  # idempotent
    listed = run_as(["share", "list", "--json"], "alice")
    assert [row["clinician"] for row in json.loads(listed.stdout)] == ["carol"]
    assert "carol" in run_as(["share", "list", "--lang", "zh"], "alice").output
    reads = run_as(["person", "list", "--json"], "carol", client="alice")
    assert reads.exit_code == 0 and [p["name"] for p in json.loads(reads.stdout)] == ["Ann"]
    removed = run_as(["share", "remove", "carol"], "alice")
    assert removed.exit_code == 0 and "carol" in removed.output
    assert run_as(["person", "list"], "carol", client="alice").exit_code == 2
    assert json.loads(run_as(["share", "list", "--json"], "alice").stdout) == []


def test_sharing_needs_a_client_account_and_names_the_problem(accounts: dict[str, int]) -> None:
    local = runner.invoke(app, ["share", "list"])
    assert local.exit_code == 2 and "--as" in local.output
    zh = runner.invoke(app, ["share", "add", "carol", "--lang", "zh"])
    assert zh.exit_code == 2 and "客户账户" in zh.output
    clinician = run_as(["share", "add", "dave"], "carol")
    assert clinician.exit_code == 2 and "only a client account" in clinician.output
    unknown = run_as(["share", "add", "nobody"], "alice")
    assert unknown.exit_code == 2 and "no clinician called 'nobody'" in unknown.output
    not_shared = run_as(["share", "remove", "dave"], "alice")
    assert not_shared.exit_code == 2 and "dave" in not_shared.output


def test_a_clinician_lists_the_clients_who_share_with_their_latest_status(accounts: dict[str, int]) -> None:
    assert "No client shares" in run_as(["clients"], "carol").output
    assert run_as(["person", "add", "Ann", "--age", "40", "--sex", "female"], "alice").exit_code == 0
    assert run_as(["person", "add", "Bo", "--age", "42", "--sex", "male"], "alice").exit_code == 0
    assert run_as(["log", "add", "30 g almonds", "--person", "Ann"], "alice").exit_code == 0
    assert run_as(["assess", "--from-log", "--person", "Ann", "--json"], "alice").exit_code == 0
    assert run_as(["share", "add", "carol"], "alice").exit_code == 0
    listed = run_as(["clients", "--json"], "carol")
    assert listed.exit_code == 0, listed.output
    [client] = json.loads(listed.stdout)
    assert client["name"] == "alice" and [p["person"] for p in client["people"]] == ["Ann", "Bo"]
    ann, bo = client["people"]
    assert ann["assessed_at"] is not None and ann["status_level"] and bo["assessed_at"] is None
    words = run_as(["clients", "--lang", "zh"], "carol").output
    assert "alice" in words and "Ann：" in words and "Bo：尚无已保存的评估" in words
    assert json.loads(run_as(["clients", "--json"], "dave").stdout) == []  # no share: no client
    client_asks = run_as(["clients"], "alice")
    assert client_asks.exit_code == 2 and "only a clinician account" in client_asks.output
    local = runner.invoke(app, ["clients"])
    assert local.exit_code == 2 and "--as NAME clients" in local.output
