from datetime import datetime

from ninja import Schema


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenCreateIn(Schema):
    name: str
    expires_at: datetime | None = None


class TokenCreatedOut(TokenOut):
    token: str


class MeOut(Schema):
    username: str
    full_name: str | None
    organisation: str | None
    language: str | None
    roles: list[str]
    capabilities: list[str]


# The one error body of the API (re-exported for the operations that name their error statuses).
from tatakelola.api.errors import ErrorOut  # noqa: E402

__all__ = ["ErrorOut", "MeOut", "TokenCreateIn", "TokenCreatedOut", "TokenOut"]
