"""Presentation helpers for the cases pages: message snippets, timeline sentences, SLA badges,
precision sparklines. Everything returned as HTML is built with format_html or escaped."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tatakelola.cases.choices import (
    ActionKind,
    ActionStatus,
    BreachRecipient,
    CaseEventKind,
    CaseOutcome,
    CaseStatus,
    DismissReason,
)
from tatakelola.cases.models import Case, CaseEvent
from tatakelola.monitoring.choices import Severity
from tatakelola.monitoring.models import Message
from tatakelola.monitoring.templatetags.monitoring_tags import highlighted
from tatakelola.orgs.choices import Role
from tatakelola.utilities.texts import render_text

register = template.Library()

SNIPPET_CHARS = 160
SNIPPET_LEAD = 40


class _Findings:
    def __init__(self, findings: list[Any]) -> None:
        self._findings = findings

    def all(self) -> list[Any]:
        return self._findings


@register.filter
def snippet(message: Message, length: int = SNIPPET_CHARS) -> SafeString:
    """A short window of the message around its first finding, highlighted and masked like the
    full text (the same ``highlighted`` filter does the masking; only the window is new here)."""
    text = message.text
    findings = list(message.findings.all())
    starts = [start for f in findings for start, _end in (f.spans or []) if 0 <= start < len(text)]
    begin = max(0, min(starts) - SNIPPET_LEAD) if starts and len(text) > length else 0
    end = min(len(text), begin + length)
    # Never cut a marked span in half: widen the window to whole spans.
    for f in findings:
        for start, stop in f.spans or []:
            if start < begin < stop:
                begin = start
            if start < end < stop:
                end = stop
    shifted = [
        SimpleNamespace(
            rule_id=f.rule_id,
            title=f.title,
            severity=f.severity,
            evidence=f.evidence,
            spans=[[s - begin, e - begin] for s, e in (f.spans or []) if begin <= s and e <= end],
        )
        for f in findings
    ]
    window = SimpleNamespace(text=text[begin:end], findings=_Findings(shifted))
    body = highlighted(window)  # type: ignore[arg-type]
    return format_html("{}{}{}", "… " if begin > 0 else "", body, " …" if end < len(text) else "")


def _when(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        return str(value or "")
    return str(date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT"))


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "—")


@register.filter
def event_text(event: CaseEvent) -> str:
    """One timeline line in the reader's language, from the event's kind and data."""
    data = event.data or {}
    kind = event.kind
    if kind == CaseEventKind.OPENED:
        return _("Case opened (severity %(severity)s, due %(due)s)") % {
            "severity": _label(Severity, data.get("severity")),
            "due": _when(data.get("due_at")),
        }
    if kind == CaseEventKind.STATUS:
        text = _("Status: %(before)s → %(after)s") % {
            "before": _label(CaseStatus, data.get("before")),
            "after": _label(CaseStatus, data.get("after")),
        }
        if data.get("outcome") and data.get("after") in (CaseStatus.CLOSED, CaseStatus.DISMISSED):
            text += " · " + _("outcome: %(outcome)s") % {"outcome": _label(CaseOutcome, data.get("outcome"))}
        return text
    if kind == CaseEventKind.ASSIGNED:
        if data.get("name"):
            return _("Assigned to %(name)s") % {"name": data["name"]}
        return _("Assignee removed")
    if kind == CaseEventKind.SUBJECT:
        if data.get("name"):
            return _("Person concerned: %(name)s") % {"name": data["name"]}
        return _("Person concerned removed")
    if kind == CaseEventKind.ALERT_LINKED:
        return _("Alert #%(alert)s linked") % {"alert": data.get("alert", "?")}
    if kind == CaseEventKind.NOTE:
        return _("Note")
    if kind == CaseEventKind.EVIDENCE:
        return _("Evidence added: %(name)s") % {"name": event.text}
    if kind == CaseEventKind.ACTION:
        return _("%(action)s — %(status)s: %(result)s") % {
            "action": _label(ActionKind, data.get("kind")),
            "status": _label(ActionStatus, data.get("status")).lower(),
            "result": render_text(data.get("result", "")),
        }
    if kind == CaseEventKind.SLA_WARNING:
        return _("SLA warning: due %(due)s") % {"due": _when(data.get("due_at"))}
    if kind == CaseEventKind.SLA_BREACH:
        text = _("SLA breached (was due %(due)s); escalated to %(role)s") % {
            "due": _when(data.get("due_at")),
            "role": _label(Role, data.get("to_role")),
        }
        if data.get("name"):
            text += " · " + _("now assigned to %(name)s") % {"name": data["name"]}
        return text
    if kind == CaseEventKind.BREACH_CLOCK:
        return _("Personal data breach clock started: known since %(aware)s, notify by %(by)s") % {
            "aware": _when(data.get("aware_at")),
            "by": _when(data.get("notify_by")),
        }
    if kind == CaseEventKind.BREACH_NOTICE:
        text = _("Breach notification recorded: %(recipient)s") % {
            "recipient": _label(BreachRecipient, data.get("recipient"))
        }
        if data.get("late"):
            text += " · " + _("late")
        return text
    if kind == CaseEventKind.CRISIS:
        return _("Marked as crisis")
    if kind == CaseEventKind.LINKED:
        return render_text(data.get("text")) or _label(CaseEventKind, kind)
    return _label(CaseEventKind, kind)


@register.filter
def event_shows_text(event: CaseEvent) -> bool:
    """Whether the event's free text (a note, a reason, a reference) is shown under its line."""
    return bool(event.text) and event.kind != CaseEventKind.EVIDENCE


@register.filter
def sla_state(case: Case) -> str:
    """ "breached", "overdue", "due_soon" or "" for an open case; "" once it is closed."""
    if not case.is_open:
        return ""
    now = timezone.now()
    if case.sla_breached_at:
        return "breached"
    if case.due_at <= now:
        return "overdue"
    if case.sla_warned_at or case.warn_at <= now:
        return "due_soon"
    return ""


@register.filter
def is_past(moment: datetime | None) -> bool:
    return moment is not None and moment <= timezone.now()


@register.filter
def countdown(moment: datetime | None) -> str:
    """ "2 days, 3 hours left" or "5 hours overdue", computed when the page is rendered."""
    if moment is None:
        return ""
    now = timezone.now()
    delta = moment - now
    past = delta < timedelta(0)
    seconds = int(abs(delta).total_seconds())
    hours, minutes = divmod(seconds // 60, 60)
    days, hours = divmod(hours, 24)
    if days:
        span = _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    else:
        span = _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return (_("%(span)s overdue") if past else _("%(span)s left")) % {"span": span}


@register.filter
def pending_notices(notices: list[Any]) -> int:
    """How many required breach notifications are still to be recorded."""
    return sum(1 for n in notices if n.required and n.notified_at is None)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def dismiss_reason(value: str) -> str:
    return _label(DismissReason, value)


@register.filter
def action_label(value: str) -> str:
    return _label(ActionKind, value)


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def sparkline(weeks: list[tuple[datetime, int, int]]) -> SafeString:
    """Weekly precision as a small inline SVG (one point per week with labels), oldest first."""
    points = [(week, tp, fp) for week, tp, fp in weeks if tp + fp]
    if not points:
        return format_html('<span class="text-secondary">{}</span>', "—")
    width, height, pad = 120, 28, 3
    step = (width - 2 * pad) / max(1, len(points) - 1)
    coords = [
        (pad + i * step if len(points) > 1 else width / 2, pad + (1 - tp / (tp + fp)) * (height - 2 * pad))
        for i, (_week, tp, fp) in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    title = "; ".join(
        f"{date_format(week, 'SHORT_DATE_FORMAT')}: {tp}/{tp + fp} ({tp * 100 // (tp + fp)}%)"
        for week, tp, fp in points
    )
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="2"></circle>', ((f"{x:.1f}", f"{y:.1f}") for x, y in coords)
    )
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>"
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"></polyline>'
        '<g fill="currentColor">{}</g></svg>',
        width,
        height,
        width,
        height,
        _("Precision per week"),
        title,
        path,
        dots,
    )
