"""Enumerations of the monitoring domain, shared with the API and the UI."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    RSS = "rss", _("RSS/Atom feed")
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Microsoft Teams"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    LINKEDIN = "linkedin", "LinkedIn"
    YOUTUBE = "youtube", "YouTube"
    WHATSAPP = "whatsapp", "WhatsApp Business"
    WEBHOOK = "webhook", _("Webhook (any tool)")
    GENERIC = "generic", _("Other / file import")


class AccountType(models.TextChoices):
    BRAND = "brand", _("Brand")
    EXECUTIVE = "executive", _("Executive")
    EMPLOYEE_ADVOCACY = "employee_advocacy", _("Employee advocacy")
    GOVERNMENT = "government", _("Government agency")
    COMMUNITY = "community", _("Community")


class RiskTier(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    DECOMMISSIONED = "decommissioned", _("Decommissioned")


class Severity(models.TextChoices):
    """Same values as the scanning core's severities."""

    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DeadLetterKind(models.TextChoices):
    RECORD = "record", _("Unreadable record")
    TASK = "task", _("Failed task")
