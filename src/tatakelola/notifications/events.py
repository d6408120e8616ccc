"""Event types: what the platform tells people (notification centre, e-mail) and other systems (webhooks).

Each app declares its event types in its own ``events.py`` as a module-level ``EVENTS`` tuple of
:class:`EventType`; the registry collects them once at start-up (``NotificationsConfig.ready``) and is
read-only afterwards, so a typo in an event key fails loudly instead of notifying nobody.

An event type carries:
- ``key``: stable dotted name (``case.sla_breached``); stored on notifications and deliveries, and
  sent to webhook receivers, so it never changes once released;
- ``label``: what it is, for the notification centre and the webhook settings;
- ``text``: the sentence a recipient reads, with ``%(name)s`` parameters from the stored data (None:
  the event is only sent to webhooks);
- ``payload``: the webhook payload schema (a ``ninja.Schema``; None: not offered to webhooks). Payloads
  are validated against it when the event is emitted;
- ``params``: optional function turning stored data into display parameters at display time (a
  choice value into its translated label, a UTC timestamp into the reader's local time).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from ninja import Schema
from pydantic import ConfigDict

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class EventPayload(Schema):
    """Base of webhook payload schemas: a field the schema does not declare is an error, so the
    documented payload and the sent one cannot drift apart."""

    model_config = ConfigDict(extra="forbid")


class _Params(dict[str, Any]):
    """A missing parameter renders empty instead of failing the whole notification centre."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class EventType:
    key: str
    label: Promise | str
    text: Promise | str | None = None
    payload: type[Schema] | None = None
    params: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None

    @property
    def notifies(self) -> bool:
        return self.text is not None

    @property
    def webhook(self) -> bool:
        return self.payload is not None

    def render(self, data: Mapping[str, Any]) -> str:
        """The sentence in the active language (and time zone)."""
        if self.text is None:
            return str(self.label)
        values = _Params(data)
        if self.params is not None:
            values.update(self.params(data))
        return str(self.text) % values


def local_datetime(value: Any) -> str:
    """An ISO timestamp stored in a notification, shown in the active time zone and language."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return str(value or "")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))


class EventRegistry:
    """Every event type of every installed app, fixed at start-up."""

    def __init__(self) -> None:
        self._types: dict[str, EventType] = {}
        self._frozen = False

    def register(self, *types: EventType) -> None:
        if self._frozen:
            raise ImproperlyConfigured("event types are registered at start-up, in an app's events.py")
        for event_type in types:
            if not KEY_PATTERN.match(event_type.key):
                raise ImproperlyConfigured(f"event key {event_type.key!r} is not dotted lower-case (app.what)")
            if event_type.key in self._types:
                raise ImproperlyConfigured(f"event {event_type.key!r} is registered twice")
            if event_type.text is None and event_type.payload is None:
                raise ImproperlyConfigured(f"event {event_type.key!r} neither notifies nor has a webhook payload")
            self._types[event_type.key] = event_type

    def discover(self) -> None:
        """Import ``<app>.events`` of every installed app that has one and register its ``EVENTS``."""
        if self._frozen:
            return
        for app_config in apps.get_app_configs():
            name = f"{app_config.name}.events"
            if importlib.util.find_spec(name) is None:
                continue
            module = importlib.import_module(name)
            self.register(*getattr(module, "EVENTS", ()))
        self._frozen = True

    def get(self, key: str) -> EventType:
        try:
            return self._types[key]
        except KeyError:
            raise ValueError(f"unknown event {key!r}: declare it in an app's events.py") from None

    def all(self) -> list[EventType]:
        return sorted(self._types.values(), key=lambda t: t.key)

    def webhook_events(self) -> list[EventType]:
        return [t for t in self.all() if t.webhook]


registry = EventRegistry()
