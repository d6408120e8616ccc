from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tatakelola.monitoring.choices import (
    AccountStatus,
    AccountType,
    DeadLetterKind,
    ImportStatus,
    Platform,
    RiskTier,
    Severity,
)
from tatakelola.orgs.models import Department, Organisation, Person


class MonitoredAccount(models.Model):
    """A social account or collaboration workspace (akun) the organisation owns or monitors.

    The connector named here reads it; its credentials are stored only as a Fernet token
    (``credentials_encrypted``) and are never shown again after entry.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="monitored_accounts")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    account_type = models.CharField(_("account type"), max_length=20, choices=AccountType.choices)
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_accounts", verbose_name=_("owner")
    )
    backup_owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="backup_owned_accounts",
        verbose_name=_("backup owner"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="accounts"
    )
    risk_tier = models.CharField(_("risk tier"), max_length=8, choices=RiskTier.choices, default=RiskTier.MEDIUM)
    status = models.CharField(_("status"), max_length=16, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    connector = models.CharField(_("connector"), max_length=40, blank=True)
    connector_options = models.JSONField(_("connector options"), default=dict, blank=True)
    credentials_encrypted = models.TextField(blank=True, editable=False)
    poll_interval_minutes = models.PositiveIntegerField(_("polling interval (minutes)"), default=15)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("monitored account")
        verbose_name_plural = _("monitored accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "platform", "handle"], name="monitoring_account_unique_handle"
            ),
            models.CheckConstraint(condition=Q(status__in=AccountStatus.values), name="monitoring_account_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"

    @property
    def has_credentials(self) -> bool:
        return bool(self.credentials_encrypted)


class IngestionState(models.Model):
    """Per-account resume cursor and health: where polling resumes, and how it has gone."""

    account = models.OneToOneField(MonitoredAccount, on_delete=models.CASCADE, related_name="ingestion")
    cursor = models.CharField(max_length=500, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    messages_stored = models.PositiveBigIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("ingestion state")
        verbose_name_plural = _("ingestion states")

    def __str__(self) -> str:
        return f"{self.account}: {self.cursor or '-'}"


class Message(models.Model):
    """One post, comment, reply or chat message (pesan), normalised across platforms.

    Stored once per (organisation, platform, external id): a connector that delivers the same
    message twice, or a worker that redoes a batch after a crash, finds it already there.
    ``scan_count`` records how often the scanning pipeline processed it (exactly once).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="messages")
    account = models.ForeignKey(MonitoredAccount, on_delete=models.CASCADE, related_name="messages")
    platform = models.CharField(max_length=20)
    external_id = models.CharField(max_length=255)
    author = models.CharField(_("author"), max_length=200, blank=True)
    author_id = models.CharField(max_length=200, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    url = models.CharField(_("URL"), max_length=1000, blank=True)
    links = models.JSONField(default=list, blank=True)
    media = models.JSONField(default=list, blank=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    ingested_at = models.DateTimeField(_("ingested at"), auto_now_add=True)
    raw = models.JSONField(default=dict, blank=True)
    import_job = models.ForeignKey("ImportJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    scanned_at = models.DateTimeField(null=True, blank=True)
    scan_count = models.PositiveSmallIntegerField(default=0)
    highest_severity = models.CharField(max_length=8, choices=Severity.choices, blank=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "platform", "external_id"], name="monitoring_message_unique_external_id"
            ),
        ]
        indexes = [
            models.Index(fields=["account", "-posted_at"], name="monitoring_msg_account_posted"),
            models.Index(fields=["scanned_at"], condition=Q(scanned_at__isnull=True), name="monitoring_msg_unscanned"),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.external_id}"


class Finding(models.Model):
    """One rule hit (temuan) on one stored message, as the scanning core reported it.

    ``evidence`` is already redacted by the scanning core; the raw matched text is never copied.
    ``explanation`` is English and ``explanation_id`` Indonesian (empty on rows scanned before the
    scanning core explained itself in both languages; readers then fall back to English).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="findings")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="findings")
    rule_id = models.CharField(_("rule"), max_length=80)
    pack = models.CharField(_("rule pack"), max_length=80)
    title = models.CharField(_("title"), max_length=300, blank=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    category = models.CharField(_("category"), max_length=60)
    action = models.CharField(max_length=30)
    spans = models.JSONField(default=list)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    explanation_id = models.TextField(_("explanation (Indonesian)"), blank=True)
    citations = models.JSONField(default=list, blank=True)
    score = models.FloatField(default=1.0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["message", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [models.Index(fields=["organisation", "severity", "-created_at"], name="monitoring_finding_sev")]

    def __str__(self) -> str:
        return f"{self.rule_id} on {self.message_id}"


class ImportJob(models.Model):
    """A file import a person started (UI or ``tatakelola ingest``): status, progress and log.

    ``position`` counts the records already stored, so a worker that dies mid-import resumes
    where the last committed batch ended.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="import_jobs")
    account = models.ForeignKey(MonitoredAccount, on_delete=models.CASCADE, related_name="import_jobs")
    format = models.CharField(_("format"), max_length=20)
    file_name = models.CharField(_("file"), max_length=255)
    file_path = models.CharField(max_length=1000)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    position = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    stored = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    problems = models.PositiveIntegerField(default=0)
    log = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.file_name} → {self.account}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.position / self.total))


class DeadLetter(models.Model):
    """Work that could not be done and must not be lost: an unreadable record or a task that
    exhausted its retries. Kept until someone resolves it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="dead_letters")
    account = models.ForeignKey(
        MonitoredAccount, on_delete=models.CASCADE, null=True, blank=True, related_name="dead_letters"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DeadLetterKind.choices)
    source = models.CharField(_("source"), max_length=300)
    reason = models.TextField(_("reason"))
    payload = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dead letter")
        verbose_name_plural = _("dead letters")

    def __str__(self) -> str:
        return f"{self.kind}: {self.source}"


class WebhookDelivery(models.Model):
    """A webhook delivery already accepted; a replay of it is acknowledged and not stored again."""

    account = models.ForeignKey(MonitoredAccount, on_delete=models.CASCADE, related_name="webhook_deliveries")
    delivery_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["account", "delivery_id"], name="monitoring_webhook_unique_delivery")
        ]

    def __str__(self) -> str:
        return self.delivery_id
