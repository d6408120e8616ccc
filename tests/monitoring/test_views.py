"""Pages, API, webhook and the console commands of the monitoring app."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tatakelola.connectors.webhook import sign
from tatakelola.monitoring import services
from tatakelola.monitoring.choices import ImportStatus
from tatakelola.monitoring.models import ImportJob, Message, MonitoredAccount, WebhookDelivery

ClientFor = Callable[[str], Client]
WEBHOOK_SECRET = "demo-webhook-secret"  # the demo account's, seeded by `tatakelola demo`


def write_jsonl(path: Path, records: list[dict[str, object] | str]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _webhook_account() -> MonitoredAccount:
    return MonitoredAccount.objects.get(handle="@banknusantara")


def test_inventory_shows_accounts_and_warnings(client_for: ClientFor) -> None:
    response = client_for("komunikasi").get("/monitoring/accounts/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "@banknusantara_id" in body
    assert "Tidak ada pemilik cadangan" in body or "No backup owner" in body


@pytest.mark.parametrize("path", ["/monitoring/accounts/", "/monitoring/ingestion/"])
def test_list_pages_have_a_fixed_query_count(client_for: ClientFor, path: str) -> None:
    client = client_for("kepatuhan")
    client.get(path)
    with CaptureQueriesContext(connection) as first:
        assert client.get(path).status_code == 200
    MonitoredAccount.objects.update(last_activity_at=None)
    account = _webhook_account()
    for n in range(3):
        services.account_create(
            actor=None, organisation=account.organisation, platform="tiktok", handle=f"@extra{n}", account_type="brand"
        )
    with CaptureQueriesContext(connection) as second:
        assert client.get(path).status_code == 200
    assert len(second) == len(first) <= 12


def test_timeline_highlights_findings_with_redacted_evidence(client_for: ClientFor, run_on_commit: None) -> None:
    account = _webhook_account()
    services.messages_scan(message_ids=list(Message.objects.values_list("pk", flat=True)))
    response = client_for("reviewer").get(f"/monitoring/accounts/{account.pk}/?findings=1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark" in body
    assert "0812-3456-7890" not in body and "3201010101010001" not in body
    assert "Terima kasih atas kunjungan" not in body  # no findings: filtered out


def test_credentials_are_never_shown_after_entry(client_for: ClientFor) -> None:
    client = client_for("admin")
    response = client.post(
        "/monitoring/accounts/new/",
        {
            "platform": "mastodon",
            "handle": "@bank@mastodon.example",
            "account_type": "brand",
            "risk_tier": "high",
            "status": "active",
            "connector": "jsonl",
            "poll_interval_minutes": "15",
            "credentials": "access_token=sangat-rahasia-42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = MonitoredAccount.objects.get(handle="@bank@mastodon.example")
    page = client.get(response["Location"]).content.decode()
    assert "sangat-rahasia-42" not in page
    assert 'data-testid="credentials-state">disimpan (terenkripsi)' in page or "stored (encrypted)" in page
    assert "sangat-rahasia-42" not in account.credentials_encrypted


def test_employee_sees_no_monitoring(client_for: ClientFor) -> None:
    client = client_for("karyawan")
    assert client.get("/monitoring/accounts/").status_code == 403
    assert client.get("/api/monitoring/accounts").status_code == 403


def test_api_lists_accounts_and_messages(client_for: ClientFor) -> None:
    client = client_for("auditor")
    accounts = client.get("/api/monitoring/accounts").json()
    account = next(a for a in accounts if a["handle"] == "@banknusantara")
    assert account["has_credentials"] is True and "secret" not in json.dumps(account)
    messages = client.get(f"/api/monitoring/accounts/{account['id']}/messages").json()
    from tatakelola.monitoring.demo import MESSAGES

    assert len(messages) == sum(1 for handle, *_ in MESSAGES if handle == "@banknusantara")
    assert client.get("/api/monitoring/health").status_code == 200


def test_manual_import_runs_and_shows_progress(client_for: ClientFor, run_on_commit: None) -> None:
    client = client_for("komunikasi")
    account = _webhook_account()
    content = b'{"id": "u1", "text": "halo"}\n{broken\n{"id": "u2", "text": "dunia"}\n'
    response = client.post(
        "/monitoring/imports/new/",
        {"account": account.pk, "format": "jsonl", "file": SimpleUploadedFile("unggah.jsonl", content)},
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.stored, job.problems) == (ImportStatus.DONE, 2, 1)
    assert not Path(job.file_path).exists()  # the uploaded copy is discarded once stored
    page = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "line 2: malformed JSON" in page
    assert "hx-trigger" not in page  # finished: the partial stops polling


# -- webhook ------------------------------------------------------------------------------------


def _deliver(body: bytes, *, secret: str = WEBHOOK_SECRET, delivery: str = "d-1", age: int = 0) -> object:
    timestamp = str(int(time.time()) - age)
    return Client().post(
        f"/hooks/{_webhook_account().pk}/",
        body,
        content_type="application/json",
        headers={
            "X-Tatakelola-Signature": sign(secret, timestamp, body),
            "X-Tatakelola-Timestamp": timestamp,
            "X-Tatakelola-Delivery": delivery,
        },
    )


PUSHED = json.dumps({"messages": [{"id": "ig-2001", "text": "Promo cashback!", "author": "bank"}]}).encode()


def test_webhook_stores_a_signed_delivery(demo: None, run_on_commit: None) -> None:
    before = Message.objects.count()
    response = _deliver(PUSHED)
    assert response.status_code == 202, response.content  # type: ignore[attr-defined]
    assert Message.objects.count() == before + 1
    assert Message.objects.get(external_id="ig-2001").scan_count == 1


@pytest.mark.parametrize(
    "kwargs",
    [{"secret": "wrong-secret"}, {"age": 3600}],
    ids=["bad-signature", "stale-timestamp"],
)
def test_webhook_refuses_bad_signatures_and_stores_nothing(demo: None, kwargs: dict[str, object]) -> None:
    before = Message.objects.count()
    response = _deliver(PUSHED, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert Message.objects.count() == before
    assert not WebhookDelivery.objects.exists()


def test_webhook_refuses_a_tampered_body(demo: None) -> None:
    timestamp = str(int(time.time()))
    response = Client().post(
        f"/hooks/{_webhook_account().pk}/",
        PUSHED.replace(b"cashback", b"gratis"),
        content_type="application/json",
        headers={
            "X-Tatakelola-Signature": sign(WEBHOOK_SECRET, timestamp, PUSHED),
            "X-Tatakelola-Timestamp": timestamp,
        },
    )
    assert response.status_code == 401


def test_replayed_webhook_delivery_is_stored_once(demo: None, run_on_commit: None) -> None:
    assert _deliver(PUSHED).status_code == 202  # type: ignore[attr-defined]
    replay = _deliver(PUSHED)
    assert replay.status_code == 200 and replay.json() == {"status": "duplicate"}  # type: ignore[attr-defined]
    # Same message under a new delivery id (the sender retried): still stored once.
    assert _deliver(PUSHED, delivery="d-2").status_code == 202  # type: ignore[attr-defined]
    assert Message.objects.filter(external_id="ig-2001").count() == 1


def test_webhook_for_unknown_account_is_401(db: None) -> None:
    assert Client().post("/hooks/999/", b"{}", content_type="application/json").status_code == 401


# -- console ------------------------------------------------------------------------------------


def test_connectors_command_lists_capabilities(db: None) -> None:
    out = io.StringIO()
    call_command("connectors", stdout=out)
    assert "slack-export" in out.getvalue() and "import" in out.getvalue()


def test_ingest_command_reports_bad_lines_and_ingests_the_rest(demo: None, tmp_path: Path, run_on_commit: None) -> None:
    path = write_jsonl(
        tmp_path / "ekspor.jsonl",
        [{"id": "c1", "text": "satu"}, "{rusak", {"id": "c2", "text": "dua"}, {"id": "c3"}],
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(path), "--account", "@banknusantara_id", stdout=out, stderr=err)
    assert "2 stored, 0 already stored, 2 problems" in out.getvalue()
    assert "line 2: malformed JSON" in err.getvalue()
    assert "line 4: missing text field 'text'" in err.getvalue()
    assert "[##############################] 4/4 (100%)" in err.getvalue()
    assert Message.objects.filter(external_id__in=["c1", "c2"], scan_count=1).count() == 2


def test_ingest_command_refuses_an_unknown_account(demo: None, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": "x"}])
    with pytest.raises(CommandError, match="No monitored account"):
        call_command("ingest", str(path), "--account", "@nobody")


def test_poll_command_without_polled_accounts(demo: None) -> None:
    out = io.StringIO()
    call_command("poll", stdout=out)
    assert "No account to poll." in out.getvalue()


@pytest.mark.parametrize(
    ("text", "spans", "evidence", "expected"),
    [
        (
            "call 0812345678 now",
            [[5, 15]],
            "08******78",
            'call <mark class="bg-red-lt" title="R: t" data-severity="critical">08******78</mark> now',
        ),
        ("<b>x</b> 0812", [[9, 13]], "08**", "&lt;b&gt;x&lt;/b&gt; <mark"),
        (
            "abcdefgh",
            [[0, 6], [2, 8]],
            "ab**ef",
            '<mark class="bg-red-lt" title="R: t" data-severity="critical">ab**ef</mark>gh',
        ),
        ("short", [[3, 99]], "x", "short"),
        # A rule that does not redact: each span shows its own words, not the joined evidence.
        ("nikmati bunga deposito", [[0, 7], [14, 22]], "nikmati; deposito", 'critical">nikmati</mark> bunga <mark'),
        # Evidence cut short by the core never lets an unlisted raw value through.
        ("token sk_live_abcdefghijkl", [[6, 26]], "", ">sk****************kl</mark>"),
    ],
    ids=[
        "pii-masked",
        "text-escaped",
        "overlap-keeps-first",
        "span-out-of-range-ignored",
        "unredacted-spans-keep-their-words",
        "value-not-in-evidence-is-masked",
    ],
)
def test_highlight_never_shows_what_the_core_redacted(
    account: MonitoredAccount, text: str, spans: list[list[int]], evidence: str, expected: str
) -> None:
    from tatakelola.monitoring.models import Finding
    from tatakelola.monitoring.templatetags.monitoring_tags import highlighted

    message = Message.objects.create(
        organisation=account.organisation, account=account, platform="x", external_id="1", text=text
    )
    for start, end in spans:
        Finding.objects.create(
            organisation=account.organisation,
            message=message,
            rule_id="R",
            pack="p",
            title="t",
            severity="critical",
            category="c",
            action="flag",
            spans=[[start, end]],
            evidence=evidence,
        )
    assert expected in highlighted(message)


def test_finding_titles_follow_the_readers_language(account: MonitoredAccount) -> None:
    from django.utils import translation

    from tatakelola.monitoring.models import Finding
    from tatakelola.monitoring.templatetags.monitoring_tags import finding_title

    finding = Finding(rule_id="PII-NIK-001", title="stored title")
    with translation.override("id"):
        indonesian = finding_title(finding)
    with translation.override("en"):
        english = finding_title(finding)
    assert indonesian != english and "NIK" in indonesian
    assert finding_title(Finding(rule_id="UNKNOWN", title="stored title")) == "stored title"


def test_finding_explanations_follow_the_readers_language(client_for: ClientFor, run_on_commit: None) -> None:
    from django.utils import translation

    from tatakelola.monitoring.models import Finding
    from tatakelola.monitoring.templatetags.monitoring_tags import finding_explanation
    from tatakelola.orgs.models import Person

    both = Finding(explanation="E-mail address.", explanation_id="Alamat e-mail.")
    old = Finding(explanation="E-mail address.")  # stored before explanations were bilingual
    with translation.override("id"):
        assert finding_explanation(both) == "Alamat e-mail."
        assert finding_explanation(old) == "E-mail address."
    with translation.override("en"):
        assert finding_explanation(both) == "E-mail address."

    # messages_scan stores the scanning core's Indonesian text, and the timeline shows it.
    account = _webhook_account()
    services.messages_scan(message_ids=list(Message.objects.values_list("pk", flat=True)))
    stored = list(Finding.objects.filter(message__account=account))
    assert stored and all(f.explanation_id and f.explanation_id != f.explanation for f in stored)
    client = client_for("reviewer")
    reviewer = Person.objects.filter(user__username="reviewer")
    reviewer.update(language="id")
    body = client.get(f"/monitoring/accounts/{account.pk}/?findings=1").content.decode()
    assert any(f.explanation_id in body for f in stored if "'" not in f.explanation_id)
    reviewer.update(language="en")
    body = client.get(f"/monitoring/accounts/{account.pk}/?findings=1").content.decode()
    assert not any(f.explanation_id in body for f in stored)


def test_account_edit_changes_owner_and_is_audited(client_for: ClientFor) -> None:
    from tatakelola.audit.models import AuditEntry
    from tatakelola.orgs.models import Person

    account = MonitoredAccount.objects.get(handle="@banknusantara_id")
    backup = Person.objects.get(user__username="reviewer")
    client = client_for("komunikasi")
    assert client.get(f"/monitoring/accounts/{account.pk}/edit/").status_code == 200
    response = client.post(
        f"/monitoring/accounts/{account.pk}/edit/",
        {
            "display_name": "Bank Nusantara (X)",
            "account_type": account.account_type,
            "owner": account.owner_id,
            "backup_owner": backup.pk,
            "department": account.department_id,
            "risk_tier": "high",
            "connector": "",
            "poll_interval_minutes": 30,
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.backup_owner, account.display_name, account.poll_interval_minutes) == (
        backup,
        "Bank Nusantara (X)",
        30,
    )
    entry = AuditEntry.objects.filter(action="monitoring.account.update").get()
    assert entry.after == {
        "backup_owner": str(backup),
        "display_name": "Bank Nusantara (X)",
        "poll_interval_minutes": 30,
    }
    assert client_for("risiko").get(f"/monitoring/accounts/{account.pk}/edit/").status_code == 403
