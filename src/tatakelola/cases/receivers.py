"""Monitoring announces findings; alerts are built in the same transaction as the findings."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from tatakelola.cases.services import alerts_build
from tatakelola.monitoring.signals import findings_stored


@receiver(findings_stored, dispatch_uid="cases.alerts_build")
def build_alerts(sender: Any, message_ids: list[int], **kwargs: Any) -> None:
    alerts_build(message_ids=message_ids)
