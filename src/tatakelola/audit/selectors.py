"""Reads of the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tatakelola.audit.models import AuditEntry, AuditVerification, BreakReason


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    object_type: str = ""


def audit_entry_list(*, organisation_id: int | None, filters: AuditFilters | None = None) -> QuerySet[AuditEntry]:
    """Entries of one organisation plus installation-wide (system) entries, newest first."""
    from django.db.models import Q

    qs = AuditEntry.objects.filter(Q(organisation_id=organisation_id) | Q(organisation_id__isnull=True))
    if filters:
        if filters.action:
            qs = qs.filter(action__startswith=filters.action)
        if filters.actor:
            qs = qs.filter(actor=filters.actor)
        if filters.object_type:
            qs = qs.filter(object_type=filters.object_type)
    return qs.order_by("-seq")


def verification_list(*, organisation_id: int | None, limit: int = 10) -> list[AuditVerification]:
    """Verifications an organisation's people asked for, and the installation's scheduled ones.

    Another organisation's requests (who asked, when) are not shown.
    """
    from django.db.models import Q

    scope = Q(organisation_id__isnull=True)
    if organisation_id is not None:
        scope |= Q(organisation_id=organisation_id)
    return list(AuditVerification.objects.filter(scope).order_by("-checked_at", "-id")[:limit])


def verification_message(verification: AuditVerification) -> str:
    """A sentence, in the active language, saying what a verification found."""
    params = {
        "seq": verification.first_broken_seq,
        "ref": verification.reference_seq,
        "count": verification.entries_checked,
    }
    if verification.reason == BreakReason.MISSING:
        return _("Entry #%(seq)s is missing (the next entry present is #%(ref)s): rows were deleted.") % params
    if verification.reason == BreakReason.UNLINKED:
        return _("Entry #%(seq)s does not link to the entry before it: the chain was cut or rewritten.") % params
    if verification.reason == BreakReason.ALTERED:
        return _("Entry #%(seq)s was altered after it was written.") % params
    if verification.reason == BreakReason.TRUNCATED:
        return (
            _(
                "Entries from #%(seq)s on are missing: an earlier verification or a signed checkpoint saw the "
                "chain reach #%(ref)s."
            )
            % params
        )
    if verification.reason == BreakReason.KEY:
        return (
            _(
                "Entry #%(seq)s is not keyed with a configured audit key: it was written by someone without the "
                "key, or a retired key is missing from TATAKELOLA_AUDIT_KEY."
            )
            % params
        )
    if verification.reason == BreakReason.HEAD:
        return _("Entry #%(seq)s differs from the head an earlier verification recorded: the chain was rewritten.") % (
            params
        )
    if verification.reason == BreakReason.CHECKPOINT:
        return (
            _("Entry #%(seq)s differs from the signed checkpoint of that entry: the chain was rewritten up to it.")
            % params
        )
    if verification.reason == BreakReason.FORGED:
        return (
            _(
                "The latest line of the checkpoint file (entry #%(seq)s) has no valid signature: the file was "
                "altered, or its key is no longer configured."
            )
            % params
        )
    if verification.reason == BreakReason.LOST:
        return (
            _(
                "An earlier verification wrote a checkpoint of entry #%(seq)s, but the checkpoint file ends "
                "before it: checkpoints were removed."
            )
            % params
        )
    return _("%(count)s entries verified; the chain is intact.") % params
