"""Enforcement actions (tindakan penegakan). Each is recorded with who, when and why, linked to the
case (and so to its alerts, findings and rules) and forward to what it triggered."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from tatakelola.audit.services import Actor, audit_record
from tatakelola.cases.choices import (
    OPEN_CASE_STATUSES,
    ActionKind,
    ActionStatus,
    CaseEventKind,
    CaseStatus,
    ReportRecipient,
)
from tatakelola.cases.models import Case, CaseEvent, EnforcementAction, LegalHold
from tatakelola.cases.services import acting_user, active_users, evidence_store_generated, message_person
from tatakelola.connectors import connector_for
from tatakelola.connectors.base import Action, ConnectorError, UnsupportedAction
from tatakelola.monitoring.models import Finding, Message
from tatakelola.monitoring.services import connector_settings
from tatakelola.notifications.services import notify
from tatakelola.notifications.webhooks import webhook_event
from tatakelola.orgs.models import Person
from tatakelola.utilities.errors import DomainError
from tatakelola.utilities.texts import deferred, deferred_plural, label

NEEDS_MESSAGE = (ActionKind.REMOVE, ActionKind.HIDE, ActionKind.REQUEST_REMOVAL)
NEEDS_PERSON = (ActionKind.WARN, ActionKind.TRAINING)


def case_messages(case: Case) -> list[Message]:
    return list(Message.objects.filter(alert__case=case).select_related("account").order_by("posted_at", "pk"))


def _render(template: str, language: str, context: dict[str, Any]) -> str:
    with translation.override(language):
        return render_to_string(template, context).strip()


def action_take(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    reason: str,
    message: Message | None = None,
    person: Person | None = None,
    course: str = "",
    due_date: date | None = None,
    recipient: str = "",
    language: str = "",
    now: datetime | None = None,
) -> EnforcementAction:
    if kind not in ActionKind.values:
        raise DomainError(_("Unknown enforcement action."), field="kind")
    if not reason.strip():
        raise DomainError(_("Say why this action is taken."), field="reason")
    if not case.is_open:
        raise DomainError(_("This case is closed."))
    if message is not None and not Message.objects.filter(pk=message.pk, alert__case=case).exists():
        raise DomainError(_("That message is not part of this case."), field="message")
    if kind in NEEDS_MESSAGE and message is None:
        messages = case_messages(case)
        if len(messages) != 1:
            raise DomainError(_("Choose the message this action applies to."), field="message")
        message = messages[0]
    person = person or case.subject
    if kind in NEEDS_PERSON and person is None:
        raise DomainError(_("Choose the employee this action applies to."), field="person")
    if person is not None and person.organisation_id != case.organisation_id:
        raise DomainError(_("That person is not in this organisation."), field="person")
    when = now or timezone.now()
    action = EnforcementAction(
        organisation_id=case.organisation_id,
        case=case,
        kind=kind,
        reason=reason.strip(),
        message=message,
        person=person if kind in NEEDS_PERSON else None,
        performed_by=acting_user(actor),
        performed_at=when,
        status=ActionStatus.DONE,
    )
    with transaction.atomic():
        # Saved first, so that what the handler creates (an assignment, a hold, a crisis) can point
        # back at the action; a handler that refuses raises DomainError and nothing is kept.
        action.save()
        handler = _HANDLERS[kind]
        handler(action, actor=actor, course=course, due_date=due_date, recipient=recipient, language=language)
        action.save(update_fields=["status", "result", "details", "person", "message"])
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.ACTION,
            actor=acting_user(actor),
            at=when,
            text=action.reason,
            data={"action": action.pk, "kind": kind, "status": action.status, "result": action.result},
        )
        if (
            action.status != ActionStatus.FAILED
            and case.status in OPEN_CASE_STATUSES
            and case.status != CaseStatus.ACTION_TAKEN
        ):
            before = case.status
            Case.objects.filter(pk=case.pk).update(status=CaseStatus.ACTION_TAKEN)
            case.status = CaseStatus.ACTION_TAKEN
            CaseEvent.objects.create(
                case=case,
                kind=CaseEventKind.STATUS,
                actor=acting_user(actor),
                at=when,
                data={"before": before, "after": CaseStatus.ACTION_TAKEN},
            )
        audit_record(
            actor=actor,
            action=f"cases.action.{kind}",
            target=case,
            organisation_id=case.organisation_id,
            after={
                "action": action.pk,
                "status": action.status,
                "message": message.pk if message else None,
                "person": action.person_id,
                "reason": action.reason,
                "result": action.result,
            },
        )
    return action


def _request_removal(action: EnforcementAction, *, language: str, **_kwargs: Any) -> None:
    message = action.message
    if message is None:
        raise DomainError(_("This action needs a message or a person."))
    author = message_person(message)
    lang = language or (author.language if author else "id")
    text = _render(
        "cases/messages/removal_request.txt",
        lang,
        {"message": message, "case": action.case, "reason": action.reason},
    )
    action.details = {"text": text, "language": lang, "to": author.full_name if author else message.author}
    if author is not None and author.email:
        send_mail(subject=_subject(lang, "removal"), message=text, from_email=None, recipient_list=[author.email])
        action.result = deferred(gettext_noop("Request e-mailed to %(name)s."), name=author.full_name)
    else:
        action.result = deferred(gettext_noop("No e-mail address for the author: deliver the request text yourself."))
    action.status = ActionStatus.REQUESTED


def _subject(language: str, what: str) -> str:
    with translation.override(language):
        if what == "removal":
            return str(_("[Tatakelola] Please remove a post"))
        return str(_("[Tatakelola] Warning about a post"))


def _connector(action: EnforcementAction, connector_kind: str) -> None:
    message = action.message
    if message is None:
        raise DomainError(_("This action needs a message or a person."))
    account = message.account
    if not account.connector:
        action.status = ActionStatus.FAILED
        action.result = deferred(gettext_noop("The account has no connector: remove the post on the platform by hand."))
        return
    try:
        connector = connector_for(account.connector, connector_settings(account))
        connector.act(Action(kind=connector_kind, external_id=message.external_id, reason=action.reason))
    except UnsupportedAction:
        action.status = ActionStatus.FAILED
        action.result = deferred(
            gettext_noop("%(connector)s cannot do this (%(action)s): do it on the platform by hand."),
            connector=account.connector,
            action=label(ActionKind(action.kind).label),
        )
    except (ConnectorError, DomainError) as exc:
        action.status = ActionStatus.FAILED
        action.result = deferred(gettext_noop("The platform refused: %(error)s"), error=str(exc)[:1000])
    else:
        action.result = deferred(gettext_noop("Done on %(platform)s."), platform=label(account.get_platform_display()))


def _remove(action: EnforcementAction, **_kwargs: Any) -> None:
    _connector(action, "delete")


def _hide(action: EnforcementAction, **_kwargs: Any) -> None:
    _connector(action, "hide")


def _warn(action: EnforcementAction, *, actor: Actor, language: str, **_kwargs: Any) -> None:
    person = action.person
    if person is None:
        raise DomainError(_("This action needs a message or a person."))
    lang = language or person.language
    messages = case_messages(action.case)
    text = _render(
        "cases/messages/warning.txt",
        lang,
        {"person": person, "case": action.case, "reason": action.reason, "messages": messages},
    )
    action.details = {"text": text, "language": lang}
    delivered = []
    if person.email:
        send_mail(subject=_subject(lang, "warning"), message=text, from_email=None, recipient_list=[person.email])
        delivered.append(label(_lazy("e-mail")))
    if person.user_id:
        notify(
            recipients=active_users([person]),
            organisation_id=action.organisation_id,
            event="case.warning",
            data={"case": action.case.reference},
            url=reverse("cases:mine"),
            email=False,
        )
        delivered.append(label(_lazy("notification centre")))
    action.result = (
        deferred(gettext_noop("Warning sent to %(name)s by %(channels)s."), name=person.full_name, channels=delivered)
        if delivered
        else deferred(
            gettext_noop("%(name)s has no e-mail or login: hand the warning over in person."), name=person.full_name
        )
    )


def _training(action: EnforcementAction, *, course: str, due_date: date | None, **_kwargs: Any) -> None:
    if not course.strip():
        raise DomainError(_("Name the course to assign."), field="course")
    person = action.person
    if person is None:
        raise DomainError(_("This action needs a message or a person."))
    action.details = {"course": course.strip()[:200], "due_date": due_date.isoformat() if due_date else None}
    # Recorded as requested: the training module creates the assignment from this action.
    action.status = ActionStatus.REQUESTED
    action.result = deferred(
        gettext_noop("Remedial training %(course)s requested for %(name)s."),
        course=course.strip()[:200],
        name=person.full_name,
    )


def _legal_hold(action: EnforcementAction, *, actor: Actor, **_kwargs: Any) -> None:
    messages: Sequence[Message] = [action.message] if action.message else case_messages(action.case)
    if not messages:
        raise DomainError(_("This case has no messages to hold."))
    placed = 0
    for message in messages:
        _hold, created = LegalHold.objects.get_or_create(
            message=message,
            case=action.case,
            released_at=None,
            defaults={
                "organisation_id": action.organisation_id,
                "placed_by": acting_user(actor),
                "placed_at": action.performed_at,
            },
        )
        placed += int(created)
    action.details = {"messages": [m.pk for m in messages]}
    action.result = deferred_plural(
        gettext_noop("%(count)s message placed on legal hold."),
        gettext_noop("%(count)s messages placed on legal hold."),
        placed,
    )


def _report(action: EnforcementAction, *, actor: Actor, recipient: str, language: str, **_kwargs: Any) -> None:
    if recipient not in ReportRecipient.values:
        raise DomainError(_("Choose who the report is for."), field="recipient")
    lang = language or ("en" if recipient == ReportRecipient.PLATFORM else "id")
    case = action.case
    messages = case_messages(case)
    findings = list(
        Finding.objects.filter(message__in=messages)
        .order_by("message_id", "id")
        .values("message_id", "rule_id", "pack", "severity", "evidence", "citations")
    )
    with translation.override(lang):
        recipient_label = str(ReportRecipient(recipient).label)
    text = _render(
        "cases/messages/report.txt",  # .txt so makemessages extracts its strings
        lang,
        {
            "case": case,
            "recipient": recipient_label,
            "reason": action.reason,
            "messages": messages,
            "findings": findings,
            "generated_at": action.performed_at,
        },
    )
    stamp = action.performed_at.strftime("%Y%m%d-%H%M%S")
    report = evidence_store_generated(
        actor=actor,
        case=case,
        name=f"{case.reference}-report-{recipient}-{stamp}.md",
        content=text.encode(),
        description=str(_("Report to %(recipient)s") % {"recipient": recipient_label}),
    )
    # The attachment: findings with redacted evidence only, never the raw matched text.
    attachment = evidence_store_generated(
        actor=actor,
        case=case,
        name=f"{case.reference}-findings-{stamp}.json",
        content=json.dumps(
            {
                "case": case.reference,
                "messages": [
                    {
                        "id": m.pk,
                        "platform": m.platform,
                        "url": m.url,
                        "posted_at": m.posted_at.isoformat() if m.posted_at else None,
                    }
                    for m in messages
                ],
                "findings": findings,
            },
            indent=2,
            ensure_ascii=False,
        ).encode(),
        description=str(_("Findings attached to the report (evidence redacted)")),
    )
    action.details = {"recipient": recipient, "language": lang, "report": report.pk, "attachment": attachment.pk}
    action.result = deferred(
        gettext_noop("Report prepared for %(recipient)s: send it through their official channel."),
        recipient=label(ReportRecipient(recipient).label),
    )


def _crisis(action: EnforcementAction, **_kwargs: Any) -> None:
    case = action.case
    Case.objects.filter(pk=case.pk).update(is_crisis=True)
    case.is_crisis = True
    CaseEvent.objects.create(case=case, kind=CaseEventKind.CRISIS, actor=action.performed_by, at=action.performed_at)
    webhook_event(
        organisation_id=case.organisation_id,
        event="case.crisis",
        payload={"case": case.reference, "title": case.title, "severity": case.severity},
    )
    action.result = deferred(gettext_noop("Case marked as a crisis."))


ActionHandler = Callable[..., None]
"""``handler(action, *, actor, course, due_date, recipient, language)``: makes one kind of action happen.

It receives the saved :class:`EnforcementAction` (case, message, person, reason, performed_at/by) and
sets its ``status``, ``result`` (a deferred text, see ``utilities/texts.py``) and ``details``; it
raises ``DomainError`` to refuse, which rolls the whole action back. It runs inside the action's
transaction, so what it writes commits or rolls back with it.
"""

_HANDLERS: dict[str, ActionHandler] = {
    ActionKind.REQUEST_REMOVAL: _request_removal,
    ActionKind.REMOVE: _remove,
    ActionKind.HIDE: _hide,
    ActionKind.WARN: _warn,
    ActionKind.TRAINING: _training,
    ActionKind.LEGAL_HOLD: _legal_hold,
    ActionKind.REPORT: _report,
    ActionKind.CRISIS: _crisis,
}
_PROVIDED: dict[str, str] = {}


def action_handler_provide(kind: str, handler: ActionHandler, *, provider: str) -> None:
    """An app above cases makes one kind of action real: training assigns the course, archive
    places the hold, crisis opens the war room. Called once, from the provider's
    ``AppConfig.ready()``; one provider per kind (a second one is a configuration error), so each
    action has exactly one mechanism. Without a provider the built-in handler records the decision.
    """
    if kind not in ActionKind.values:
        raise ImproperlyConfigured(f"unknown enforcement action {kind!r}")
    if _PROVIDED.get(kind, provider) != provider:
        raise ImproperlyConfigured(f"{provider} and {_PROVIDED[kind]} both provide the {kind!r} action")
    _PROVIDED[kind] = provider
    _HANDLERS[kind] = handler


def action_providers() -> dict[str, str]:
    """Which app makes which kind of action real (for the case page and the docs)."""
    return dict(_PROVIDED)
