from datetime import datetime
from typing import Any

from ninja import Schema


class AuditEntryOut(Schema):
    seq: int
    occurred_at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any = None
    after: Any = None
    prev_hash: str
    hash: str


class VerificationOut(Schema):
    id: int
    checked_at: datetime
    status: str
    entries_checked: int
    head_seq: int | None
    first_broken_seq: int | None
    reason: str
    message: str
    requested_by: str


class VerifyQueuedOut(Schema):
    task_id: str
    queued: bool
