"""Enumerations of the cases domain, shared with the API and the UI."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")
    ESCALATED = "escalated", _("Escalated")


class DismissReason(models.TextChoices):
    RULE_TOO_BROAD = "rule_too_broad", _("False positive: the rule matched harmless text")
    CONTEXT = "context", _("False positive: acceptable in context (quote, news, training)")
    AUTHORISED = "authorised", _("Authorised disclosure or approved content")
    DUPLICATE = "duplicate", _("Duplicate of another alert")
    TEST_DATA = "test_data", _("Test or sample data")


class Verdict(models.TextChoices):
    TRUE_POSITIVE = "true_positive", _("True positive")
    FALSE_POSITIVE = "false_positive", _("False positive")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    TRIAGE = "triage", _("Triage")
    INVESTIGATING = "investigating", _("Investigating")
    ACTION_TAKEN = "action_taken", _("Action taken")
    CLOSED = "closed", _("Closed")
    DISMISSED = "dismissed", _("Dismissed")


OPEN_CASE_STATUSES = (CaseStatus.NEW, CaseStatus.TRIAGE, CaseStatus.INVESTIGATING, CaseStatus.ACTION_TAKEN)
FINAL_CASE_STATUSES = (CaseStatus.CLOSED, CaseStatus.DISMISSED)

# The lifecycle: which status may follow which. Closing needs an outcome; reopening is not a thing,
# a new case is opened instead (the closed one stays as it was decided).
CASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.NEW: (CaseStatus.TRIAGE, CaseStatus.INVESTIGATING, CaseStatus.DISMISSED),
    CaseStatus.TRIAGE: (CaseStatus.INVESTIGATING, CaseStatus.DISMISSED),
    CaseStatus.INVESTIGATING: (CaseStatus.ACTION_TAKEN, CaseStatus.CLOSED, CaseStatus.DISMISSED),
    CaseStatus.ACTION_TAKEN: (CaseStatus.INVESTIGATING, CaseStatus.CLOSED),
    CaseStatus.CLOSED: (),
    CaseStatus.DISMISSED: (),
}


class CaseOutcome(models.TextChoices):
    VIOLATION = "violation", _("Policy violation confirmed")
    NO_VIOLATION = "no_violation", _("No violation found")
    RESOLVED_INFORMALLY = "resolved_informally", _("Resolved informally (guidance given)")
    REFERRED = "referred", _("Referred to another process (HR, legal)")


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    ALERT_LINKED = "alert_linked", _("Alert linked")
    NOTE = "note", _("Note")
    EVIDENCE = "evidence", _("Evidence added")
    ACTION = "action", _("Enforcement action")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breached and escalated")
    BREACH_CLOCK = "breach_clock", _("Personal data breach clock started")
    BREACH_NOTICE = "breach_notice", _("Breach notification recorded")
    CRISIS = "crisis", _("Marked as crisis")
    SUBJECT = "subject", _("Person concerned set")
    # Something another app did for this case (a training assignment completed, a hold released,
    # a crisis opened): its sentence is stored as a deferred text, with a link to the record.
    LINKED = "linked", _("Linked record")


class ActionKind(models.TextChoices):
    REQUEST_REMOVAL = "request_removal", _("Request removal from the author")
    REMOVE = "remove", _("Remove through the connector")
    HIDE = "hide", _("Hide through the connector")
    WARN = "warn", _("Warn the employee")
    TRAINING = "training", _("Assign remedial training")
    LEGAL_HOLD = "legal_hold", _("Place a legal hold on the messages")
    REPORT = "report", _("Report to a regulator or platform")
    CRISIS = "crisis", _("Mark as crisis")


class ActionStatus(models.TextChoices):
    DONE = "done", _("Done")
    REQUESTED = "requested", _("Requested")
    FAILED = "failed", _("Failed")


class BreachRecipient(models.TextChoices):
    """Who UU PDP Pasal 46 (and, where EU residents are affected, GDPR Art. 33-34) says to notify."""

    DATA_SUBJECTS = "data_subjects", _("The data subjects (UU PDP Pasal 46(1)(a))")
    PDP_AGENCY = "pdp_agency", _("The personal data protection agency (UU PDP Pasal 46(1)(b))")
    PUBLIC = "public", _("The public, where required (UU PDP Pasal 46(3))")
    DPO = "dpo", _("The data protection officer (UU PDP Pasal 53)")
    GDPR_AUTHORITY = "gdpr_authority", _("EU supervisory authority, if EU residents are affected (GDPR Art. 33, 72 h)")


class ReportRecipient(models.TextChoices):
    PDP_AGENCY = "pdp_agency", _("Personal data protection agency (UU PDP)")
    OJK = "ojk", _("Otoritas Jasa Keuangan (OJK)")
    KOMDIGI = "komdigi", _("Kementerian Komunikasi dan Digital (Komdigi)")
    PLATFORM = "platform", _("The social media platform")
    POLICE = "police", _("Police (cyber crime unit)")
