"""Sign-in throttling and lockout (writes and reads; split from services.py by concern).

Per account name and per client address, failed sign-ins earn a growing delay and then a
temporary lock:

- after ``DELAY_AFTER`` failures each further failure blocks the next attempt for 1, 2, 4 … up to
  60 seconds;
- at ``TATAKELOLA_LOGIN_LOCK_AFTER`` failures (30) the account is locked for
  ``TATAKELOLA_LOGIN_LOCK_MINUTES`` (15), twice as long for each further lock in a row (at most a day);
- a client address gets ten times the account's allowance (it may serve a whole office);
- an attempt while blocked is refused before the password is checked, so the right password does
  not help, and it is not counted;
- a successful sign-in clears the account's failures; a day without failures clears both;
- a governance admin can unlock an account at once (``login_unlock``).

Failures and locks are audited. API tokens: invalid bearer tokens are counted per client address
and answered 429 with ``Retry-After`` once ``TOKEN_FAILURES`` have been seen.

State is in the database (not the cache): it is shared by every web process and machine of a
deployment, with no cache server to configure, and each failure writes an audit entry anyway.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tatakelola.audit.services import Actor, audit_record
from tatakelola.orgs.models import LoginThrottle, Person

DELAY_AFTER = 5
MAX_DELAY_SECONDS = 60
MAX_LOCK = timedelta(days=1)
FORGET_AFTER = timedelta(days=1)
ADDRESS_FACTOR = 10
TOKEN_FAILURES = 20
TOKEN_BLOCK = timedelta(minutes=5)

Scope = LoginThrottle.Scope


def _lock_after() -> int:
    return int(getattr(settings, "TATAKELOLA_LOGIN_LOCK_AFTER", 30))


def _lock_minutes() -> int:
    return int(getattr(settings, "TATAKELOLA_LOGIN_LOCK_MINUTES", 15))


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry added by our own proxies."""
    proxies = int(getattr(settings, "TATAKELOLA_PROXY_COUNT", 0))
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


def _key(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Block:
    """Why and until when sign-in is refused."""

    until: datetime
    locked: bool

    @property
    def retry_after_seconds(self) -> int:
        return max(1, math.ceil((self.until - timezone.now()).total_seconds()))


def _active_block(rows: list[LoginThrottle]) -> Block | None:
    now = timezone.now()
    blocks = [Block(row.blocked_until, row.locked) for row in rows if row.blocked_until and row.blocked_until > now]
    return max(blocks, key=lambda block: block.until) if blocks else None


def login_block(*, username: str, address: str) -> Block | None:
    """The block in force for this account name or address, if any (read only)."""
    rows = list(
        LoginThrottle.objects.filter(scope=Scope.ACCOUNT, key=_key(username))
        | LoginThrottle.objects.filter(scope=Scope.ADDRESS, key=_key(address))
    )
    return _active_block(rows)


def _register_failure(row: LoginThrottle, *, lock_after: int, now: datetime) -> bool:
    """Count one failure on ``row``; True when it has just been locked."""
    if row.last_failure_at is not None and now - row.last_failure_at > FORGET_AFTER:
        row.failures, row.lock_count, row.locked = 0, 0, False
    row.failures += 1
    row.first_failure_at = row.first_failure_at if row.failures > 1 else now
    row.last_failure_at = now
    if row.failures >= lock_after:
        duration = min(timedelta(minutes=_lock_minutes()) * (2**row.lock_count), MAX_LOCK)
        row.blocked_until, row.locked = now + duration, True
        row.lock_count += 1
        row.failures = 0  # the lock is the penalty; afterwards the count starts again
        return True
    if row.failures > DELAY_AFTER * (1 if row.scope == Scope.ACCOUNT else ADDRESS_FACTOR):
        over = row.failures - DELAY_AFTER * (1 if row.scope == Scope.ACCOUNT else ADDRESS_FACTOR)
        row.blocked_until, row.locked = now + timedelta(seconds=min(2 ** (over - 1), MAX_DELAY_SECONDS)), False
    return False


def _row(scope: str, key: str) -> LoginThrottle:
    row, _ = LoginThrottle.objects.select_for_update().get_or_create(scope=scope, key=key)
    return row


def _person(username: str) -> tuple[User | None, Person | None]:
    user = User.objects.filter(username__iexact=username.strip()).first() if username.strip() else None
    person = Person.objects.filter(user=user).first() if user is not None else None
    return user, person


def login_failure_record(*, username: str, address: str) -> Block | None:
    """Count a failed sign-in against the account name and the address; audit it, and the lock."""
    now = timezone.now()
    user, person = _person(username)
    organisation_id = person.organisation_id if person else None
    shown_name = user.get_username() if user is not None else ""
    with transaction.atomic():
        account = _row(Scope.ACCOUNT, _key(username))
        source = _row(Scope.ADDRESS, _key(address))
        account_locked = _register_failure(account, lock_after=_lock_after(), now=now)
        address_locked = _register_failure(source, lock_after=_lock_after() * ADDRESS_FACTOR, now=now)
        account.save()
        source.save()
        audit_record(
            actor=None,
            action="auth.login.failed",
            object_type="auth.user",
            object_id=str(user.pk) if user is not None else "",
            object_repr=shown_name or "(unknown account)",
            organisation_id=organisation_id,
            after={"address": address, "failures": account.failures if not account_locked else _lock_after()},
        )
        for locked, row, scope in ((account_locked, account, "account"), (address_locked, source, "address")):
            if locked:
                audit_record(
                    actor=None,
                    action="auth.login.locked",
                    object_type="auth.user" if scope == "account" else "auth.address",
                    object_id=str(user.pk) if user is not None and scope == "account" else "",
                    object_repr=(shown_name or "(unknown account)") if scope == "account" else address,
                    organisation_id=organisation_id if scope == "account" else None,
                    after={"scope": scope, "address": address, "until": row.blocked_until, "lock": row.lock_count},
                )
    return _active_block([account, source])


def login_success_record(*, username: str) -> None:
    """A successful sign-in clears the account's count (not the address's: one good password must not
    wipe the trail of an address that tried many accounts)."""
    LoginThrottle.objects.filter(scope=Scope.ACCOUNT, key=_key(username), blocked_until__isnull=True).delete()
    LoginThrottle.objects.filter(scope=Scope.ACCOUNT, key=_key(username)).update(failures=0)


def login_state(*, person: Person) -> LoginThrottle | None:
    """The sign-in throttle of a person's account, when one is in force (for the admin's page)."""
    if person.user is None:
        return None
    row = LoginThrottle.objects.filter(scope=Scope.ACCOUNT, key=_key(person.user.get_username())).first()
    if row is None or row.blocked_until is None or row.blocked_until <= timezone.now():
        return None
    return row


def login_unlock(*, actor: Actor, person: Person) -> bool:
    """Lift the lock (and the count) on a person's account at once. Returns whether there was one."""
    if person.user is None:
        return False
    with transaction.atomic():
        row = (
            LoginThrottle.objects.select_for_update()
            .filter(scope=Scope.ACCOUNT, key=_key(person.user.get_username()))
            .first()
        )
        if row is None:
            return False
        before = {"failures": row.failures, "until": row.blocked_until, "locked": row.locked}
        row.delete()
        audit_record(
            actor=actor,
            action="auth.login.unlock",
            target=person,
            organisation_id=person.organisation_id,
            before=before,
            after={"failures": 0, "until": None},
        )
    return True


def token_block(*, address: str) -> Block | None:
    row = LoginThrottle.objects.filter(scope=Scope.TOKEN, key=_key(address)).first()
    return _active_block([row]) if row is not None else None


def token_failure_record(*, address: str) -> Block | None:
    """Count an invalid API token from this address; after ``TOKEN_FAILURES`` block it for a while."""
    now = timezone.now()
    with transaction.atomic():
        row = _row(Scope.TOKEN, _key(address))
        if row.last_failure_at is not None and now - row.last_failure_at > TOKEN_BLOCK:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        row.first_failure_at = row.first_failure_at or now
        blocked = row.failures >= TOKEN_FAILURES
        if blocked:
            row.blocked_until, row.locked, row.failures = now + TOKEN_BLOCK, True, 0
            row.lock_count += 1
        row.save()
        if blocked:
            audit_record(
                actor=None,
                action="auth.token.throttled",
                object_type="auth.address",
                object_repr=address,
                after={"address": address, "until": row.blocked_until, "invalid_tokens": TOKEN_FAILURES},
            )
    return _active_block([row])
