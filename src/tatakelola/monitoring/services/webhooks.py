"""The signed inbound webhook: verify, de-duplicate deliveries and store the messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tatakelola.connectors.webhook import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    SignatureError,
    WebhookConnector,
    delivery_pages,
    verify_signature,
)
from tatakelola.monitoring.choices import (
    AccountStatus,
)
from tatakelola.monitoring.models import (
    IngestionState,
    MonitoredAccount,
    WebhookDelivery,
)
from tatakelola.monitoring.services.accounts import connector_settings
from tatakelola.monitoring.services.ingest import page_ingest
from tatakelola.utilities.crypto import credentials_decrypt


@dataclass(frozen=True)
class WebhookResult:
    accepted: bool
    duplicate: bool = False
    stored: int = 0
    problems: int = 0
    reason: str = ""


def webhook_receive(
    *, account_id: int, body: bytes, headers: Mapping[str, str], now: datetime | None = None
) -> WebhookResult:
    """Verify and store one webhook delivery. Not authentic → not accepted, nothing stored."""
    account = MonitoredAccount.objects.filter(pk=account_id, connector=WebhookConnector.name).first()
    if account is None or account.status == AccountStatus.DECOMMISSIONED:
        return WebhookResult(accepted=False, reason="unknown account")
    secret = credentials_decrypt(account.credentials_encrypted).get("secret", "")
    signature = headers.get(SIGNATURE_HEADER, "")
    try:
        verify_signature(
            secret=secret,
            timestamp=headers.get(TIMESTAMP_HEADER, ""),
            body=body,
            signature=signature,
            now=now.timestamp() if now else None,
        )
    except SignatureError as exc:
        return WebhookResult(accepted=False, reason=str(exc))
    delivery_id = (headers.get(DELIVERY_HEADER) or signature)[:200]
    connector = WebhookConnector(connector_settings(account))
    stored = problems = 0
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(account=account, delivery_id=delivery_id)
            for page in delivery_pages(body):
                result = page_ingest(
                    account=account, normalize=connector.normalize, page=page, source="webhook", advance_cursor=False
                )
                stored += result.stored
                problems += len(result.problems)
    except IntegrityError:
        return WebhookResult(accepted=True, duplicate=True)
    IngestionState.objects.filter(account=account).update(
        last_success_at=timezone.now(), last_attempt_at=timezone.now()
    )
    return WebhookResult(accepted=True, stored=stored, problems=problems)
