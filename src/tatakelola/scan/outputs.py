"""Writing scan results as text, JSON, JSONL, CSV or SARIF 2.1.0.

Each format is rendered piece by piece (one message's lines, one CSV row, one
SARIF result) so that :mod:`tatakelola.scan.stream` can write a chunk at a
time; the JSON and SARIF documents are framed around the streamed items with
the summary and input problems at the end, once they are known.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import orjson

from tatakelola.scan.model import Finding
from tatakelola.scan.packs import Rule

FORMATS = ("text", "json", "jsonl", "csv", "sarif")
CSV_FIELDS = (
    "id",
    "line",
    "rule_id",
    "pack",
    "severity",
    "category",
    "action",
    "start",
    "end",
    "evidence",
    "explanation",
    "explanation_id",
    "citations",
    "fix_en",
    "fix_id",
    "score",
)
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
TOOL_URI = "https://github.com/tatakelola/tatakelola"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def text_lines(
    msg_id: str,
    text: str,
    findings: Sequence[Finding],
    *,
    language: str = "en",
    titles_id: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """Human-readable lines for one message's findings; ``language="id"`` writes
    titles, explanations and labels in Indonesian (``titles_id``: rule id ->
    Indonesian title), falling back to English where a finding has none."""
    indonesian = language == "id"
    for f in findings:
        ln, col = _line_col(text, f.spans[0].start)
        if indonesian:
            title = (titles_id or {}).get(f.rule_id) or f.title
            yield (
                f"{msg_id}:{ln}:{col}: {f.severity.upper()} {f.rule_id} [{f.pack}] {title} - "
                f"{f.explanation_id or f.explanation} bukti={f.evidence!r}"
            )
            yield f"    perbaikan: {f.fix_id} / {f.fix_en}"
            yield f"    rujukan: {'; '.join(f.citations)}"
            continue
        yield (
            f"{msg_id}:{ln}:{col}: {f.severity.upper()} {f.rule_id} [{f.pack}] {f.title} - "
            f"{f.explanation} evidence={f.evidence!r}"
        )
        yield f"    fix: {f.fix_en} / {f.fix_id}"
        yield f"    cites: {'; '.join(f.citations)}"


def csv_rows(msg_id: str, line: int, findings: Sequence[Finding]) -> Iterator[dict[str, Any]]:
    """One CSV row (:data:`CSV_FIELDS`) per finding."""
    for f in findings:
        yield {
            "id": msg_id,
            "line": line,
            "rule_id": f.rule_id,
            "pack": f.pack,
            "severity": f.severity,
            "category": f.category,
            "action": f.action,
            "start": f.spans[0].start,
            "end": f.spans[0].end,
            "evidence": f.evidence,
            "explanation": f.explanation,
            "explanation_id": f.explanation_id,
            "citations": " | ".join(f.citations),
            "fix_en": f.fix_en,
            "fix_id": f.fix_id,
            "score": round(f.score, 4),
        }


def json_head() -> bytes:
    """The JSON document up to its results array (items follow, ``,\\n``-separated)."""
    return b'{"tool":"tatakelola-scan","results":[\n'


def json_tail(summary: Mapping[str, Any], problems: Sequence[Mapping[str, Any]]) -> bytes:
    return b'\n],"summary":' + orjson.dumps(summary) + b',"input_problems":' + orjson.dumps(list(problems)) + b"}\n"


def sarif_rules(rules: Sequence[Rule]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "name": "".join(part.capitalize() for part in r.id.lower().split("-")),
            "shortDescription": {"text": r.title_en},
            "fullDescription": {"text": r.description or r.title_en},
            "help": {
                "text": f"{r.fix_en}\n\n{r.fix_id}",
                "markdown": f"**Fix:** {r.fix_en}\n\n**Perbaikan:** {r.fix_id}",
            },
            "defaultConfiguration": {"level": _LEVEL[r.severity]},
            "properties": {
                "pack": r.pack,
                "severity": r.severity,
                "category": r.category,
                "action": r.action,
                "citations": list(r.citations),
                "title_id": r.title_id,
                "tags": [r.category, r.pack],
            },
        }
        for r in rules
    ]


def sarif_result(
    msg_id: str,
    line: int,
    text: str,
    f: Finding,
    artifact: str,
    line_based: bool,
    rule_index: Mapping[str, int],
) -> dict[str, Any]:
    """One SARIF result (physical regions exact when the input is one message per line)."""
    locations = []
    for span in f.spans[:10]:
        region: dict[str, Any]
        if line_based:
            ln, col = _line_col(text, span.start)
            end_ln, end_col = _line_col(text, span.end)
            region = {
                "startLine": line + ln - 1,
                "startColumn": col,
                "endLine": line + end_ln - 1,
                "endColumn": end_col,
            }
        else:
            region = {"startLine": line}
        locations.append(
            {
                "physicalLocation": {"artifactLocation": {"uri": artifact}, "region": region},
                "logicalLocations": [{"name": msg_id, "kind": "message"}],
            }
        )
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "level": _LEVEL[f.severity],
        "message": {"text": f"{f.title}: {f.explanation}"},
        "locations": locations,
        "partialFingerprints": {"messageRule/v1": f"{msg_id}:{f.rule_id}:{f.spans[0].start}"},
        "properties": {
            "messageId": msg_id,
            "severity": f.severity,
            "category": f.category,
            "action": f.action,
            "evidence": f.evidence,
            "citations": list(f.citations),
            "spans": [[s.start, s.end] for s in f.spans],
            "fix": {"en": f.fix_en, "id": f.fix_id},
            # The message text is English; the explanation in both languages.
            "explanation": {"en": f.explanation, "id": f.explanation_id},
        },
    }
    if f.rule_id in rule_index:
        result["ruleIndex"] = rule_index[f.rule_id]
    return result


def sarif_head(rules: Sequence[Rule], *, version: str) -> bytes:
    """The SARIF log up to its results array (results follow, ``,\\n``-separated)."""
    driver = {"name": "tatakelola-scan", "version": version, "informationUri": TOOL_URI, "rules": sarif_rules(rules)}
    head = orjson.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0"})[:-1]
    return head + b',"runs":[{"tool":' + orjson.dumps({"driver": driver}) + b',"results":[\n'


def sarif_tail(artifact: str, problems: Sequence[Mapping[str, Any]]) -> bytes:
    notifications = [
        {
            "level": "error" if p["fatal"] else "warning",
            "message": {"text": p["message"]},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact}, "region": {"startLine": p["line"]}}}
            ],
        }
        for p in problems
    ]
    rest = {
        "artifacts": [{"location": {"uri": artifact}}],
        "invocations": [
            {
                "executionSuccessful": not any(p["fatal"] for p in problems),
                "toolExecutionNotifications": notifications,
            }
        ],
    }
    return b"\n]," + orjson.dumps(rest)[1:] + b"]}\n"
