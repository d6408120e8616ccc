from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One state change, append-only and hash-chained to the entry before it.

    ``hash`` is HMAC-SHA-256, with the audit key named by ``key_id``, over the canonical JSON of
    every other field including ``prev_hash``, so editing any row, or deleting one, breaks the chain
    at that point, and nobody without the key (which is never in the database) can recompute it.
    Entries written before the chain was keyed have an empty ``key_id`` and a plain SHA-256.
    Actor and organisation are stored as plain values, not foreign keys: deleting a user
    must never need to update the log (which the database refuses).
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor = models.CharField(_("who"), max_length=150)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    key_id = models.CharField(_("key"), max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class VerificationStatus(models.TextChoices):
    INTACT = "intact", _("Intact")
    BROKEN = "broken", _("Broken")


class BreakReason(models.TextChoices):
    NONE = "", _("None")
    MISSING = "missing", _("An entry is missing: rows were deleted")
    UNLINKED = "unlinked", _("An entry does not link to the one before it: the chain was cut or rewritten")
    ALTERED = "altered", _("An entry was altered after it was written")
    TRUNCATED = "truncated", _("Entries at the end of the chain are missing")
    KEY = "key", _("An entry is not keyed with a configured audit key")
    HEAD = "head", _("An entry differs from the head an earlier verification recorded")
    CHECKPOINT = "checkpoint", _("An entry differs from the signed checkpoint")
    FORGED = "forged", _("The latest checkpoint's signature is not valid")
    LOST = "lost", _("Checkpoints an earlier verification wrote are missing")


class AuditVerification(models.Model):
    """The result of one walk of the hash chain (run by hand, by the API or daily by Celery).

    It records the head it saw, so a later run can tell if entries were cut off the end
    of the chain, which the links alone cannot show, and the signed checkpoint it wrote outside
    the database afterwards (``checkpoint_seq``). ``organisation_id`` is the requester's
    organisation (empty for the scheduler and the command line): each organisation's auditors
    see their own verifications and the installation's scheduled ones.
    """

    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=VerificationStatus.choices)
    entries_checked = models.PositiveBigIntegerField(_("entries checked"))
    head_seq = models.PositiveBigIntegerField(_("last sequence"), null=True, blank=True)
    head_hash = models.CharField(_("last hash"), max_length=64, blank=True)
    first_broken_seq = models.PositiveBigIntegerField(_("first broken entry"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=10, choices=BreakReason.choices, blank=True)
    # The sequence an earlier verification saw, or the next entry present, for the message.
    reference_seq = models.PositiveBigIntegerField(_("reference entry"), null=True, blank=True)
    requested_by = models.CharField(_("requested by"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True, db_index=True)
    checkpoint_seq = models.PositiveBigIntegerField(_("checkpoint"), null=True, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("audit verification")
        verbose_name_plural = _("audit verifications")

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def message(self) -> str:
        from tatakelola.audit.selectors import verification_message

        return verification_message(self)
