"""Reads for API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from tatakelola.api.models import ApiToken
from tatakelola.api.tokens import token_digest, token_prefix

# Writing last_used_at on every request would turn every API read into a write.
_LAST_USED_GRANULARITY = timedelta(minutes=5)


def token_list(*, user: User | AnonymousUser) -> QuerySet[ApiToken]:
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at")


def token_authenticate(*, raw: str) -> User | None:
    """The active user owning ``raw``, or None. Constant-time on the secret."""
    prefix = token_prefix(raw)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not constant_time_compare(token.digest, token_digest(raw)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
