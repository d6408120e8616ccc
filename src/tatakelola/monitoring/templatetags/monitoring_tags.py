"""Findings highlighted in a message's text, showing the redacted evidence instead of the match."""

from __future__ import annotations

from functools import cache

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tatakelola.monitoring.models import Finding, Message
from tatakelola.scan.detectors.base import redact

register = template.Library()

SEVERITY_CLASS = {"critical": "bg-red-lt", "high": "bg-orange-lt", "medium": "bg-yellow-lt", "low": "bg-azure-lt"}


@register.filter
def highlighted(message: Message) -> SafeString:
    """The text with each finding's span replaced by its redacted evidence in a <mark>.

    Overlapping spans keep the first; everything outside the marks is escaped.
    """
    text = message.text
    marks: list[tuple[int, int, str, str, str]] = []
    for finding in message.findings.all():
        for start, end in finding.spans or []:
            if 0 <= start < end <= len(text):
                marks.append(
                    (start, end, finding.severity, f"{finding.rule_id}: {finding_title(finding)}", finding.evidence)
                )
    marks.sort()
    parts: list[str] = []
    position = 0
    for start, end, severity, title, evidence in marks:
        if start < position:
            continue
        # The scanning core puts a matched value in the evidence only when its rule does not
        # redact; anything else (secrets, personal data, truncated evidence) is masked here too.
        value = text[start:end]
        shown = value if value in evidence else redact(value)
        parts.append(escape(text[position:start]))
        parts.append(
            format_html(
                '<mark class="{}" title="{}" data-severity="{}">{}</mark>',
                SEVERITY_CLASS.get(severity, ""),
                title,
                severity,
                shown or "▇▇▇",
            )
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308  # every part above is escaped or format_html


@register.filter
def severity_badge(severity: str) -> str:
    return {"critical": "bg-red", "high": "bg-orange", "medium": "bg-yellow", "low": "bg-azure"}.get(severity, "")


@cache
def _rule_titles() -> dict[str, tuple[str, str]]:
    from tatakelola.scan import builtin_packs

    return {rule.id: (rule.title_en, rule.title_id) for pack in builtin_packs().values() for rule in pack.rules}


def rule_ids() -> list[str]:
    return list(_rule_titles())


@register.filter
def finding_title(finding: Finding) -> str:
    """The rule's title in the reader's language (findings store the English one)."""
    titles = _rule_titles().get(finding.rule_id)
    if titles is None:
        return finding.title
    return titles[1] if (get_language() or "").startswith("id") else titles[0]


@register.filter
def finding_explanation(finding: Finding) -> str:
    """Why the rule fired, in the reader's language: the Indonesian text when the active language
    is Indonesian and the finding has one (rows stored before it existed do not), else English."""
    if finding.explanation_id and (get_language() or "").startswith("id"):
        return finding.explanation_id
    return finding.explanation
