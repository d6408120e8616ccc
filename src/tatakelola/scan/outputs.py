"""Writing scan results as text, JSON, JSONL, CSV or SARIF 2.1.0."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

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


def render_text(
    results: Sequence[tuple[str, int, str, Sequence[Finding]]],
    *,
    language: str = "en",
    titles_id: Mapping[str, str] | None = None,
) -> str:
    """Human-readable lines; ``language="id"`` writes titles, explanations and
    labels in Indonesian (``titles_id``: rule id -> Indonesian title), falling
    back to English where a finding has no Indonesian text."""
    out = []
    indonesian = language == "id"
    for msg_id, _line, text, findings in results:
        for f in findings:
            span = f.spans[0]
            ln, col = _line_col(text, span.start)
            if indonesian:
                title = (titles_id or {}).get(f.rule_id) or f.title
                out.append(
                    f"{msg_id}:{ln}:{col}: {f.severity.upper()} {f.rule_id} [{f.pack}] {title} - "
                    f"{f.explanation_id or f.explanation} bukti={f.evidence!r}"
                )
                out.append(f"    perbaikan: {f.fix_id} / {f.fix_en}")
                out.append(f"    rujukan: {'; '.join(f.citations)}")
                continue
            out.append(
                f"{msg_id}:{ln}:{col}: {f.severity.upper()} {f.rule_id} [{f.pack}] {f.title} - "
                f"{f.explanation} evidence={f.evidence!r}"
            )
            out.append(f"    fix: {f.fix_en} / {f.fix_id}")
            out.append(f"    cites: {'; '.join(f.citations)}")
    return "\n".join(out) + ("\n" if out else "")


def render_json(
    results: Sequence[tuple[str, int, str, Sequence[Finding]]], summary: dict[str, Any], problems: list[dict[str, Any]]
) -> str:
    doc = {
        "tool": "tatakelola-scan",
        "summary": summary,
        "results": [{"id": i, "line": ln, "findings": [f.to_dict() for f in fs]} for i, ln, _t, fs in results],
        "input_problems": problems,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(results: Sequence[tuple[str, int, str, Sequence[Finding]]]) -> str:
    return "".join(
        json.dumps({"id": i, "line": ln, "findings": [f.to_dict() for f in fs]}, ensure_ascii=False) + "\n"
        for i, ln, _t, fs in results
    )


def render_csv(results: Sequence[tuple[str, int, str, Sequence[Finding]]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for msg_id, line, _text, findings in results:
        for f in findings:
            w.writerow(
                {
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
            )
    return buf.getvalue()


def render_sarif(
    results: Sequence[tuple[str, int, str, Sequence[Finding]]],
    rules: Sequence[Rule],
    *,
    artifact: str,
    version: str,
    line_based: bool,
    problems: list[dict[str, Any]],
) -> str:
    index = {r.id: i for i, r in enumerate(rules)}
    sarif_rules = [
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
    sarif_results = []
    for msg_id, line, text, findings in results:
        for f in findings:
            locations = []
            for span in f.spans[:10]:
                ln, col = _line_col(text, span.start)
                end_ln, end_col = _line_col(text, span.end)
                region: dict[str, Any]
                if line_based:
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
            if f.rule_id in index:
                result["ruleIndex"] = index[f.rule_id]
            sarif_results.append(result)
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
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tatakelola-scan",
                        "version": version,
                        "informationUri": TOOL_URI,
                        "rules": sarif_rules,
                    }
                },
                "artifacts": [{"location": {"uri": artifact}}],
                "invocations": [
                    {
                        "executionSuccessful": not any(p["fatal"] for p in problems),
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
