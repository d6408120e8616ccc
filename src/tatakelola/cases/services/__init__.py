"""Writes for alerts and cases, one module per concern: triage decisions, the case lifecycle, evidence,
SLA policies and the personal-data-breach clock. Each change writes one audit entry and, for cases, a
timeline event. Callers import the public names from here."""

from __future__ import annotations

from tatakelola.cases.services.alerts import (
    BREACH_CATEGORIES,
    CRITICAL_ALERT_ROLES,
    INTERNAL_PLATFORMS,
    alert_assign,
    alert_confirm,
    alert_dismiss,
    alert_escalate,
    alerts_build,
    alerts_bulk,
)
from tatakelola.cases.services.breach import (
    BREACH_WINDOW,
    breach_clock_start,
    breach_notice_record,
)
from tatakelola.cases.services.common import (
    acting_user,
    active_users,
    message_person,
    now_or,
    role_holders,
    subject_for,
    timeline_event,
)
from tatakelola.cases.services.evidence import (
    MAX_EVIDENCE_BYTES,
    case_evidence_add,
    evidence_store_generated,
)
from tatakelola.cases.services.lifecycle import (
    case_assign,
    case_link_alert,
    case_note,
    case_open,
    case_set_subject,
    case_timeline_record,
    case_transition,
    locked_case,
)
from tatakelola.cases.services.sla_config import (
    DEFAULT_SLA,
    sla_policies,
    sla_policy_update,
)

__all__ = [
    "BREACH_CATEGORIES",
    "BREACH_WINDOW",
    "CRITICAL_ALERT_ROLES",
    "DEFAULT_SLA",
    "INTERNAL_PLATFORMS",
    "MAX_EVIDENCE_BYTES",
    "acting_user",
    "active_users",
    "alert_assign",
    "alert_confirm",
    "alert_dismiss",
    "alert_escalate",
    "alerts_build",
    "alerts_bulk",
    "breach_clock_start",
    "breach_notice_record",
    "case_assign",
    "case_evidence_add",
    "case_link_alert",
    "case_note",
    "case_open",
    "case_set_subject",
    "case_timeline_record",
    "case_transition",
    "evidence_store_generated",
    "locked_case",
    "message_person",
    "now_or",
    "role_holders",
    "sla_policies",
    "sla_policy_update",
    "subject_for",
    "timeline_event",
]
