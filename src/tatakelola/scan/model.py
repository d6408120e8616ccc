"""Value objects of the scanning core: messages in, findings out.

Everything here is immutable and validates itself on construction, so a
finding that exists is a finding that makes sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from tatakelola.scan.explain import Explanation

#: Severity values shared with the Django side (plain strings, ordered).
SEVERITIES: Final = ("critical", "high", "medium", "low")
SEVERITY_RANK: Final[Mapping[str, int]] = MappingProxyType({"critical": 4, "high": 3, "medium": 2, "low": 1})
#: What a rule asks the platform to do; detection itself never acts.
ACTIONS: Final = ("flag", "block-before-publish", "escalate")

_EMPTY: Final[Mapping[str, Any]] = MappingProxyType({})


def severity_at_least(severity: str, threshold: str) -> bool:
    """True when ``severity`` is at or above ``threshold``."""
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


@dataclass(frozen=True, slots=True)
class Message:
    """One post, comment, reply or chat message to scan.

    ``language`` is an ISO 639-1 code when known (``"id"``, ``"en"``), else
    ``None`` and every language-scoped rule applies. ``metadata`` carries
    platform facts such as ``is_advertisement``, ``is_sponsored``,
    ``account_type`` or ``paid_partnership``; ``scores`` carries classifier
    scores keyed by model name (the ML side fills it).
    """

    text: str
    id: str = ""
    language: str | None = None
    channel: str | None = None
    author: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    scores: Mapping[str, float] = field(default_factory=lambda: _EMPTY)

    def __post_init__(self) -> None:
        # Exact types first: an isinstance() check against the Mapping ABC
        # costs about a microsecond, paid for every message read.
        if type(self.text) is not str and not isinstance(self.text, str):
            raise TypeError("Message.text must be str")
        meta = type(self.metadata)
        if meta is not MappingProxyType and meta is not dict and not isinstance(self.metadata, Mapping):
            raise TypeError("Message.metadata must be a mapping")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` in the original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class Hit:
    """What a detector reports: where, how sure, and why.

    ``explanation`` is the English text; ``explained`` the catalogued
    :class:`~tatakelola.scan.explain.Explanation` it was rendered from, from
    which the engine renders the Indonesian text when the hit becomes a
    finding (a hit without one gets an empty ``Finding.explanation_id``).
    """

    span: Span
    score: float
    explanation: str
    kind: str = ""
    value: str = ""
    explained: Explanation | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError("Hit.score must be within [0, 1]")


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule hit on one message, with spans, explanation and citations.

    ``explanation`` is English, ``explanation_id`` the same in Indonesian
    (empty when the detector offered no catalogued explanation).
    """

    message_id: str
    rule_id: str
    pack: str
    severity: str
    category: str
    action: str
    spans: tuple[Span, ...]
    evidence: str
    explanation: str
    citations: tuple[str, ...]
    fix_en: str
    fix_id: str
    score: float = 1.0
    title: str = ""
    explanation_id: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r}")

    @property
    def sort_key(self) -> tuple[int, int, str]:
        first = self.spans[0] if self.spans else Span(0, 0)
        return (first.start, first.end, self.rule_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready representation (stable key order)."""
        return {
            "rule_id": self.rule_id,
            "pack": self.pack,
            "title": self.title,
            "severity": self.severity,
            "category": self.category,
            "action": self.action,
            "spans": [[s.start, s.end] for s in self.spans],
            "evidence": self.evidence,
            "explanation": self.explanation,
            "explanation_id": self.explanation_id,
            "citations": list(self.citations),
            "fix": {"en": self.fix_en, "id": self.fix_id},
            "score": round(self.score, 4),
        }

    @classmethod
    def from_dict(cls, message_id: str, data: Mapping[str, Any]) -> Finding:
        """Inverse of :meth:`to_dict` (used by round-trip tests and tooling)."""
        fix = data.get("fix") or {}
        return cls(
            message_id=message_id,
            rule_id=str(data["rule_id"]),
            pack=str(data["pack"]),
            title=str(data.get("title", "")),
            severity=str(data["severity"]),
            category=str(data["category"]),
            action=str(data["action"]),
            spans=tuple(Span(int(a), int(b)) for a, b in data["spans"]),
            evidence=str(data["evidence"]),
            explanation=str(data["explanation"]),
            explanation_id=str(data.get("explanation_id", "")),
            citations=tuple(str(c) for c in data["citations"]),
            fix_en=str(fix.get("en", "")),
            fix_id=str(fix.get("id", "")),
            score=float(data.get("score", 1.0)),
        )
