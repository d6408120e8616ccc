from datetime import datetime
from typing import Any

from ninja import Schema


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
    ids: list[int] = []


class ReadOut(Schema):
    marked: int


class EventTypeOut(Schema):
    key: str
    label: str
    notifies: bool
    webhook: bool
    payload_schema: dict[str, Any] | None = None
