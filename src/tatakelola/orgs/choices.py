"""Enumerations of the organisation domain, shared with the API and the UI."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The governance roles a person can hold; capabilities per role live in ``tatakelola.access``."""

    GOVERNANCE_ADMIN = "governance_admin", _("Governance admin")
    COMPLIANCE_OFFICER = "compliance_officer", _("Compliance officer")
    RISK_MANAGER = "risk_manager", _("Risk manager")
    LEGAL_COUNSEL = "legal_counsel", _("Legal counsel")
    COMMUNICATIONS_MANAGER = "communications_manager", _("Communications / brand manager")
    HR_TRAINER = "hr_trainer", _("HR / trainer")
    REVIEWER = "reviewer", _("Reviewer")
    EMPLOYEE = "employee", _("Employee")
    AUDITOR = "auditor", _("Auditor (read-only)")


class CommitteePosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class MeetingCadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Language(models.TextChoices):
    INDONESIAN = "id", _("Bahasa Indonesia")
    ENGLISH = "en", _("English")
