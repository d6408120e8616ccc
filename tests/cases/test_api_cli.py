"""The cases API (tokens and sessions, permissions) and the cases CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tatakelola.cases import services
from tatakelola.cases.choices import AlertStatus, CaseStatus
from tatakelola.cases.models import Alert, Case
from tatakelola.orgs.models import Organisation

LEAK = "Kirim KTP, NIK 3201010101010001, kartu kredit 4111 1111 1111 1111 exp 12/27"


def test_queue_api_returns_redacted_evidence_only(
    post: Callable[..., Alert | None], client_for: Callable[[str], Client]
) -> None:
    alert = post(LEAK)
    assert alert is not None
    body = client_for("reviewer").get("/api/cases/alerts", {"severity": alert.severity}).json()
    assert body["total"] >= 1
    item = next(i for i in body["items"] if i["id"] == alert.pk)
    assert {f["rule_id"] for f in item["findings"]} == set(alert.rule_ids)
    assert "3201010101010001" not in json.dumps(body) and "4111 1111 1111 1111" not in json.dumps(body)


def test_decision_api_and_its_permissions(
    post: Callable[..., Alert | None], client_for: Callable[[str], Client]
) -> None:
    alert = post(LEAK)
    assert alert is not None
    url = f"/api/cases/alerts/{alert.pk}/decision"
    for username in ("auditor", "karyawan", "risiko"):
        response = client_for(username).post(url, {"decision": "confirm"}, content_type="application/json")
        assert response.status_code == 403, username
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.OPEN
    bad = client_for("reviewer").post(url, {"decision": "dismiss"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "reason"
    ok = client_for("reviewer").post(url, {"decision": "confirm", "note": "real"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == AlertStatus.CONFIRMED
    case_id = ok.json()["case_id"]

    auditor = client_for("auditor")
    assert auditor.get(f"/api/cases/{case_id}").status_code == 200
    close = {"status": "dismissed", "note": "x"}
    assert auditor.post(f"/api/cases/{case_id}/status", close, content_type="application/json").status_code == 403
    reviewer = client_for("reviewer")
    action = {"kind": "legal_hold", "reason": "keep"}
    # Reviewers work cases but enforcement is for compliance and legal.
    assert reviewer.post(f"/api/cases/{case_id}/actions", action, content_type="application/json").status_code == 403
    officer = client_for("kepatuhan")
    created = officer.post(f"/api/cases/{case_id}/actions", action, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "done"
    detail = officer.get(f"/api/cases/{case_id}").json()
    assert [e["kind"] for e in detail["events"]][:2] == ["opened", "alert_linked"]
    assert detail["status"] == CaseStatus.ACTION_TAKEN


def test_employee_sees_only_outcomes_of_own_cases(bank: Organisation, client_for: Callable[[str], Client]) -> None:
    from tatakelola.orgs.models import Person

    karyawan = Person.objects.get(user__username="karyawan")
    officer = User.objects.get(username="kepatuhan")
    mine = services.case_open(
        actor=officer, organisation=bank, title="About karyawan", severity="low", subject=karyawan
    )
    services.case_open(actor=officer, organisation=bank, title="About someone else", severity="low")
    client = client_for("karyawan")
    assert [c["reference"] for c in client.get("/api/cases/mine").json()] == [mine.reference]
    assert client.get("/api/cases/").status_code == 403
    assert client.get(f"/api/cases/{mine.pk}").status_code == 403
    assert client.get("/api/cases/alerts").status_code == 403


def test_cases_list_csv(bank: Organisation) -> None:
    officer = User.objects.get(username="kepatuhan")
    open_case = services.case_open(actor=officer, organisation=bank, title="Open, with, commas", severity="high")
    closed = services.case_open(actor=officer, organisation=bank, title="Closed one", severity="low")
    services.case_transition(actor=officer, case=closed, status=CaseStatus.DISMISSED, note="duplicate")
    out = io.StringIO()
    call_command("cases", "list", "--status", "open", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["reference"] for r in rows] == [open_case.reference]
    assert rows[0]["title"] == "Open, with, commas" and rows[0]["organisation"] == "bank-nusantara"
    out = io.StringIO()
    call_command("cases", "list", "--status", "all", "--format", "jsonl", stdout=out)
    assert {json.loads(line)["reference"] for line in out.getvalue().splitlines()} == {
        c.reference for c in Case.objects.all()
    }
