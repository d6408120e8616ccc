"""The one interface every connector implements, and the values that cross it."""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from tatakelola.utilities.links import safe_link_url

_URL_RE = re.compile(r"https?://[^\s<>\"')\]]+")


class ConnectorCapability(StrEnum):
    """What a connector can do; shown by ``tatakelola connectors``."""

    POLL = "poll"  # fetches new messages on a schedule (has a resume cursor)
    IMPORT = "import"  # reads a file a person supplies
    PUSH = "push"  # receives messages pushed to the inbound webhook
    ACT_DELETE = "act:delete"  # can delete a message on the platform
    ACT_HIDE = "act:hide"  # can hide a reply or comment


class ConnectorError(Exception):
    """The connector cannot go on (bad configuration, refused credentials, unusable source)."""


class TransientConnectorError(ConnectorError):
    """Worth retrying later: rate limit, server error, timeout. ``retry_after`` in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RecordError(ValueError):
    """One record cannot be normalised; the rest of the batch goes on."""


class UnsupportedAction(ConnectorError):
    """The platform (or this connector) does not support the requested enforcement action."""


@dataclass(frozen=True)
class ConnectorSettings:
    """How one account reaches its platform. ``credentials`` are decrypted only for the call
    and never appear in ``repr`` (so never in logs or tracebacks)."""

    handle: str = ""
    base_url: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    credentials: Mapping[str, str] = field(default_factory=dict, repr=False)
    platform: str = ""


@dataclass(frozen=True)
class RawItem:
    """One raw record as the platform gave it, with where it came from (for error reports)."""

    data: Mapping[str, Any]
    location: str = ""


@dataclass(frozen=True)
class RecordProblem:
    """A record that could not be read or normalised: reported, never silently dropped."""

    location: str
    reason: str
    raw: str = ""


@dataclass(frozen=True)
class Page:
    """One unit of fetched work. ``cursor`` is where to resume after this page is stored."""

    items: Sequence[RawItem]
    problems: Sequence[RecordProblem] = ()
    cursor: str | None = None


@dataclass(frozen=True)
class NormalizedMessage:
    """One post, comment, reply or chat message in the platform-neutral shape the store keeps."""

    platform: str
    external_id: str
    text: str
    author: str = ""
    author_id: str = ""
    language: str = ""
    url: str = ""
    links: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    posted_at: datetime | None = None
    in_reply_to: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.external_id:
            raise RecordError("the record has no identifier")
        if len(self.external_id) > 255:
            raise RecordError("the record's identifier is longer than 255 characters")
        # PostgreSQL text columns reject NUL; it never carries meaning in a post.
        for name in ("text", "author", "author_id", "language", "url", "in_reply_to", "external_id"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise RecordError(f"{name} must be text")
            if "\x00" in value:
                object.__setattr__(self, name, value.replace("\x00", ""))
        # Only http(s) URLs are kept as the message's address and links: a platform or an import file
        # can carry ``javascript:`` or ``data:`` URLs, which must never reach a page or an API client
        # as a link. The original value stays in ``raw``.
        if self.url and safe_link_url(self.url) is None:
            object.__setattr__(self, "url", "")
        links = tuple(link for link in self.links if safe_link_url(link) is not None)
        if links != tuple(self.links):
            object.__setattr__(self, "links", links)
        if self.posted_at is not None and self.posted_at.tzinfo is None:
            object.__setattr__(self, "posted_at", self.posted_at.replace(tzinfo=UTC))


@dataclass(frozen=True)
class Action:
    """An enforcement request for one message on its platform (decided elsewhere, never here)."""

    kind: str  # "delete" | "hide"
    external_id: str
    reason: str = ""


class Connector(ABC):
    """Reads messages from one platform. Subclasses declare ``name``, ``platform``,
    ``label`` and ``capabilities`` and implement ``fetch`` and ``normalize``."""

    name: ClassVar[str]
    platform: ClassVar[str]
    label: ClassVar[str]
    capabilities: ClassVar[frozenset[ConnectorCapability]]

    def __init__(self, settings: ConnectorSettings) -> None:
        self.settings = settings

    @abstractmethod
    def fetch(self, since: str | None) -> Iterator[Page]:
        """Pages of raw records after the resume cursor ``since`` (``None``: from the start)."""

    @abstractmethod
    def normalize(self, raw: Mapping[str, Any]) -> NormalizedMessage:
        """One raw record in the store's shape; raises :class:`RecordError` for a bad record."""

    def act(self, action: Action) -> None:
        """Carry out an enforcement action on the platform, where supported."""
        raise UnsupportedAction(f"{self.name} cannot {action.kind} messages")


def parse_timestamp(value: Any) -> datetime | None:
    """ISO 8601 strings (with ``Z``), Unix seconds (int, float or numeric string) or None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) or (isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value.strip())):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise RecordError(f"unreadable timestamp {value!r}") from exc
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise RecordError(f"unreadable timestamp {value!r}") from exc
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise RecordError(f"unreadable timestamp {value!r}")


def links_in(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(match.rstrip(".,;:!?") for match in _URL_RE.findall(text)))


def content_id(*parts: str) -> str:
    """A stable identifier for a record that has none, so that re-importing it is idempotent."""
    return "sha256:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
