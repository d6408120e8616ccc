"""Connectors: the code that reads from (and, where allowed, acts on) one platform each.

Every connector implements the small interface in :mod:`tatakelola.connectors.base`
(``fetch(since)``, ``normalize(raw)``, declared capabilities, optional ``act(action)``) and is
listed in the fixed registry of :mod:`tatakelola.connectors.registry`. Third-party API
clients (Mastodon.py, atproto, feedparser) are imported only here, never by the domain apps.
This package imports no Django.
"""

from tatakelola.connectors.base import (
    Action,
    Connector,
    ConnectorError,
    ConnectorSettings,
    NormalizedMessage,
    Page,
    RawItem,
    RecordError,
    RecordProblem,
    TransientConnectorError,
    UnsupportedAction,
)
from tatakelola.connectors.registry import CONNECTORS, connector_class, connector_for

__all__ = [
    "CONNECTORS",
    "Action",
    "Connector",
    "ConnectorError",
    "ConnectorSettings",
    "NormalizedMessage",
    "Page",
    "RawItem",
    "RecordError",
    "RecordProblem",
    "TransientConnectorError",
    "UnsupportedAction",
    "connector_class",
    "connector_for",
]
