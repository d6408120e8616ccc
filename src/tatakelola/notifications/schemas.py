from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StrictInt


class NotificationOut(Schema):
    id: int
    event: str
    label: str
    text: str
    url: str
    created_at: datetime
    read: bool


class ReadIn(Schema):
    # Empty: mark every unread notification read. A default keeps an unauthorised caller at 403.
    # Strict (JSON true/false are not ids) and bounded (a database id is a positive 64-bit integer).
    ids: list[Annotated[StrictInt, Field(ge=1, le=2**63 - 1)]] = Field(default_factory=list, max_length=1000)


class ReadOut(Schema):
    marked: int


class EventTypeOut(Schema):
    key: str
    label: str
    notifies: bool
    webhook: bool
    payload_schema: dict[str, Any] | None = None
