"""Writes for API tokens."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tatakelola.api.models import ApiToken
from tatakelola.api.tokens import token_generate
from tatakelola.audit.services import audit_record
from tatakelola.utilities.errors import DomainError

MAX_ACTIVE_TOKENS = 20


def token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the secret, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name so you can recognise it later."), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry date must be in the future."), field="expires_at")
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise DomainError(_("You have too many active tokens; revoke one first."))
        secret, prefix, digest = token_generate()
        token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=digest, expires_at=expires_at)
        audit_record(
            actor=user,
            action="api.token.create",
            target=token,
            organisation_id=_organisation_id(user),
            after={"name": name, "prefix": prefix, "expires_at": expires_at},
        )
    return token, secret


def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk:
        raise DomainError(_("You can only revoke your own tokens."))
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action="api.token.revoke",
            target=token,
            organisation_id=_organisation_id(user),
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
        )
    return token


def _organisation_id(user: User) -> int | None:
    from tatakelola.orgs.models import Person

    return Person.objects.filter(user_id=user.pk).values_list("organisation_id", flat=True).first()
