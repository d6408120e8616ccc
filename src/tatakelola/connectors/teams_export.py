"""Microsoft Teams export: Graph ``chatMessage`` objects as JSON (a list, or ``{"value": [...]}``)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from tatakelola.connectors.base import (
    NormalizedMessage,
    RawItem,
    RecordError,
    RecordProblem,
    links_in,
    parse_timestamp,
)
from tatakelola.connectors.generic import _FileConnector

_TAG_RE = re.compile(r"<[^>]+>")
_HREF_RE = re.compile(r"""href=["']([^"']+)["']""")


def html_to_text(content: str) -> str:
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
    return html.unescape(_TAG_RE.sub("", text)).strip()


class TeamsExportConnector(_FileConnector):
    name = "teams-export"
    platform = "teams"
    label = "Microsoft Teams export (JSON)"

    def _records(self) -> Iterator[RawItem | RecordProblem]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield RecordProblem(self.path.name, f"malformed JSON: {exc}")
            return
        if isinstance(document, dict):
            document = document.get("value", document.get("messages"))
        if not isinstance(document, list):
            yield RecordProblem(self.path.name, "expected a list of messages or an object with 'value'")
            return
        for index, message in enumerate(document, start=1):
            location = f"message #{index}"
            if not isinstance(message, dict):
                yield RecordProblem(location, "not a JSON object")
                continue
            if message.get("messageType", "message") != "message" or message.get("deletedDateTime"):
                continue
            yield RawItem(message, location)

    def normalize(self, raw: Mapping[str, Any]) -> NormalizedMessage:
        message_id = raw.get("id")
        if not message_id:
            raise RecordError("message without id")
        body = raw.get("body") or {}
        content = str(body.get("content") or "")
        is_html = str(body.get("contentType", "text")).lower() == "html"
        text = html_to_text(content) if is_html else content
        sender = ((raw.get("from") or {}).get("user")) or {}
        channel = raw.get("channelIdentity") or {}
        attachments = raw.get("attachments") or []
        return NormalizedMessage(
            platform=self.platform,
            external_id=str(message_id),
            text=text,
            author=str(sender.get("displayName") or ""),
            author_id=str(sender.get("id") or ""),
            language="",
            url=str(raw.get("webUrl") or ""),
            links=tuple(dict.fromkeys([*_HREF_RE.findall(content), *links_in(text)])),
            media=tuple(str(a.get("contentUrl") or a.get("name") or "") for a in attachments if isinstance(a, dict)),
            posted_at=parse_timestamp(raw.get("createdDateTime")),
            in_reply_to=str(raw.get("replyToId") or ""),
            raw={**dict(raw), "_channel": channel.get("channelId", "")},
        )
