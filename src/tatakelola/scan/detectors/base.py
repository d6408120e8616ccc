"""Detector base class, the per-message scan context, and compile environment.

A detector is built once per rule when a pack compiles (validate params,
compile regexes, declare what should wake it up) and then asked to
``detect`` only on messages that its triggers selected. It returns
:class:`Hit` values; rules, not detectors, decide severity and action.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tatakelola.scan.expression import Node, WordIndex, positive_terms, possible
from tatakelola.scan.lexicon import despace
from tatakelola.scan.model import Hit, Message, Span
from tatakelola.scan.normalize import fold_with_offsets, original_span

#: Hyperscan flags used by prefilters (values from hs_common.h, so this
#: module does not need the extension to import).
HS_CASELESS = 1
HS_DOTALL = 2
HS_MULTILINE = 4


class DetectorConfigError(ValueError):
    """A rule gave a detector parameters it cannot use."""


@dataclass(frozen=True, slots=True)
class Prefilter:
    """A Hyperscan expression over the raw UTF-8 bytes that wakes a detector.

    It must match (at least) wherever the detector could report a hit.
    """

    pattern: bytes
    flags: int = 0


@dataclass(frozen=True, slots=True)
class Veto:
    """A Hyperscan expression over the raw text that settles a rule *clean*:
    when it matches inside a message (ending within the first ``within_first``
    characters, if set), :meth:`Detector.detect` would return no hits, so the
    rule is not evaluated for that message.

    It must match only where the detector's own Python check would (a match
    of the required disclosure phrase, say). The engine applies vetoes only to
    ASCII messages, where Hyperscan (case-insensitive) and Python ``re`` with
    IGNORECASE read the same characters, and only to matches that start and
    end inside one message.
    """

    pattern: bytes
    within_first: int | None = None


#: Key in :attr:`ScanContext.cache`: ids of the detectors whose (complete) vetoes all failed to
#: match this ASCII message (see :meth:`Detector.vetoes_complete`).
VETOES_ABSENT = "vetoes-absent"


class CompileEnv(ABC):
    """What a detector may use while compiling: terms, expressions, options."""

    @abstractmethod
    def expression(self, source: str) -> Node: ...

    @abstractmethod
    def option(self, name: str, default: Any = None) -> Any: ...

    def triggers(self, node: Node) -> set[int]:
        """Term ids that select candidate messages for ``node`` (see
        :func:`tatakelola.scan.expression.trigger_terms`)."""
        return positive_terms(node)


_LETTER = re.compile(r"[^\W\d_]")


class ScanContext:
    """Lazy, per-message facts shared by all rules evaluated on one message."""

    __slots__ = ("_candidates", "_folded", "_lower", "_spans", "_terms", "_words", "cache", "message", "text")

    def __init__(
        self,
        message: Message,
        candidate_terms: set[int],
        terms: Mapping[int, re.Pattern[str]],
    ) -> None:
        self.message = message
        self.text = message.text
        self._candidates = candidate_terms
        self._terms = terms
        self._folded: tuple[str, list[int]] | None = None
        self._words: WordIndex | None = None
        self.cache: dict[Any, Any] = {}
        self._spans: dict[int, list[Span]] = {}
        self._lower: str | None = None

    @property
    def lower(self) -> str:
        """Lower-cased original text (same length, same offsets for ASCII)."""
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    @property
    def folded(self) -> tuple[str, list[int]]:
        """Folded text with separators of spaced-out words removed, and the
        original index of every folded character."""
        if self._folded is None:
            self._folded = despace(*fold_with_offsets(self.text))
        return self._folded

    def words(self) -> WordIndex:
        if self._words is None:
            self._words = WordIndex(self.text)
        return self._words

    def term_spans(self, term_id: int) -> list[Span]:
        """Exact spans (original offsets) of one lexicon term, cached."""
        got = self._spans.get(term_id)
        if got is not None:
            return got
        spans: list[Span] = []
        if term_id in self._candidates:
            folded, origin = self.folded
            text = self.text
            letter = _LETTER.search
            for m in self._terms[term_id].finditer(folded):
                s, e = m.span()
                a, b = (origin[s], origin[e - 1] + 1) if e > s else original_span(origin, s, e)
                # A hit made only of digits/punctuation is a number, not a word.
                if letter(text, a, b):
                    spans.append(Span(a, b))
                if len(spans) >= 256:
                    break
        self._spans[term_id] = spans
        return spans

    def may_hold(self, node: Node) -> bool:
        """False when ``node`` cannot hold: a term it needs has no key in this
        message (checked before any exact matching)."""
        return possible(node, self._candidates)

    def hits_for(self, term_ids: Iterable[int]) -> Mapping[int, list[Span]]:
        """Spans of those ``term_ids`` that the batch prefilter saw in this
        message, computed lazily: an expression that fails early never pays
        for the exact spans of its other terms."""
        cand = self._candidates
        if not cand:
            return {}
        return _LazyHits(self, cand.intersection(term_ids))


class _LazyHits(Mapping[int, list[Span]]):
    __slots__ = ("_ctx", "_ids")

    def __init__(self, ctx: ScanContext, ids: set[int]) -> None:
        self._ctx = ctx
        self._ids = ids

    def get(self, key: int, default: Any = None) -> Any:
        if key in self._ids:
            spans = self._ctx.term_spans(key)
            if spans:
                return spans
        return default

    def __getitem__(self, key: int) -> list[Span]:
        spans = self.get(key)
        if spans is None:
            raise KeyError(key)
        return spans  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[int]:
        return iter([t for t in self._ids if self._ctx.term_spans(t)])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self.get(key) is not None


class Detector(ABC):
    """Base class of every detector (built-in or third-party)."""

    name: ClassVar[str]
    version: ClassVar[str] = "1.0"
    #: ISO 639-1 codes the detector understands; ``"*"`` = language-neutral.
    languages: ClassVar[frozenset[str]] = frozenset({"*"})
    description: ClassVar[str] = ""
    #: One finding per :attr:`Hit.kind` instead of one per rule and message
    #: (a message with an AWS key and a GitHub token gets two findings, each
    #: explained by its own format).
    finding_per_kind: ClassVar[bool] = False

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        self.params = dict(params)

    # -- triggers -----------------------------------------------------------
    def prefilters(self) -> Sequence[Prefilter]:
        """Raw-text Hyperscan expressions that select candidate messages."""
        return ()

    def trigger_terms(self) -> set[int]:
        """Lexicon term ids whose hit selects a candidate message."""
        return set()

    def vetoes(self) -> Sequence[Veto]:
        """Raw-text expressions whose match means "no hits here" (see :class:`Veto`)."""
        return ()

    def vetoes_complete(self) -> bool:
        """True when :meth:`vetoes` covers everything whose presence settles the message, so that
        *no* veto match in an ASCII message means the detector's own check would find nothing
        either. The engine then tells :meth:`detect` so (:data:`VETOES_ABSENT` in ``ctx.cache``)
        and it can skip that check."""
        return False

    def all_terms(self) -> set[int]:
        """Every lexicon term id the detector reads (triggers and guards)."""
        return self.trigger_terms()

    def wants_metadata(self) -> bool:
        """True when messages with metadata are candidates by themselves."""
        return False

    def wake_metadata(self) -> Mapping[str, Any] | None:
        """With :meth:`wants_metadata`, the metadata predicate (the spec of
        :func:`~tatakelola.scan.conditions.metadata_matches`) that a message
        must satisfy to wake the rule; ``None``: any metadata wakes it. The
        engine evaluates it compiled, and only on messages that carry one of
        its keys, so metadata no rule reads costs nothing."""
        return None

    def wants_scores(self) -> bool:
        """True when messages with classifier scores are candidates."""
        return False

    def always(self) -> bool:
        """True when every message is a candidate (avoid: it costs per message)."""
        return False

    @abstractmethod
    def detect(self, ctx: ScanContext) -> list[Hit]:
        """Hits on one candidate message (empty list if none)."""

    # -- helpers ------------------------------------------------------------
    def param(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        value = self.params.get(key, default)
        if value is None and default is None and key not in self.params:
            return None
        if not isinstance(value, kind):
            raise DetectorConfigError(f"{self.name}: parameter {key!r} must be {kind}")
        return value


@dataclass(slots=True)
class ContextWords:
    """Words that raise (boost) or cancel (suppress) a detection nearby."""

    boost: re.Pattern[str] | None
    suppress: re.Pattern[str] | None
    window: int = 40
    suppress_window: int = 30
    _cache: dict[str, bool] = field(default_factory=dict)

    @staticmethod
    def build(boost: Sequence[str], suppress: Sequence[str], window: int = 40) -> ContextWords:
        def alt(words: Sequence[str]) -> re.Pattern[str] | None:
            if not words:
                return None
            return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w.lower()) for w in words) + r")(?![a-z0-9])")

        return ContextWords(alt(boost), alt(suppress), window)

    def boosted(self, lower: str, span: Span) -> bool:
        if self.boost is None:
            return False
        return (
            self.boost.search(lower, max(0, span.start - self.window), min(len(lower), span.end + self.window))
            is not None
        )

    def suppressed(self, lower: str, span: Span) -> bool:
        if self.suppress is None:
            return False
        return self.suppress.search(lower, max(0, span.start - self.suppress_window), span.start) is not None


def redact(value: str, keep: int = 2) -> str:
    """Evidence for sensitive values: first/last ``keep`` characters only."""
    core = value.strip()
    if len(core) <= keep * 2 + 1:
        return "*" * len(core)
    return core[:keep] + "*" * (len(core) - keep * 2) + core[-keep:]


def digits_only(s: str) -> str:
    return "".join(filter(str.isdigit, s))


DetectorFactory = Callable[[Mapping[str, Any], CompileEnv], Detector]
