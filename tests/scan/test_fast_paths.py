"""Fast paths of the exact stage give the same answers as the plain versions."""

from __future__ import annotations

import random

import pytest

from tatakelola.scan import Message
from tatakelola.scan.detectors.base import ScanContext
from tatakelola.scan.detectors.link_detector import _URL, _urls
from tatakelola.scan.expression import Leaf, Node, Or, WordIndex, evaluate, holds, parse, possible
from tatakelola.scan.model import Span

_TRICKY = [
    "",
    "a.com",
    "Baca di https://www.kompas.com/tren/read/2024/tips-hemat ya.",
    "email cs@bankmaju.co.id atau https://bankmaju.co.id",
    "x.bankmaju.co.id/\tHTTPS://Foo.ID:8080/a?b=c\n(www.site.online)",
    "link\u2003a.com\u00a0b.net\u3000c.org",
    "\u017fhop.com ba\u017f.kmaju.com \u0130.com \u0131.com \u212a.com",
    "é.com _a.com -a.com @a.com .a.com a..com",
    "a.com" * 50,
    " a.com" * 1200,
]


def _plain_urls(text: str) -> list[tuple[int, str, bool]]:
    out = []
    for n, m in enumerate(_URL.finditer(text)):
        if n >= 1000:
            break
        url = m.group(1).rstrip(".,;:!?")
        out.append((m.start(1), url, url.lower().startswith(("http://", "https://"))))
    return out


def _ctx(text: str) -> ScanContext:
    return ScanContext(Message(text=text), set(), {})


@pytest.mark.parametrize("text", _TRICKY)
def test_url_extraction_matches_plain_finditer(text: str) -> None:
    assert _urls(_ctx(text)) == _plain_urls(text)


def test_url_extraction_matches_plain_finditer_fuzzed() -> None:
    rnd = random.Random(20261128)  # noqa: S311 - reproducible fuzzing, not crypto
    alphabet = "ab.c-/:@ \t\nhtpswcomid_\u017f\u212a\u0130\u0131\u2003é1x.."
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert _urls(_ctx(text)) == _plain_urls(text), text


def _terms(source: str) -> Node:
    names: dict[str, int] = {}
    return parse(source, lambda t: (names.setdefault(t, len(names)),))


def test_or_of_terms_is_one_leaf_with_the_same_spans() -> None:
    node = _terms('"kuota terbatas" OR slot OR "kuota terbatas"')
    assert isinstance(node, Leaf)
    assert node.term_ids == (0, 1, 0)
    hits = {0: [Span(0, 5)], 1: [Span(7, 9)]}
    plain = Or((Leaf("a", (0,)), Leaf("b", (1,)), Leaf("a", (0,))))
    words = lambda: WordIndex("kuota x slot")  # noqa: E731
    assert evaluate(node, hits, words) == evaluate(plain, hits, words) == [Span(0, 5), Span(7, 9), Span(0, 5)]
    assert evaluate(node, {}, words) is None


@pytest.mark.parametrize(
    "source",
    [
        "a AND b",
        "a OR b",
        "a AND NOT b",
        "NOT a",
        "a NEAR/3 b",
        "a NEAR/0 c",
        "(a OR b) AND c",
        "a AND (b OR NOT c)",
        "NOT (a NEAR/1 b) AND c",
    ],
)
def test_possible_and_holds_agree_with_evaluate(source: str) -> None:
    node = _terms(source)
    words = lambda: WordIndex("a b c")  # noqa: E731
    spans = {0: [Span(0, 1)], 1: [Span(2, 3)], 2: [Span(4, 5)]}
    for mask in range(8):
        present = {t for t in range(3) if mask >> t & 1}
        hits = {t: spans[t] for t in present}
        assert holds(node, hits, words) == (evaluate(node, hits, words) is not None)
        if not possible(node, present):
            assert evaluate(node, hits, words) is None


_EMAIL_TRICKY = [
    "",
    "@",
    "mail cs@bankmaju.co.id atau a.b@c.com, x@y",
    "a" * 70 + "@b.com " + "c" * 64 + "@d.co.id",
    "a@b.com@c.com a@@b.com .a@b.com -a@b.com a@b.com- a@b.c0m",
    "x\u00a0a@b.com\u2003c@d.id\u3000e@f.org\n\t g@h.net",
    "u@b.com" * 40,
    "\u017f@b.com k@\u212a.com é@b.com a@é.com",
]


def _email_cases() -> list[str]:
    rnd = random.Random(20261128)  # noqa: S311 - reproducible fuzzing, not crypto
    alphabet = "ab.-_%+@ \t\ncom1\u00a0é\u017f"
    return _EMAIL_TRICKY + ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 90))) for _ in range(20_000)]


def test_anchored_candidates_match_plain_finditer() -> None:
    from tatakelola.scan.detectors._regex import anchored_finditer
    from tatakelola.scan.detectors.email_detector import EmailDetector

    rx = EmailDetector.candidate
    assert EmailDetector.anchor == "@"
    for text in _email_cases():
        plain = [m.span(1) for m in rx.finditer(text)]
        fast = [m.span(1) for m in anchored_finditer(rx, text, "@", EmailDetector.anchor_before)]
        assert fast == plain, text


def _veto_texts() -> list[str]:
    """ASCII texts dense in the pieces of the built-in required phrases, plus
    a few non-ASCII ones that must never be settled by a veto."""
    rnd = random.Random(20261128)  # noqa: S311 - reproducible fuzzing, not crypto
    words = [
        "syarat",
        "dan",
        "&",
        "ketentuan",
        "yang",
        "berlaku",
        "s&k",
        "s.k",
        "snk",
        "#snkberlaku",
        "terdaftar",
        "diawasi",
        "oleh",
        "ojk",
        "otoritas",
        "jasa",
        "keuangan",
        "#ad",
        "#ads",
        "#iklan",
        "iklan:",
        "#sponsored",
        "kerja",
        "sama",
        "berbayar",
        "disponsori",
        "bpom",
        "ri",
        "md",
        "na",
        "18",
        "123456789012",
        "nie",
        "client",
        "paid",
        "i",
        "work",
        "at",
        "#employee",
        "capital",
        "is",
        "risk",
        "\n",
        " ",
        "*",
        ")",
        "x" * 60,
        "SyArAt",
        "BERLAKU",
        "Ad:",
        "ad",
        ":",
        "terms",
        "conditions",
        "apply",
        "T&Cs",
        "tnc",
        "licensed",
        "registered",
        "supervised",
        "the",
        "financial",
        "services",
        "authority",
        "promo",
        "kpr",
        "bunga",
        "loan",
        "apply now",
        "gifted",
        "link in bio",
        "\x1c",
        "\t",
        "é",
        "\u017f",
        "K",
        "\u212a",
    ]
    texts = []
    for _ in range(3000):
        texts.append(" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 30))))
    return texts


def test_vetoes_only_settle_messages_the_python_check_settles() -> None:
    """Every (message, rule) that a Hyperscan veto settles is one where the
    disclosure detector's own ``required`` search finds the phrase."""
    from tatakelola.scan import Engine
    from tatakelola.scan.buffers import raw_buffer as _raw_buffer
    from tatakelola.scan.detectors.disclosure_detector import DisclosureDetector

    engine = Engine.from_specs(None)
    assert engine._veto_db is not None
    texts = _veto_texts()
    raw, ends = _raw_buffer(texts, False)
    vetoed = engine._vetoed(raw, ends, texts)
    assert sum(map(len, vetoed.values())) > 500  # the texts do exercise the vetoes
    for k, rules in vetoed.items():
        text = texts[k]
        assert text.isascii()
        for idx in rules:
            det = engine.rules[idx].detector
            assert isinstance(det, DisclosureDetector)
            end = min(len(text), det.within_first) if det.within_first is not None else len(text)
            assert det.required.search(text, 0, end) is not None, (engine.rules[idx].rule.id, text)
    # And scanning gives the same findings with and without vetoes.
    plain = Engine.from_specs(None)
    plain._veto_db = None
    msgs = [Message(text=t, id=str(i)) for i, t in enumerate(texts)]
    assert engine.scan_batch(msgs) == plain.scan_batch(msgs)


def test_no_veto_match_skips_the_python_check_only_where_it_would_find_nothing() -> None:
    """A rule whose vetoes are complete skips its ``required`` search in an ASCII message that no
    veto matched; findings are the same as with the search done every time (anchored phrases such
    as ``^ad:`` and texts with ``\\x1c`` included)."""
    from tatakelola.scan import Engine
    from tatakelola.scan.detectors import base
    from tatakelola.scan.detectors.disclosure_detector import DisclosureDetector

    engine = Engine.from_specs(None)
    complete = {engine.rules[i].rule.id for i in engine._veto_complete}
    assert {"OJK-TNC-022", "OJK-REG-024"} <= complete
    assert "FTC-AD-040" not in complete  # its "^ad:" anchors at the start of the batch in Hyperscan
    texts = _veto_texts()
    msgs = [Message(text=t, id=str(i), language="id") for i, t in enumerate(texts)]
    skipped = 0
    real_detect = DisclosureDetector.detect

    def counting(self: DisclosureDetector, ctx: base.ScanContext) -> list[object]:
        nonlocal skipped
        skipped += id(self) in ctx.cache.get(base.VETOES_ABSENT, ())
        return real_detect(self, ctx)  # type: ignore[return-value]

    DisclosureDetector.detect = counting  # type: ignore[assignment,method-assign]
    try:
        hinted = engine.scan_batch(msgs)
    finally:
        DisclosureDetector.detect = real_detect  # type: ignore[method-assign]
    assert skipped > 200  # the hint was used
    plain = Engine.from_specs(None)
    plain._veto_complete = frozenset()
    assert hinted == plain.scan_batch(msgs)


@pytest.mark.parametrize("ascii_only", [True, False])
def test_batch_buffers_end_where_the_messages_end(ascii_only: bool) -> None:
    from tatakelola.scan.buffers import raw_buffer as _raw_buffer
    from tatakelola.scan.buffers import skeleton_buffer as _skeleton_buffer

    texts = ["abc", "", "x y", "Ok."] if ascii_only else ["abc", "", "é\U0001f64f z", "ﬁ\u200bx", "Ok."]
    raw, ends = _raw_buffer(texts, ascii_only)
    assert raw == "\x00".join(texts).encode("utf-8")
    assert [raw[a : b - 1] for a, b in zip([0, *ends[:-1]], ends, strict=True)] == [t.encode() for t in texts]
    skel, sends = _skeleton_buffer(texts, ascii_only)
    pieces = [skel[a : b - 1] for a, b in zip([0, *sends[:-1]], sends, strict=True)]
    assert len(pieces) == len(texts)
    assert all(p.startswith(b" ") and (p.endswith(b" ") or k == len(texts) - 1) for k, p in enumerate(pieces))
    assert b"\x00" not in b"".join(pieces)


def test_ascii_skeletons_translate_to_themselves() -> None:
    """The batch skeleton translates pre-translated non-ASCII texts a second
    time: an ASCII skeleton must be a fixed point of the table."""
    from tatakelola.scan.lexicon import SKELETON_TABLE

    text = "".join(chr(i) for i in range(1, 0x30000) if not 0xD800 <= i < 0xE000)
    for ch in text:
        sk = ch.translate(SKELETON_TABLE)
        if sk.isascii():
            assert sk.translate(SKELETON_TABLE) == sk, repr(ch)


def test_batch_skeleton_equals_per_text_skeletons() -> None:
    from tatakelola.scan.buffers import skeleton_buffer as _skeleton_buffer
    from tatakelola.scan.lexicon import SKELETON_TABLE

    for texts in (
        ["Terima kasih \U0001f64f", "b0d0h", "\uff21\uff22\uff23 \uff46\uff55\uff4c\uff4c", "naïve café", "plain"],
        ["日本語 テキスト", "ok", "Ⅻ ﬁ ß"],
    ):
        buf, _ = _skeleton_buffer(texts, False)
        want = " " + " \x00 ".join(t.translate(SKELETON_TABLE) for t in texts) + " "
        assert buf == want.encode("utf-8", "surrogatepass")
