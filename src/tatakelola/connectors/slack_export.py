"""Slack workspace export (the zip an admin downloads): one JSON file per channel and day."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
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

# Slack system notices that carry no user content.
_SKIPPED_SUBTYPES = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose", "bot_add"})


class SlackExportConnector(_FileConnector):
    name = "slack-export"
    platform = "slack"
    label = "Slack workspace export (zip)"

    def _records(self) -> Iterator[RawItem | RecordProblem]:
        try:
            archive = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:
            yield RecordProblem(self.path.name, f"not a zip file: {exc}")
            return
        with archive:
            users = self._users(archive)
            names = sorted(n for n in archive.namelist() if n.endswith(".json") and "/" in n.strip("/"))
            for name in names:
                path = PurePosixPath(name)
                channel = path.parent.name
                try:
                    messages = json.loads(archive.read(name))
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    yield RecordProblem(name, f"malformed JSON: {exc}")
                    continue
                if not isinstance(messages, list):
                    yield RecordProblem(name, "expected a list of messages")
                    continue
                for index, message in enumerate(messages, start=1):
                    location = f"{name} #{index}"
                    if not isinstance(message, dict):
                        yield RecordProblem(location, "not a JSON object")
                        continue
                    if message.get("subtype") in _SKIPPED_SUBTYPES:
                        continue
                    user = str(message.get("user") or "")
                    yield RawItem({**message, "_channel": channel, "_user_name": users.get(user, "")}, location)

    @staticmethod
    def _users(archive: zipfile.ZipFile) -> dict[str, str]:
        try:
            users = json.loads(archive.read("users.json"))
        except (KeyError, json.JSONDecodeError):
            return {}
        return {str(u.get("id")): str(u.get("real_name") or u.get("name") or "") for u in users if isinstance(u, dict)}

    def normalize(self, raw: Mapping[str, Any]) -> NormalizedMessage:
        ts = raw.get("ts")
        if not ts:
            raise RecordError("message without ts")
        text = str(raw.get("text") or "")
        files = raw.get("files") or []
        media = tuple(str(f.get("url_private") or f.get("name") or "") for f in files if isinstance(f, dict))
        profile = raw.get("user_profile") or {}
        author = str(raw.get("_user_name") or profile.get("real_name") or raw.get("user") or "")
        thread = str(raw.get("thread_ts") or "")
        channel = str(raw.get("_channel") or "")
        return NormalizedMessage(
            platform=self.platform,
            external_id=f"{raw.get('team') or self.settings.handle}:{channel}:{ts}",
            text=text,
            author=author,
            author_id=str(raw.get("user") or ""),
            links=links_in(text),
            media=tuple(m for m in media if m),
            posted_at=parse_timestamp(str(ts)),
            in_reply_to=f"{channel}:{thread}" if thread and thread != ts else "",
            raw=dict(raw),
        )
