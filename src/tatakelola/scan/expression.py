"""Boolean and proximity expressions over lexicon terms.

Grammar (operators are upper case; terms are bare words, "quoted phrases"
or ``@name`` references to a named lexicon of the pack)::

    expr  := and ("OR" and)*
    and   := near ("AND" near)*
    near  := unary ("NEAR/" N unary)*
    unary := "NOT" unary | "(" expr ")" | TERM | "PHRASE" | @name

``A NEAR/5 B`` holds when a hit of A and a hit of B are at most 5 words apart;
``A AND NOT C`` holds when A hits and C does not.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass

from tatakelola.scan.model import Span

HitMap = Mapping[int, Sequence[Span]]
TermResolver = Callable[[str], tuple[int, ...]]


class ExpressionError(ValueError):
    """Raised for a malformed expression, with the offending position."""


@dataclass(frozen=True, slots=True)
class Leaf:
    text: str
    term_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Near:
    left: Node
    right: Node
    distance: int


Node = Leaf | Not | And | Or | Near

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|(NEAR/\d+)|([^\s()"]+))')


def _tokens(source: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    source = source.rstrip()
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None or m.end() == pos:
            raise ExpressionError(f"cannot parse expression at position {pos}: {source[pos : pos + 20]!r}")
        if m.group(1):
            out.append(("(", "(", m.start(1)))
        elif m.group(2):
            out.append((")", ")", m.start(2)))
        elif m.group(3) is not None:
            if not m.group(3).strip():
                raise ExpressionError(f"empty phrase at position {m.start(3)}")
            out.append(("TERM", m.group(3), m.start(3)))
        elif m.group(4):
            out.append(("NEAR", m.group(4), m.start(4)))
        else:
            word = m.group(5)
            kind = word if word in ("AND", "OR", "NOT") else "TERM"
            out.append((kind, word, m.start(5)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, source: str, resolve: TermResolver) -> None:
        self.source = source
        self.toks = _tokens(source)
        self.i = 0
        self.resolve = resolve

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str, int]:
        if self.i >= len(self.toks):
            raise ExpressionError(f"unexpected end of expression {self.source!r}")
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.toks:
            raise ExpressionError("empty expression")
        node = self.expr()
        if self.i != len(self.toks):
            _kind, text, pos = self.toks[self.i]
            raise ExpressionError(f"unexpected {text!r} at position {pos} in {self.source!r}")
        return node

    def expr(self) -> Node:
        items = [self.and_()]
        while self.peek() == "OR":
            self.take()
            items.append(self.and_())
        if len(items) == 1:
            return items[0]
        if all(isinstance(item, Leaf) for item in items):
            # An OR of terms is one term list: same spans in the same order,
            # evaluated in one step instead of one call per operand.
            leaves = [item for item in items if isinstance(item, Leaf)]
            return Leaf(" OR ".join(x.text for x in leaves), tuple(t for x in leaves for t in x.term_ids))
        return Or(tuple(items))

    def and_(self) -> Node:
        items = [self.near()]
        while self.peek() == "AND":
            self.take()
            items.append(self.near())
        return items[0] if len(items) == 1 else And(tuple(items))

    def near(self) -> Node:
        node = self.unary()
        while self.peek() == "NEAR":
            _, text, _ = self.take()
            node = Near(node, self.unary(), int(text.split("/")[1]))
        return node

    def unary(self) -> Node:
        kind, text, pos = self.take()
        if kind == "NOT":
            return Not(self.unary())
        if kind == "(":
            node = self.expr()
            if self.take()[0] != ")":
                raise ExpressionError(f"missing ')' for '(' at position {pos}")
            return node
        if kind == "TERM":
            return Leaf(text, self.resolve(text))
        raise ExpressionError(f"unexpected {text!r} at position {pos} in {self.source!r}")


def parse(source: str, resolve: TermResolver) -> Node:
    """Parse ``source``; ``resolve`` maps a term or ``@name`` to term ids."""
    return _Parser(source, resolve).parse()


def positive_terms(node: Node, negated: bool = False) -> set[int]:
    """Term ids whose presence can make ``node`` true (used as triggers)."""
    if isinstance(node, Leaf):
        return set() if negated else set(node.term_ids)
    if isinstance(node, Not):
        return positive_terms(node.child, not negated)
    if isinstance(node, Near):
        return positive_terms(node.left, negated) | positive_terms(node.right, negated)
    out: set[int] = set()
    for child in node.children:
        out |= positive_terms(child, negated)
    return out


def trigger_terms(node: Node) -> set[int]:
    """A small set of term ids, one of which must be present for ``node`` to hold.

    For AND and NEAR the *first* operand with positive terms suffices: the node
    cannot hold unless that operand does. Pack authors write the rarest operand
    first (``@illegal_finance AND @finance_nouns``); it decides which messages a
    rule looks at, while the full expression is still evaluated.
    """
    if isinstance(node, Leaf):
        return set(node.term_ids)
    if isinstance(node, Not):
        return set()
    if isinstance(node, Or):
        out: set[int] = set()
        for child in node.children:
            got = trigger_terms(child)
            if not got:
                return set()  # an OR with an always-possible branch has no trigger
            out |= got
        return out
    children = list(node.children) if isinstance(node, And) else [node.left, node.right]
    for child in children:
        got = trigger_terms(child)
        if got:
            return got
    return set()


def possible(node: Node, present: Set[int]) -> bool:
    """A cheap necessary condition for :func:`evaluate`: can ``node`` hold when
    only the terms in ``present`` may have hits? NOT is assumed satisfiable and
    NEAR is read as AND, so a ``False`` here means :func:`evaluate` returns None."""
    if isinstance(node, Leaf):
        return not present.isdisjoint(node.term_ids)
    if isinstance(node, Not):
        return True
    if isinstance(node, And):
        return all(possible(child, present) for child in node.children)
    if isinstance(node, Or):
        return any(possible(child, present) for child in node.children)
    return possible(node.left, present) and possible(node.right, present)


def all_terms(node: Node) -> set[int]:
    if isinstance(node, Leaf):
        return set(node.term_ids)
    if isinstance(node, Not):
        return all_terms(node.child)
    if isinstance(node, Near):
        return all_terms(node.left) | all_terms(node.right)
    out: set[int] = set()
    for child in node.children:
        out |= all_terms(child)
    return out


class WordIndex:
    """Maps character offsets of a text to word numbers (for NEAR)."""

    _WORD = re.compile(r"\w+")

    def __init__(self, text: str) -> None:
        self.starts = [m.start() for m in self._WORD.finditer(text)]

    def word_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)


def holds(node: Node, hits: HitMap, words: Callable[[], WordIndex]) -> bool:
    """``evaluate(node, hits, words) is not None``, stopping at the first term
    that decides it (``hits`` may compute spans lazily, so fewer are built)."""
    if isinstance(node, Leaf):
        return any(hits.get(tid) for tid in node.term_ids)
    if isinstance(node, Not):
        return not holds(node.child, hits, words)
    if isinstance(node, And):
        return all(holds(child, hits, words) for child in node.children)
    if isinstance(node, Or):
        return any(holds(child, hits, words) for child in node.children)
    return evaluate(node, hits, words) is not None


def evaluate(node: Node, hits: HitMap, words: Callable[[], WordIndex]) -> list[Span] | None:
    """Spans that make ``node`` true, ``[]`` if true without spans, else None."""
    if isinstance(node, Leaf):
        spans: list[Span] = []
        for tid in node.term_ids:
            got = hits.get(tid)
            if got:
                spans.extend(got)
        return spans or None
    if isinstance(node, Not):
        return [] if evaluate(node.child, hits, words) is None else None
    if isinstance(node, And):
        acc: list[Span] = []
        for child in node.children:
            got = evaluate(child, hits, words)
            if got is None:
                return None
            acc.extend(got)
        return acc
    if isinstance(node, Or):
        acc = []
        any_true = False
        for child in node.children:
            got = evaluate(child, hits, words)
            if got is not None:
                any_true = True
                acc.extend(got)
        return acc if any_true else None
    left = evaluate(node.left, hits, words)
    right = evaluate(node.right, hits, words) if left else None
    if not left or not right:
        return None
    index = words()
    out: list[Span] = []
    # Bounded: at most 64 spans a side, so a 10 MB message stays linear.
    for a in left[:64]:
        for b in right[:64]:
            first, second = (a, b) if a.start <= b.start else (b, a)
            gap = index.word_at(second.start) - index.word_at(max(first.end - 1, first.start)) - 1
            if gap <= node.distance:
                out.extend((a, b))
    return sorted(set(out)) or None
