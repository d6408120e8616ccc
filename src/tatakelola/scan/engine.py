"""The scanning engine: compile packs once, scan many messages in batches.

Compilation turns every rule into a detector instance and gathers what
should wake it: raw-text prefilters (one Hyperscan database) and lexicon
terms (a second Hyperscan database over folded text, see
:mod:`tatakelola.scan.lexicon`). A batch is joined into one buffer per
database, scanned once, and match offsets are mapped back to messages; only
candidate messages get a Python-level :class:`ScanContext` and only matches
become Python objects.
"""

from __future__ import annotations

import bisect
import dataclasses
import gc
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress
from operator import attrgetter, not_
from typing import Any

import hyperscan

from tatakelola.scan.buffers import RESERVED_B, group, raw_buffer, skeleton_buffer
from tatakelola.scan.conditions import MetadataPredicate
from tatakelola.scan.detectors.base import VETOES_ABSENT, CompileEnv, Detector, DetectorConfigError, ScanContext
from tatakelola.scan.detectors.registry import detector_registry
from tatakelola.scan.expression import ExpressionError, Node, all_terms, holds, parse, trigger_terms
from tatakelola.scan.findings import make_finding
from tatakelola.scan.hsdb import compile_db, compile_exact, may_match_nul
from tatakelola.scan.lexicon import (
    REPEAT_RUN,
    SKELETON_TABLE,
    SPACED_RUN,
    CompiledTerm,
    LazyPatterns,
    canonical_term,
    collapse,
    compile_term,
)
from tatakelola.scan.model import Finding, Hit, Message, Span
from tatakelola.scan.normalize import RESERVED
from tatakelola.scan.packs import Pack, PackError, Rule, resolve_packs

_ANY = frozenset({"*", "any"})


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    detector: Detector
    when_expr: Node | None
    unless_expr: Node | None
    guard_terms: frozenset[int]
    #: Languages/channels the rule is limited to (None = any), precomputed.
    languages: frozenset[str] | None = None
    channels: frozenset[str] | None = None
    #: ``when``/``unless`` metadata predicates (None = none), compiled once.
    when_meta: MetadataPredicate | None = None
    unless_meta: MetadataPredicate | None = None


class _TermTable:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.terms: list[CompiledTerm] = []

    def term_id(self, text: str) -> int:
        substring = len(text) > 2 and text.startswith("*") and text.endswith("*")
        key = canonical_term(text[1:-1] if substring else text)
        if not key.strip() or (substring and len(key) < 3):
            raise ExpressionError(f"term {text!r} is empty or too short after normalisation")
        ident = f"*{key}*" if substring else key
        tid = self.ids.get(ident)
        if tid is None:
            tid = len(self.terms)
            self.ids[ident] = tid
            self.terms.append(compile_term(tid, key, substring=substring))
        return tid


class _PackEnv(CompileEnv):
    def __init__(self, table: _TermTable, pack: Pack, options: Mapping[str, Any]) -> None:
        self.table, self.pack, self.options = table, pack, options

    def _resolve(self, text: str) -> tuple[int, ...]:
        if text.startswith("@"):
            name = text[1:]
            if name not in self.pack.lexicons:
                raise ExpressionError(f"unknown lexicon @{name} in pack {self.pack.id}")
            return tuple(self.table.term_id(t) for t in self.pack.lexicons[name])
        return (self.table.term_id(text),)

    def expression(self, source: str) -> Node:
        return parse(source, self._resolve)

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, self.pack.options.get(name, default))

    def triggers(self, node: Node) -> set[int]:
        return trigger_terms(node)


class Engine:
    """Compiled rule packs. Thread-compatible for reads; build once, reuse."""

    def __init__(
        self,
        packs: Sequence[Pack],
        *,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        org_domains: Iterable[str] | None = None,
    ) -> None:
        """``options``: per pack id, options that override the pack's own. ``org_domains``: the
        organisation's own domains, replacing ``own_domains`` in every pack (look-alike links, own
        e-mail addresses); see :mod:`tatakelola.scan.orgcontext`. Raises ``OrgContextError`` for a
        value that is not a domain."""
        self.packs = tuple(packs)
        self.org_domains: tuple[str, ...] = ()
        if org_domains is not None:
            from tatakelola.scan.orgcontext import normalize_domains, org_options

            self.org_domains = normalize_domains(org_domains)
            if self.org_domains:
                options = org_options((p.id for p in self.packs), self.org_domains, options)
        options = options or {}
        registry = detector_registry()
        table = _TermTable()
        raw_ids: dict[tuple[bytes, int], int] = {}
        self.rules: list[CompiledRule] = []
        by_raw: dict[int, set[int]] = {}
        by_term: dict[int, set[int]] = {}
        self._meta_rules: list[int] = []
        self._score_rules: list[int] = []
        self._always_rules: list[int] = []
        seen_ids: set[str] = set()
        veto_list: list[tuple[bytes, int, int | None]] = []
        # Rules woken by metadata: by any metadata; by a predicate that holds
        # without its keys (checked on every message with metadata); by a
        # predicate that needs one of its keys (checked only where one is).
        meta_any: list[int] = []
        meta_checked: list[tuple[int, MetadataPredicate]] = []
        meta_keyed: list[tuple[int, MetadataPredicate]] = []
        for pack in self.packs:
            env = _PackEnv(table, pack, options.get(pack.id, {}))
            for rule in pack.rules:
                if rule.id in seen_ids:
                    raise PackError(pack.source, rule.line, f"rule id {rule.id} defined twice")
                seen_ids.add(rule.id)
                cls = registry.get(rule.detector)
                if cls is None:
                    raise PackError(
                        pack.source,
                        rule.lines.get("detector") or rule.line,
                        f"{rule.id}: unknown detector {rule.detector!r}",
                    )
                try:
                    det = cls(rule.params, env)
                    when_expr = env.expression(rule.when["expr"]) if "expr" in rule.when else None
                    unless_expr = env.expression(rule.unless["expr"]) if "expr" in rule.unless else None
                except (DetectorConfigError, ExpressionError, re.error, TypeError, ValueError) as exc:
                    line = rule.lines.get("params") or rule.line
                    if isinstance(exc, ExpressionError) and ("when" in rule.lines or "unless" in rule.lines):
                        line = rule.line
                    raise PackError(pack.source, line, f"{rule.id}: {exc}") from exc
                guard = set()
                for node in (when_expr, unless_expr):
                    if node is not None:
                        guard |= all_terms(node)
                idx = len(self.rules)
                self.rules.append(
                    CompiledRule(
                        rule,
                        det,
                        when_expr,
                        unless_expr,
                        frozenset(guard | det.all_terms()),
                        None if _ANY.intersection(rule.languages) else frozenset(rule.languages),
                        None if _ANY.intersection(rule.channels) else frozenset(rule.channels),
                        _predicate(rule.when.get("metadata")),
                        _predicate(rule.unless.get("metadata")),
                    )
                )
                woken = False
                for pf in det.prefilters():
                    rid = raw_ids.setdefault((pf.pattern, pf.flags), len(raw_ids))
                    by_raw.setdefault(rid, set()).add(idx)
                    woken = True
                for tid in det.trigger_terms():
                    by_term.setdefault(tid, set()).add(idx)
                    woken = True
                if det.wants_metadata():
                    self._meta_rules.append(idx)
                    wake = det.wake_metadata()
                    pred = MetadataPredicate(wake) if wake else None
                    if pred is None:
                        meta_any.append(idx)
                    elif pred.on_empty:
                        meta_checked.append((idx, pred))
                    else:
                        meta_keyed.append((idx, pred))
                    woken = True
                if det.wants_scores():
                    self._score_rules.append(idx)
                    woken = True
                if det.always() or not woken:
                    self._always_rules.append(idx)
                veto_list.extend((v.pattern, idx, v.within_first) for v in det.vetoes())
        self._meta_any = tuple(meta_any)
        self._meta_checked = tuple(meta_checked + meta_keyed if meta_any or meta_checked else meta_checked)
        self._meta_keyed = () if meta_any or meta_checked else tuple(meta_keyed)
        self._meta_keys = frozenset().union(*(p.keys for _, p in meta_keyed))
        self._by_raw = {k: tuple(sorted(v)) for k, v in by_raw.items()}
        self._by_term = {k: tuple(sorted(v)) for k, v in by_term.items()}
        raw_list = sorted(raw_ids.items(), key=lambda kv: kv[1])
        self._spaced_raw_id = len(raw_list)
        self._raw_db = compile_db(
            [p for (p, _), _ in raw_list] + [SPACED_RUN], [f for (_, f), _ in raw_list] + [0], "raw prefilters"
        )
        self._terms = table.terms
        self._term_rx = LazyPatterns({t.term_id: t.source for t in table.terms})
        # One literal-key database (all terms, guards included) scans the
        # batch once; keys of terms that can wake a rule mark candidates.
        triggers: set[int] = set()
        for cr in self.rules:
            triggers |= cr.detector.trigger_terms()
        full_keys: dict[str, set[int]] = {}
        for t in table.terms:
            for key in t.keys:
                full_keys.setdefault(key, set()).add(t.term_id)
        keys = sorted(full_keys)
        self._key_terms = [tuple(sorted(full_keys[k])) for k in keys]
        self._spaced_id = len(keys)
        batch_keys = [i for i, k in enumerate(keys) if full_keys[k] & triggers]
        self._full_db = self._keys_db(keys, "lexicon terms")
        self._trigger_keys = frozenset(batch_keys) | ({self._spaced_id} if batch_keys else set())
        self.rule_index = {cr.rule.id: cr for cr in self.rules}
        # Rules whose ``when`` metadata cannot hold for a message without
        # metadata, and (filled on first use) rules limited to other languages
        # or channels: dropped before a candidate gets a ScanContext.
        self._dead_without_metadata = frozenset(
            i for i, cr in enumerate(self.rules) if cr.when_meta is not None and not cr.when_meta.on_empty
        )
        self._when_keys = frozenset().union(
            *(cr.when_meta.keys for i, cr in enumerate(self.rules) if i in self._dead_without_metadata and cr.when_meta)
        )
        self._dead: dict[tuple[str, str], frozenset[int]] = {}
        # One expression per distinct veto pattern, with every (rule, limit) it settles.
        veto_by_pattern: dict[bytes, list[tuple[int, int | None]]] = {}
        for pattern, idx, within in veto_list:
            veto_by_pattern.setdefault(pattern, []).append((idx, within))
        veto_patterns = [p for p in veto_by_pattern if not may_match_nul(p)]
        self._veto_db, kept = compile_exact(veto_patterns, hyperscan.HS_FLAG_CASELESS)
        self._veto_rules = [tuple(veto_by_pattern[veto_patterns[i]]) for i in kept]
        # Rules whose every veto is in the database and whose detector says its vetoes are
        # complete: in an ASCII message without a veto match, its own check would find nothing.
        in_db = {veto_patterns[i] for i in kept}
        self._veto_complete = frozenset(
            idx
            for idx, cr in enumerate(self.rules)
            if cr.detector.vetoes_complete()
            and cr.detector.vetoes()
            and all(v.pattern in in_db for v in cr.detector.vetoes())
        )
        # Per pattern id, what a match means, as lists indexed by id: raw
        # prefilter -> rules it wakes; key -> its terms and the rules they wake.
        self._raw_rules: list[tuple[int, ...]] = [self._by_raw.get(i, ()) for i in range(len(raw_list) + 1)]
        self._key_term_sets: list[frozenset[int]] = [frozenset(t) for t in self._key_terms] + [frozenset()]
        self._key_rules: list[frozenset[int]] = [
            frozenset().union(*(self._by_term.get(t, ()) for t in ts)) for ts in self._key_term_sets
        ]

    @staticmethod
    def _keys_db(keys: Sequence[str], what: str) -> hyperscan.Database | None:
        if not keys:
            return None
        patterns = [re.escape(k).encode("utf-8", "surrogatepass") for k in keys] + [REPEAT_RUN]
        return compile_db(patterns, [0] * len(patterns), what)

    @classmethod
    def from_specs(cls, specs: Iterable[str] | None = None, **kwargs: Any) -> Engine:
        return cls(resolve_packs(specs), **kwargs)

    @property
    def term_count(self) -> int:
        return len(self._terms)

    # -- scanning -----------------------------------------------------------
    def scan(self, message: Message) -> list[Finding]:
        return list(self.scan_batch([message])[0])

    def scan_batch(self, messages: Sequence[Message]) -> list[tuple[Finding, ...]]:
        """Findings per message, in input order (``()`` when clean).

        The cyclic garbage collector is paused while a batch runs: the engine
        creates no reference cycles, and with a large heap (the caller's
        messages) its collections cost ~10 % of the scan. It is restored on
        return, so cycles made meanwhile (e.g. by a scorer) are still freed.
        """
        n = len(messages)
        results: list[tuple[Finding, ...]] = [()] * n
        if n == 0:
            return results
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            self._scan_into(messages, results)
        finally:
            if paused:
                gc.enable()
        return results

    def _scan_into(self, messages: Sequence[Message], results: list[tuple[Finding, ...]]) -> None:
        n = len(messages)
        texts = list(map(_text, messages))
        ascii_only = all(map(str.isascii, texts))
        raw_b, ends = raw_buffer(texts, ascii_only)
        if raw_b.count(RESERVED_B) != n - 1:
            texts = [t.replace(RESERVED, " ") for t in texts]
            raw_b, ends = raw_buffer(texts, ascii_only)
            messages = [
                m if m.text == t else dataclasses.replace(m, text=t) for m, t in zip(messages, texts, strict=True)
            ]
        raw_by_msg: dict[int, list[int]] = {}
        spaced: set[int] = set()
        if self._raw_db is not None:
            rks, rids = self._matches(self._raw_db, raw_b, ends)
            raw_by_msg = group(rks, rids)
            spaced.update(compress(rks, map(self._spaced_raw_id.__eq__, rids)))
        keys_by_msg: dict[int, list[int]] = {}
        key_cand: set[int] = set()
        ks: list[int] = []
        kids: list[int] = []
        if self._full_db is not None:
            # One scan with every key (guards included); a message is a
            # candidate when one of its keys belongs to a trigger term.
            skel, skel_ends = skeleton_buffer(texts, ascii_only)
            ks, kids = self._matches(self._full_db, skel, skel_ends)
            key_cand = set(compress(ks, map(self._trigger_keys.__contains__, kids)))
            spaced.update(compress(ks, map(self._spaced_id.__eq__, kids)))
        extra: dict[int, list[int]] = {}
        if self._meta_rules:
            self._metadata_wakes(messages, extra)
        if self._score_rules:
            wanted = self._score_rules
            for k in compress(range(n), map(bool, map(_scores, messages))):
                extra.setdefault(k, []).extend(wanted)
        if self._always_rules:
            order: Sequence[int] = range(n)
        else:
            cand = key_cand.union(raw_by_msg, extra)
            order = sorted(cand)
        if self._full_db is not None and order:
            # Keys (guards too) of the candidates only.
            if len(order) == n:
                keys_by_msg = group(ks, kids)
            else:
                keep = list(map(cand.__contains__, ks))
                keys_by_msg = group(list(compress(ks, keep)), list(compress(kids, keep)))
        veto_scanned = self._veto_db is not None and bool(order)
        vetoed = self._vetoed(raw_b, ends, texts) if veto_scanned else {}
        veto_complete = self._veto_complete
        raw_rules, key_rules, key_terms = self._raw_rules, self._key_rules, self._key_term_sets
        always, dead_no_meta, when_keys = self._always_rules, self._dead_without_metadata, self._when_keys
        by_term, term_rx, evaluate = self._by_term, self._term_rx, self._evaluate
        dead_lang: dict[str, frozenset[int]] = {}
        empty: list[int] = []
        for k in order:
            kp = keys_by_msg.get(k, empty)
            rule_ids: set[int] = set(always).union(
                *map(raw_rules.__getitem__, raw_by_msg.get(k, empty)), *map(key_rules.__getitem__, kp)
            )
            message = messages[k]
            ctx: ScanContext | None = None
            if k in spaced:
                # Spaced-out or stretched letters: look for terms again with
                # separators removed and repeated letters collapsed.
                terms: set[int] = set().union(*map(key_terms.__getitem__, kp))
                ctx = ScanContext(message, terms, term_rx)
                folded, _ = ctx.folded
                sk = (" " + folded + " ").translate(SKELETON_TABLE)
                more = self._message_terms_skeleton(sk + " " + collapse(sk))
                more -= terms
                if more:
                    terms |= more
                    for tid in more:
                        rule_ids.update(by_term.get(tid, ()))
            if k in extra:
                rule_ids.update(extra[k])
            if k in vetoed:
                rule_ids -= vetoed[k]
            absent = (
                veto_complete.intersection(rule_ids)
                if veto_scanned and texts[k].isascii() and _RE_ONLY_SPACE.search(texts[k]) is None
                else None
            )
            # Rules that cannot apply to this message whatever its text says
            # (language, channel, metadata conditions) are dropped before
            # any per-message work.
            # Metadata without any key a ``when`` predicate reads leaves those
            # predicates as false as no metadata at all.
            metadata = message.metadata
            if not metadata or when_keys.isdisjoint(metadata):
                rule_ids -= dead_no_meta
            lang = message.language
            if lang:
                dead = dead_lang.get(lang)
                if dead is None:
                    dead = dead_lang[lang] = self._dead_for("language", lang)
                rule_ids -= dead
            if message.channel:
                rule_ids -= self._dead_for("channel", message.channel)
            if not rule_ids:
                continue
            if ctx is None:
                ctx = ScanContext(message, set().union(*map(key_terms.__getitem__, kp)), term_rx)
            if absent:
                ctx.cache[VETOES_ABSENT] = frozenset(id(self.rules[i].detector) for i in absent)
            hits = evaluate(ctx, sorted(rule_ids))
            if hits:
                results[k] = hits

    def _metadata_wakes(self, messages: Sequence[Message], extra: dict[int, list[int]]) -> None:
        """Rules that messages' metadata wakes. Metadata that no rule reads
        costs one C-level key-set check per message."""
        metas = list(map(_metadata, messages))
        with_meta = list(compress(range(len(metas)), metas))
        if not with_meta:
            return
        if self._meta_any or self._meta_checked:
            any_rules, checked = self._meta_any, self._meta_checked
            for k in with_meta:
                md = metas[k]
                woken = [idx for idx, pred in checked if pred(md)]
                if any_rules or woken:
                    extra.setdefault(k, []).extend((*any_rules, *woken))
            return
        keyed = self._meta_keyed
        touched = compress(with_meta, map(not_, map(self._meta_keys.isdisjoint, map(metas.__getitem__, with_meta))))
        for k in touched:
            md = metas[k]
            woken = [idx for idx, pred in keyed if pred(md)]
            if woken:
                extra.setdefault(k, []).extend(woken)

    def _dead_for(self, kind: str, value: str) -> frozenset[int]:
        """Rules limited to other languages (or channels) than ``value``."""
        key = (kind, value)
        got = self._dead.get(key)
        if got is None:
            got = frozenset(
                i
                for i, cr in enumerate(self.rules)
                if (allowed := (cr.languages if kind == "language" else cr.channels)) is not None
                and value not in allowed
            )
            if len(self._dead) < 4096:
                self._dead[key] = got
        return got

    @staticmethod
    def _matches(db: hyperscan.Database, buf: bytes, ends: list[int]) -> tuple[list[int], list[int]]:
        """(message index, pattern id) of every match, as two parallel lists."""
        pids: list[int] = []
        tos: list[int] = []
        add_pid, add_to = pids.append, tos.append

        def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
            add_pid(pid)
            add_to(end)

        db.scan(buf, match_event_handler=on_match)
        return list(map(partial(bisect.bisect_left, ends), tos)), pids

    def _vetoed(self, buf: bytes, ends: list[int], texts: Sequence[str]) -> dict[int, set[int]]:
        """Rules settled clean per message by a veto (see :class:`Veto`): the
        match lies inside one ASCII message (and, if the veto says so, ends
        within its first N characters)."""
        found: list[tuple[int, int]] = []
        add = found.append

        def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
            add((pid, end))

        if self._veto_db is None:
            return {}
        self._veto_db.scan(buf, match_event_handler=on_match)
        out: dict[int, set[int]] = {}
        rules = self._veto_rules
        bl = bisect.bisect_left
        for pid, end in found:
            k = bl(ends, end)
            first = ends[k - 1] if k else 0
            # No veto expression can match the NUL separator (see
            # _may_match_nul), so a match ending in message k lies inside it.
            if end > ends[k] - 1 or not texts[k].isascii():
                continue
            for idx, within in rules[pid]:
                if within is None or end - first <= within:
                    got = out.get(k)
                    if got is None:
                        out[k] = {idx}
                    else:
                        got.add(idx)
        return out

    def _message_terms_skeleton(self, skel: str) -> set[int]:
        if self._full_db is None:
            return set()
        buf = skel.encode("utf-8", "surrogatepass")
        _, kids = self._matches(self._full_db, buf, [len(buf) + 1])
        return set().union(*map(self._key_term_sets.__getitem__, set(kids)))

    def _evaluate(self, ctx: ScanContext, rule_ids: Sequence[int]) -> tuple[Finding, ...]:
        message = ctx.message
        lang = message.language
        channel = message.channel
        metadata = message.metadata
        rules = self.rules
        out: list[Finding] = []
        for idx in rule_ids:
            cr = rules[idx]
            if lang and cr.languages is not None and lang not in cr.languages:
                continue
            if channel and cr.channels is not None and channel not in cr.channels:
                continue
            if cr.when_meta is not None and not cr.when_meta(metadata):
                continue
            if cr.unless_meta is not None and metadata and cr.unless_meta(metadata):
                continue
            if cr.when_expr is not None and (
                not ctx.may_hold(cr.when_expr) or not holds(cr.when_expr, ctx.hits_for(cr.guard_terms), ctx.words)
            ):
                continue
            if (
                cr.unless_expr is not None
                and ctx.may_hold(cr.unless_expr)
                and holds(cr.unless_expr, ctx.hits_for(cr.guard_terms), ctx.words)
            ):
                continue
            hits = cr.detector.detect(ctx)
            if hits:
                if cr.detector.finding_per_kind and len(hits) > 1:
                    by_kind: dict[str, list[Hit]] = {}
                    for h in hits:
                        by_kind.setdefault(h.kind, []).append(h)
                    out.extend(make_finding(message, cr.rule, group) for group in by_kind.values())
                else:
                    out.append(make_finding(message, cr.rule, hits))
        out.sort(key=lambda f: f.sort_key)
        return tuple(out)


_text = attrgetter("text")
#: Characters that Python's ``\s`` matches and Hyperscan's does not (ASCII file/group/record/unit
#: separators): where one occurs, no veto match does not prove that ``re`` finds nothing.
_RE_ONLY_SPACE = re.compile("[\x1c-\x1f]")
_metadata = attrgetter("metadata")
_scores = attrgetter("scores")


def _predicate(spec: Mapping[str, Any] | None) -> MetadataPredicate | None:
    return MetadataPredicate(spec) if spec else None


def scan_texts(texts: Iterable[str], packs: Iterable[str] | None = None) -> list[list[Finding]]:
    """Convenience: scan plain strings with the given (default: all) packs."""
    engine = Engine.from_specs(packs)
    msgs = [Message(text=t, id=str(i + 1)) for i, t in enumerate(texts)]
    return [list(f) for f in engine.scan_batch(msgs)]


__all__ = ["CompiledRule", "Engine", "Span", "scan_texts"]
