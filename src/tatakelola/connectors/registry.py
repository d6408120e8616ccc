"""The fixed registry of connectors, built once at import: name → class."""

from __future__ import annotations

from types import MappingProxyType

from tatakelola.connectors.base import Connector, ConnectorError, ConnectorSettings
from tatakelola.connectors.bluesky import BlueskyConnector
from tatakelola.connectors.generic import CsvConnector, JsonlConnector
from tatakelola.connectors.mastodon import MastodonConnector
from tatakelola.connectors.rss import RssConnector
from tatakelola.connectors.slack_export import SlackExportConnector
from tatakelola.connectors.teams_export import TeamsExportConnector
from tatakelola.connectors.webhook import WebhookConnector

_BUILT_IN: tuple[type[Connector], ...] = (
    JsonlConnector,
    CsvConnector,
    SlackExportConnector,
    TeamsExportConnector,
    WebhookConnector,
    RssConnector,
    MastodonConnector,
    BlueskyConnector,
)

CONNECTORS: MappingProxyType[str, type[Connector]] = MappingProxyType({c.name: c for c in _BUILT_IN})

#: The file formats ``tatakelola ingest --format`` accepts, each read by one connector.
IMPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "slack-export", "teams-export")


def connector_class(name: str) -> type[Connector]:
    try:
        return CONNECTORS[name]
    except KeyError as exc:
        raise ConnectorError(f"unknown connector {name!r}") from exc


def connector_for(name: str, settings: ConnectorSettings) -> Connector:
    return connector_class(name)(settings)
