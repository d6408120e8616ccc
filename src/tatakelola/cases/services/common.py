"""Helpers shared by the case services: the acting user, the clock, role holders, timeline events and
the person behind a message."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from tatakelola.audit.services import Actor
from tatakelola.cases.models import (
    Alert,
    Case,
    CaseEvent,
)
from tatakelola.monitoring.choices import AccountType
from tatakelola.monitoring.models import Message
from tatakelola.orgs.models import Person


def acting_user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def now_or(now: datetime | None) -> datetime:
    return now or timezone.now()


def role_holders(organisation_id: int, role: str) -> list[Person]:
    return list(
        Person.objects.filter(organisation_id=organisation_id, is_active=True, role_assignments__role=role)
        .select_related("user")
        .order_by("pk")
    )


def active_users(people: Iterable[Person | None]) -> list[User]:
    return [p.user for p in people if p is not None and p.user is not None and p.user.is_active]


def timeline_event(case: Case, kind: str, *, actor: Actor, at: datetime, text: str = "", **data: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=acting_user(actor), at=at, text=text, data=data)


def message_person(message: Message) -> Person | None:
    """The person behind a message, where the data says: the owner of an executive or
    employee-advocacy account, or an active person whose e-mail or name is the message's author."""
    account = message.account
    if account.account_type in (AccountType.EXECUTIVE, AccountType.EMPLOYEE_ADVOCACY) and account.owner_id:
        return account.owner
    people = Person.objects.filter(organisation_id=message.organisation_id, is_active=True)
    for candidate in (message.author_id, message.author):
        if candidate:
            person = (
                people.filter(email__iexact=candidate).first() or people.filter(full_name__iexact=candidate).first()
            )
            if person is not None:
                return person
    return None


def subject_for(alerts: Sequence[Alert]) -> Person | None:
    """The employee a case is about: the person behind its first message that has one."""
    return next((p for p in (message_person(a.message) for a in alerts) if p is not None), None)
