"""Alerts, cases and what was decided on them.

Every state change goes through a service that writes one audit entry; these tables hold the
current state and the case timeline a person reads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tatakelola.cases.choices import (
    ActionKind,
    ActionStatus,
    AlertStatus,
    BreachRecipient,
    CaseEventKind,
    CaseOutcome,
    CaseStatus,
    DismissReason,
    Verdict,
)
from tatakelola.monitoring.choices import Severity
from tatakelola.monitoring.models import Finding, Message, MonitoredAccount
from tatakelola.orgs.choices import Role
from tatakelola.orgs.models import Department, Organisation, Person

SEVERITY_RANK: dict[str, int] = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


class SlaPolicy(models.Model):
    """How long a case of one severity may stay open, and which role gets it when that time runs out."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sla_policies")
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    resolve_within_hours = models.PositiveIntegerField(_("resolve within (hours)"))
    warn_at_percent = models.PositiveSmallIntegerField(_("warn when this share of the time is used (%)"), default=75)
    escalate_to = models.CharField(_("escalate to"), max_length=32, choices=Role.choices)

    class Meta:
        ordering = ["organisation", "resolve_within_hours"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "severity"], name="cases_sla_unique_severity"),
            models.CheckConstraint(
                condition=Q(warn_at_percent__gte=1, warn_at_percent__lte=99), name="cases_sla_warn_percent"
            ),
            models.CheckConstraint(condition=Q(resolve_within_hours__gte=1), name="cases_sla_positive_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.resolve_within_hours} h"


class Case(models.Model):
    """An investigation (kasus) with an owner, an SLA, a timeline and decisions."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cases")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW)
    assignee = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )
    subject = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_about",
        verbose_name=_("person concerned"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField()
    sla_warned_at = models.DateTimeField(null=True, blank=True)
    sla_breached_at = models.DateTimeField(_("SLA breached at"), null=True, blank=True)
    escalated_to = models.CharField(_("escalated to"), max_length=32, choices=Role.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=CaseOutcome.choices, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    is_crisis = models.BooleanField(_("crisis"), default=False)
    personal_data_breach = models.BooleanField(_("personal data breach"), default=False)
    breach_aware_at = models.DateTimeField(_("breach known since"), null=True, blank=True)
    breach_notify_by = models.DateTimeField(_("notify by"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="cases_case_unique_number"),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="cases_case_status"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_at"], name="cases_case_status_due"),
            models.Index(fields=["due_at"], condition=Q(sla_breached_at__isnull=True), name="cases_case_sla_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"K-{self.number:05d}"

    @property
    def is_open(self) -> bool:
        return self.status not in (CaseStatus.CLOSED, CaseStatus.DISMISSED)


class Alert(models.Model):
    """The findings of one message (peringatan), grouped for review.

    Severity, platform, language, department and rule ids are copied from the message and its
    findings when the alert is built so that the queue sorts and filters on one indexed table.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="alerts")
    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="alert")
    account = models.ForeignKey(MonitoredAccount, on_delete=models.CASCADE, related_name="alerts")
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    platform = models.CharField(_("platform"), max_length=20)
    language = models.CharField(_("language"), max_length=8, blank=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    severity_rank = models.PositiveSmallIntegerField()
    status = models.CharField(_("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    finding_count = models.PositiveSmallIntegerField(default=0)
    rule_ids = models.JSONField(default=list)
    packs = models.JSONField(default=list)
    assignee = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_alerts",
        verbose_name=_("assignee"),
    )
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts")
    created_at = models.DateTimeField(_("raised at"))
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismiss_reason = models.CharField(_("reason"), max_length=20, choices=DismissReason.choices, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-severity_rank", "created_at", "id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AlertStatus.values), name="cases_alert_status"),
        ]
        indexes = [
            # The queue: one organisation's open alerts, most severe and oldest first.
            models.Index(
                fields=["organisation", "status", "-severity_rank", "created_at", "id"], name="cases_alert_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} alert on {self.message_id}"


class FindingLabel(models.Model):
    """A reviewer's verdict on one finding: the feedback that measures a rule's precision."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="label")
    rule_id = models.CharField(_("rule"), max_length=80)
    pack = models.CharField(_("rule pack"), max_length=80)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=DismissReason.choices, blank=True)
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    labelled_at = models.DateTimeField(_("labelled at"))

    class Meta:
        verbose_name = _("finding label")
        verbose_name_plural = _("finding labels")
        indexes = [models.Index(fields=["organisation", "rule_id", "labelled_at"], name="cases_label_rule_time")]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.verdict}"


class CaseEvent(models.Model):
    """One line of a case's timeline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=CaseEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class EvidenceFile(models.Model):
    """A file attached to a case; its SHA-256 is recorded (and audited) when it is stored."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class BreachNotice(models.Model):
    """One line of a personal-data-breach checklist: who must be told, by when, and when they were."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="breach_notices")
    recipient = models.CharField(_("recipient"), max_length=20, choices=BreachRecipient.choices)
    required = models.BooleanField(_("required"), default=True)
    due_at = models.DateTimeField(_("due at"))
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("breach notice")
        verbose_name_plural = _("breach notices")
        constraints = [models.UniqueConstraint(fields=["case", "recipient"], name="cases_breach_unique_recipient")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.recipient}"


class EnforcementAction(models.Model):
    """One enforcement action (tindakan penegakan): who did what, when, why, and what came of it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="enforcement_actions")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=20, choices=ActionKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices)
    reason = models.TextField(_("reason"))
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    # What happened, as a deferred text (msgid + parameters, see utilities/texts.py): shown in the
    # reader's language, never stored in the language of the moment.
    result = models.JSONField(_("result"), default=dict, blank=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    performed_at = models.DateTimeField(_("performed at"))

    class Meta:
        ordering = ["performed_at", "id"]
        verbose_name = _("enforcement action")
        verbose_name_plural = _("enforcement actions")
        indexes = [models.Index(fields=["organisation", "kind", "status"], name="cases_action_kind")]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"


class LegalHold(models.Model):
    """Suspends deletion of one message while a case needs it (penahanan hukum)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="legal_holds")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="legal_holds")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_holds")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    placed_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "case"], condition=Q(released_at__isnull=True), name="cases_hold_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"hold {self.message_id} ({self.case_id})"
