"""Language identification for routing: Indonesian, English, or other — and code-mixing.

A small model of our own (``models/langid.json.gz``, ~1 MB, trained by
``training/langid_train.py`` on permissively licensed Indonesian and English
text): per language, word log-frequencies with a character-trigram back-off
for unseen words. Each word votes for the language that explains it clearly
better; the text's language is the one with the higher total log-likelihood.

The model only knows Indonesian and English, so "other" is decided by
evidence of absence: text mostly in a non-Latin script, or with fewer than
:data:`MIN_COVERAGE` of its words known to either vocabulary (French,
German, Japanese …), or with no words at all. Malay is close enough to
Indonesian that it is reported as ``id``; Javanese and Sundanese usually come
out as ``other`` or as low-confidence ``id``.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import threading
from collections.abc import Mapping
from typing import Any, Final

from tatakelola.classify.types import Language, LanguageGuess, ModelIntegrityError

#: Below this share of known words the text is "other".
MIN_COVERAGE: Final = 0.5
#: A word votes for a language when its log-likelihood is this much higher (natural log).
VOTE_MARGIN: Final = 1.0
#: Code-mixed when the minority language has at least this share of the votes (and two words).
MIXED_SHARE: Final = 0.2
_SKIP: Final = frozenset({"url", "rt", "user", "amp"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Frequent function words of languages the model does not know, as they look after normalisation
#: (accents removed). Words that are also common Indonesian or English
#: (or Indonesian slang: "lo", "mah", "aku") are left out. Two or more of them, making up at least
#: a quarter of the words, mean "other": tweet vocabularies contain enough French and Spanish
#: words that coverage alone lets those through.
OTHER_MARKERS: Final[Mapping[str, frozenset[str]]] = {
    "fr": _words(
        "les des est et une je qui dans pour avec sur mais nous vous cette sont tres veux sais etre avoir fait"
    ),
    "es": _words("el los las por una con pero muy esta que se quieres gracias bueno como tambien porque"),
    "de": _words("der das und ist nicht ein eine ich sehr auch mit sie wir haben schon"),
    "pt": _words("nao voce uma muito isso obrigado tambem"),
    "it": _words("il che della sono questo molto grazie anche"),
    "nl": _words("het een niet zijn ik wij maar"),
    "jv": _words("ora opo karo kowe tresno wis arep ngopo piye iki kuwi ning lan"),
    "su": _words("teu naon abdi sareng kumaha hatur nuhun atuh"),
}
_MARKERS: Final = frozenset().union(*OTHER_MARKERS.values())
_WORD = re.compile(r"(?<![@#\w])[^\W\d_]+")
_LATIN = re.compile(r"[a-z]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


class LanguageModel:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.languages: tuple[str, ...] = tuple(data["languages"])
        self.word_logp: dict[str, dict[str, float]] = {k: dict(v) for k, v in data["word_logp"].items()}
        self.unk_logp: dict[str, float] = dict(data["unk_logp"])
        self.tri_logp: dict[str, dict[str, float]] = {k: dict(v) for k, v in data["tri_logp"].items()}
        self.tri_unk: dict[str, float] = dict(data["tri_unk"])
        # word -> (scores per language, known, vote); words repeat, so most cost one lookup
        self._cache: dict[str, tuple[tuple[float, ...], bool, str | None]] = {}

    def word_score(self, word: str, lang: str) -> tuple[float, bool]:
        known = self.word_logp[lang].get(word)
        if known is not None:
            return known, True
        padded = f"<{word}>"
        table, unk = self.tri_logp[lang], self.tri_unk[lang]
        tri = sum(table.get(padded[i : i + 3], unk) for i in range(len(padded) - 2))
        return self.unk_logp[lang] + tri, False

    def _word_entry(self, word: str) -> tuple[tuple[float, ...], bool, str | None]:
        """Per-language scores of ``word``, whether any vocabulary knows it, and the language it votes for."""
        scores: dict[str, float] = {}
        known = False
        for lang in self.languages:
            scores[lang], is_known = self.word_score(word, lang)
            known = known or is_known
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)
        vote = ranked[0] if known and scores[ranked[0]] - scores[ranked[1]] >= VOTE_MARGIN else None
        return tuple(scores[lang] for lang in self.languages), known, vote

    def guess(self, text: str) -> LanguageGuess:
        from tatakelola.classify.preprocess import normalize

        folded = normalize(text)
        if folded.isascii():
            # Usual case, counted in C: every ASCII letter is Latin.
            if _ASCII_LETTER.search(folded) is None:
                return LanguageGuess("other", 0.0, False, {})
            latin = 1.0
        else:
            letters = [ch for ch in folded if ch.isalpha()]
            if not letters:
                return LanguageGuess("other", 0.0, False, {})
            latin = sum(1 for ch in letters if _LATIN.match(ch)) / len(letters)
        if latin < 0.5:
            return LanguageGuess("other", round(1.0 - latin, 3), False, {"non_latin": round(1.0 - latin, 3)})
        words = [w for w in _WORD.findall(folded) if w not in _SKIP]
        if not words:
            return LanguageGuess("other", 0.0, False, {})
        votes = dict.fromkeys(self.languages, 0)
        known_words = 0
        cache = self._cache
        if len(cache) > 200_000:
            cache.clear()
        sums = [0.0] * len(self.languages)
        for word in words:
            entry = cache.get(word)
            if entry is None:
                entry = cache[word] = self._word_entry(word)
            scores, known, vote = entry
            sums = list(map(float.__add__, sums, scores))
            known_words += known
            if vote is not None:
                votes[vote] += 1
        totals = dict(zip(self.languages, sums, strict=True))
        coverage = known_words / len(words)
        markers = sum(1 for w in words if w in _MARKERS)
        best = max(totals, key=totals.__getitem__)
        top = totals[best]
        norm = sum(math.exp(max(-50.0, (v - top) / max(1, len(words)) * 3)) for v in totals.values())
        posterior = 1.0 / norm
        n_votes = sum(votes.values())
        shares = {lang: round(votes[lang] / n_votes, 3) if n_votes else 0.0 for lang in self.languages}
        shares["coverage"] = round(coverage, 3)
        shares["other_markers"] = round(markers / len(words), 3)
        if markers >= 2 and markers / len(words) >= 0.25:
            return LanguageGuess("other", round(min(1.0, 0.5 + markers / len(words)), 3), False, shares)
        if coverage < MIN_COVERAGE:
            return LanguageGuess("other", round(1.0 - coverage, 3), False, shares)
        minority = sorted(votes.values())[-2] if len(votes) > 1 else 0
        mixed = minority >= 2 and n_votes > 0 and minority / n_votes >= MIXED_SHARE
        # Short texts and code-mixed texts are less certain; so is text with unknown words.
        confidence = posterior * min(1.0, 0.5 + 0.5 * coverage) * min(1.0, 0.4 + 0.2 * len(words))
        result: Language = "id" if best == "id" else "en"
        return LanguageGuess(result, round(min(1.0, confidence), 3), mixed, shares)


_MODEL: LanguageModel | None = None
_LOCK = threading.Lock()


def language_model() -> LanguageModel:
    """The shipped model, verified against the manifest and loaded once."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                from tatakelola.classify.registry import _models_dir, manifest, verified_bytes

                entry = manifest().get("langid")
                if not entry:
                    raise ModelIntegrityError("the manifest lists no language-identification model")
                blob = verified_bytes(_models_dir().joinpath(entry["file"]), entry["sha256"])
                _MODEL = LanguageModel(json.loads(gzip.decompress(blob)))
    return _MODEL


#: Below this confidence (or for "other" decided by low coverage) the second opinion is asked.
FALLBACK_BELOW: Final = 0.5
#: The second opinion is taken when its confidence in Indonesian (+ Malay) or English reaches this.
FALLBACK_ACCEPT: Final = 0.8
_NOT_LOADED: Final = object()
_LINGUA: Any = _NOT_LOADED
_LINGUA_LOCK = threading.Lock()


def _lingua() -> Any:
    """``lingua-language-detector`` restricted to Indonesian, Malay and English, built on first use
    (its models load per language when first needed, so a run that never asks pays nothing);
    ``None`` where the package is not installed."""
    global _LINGUA
    if _LINGUA is _NOT_LOADED:
        with _LINGUA_LOCK:
            if _LINGUA is _NOT_LOADED:
                try:
                    from lingua import Language as L
                    from lingua import LanguageDetectorBuilder
                except ImportError:
                    _LINGUA = None
                else:
                    detector = LanguageDetectorBuilder.from_languages(L.INDONESIAN, L.MALAY, L.ENGLISH).build()
                    _LINGUA = (detector, L.ENGLISH)
    return _LINGUA


def second_opinion(text: str) -> tuple[str, float] | None:
    """lingua's best of ``"id"`` (Indonesian + Malay) and ``"en"`` with its confidence, or None."""
    loaded = _lingua()
    if loaded is None:
        return None
    detector, english = loaded
    en = idn = 0.0
    for value in detector.compute_language_confidence_values(text):
        if value.language == english:
            en += value.value
        else:
            idn += value.value
    return ("id", idn) if idn >= en else ("en", en)


_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
_ANY_LETTER = re.compile(r"[^\W\d_]")


def _mostly_latin(text: str) -> bool:
    letters = len(_ANY_LETTER.findall(text))
    return letters > 0 and len(_LATIN_LETTER.findall(text)) * 2 >= letters


def detect_language(text: str) -> LanguageGuess:
    """``(language, confidence, is_code_mixed)`` for ``text``; see the module docstring.

    Our word-frequency model decides first. Where it is unsure (confidence below
    :data:`FALLBACK_BELOW`, or "other" only because too few words are known: short messages, slang),
    ``lingua-language-detector`` restricted to Indonesian, Malay and English gives a second opinion,
    taken when it is confident (:data:`FALLBACK_ACCEPT`). Non-Latin text and text with other
    languages' function words stay "other". Code-mixing is ours. Measured in ``training/RESULTS.md``.

    The result also unpacks as a tuple: ``lang, conf, mixed = detect_language(text)``.
    """
    guess = language_model().guess(text)
    if guess.language != "other" and guess.confidence >= FALLBACK_BELOW:
        return guess
    if guess.language == "other" and (
        not guess.shares
        or "non_latin" in guess.shares
        or guess.shares.get("other_markers", 0.0) >= 0.25
        or not _mostly_latin(text)  # folding reads Cyrillic/Greek look-alikes as Latin letters
    ):
        return guess
    opinion = second_opinion(text)
    if opinion is None or opinion[1] < FALLBACK_ACCEPT:
        return guess
    language: Language = "id" if opinion[0] == "id" else "en"
    shares = dict(guess.shares)
    shares["second_opinion"] = round(opinion[1], 3)
    return LanguageGuess(language, round(opinion[1], 3), guess.is_code_mixed, shares)


def model_languages(guess: LanguageGuess) -> tuple[str, ...]:
    """The languages whose models a message needs: its own, and for Indonesian-English code-mixed
    text the other one too (``"other"``: none)."""
    if guess.language == "other":
        return ()
    if guess.is_code_mixed:
        return (guess.language, "en" if guess.language == "id" else "id")
    return (guess.language,)
