"""Batch buffers: a batch of texts as one UTF-8 buffer per Hyperscan database, with the offsets
that map a match back to its message (see "How matching works" in docs/SCANNING.md)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from itertools import accumulate, compress, repeat
from operator import not_

from tatakelola.scan.lexicon import SKELETON_TABLE
from tatakelola.scan.normalize import RESERVED


def group(msgs: list[int], pids: list[int]) -> dict[int, list[int]]:
    """Pattern ids per message index (distinct, in first-seen order)."""
    out: dict[int, list[int]] = {}
    get = out.get
    for k, pid in dict.fromkeys(zip(msgs, pids, strict=True)):
        got = get(k)
        if got is None:
            out[k] = [pid]
        else:
            got.append(pid)
    return out


RESERVED_B = RESERVED.encode()


def _ends(lengths: Iterable[int], pad: int, size: int) -> list[int]:
    """For each message, the offset just past its separator, from the byte
    lengths of the pieces (``pad``: bytes the buffer adds around each). A
    match ending at ``end`` belongs to the first message whose value is >=
    ``end``."""
    ends = list(accumulate(map((1 + pad).__add__, lengths)))
    ends[-1] = max(ends[-1], size + 1)
    return ends


def _byte_lengths(pieces: Sequence[str], ascii_only: bool) -> list[int]:
    """UTF-8 lengths; only non-ASCII pieces are encoded to measure them."""
    lengths = list(map(len, pieces))
    if not ascii_only:
        for i in compress(range(len(pieces)), [not a for a in map(str.isascii, pieces)]):
            lengths[i] = len(pieces[i].encode("utf-8", "surrogatepass"))
    return lengths


def raw_buffer(texts: Sequence[str], ascii_only: bool) -> tuple[bytes, list[int]]:
    """Texts joined by NUL as UTF-8, and their ends. Texts are encoded one by
    one: joining them as ``str`` first would widen the whole batch to four
    bytes a character as soon as one text holds an emoji."""
    if ascii_only:
        buf = RESERVED.join(texts).encode("ascii")
        return buf, _ends(map(len, texts), 0, len(buf))
    enc = list(map(str.encode, texts, repeat("utf-8"), repeat("surrogatepass")))
    buf = RESERVED_B.join(enc)
    return buf, _ends(map(len, enc), 0, len(buf))


def skeleton_buffer(texts: Sequence[str], ascii_only: bool) -> tuple[bytes, list[int]]:
    """Skeletons of all texts joined by ``" \\x00 "`` (a space on either side
    of each), as UTF-8, and their ends. ASCII texts are translated joined, in
    one call, which keeps CPython's ASCII fast path; a non-ASCII text is
    translated on its own (one non-ASCII character would otherwise slow down
    the whole buffer)."""
    table = SKELETON_TABLE
    sep = " \x00 "
    if ascii_only:
        buf = (" " + sep.join(texts).translate(table) + " ").encode("ascii")
        return buf, _ends(map(len, texts), 2, len(buf))
    is_ascii = list(map(str.isascii, texts))
    positions = range(len(texts))
    others = list(compress(positions, map(not_, is_ascii)))
    other_skeletons = [texts[i].translate(table) for i in others]
    if all(map(str.isascii, other_skeletons)):
        # Usual case (an emoji becomes a space): put those skeletons in place
        # and translate the whole, now ASCII, batch at once. A skeleton that
        # is ASCII translates to itself (its letters, spaces and NUL map to
        # themselves), so this equals translating each text on its own.
        pieces = list(texts)
        deque(map(pieces.__setitem__, others, other_skeletons), 0)
        buf = (" " + sep.join(pieces).translate(table) + " ").encode("ascii")
        return buf, _ends(map(len, pieces), 2, len(buf))
    ascii_at = compress(positions, is_ascii)
    ascii_skeletons = sep.join(compress(texts, is_ascii)).translate(table).split(sep)
    # Scattered back in order with C-level maps (no bytecode per message).
    pieces = list(texts)
    deque(map(pieces.__setitem__, ascii_at, ascii_skeletons), 0)
    deque(map(pieces.__setitem__, others, other_skeletons), 0)
    buf = (" " + sep.join(pieces) + " ").encode("utf-8", "surrogatepass")
    return buf, _ends(_byte_lengths(pieces, False), 2, len(buf))
