"""File connectors: Slack export zip, Teams export JSON, generic JSONL/CSV (no database)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tatakelola.connectors import CONNECTORS, ConnectorSettings, RecordError, connector_for
from tatakelola.connectors.base import ConnectorCapability, content_id, parse_timestamp


def _settings(path: Path, **options: object) -> ConnectorSettings:
    return ConnectorSettings(handle="bank-nusantara", options={"path": str(path), **options})


def _all(connector_name: str, settings: ConnectorSettings) -> tuple[list[object], list[object]]:
    connector = connector_for(connector_name, settings)
    messages, problems = [], []
    for page in connector.fetch(None):
        problems.extend(page.problems)
        for item in page.items:
            try:
                messages.append(connector.normalize(item.data))
            except RecordError as exc:
                problems.append((item.location, str(exc)))
    return messages, problems


@pytest.fixture
def slack_zip(tmp_path: Path) -> Path:
    path = tmp_path / "Bank Nusantara Slack export Nov 1 2026 - Nov 2 2026.zip"
    users = [
        {"id": "U01ANI", "name": "ani", "real_name": "Ani Wulandari"},
        {"id": "U02BUDI", "name": "budi", "real_name": "Budi Santoso"},
    ]
    channels = [{"id": "C01GEN", "name": "general"}, {"id": "C02HUMAS", "name": "humas"}]
    general = [
        {
            "type": "message",
            "subtype": "channel_join",
            "user": "U02BUDI",
            "text": "<@U02BUDI> has joined",
            "ts": "1730419200.000100",
        },
        {
            "type": "message",
            "user": "U01ANI",
            "text": "Draf siaran pers: https://intranet.banknusantara.example/pr/42 mohon dicek",
            "ts": "1730419260.000200",
            "team": "T01BANK",
            "user_profile": {"real_name": "Ani Wulandari"},
        },
        {
            "type": "message",
            "user": "U02BUDI",
            "text": "Sudah, nomor nasabah 0812-3456-7890 jangan dibagikan ya",
            "ts": "1730419320.000300",
            "thread_ts": "1730419260.000200",
            "team": "T01BANK",
            "files": [{"name": "screenshot.png", "url_private": "https://files.slack.example/F1/screenshot.png"}],
        },
    ]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("users.json", json.dumps(users))
        archive.writestr("channels.json", json.dumps(channels))
        archive.writestr("general/2026-11-01.json", json.dumps(general))
        archive.writestr("humas/2026-11-02.json", '[{"type": "message", "text": "terpotong')
        archive.writestr("humas/2026-11-03.json", json.dumps([{"type": "message", "text": "tanpa ts"}]))
    return path


def test_slack_export_reads_messages_threads_files_and_users(slack_zip: Path) -> None:
    messages, problems = _all("slack-export", _settings(slack_zip))
    assert [m.external_id for m in messages] == [
        "T01BANK:general:1730419260.000200",
        "T01BANK:general:1730419320.000300",
    ]
    first, reply = messages
    assert (first.platform, first.author, first.author_id) == ("slack", "Ani Wulandari", "U01ANI")
    assert first.links == ("https://intranet.banknusantara.example/pr/42",)
    assert first.posted_at is not None and first.posted_at.isoformat() == "2024-11-01T00:01:00.000200+00:00"
    assert reply.in_reply_to == "general:1730419260.000200"
    assert reply.media == ("https://files.slack.example/F1/screenshot.png",)
    assert [str(p[0]) if isinstance(p, tuple) else p.location for p in problems] == [
        "humas/2026-11-02.json",
        "humas/2026-11-03.json #1",
    ]


def test_slack_export_that_is_not_a_zip_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_text("not a zip")
    messages, problems = _all("slack-export", _settings(path))
    assert messages == [] and len(problems) == 1


def test_teams_export_strips_html_and_skips_system_messages(tmp_path: Path) -> None:
    path = tmp_path / "teams.json"
    path.write_text(
        json.dumps(
            {
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#teams('t')/channels('c')/messages",
                "value": [
                    {
                        "id": "1730419200000",
                        "messageType": "message",
                        "createdDateTime": "2026-11-01T00:00:00.123Z",
                        "from": {"user": {"id": "8ea0e38b", "displayName": "Citra Lestari"}},
                        "body": {
                            "contentType": "html",
                            "content": "<p>Rapat &amp; evaluasi <a href='https://contoh.example/agenda'>agenda</a></p>",
                        },
                        "channelIdentity": {"teamId": "t", "channelId": "19:abc@thread.tacv2"},
                        "webUrl": "https://teams.microsoft.com/l/message/19:abc/1730419200000",
                        "attachments": [],
                    },
                    {"id": "2", "messageType": "systemEventMessage", "body": {"content": "<systemEventMessage/>"}},
                    {"id": "3", "messageType": "message", "deletedDateTime": "2026-11-01T01:00:00Z", "body": {}},
                    {"messageType": "message", "body": {"contentType": "text", "content": "tanpa id"}},
                    "bukan objek",
                ],
            }
        ),
        encoding="utf-8",
    )
    messages, problems = _all("teams-export", _settings(path))
    assert len(messages) == 1
    message = messages[0]
    assert (message.platform, message.author, message.text) == ("teams", "Citra Lestari", "Rapat & evaluasi agenda")
    assert message.links == ("https://contoh.example/agenda",)
    assert len(problems) == 2


def test_file_connector_resumes_after_the_cursor(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": f"t{i}"}) + "\n" for i in range(1100)))
    connector = connector_for("jsonl", _settings(path))
    pages = list(connector.fetch(None))
    assert [p.cursor for p in pages] == ["500", "1000", "1100"]
    resumed = list(connector.fetch("1000"))
    assert [len(p.items) for p in resumed] == [100]
    assert next(iter(connector.fetch("1100"))).items == []


def test_registry_lists_every_connector_with_capabilities() -> None:
    assert {"jsonl", "csv", "slack-export", "teams-export", "webhook"} <= set(CONNECTORS)
    for connector in CONNECTORS.values():
        assert connector.capabilities and all(isinstance(c, ConnectorCapability) for c in connector.capabilities)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-01T07:00:00+07:00", "2026-11-01T00:00:00+00:00"),
        ("2026-11-01T00:00:00Z", "2026-11-01T00:00:00+00:00"),
        ("2026-11-01 00:00:00", "2026-11-01T00:00:00+00:00"),
        (1761955200, "2025-11-01T00:00:00+00:00"),
        ("1761955200.5", "2025-11-01T00:00:00.500000+00:00"),
        (None, None),
        ("", None),
    ],
)
def test_parse_timestamp(value: object, expected: str | None) -> None:
    parsed = parse_timestamp(value)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize("value", ["kemarin", "2026-13-01", [1]])
def test_parse_timestamp_refuses_garbage(value: object) -> None:
    with pytest.raises(RecordError):
        parse_timestamp(value)


def test_content_id_is_stable() -> None:
    assert content_id("a", "b") == content_id("a", "b") != content_id("a", "c")
