"""Verifications are shown to the organisation whose people asked for them, and scheduled ones to all."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from tatakelola.audit.models import AuditEntry, AuditVerification
from tatakelola.audit.services import audit_chain_verify
from tatakelola.orgs import services
from tatakelola.orgs.choices import Role

PASSWORD = "another-org-password-1"


def test_verifications_are_scoped_to_the_requesting_organisation(client_for: Callable[[str], Client]) -> None:
    other = services.organisation_create(actor=None, name="PT Lain", slug="lain")
    services.person_create(
        actor=None,
        organisation=other,
        full_name="Auditor Lain",
        roles=[Role.AUDITOR],
        username="auditor-lain",
        password=PASSWORD,
    )
    other_auditor = Client()
    assert other_auditor.login(username="auditor-lain", password=PASSWORD)

    officer = client_for("kepatuhan")
    assert officer.post("/api/audit/verify").status_code == 202  # runs in-process (no broker)
    requested = AuditVerification.objects.get(requested_by="kepatuhan")
    assert requested.organisation_id is not None
    scheduled = audit_chain_verify()  # the daily task: installation-wide

    own = {v["id"] for v in client_for("auditor").get("/api/audit/verifications").json()}
    foreign = {v["id"] for v in other_auditor.get("/api/audit/verifications").json()}
    assert own == {requested.pk, scheduled.pk}
    assert foreign == {scheduled.pk}
    assert "kepatuhan" not in other_auditor.get("/audit/").content.decode()
    # The log entry of the officer's check belongs to the officer's organisation, not to everyone.
    entry = AuditEntry.objects.get(action="audit.chain.verified", object_id=str(requested.pk))
    assert entry.organisation_id == requested.organisation_id
