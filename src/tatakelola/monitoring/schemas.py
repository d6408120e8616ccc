from datetime import datetime

from ninja import Schema


class AccountOut(Schema):
    id: int
    platform: str
    handle: str
    display_name: str
    url: str
    account_type: str
    risk_tier: str
    status: str
    connector: str
    owner: str | None
    has_credentials: bool
    last_activity_at: datetime | None
    warnings: list[str]


class FindingOut(Schema):
    rule_id: str
    pack: str
    title: str
    severity: str
    category: str
    spans: list[list[int]]
    evidence: str
    explanation: str
    explanation_id: str  # the same in Indonesian ("" for findings stored before it existed)
    citations: list[str]


class MessageOut(Schema):
    id: int
    platform: str
    external_id: str
    author: str
    text: str
    language: str
    url: str
    posted_at: datetime | None
    scanned_at: datetime | None
    highest_severity: str
    findings: list[FindingOut]


class HealthOut(Schema):
    account_id: int
    handle: str
    last_success_at: datetime | None
    lag_seconds: float | None
    messages_stored: int
    error_count: int
    last_error: str
    unscanned: int
    dead_letters: int


class ClassifierStatusOut(Schema):
    name: str
    language: str
    task: str
    licence: str
    commercial_use_allowed: bool
    rules: list[str]
    active: bool
    reason: str


class ClassifierSettingsOut(Schema):
    noncommercial_models_allowed: bool
    deployment_allows_noncommercial: bool
    classifiers_enabled: bool
    models: list[ClassifierStatusOut]
