"""``requires``: the single permission check used by views and API operations alike."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tatakelola.access.capabilities import CAPABILITY_INFO, Capability

F = TypeVar("F", bound=Callable[..., Any])

REQUIRED_CAPABILITY_ATTR = "required_capability"
PUBLIC_ATTR = "tatakelola_public"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def user_capabilities(request: HttpRequest) -> frozenset[Capability]:
    """The capabilities of the request's user, computed once per request."""
    cached = getattr(request, "_tatakelola_capabilities", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    from tatakelola.orgs.selectors import user_capabilities as select_capabilities

    capabilities = select_capabilities(user=request.user)
    request._tatakelola_capabilities = capabilities  # type: ignore[attr-defined]
    return capabilities


def check(request: HttpRequest, capability: Capability) -> None:
    """Raise PermissionDenied unless the request may use ``capability``.

    A read capability only ever authorises safe methods, so a view that forgets to
    declare its write capability cannot be used to change state.
    """
    if not request.user.is_authenticated:
        raise PermissionDenied
    if request.method not in SAFE_METHODS and not CAPABILITY_INFO[capability].writes:
        raise PermissionDenied
    if capability not in user_capabilities(request):
        raise PermissionDenied


def authenticated_user(request: HttpRequest) -> User:
    """The request's user, for code behind ``requires`` (which has already refused anonymity)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def requires(capability: Capability) -> Callable[[F], F]:
    """Declare and enforce the capability a view or API operation needs."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            check(request, capability)
            return view(request, *args, **kwargs)

        setattr(wrapper, REQUIRED_CAPABILITY_ATTR, capability)
        return wrapper  # type: ignore[return-value]

    return decorate


def public(view: F) -> F:
    """Mark a view as reachable without a capability (login, logout, language switch)."""
    setattr(view, PUBLIC_ATTR, True)
    return login_not_required(view)
