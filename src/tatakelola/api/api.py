"""Router for the caller's own identity and tokens."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from tatakelola.access import Capability, requires
from tatakelola.access.decorators import authenticated_user, user_capabilities
from tatakelola.api import services
from tatakelola.api.models import ApiToken
from tatakelola.api.schemas import ErrorOut, MeOut, TokenCreatedOut, TokenCreateIn, TokenOut
from tatakelola.api.selectors import token_list
from tatakelola.orgs.selectors import person_for_user, user_roles

router = Router(tags=["me"])


@router.get("/me", response=MeOut)
@requires(Capability.ORG_VIEW)
def me(request: HttpRequest) -> MeOut:
    person = person_for_user(user=request.user)
    return MeOut(
        username=request.user.get_username(),
        full_name=person.full_name if person else None,
        organisation=person.organisation.name if person else None,
        language=person.language if person else None,
        roles=sorted(user_roles(user=request.user)),
        capabilities=sorted(str(c) for c in user_capabilities(request)),
    )


@router.get("/tokens", response=list[TokenOut])
@requires(Capability.SELF_SERVICE)
def tokens(request: HttpRequest) -> list[ApiToken]:
    return list(token_list(user=request.user))


@router.post("/tokens", response={201: TokenCreatedOut, 400: ErrorOut})
@requires(Capability.SELF_SERVICE)
def token_create(request: HttpRequest, payload: TokenCreateIn) -> Status[Any]:
    token, secret = services.token_create(
        user=authenticated_user(request), name=payload.name, expires_at=payload.expires_at
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": secret})


@router.delete("/tokens/{token_id}", response={204: None, 404: ErrorOut})
@requires(Capability.SELF_SERVICE)
def token_revoke(request: HttpRequest, token_id: int) -> Status[Any]:
    token = get_object_or_404(ApiToken, pk=token_id, user_id=request.user.pk)
    services.token_revoke(user=authenticated_user(request), token=token)
    return Status(204, None)
