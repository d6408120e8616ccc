"""Links: URL extraction and checks against shortener, file-sharing, deny,
allow and look-alike (typosquat/homoglyph) lists of domains."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from tatakelola.scan.detectors.base import CompileEnv, Detector, DetectorConfigError, Prefilter, ScanContext
from tatakelola.scan.explain import Explanation, template
from tatakelola.scan.model import Hit, Span
from tatakelola.scan.normalize import fold

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

# t.co is left out on purpose: X/Twitter wraps every link in it, so it says
# nothing about the author's choice of destination.
SHORTENERS = frozenset(
    {
        "bit.ly",
        "bitly.com",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "cutt.ly",
        "rebrand.ly",
        "shorturl.at",
        "rb.gy",
        "t.ly",
        "s.id",
        "tiny.cc",
        "lnkd.in",
        "bl.ink",
        "v.gd",
        "shorte.st",
        "adf.ly",
        "linktr.ee",
        "bit.do",
        "urlz.fr",
        "y2u.be",
        "qr.ae",
        "heylink.me",
    }
)
FILE_SHARING = frozenset(
    {
        "drive.google.com",
        "docs.google.com",
        "dropbox.com",
        "dl.dropboxusercontent.com",
        "wetransfer.com",
        "we.tl",
        "mega.nz",
        "mediafire.com",
        "box.com",
        "onedrive.live.com",
        "1drv.ms",
        "sendspace.com",
        "pastebin.com",
        "anonfiles.com",
        "gofile.io",
        "files.fm",
        "zippyshare.com",
        "4shared.com",
        "terabox.com",
        "sharepoint.com",
        "icloud.com",
        "transfer.sh",
        "file.io",
    }
)
_BARE_TLDS = frozenset(
    {"com", "net", "org", "id", "io", "ly", "me", "co", "gl", "xyz", "site", "online", "top", "app", "link", "info"}
)
CHECKS = ("any", "shortener", "file_sharing", "deny", "not_allowed", "lookalike")
_ANY = template("link.any")
_SHORTENER = template("link.shortener")
_FILE_SHARING = template("link.file_sharing")
_DENY = template("link.deny")
_NOT_ALLOWED = template("link.not_allowed")
_HOMOGLYPH = template("link.lookalike.homoglyph")
_BRAND = template("link.lookalike.brand")
_SIMILAR = template("link.lookalike.similar")

_URL = re.compile(
    r"(?i)(?<![\w@.\-])((?:https?://)?(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{2,5})?"
    r"(?:/[^\s<>\"'()\[\]{}]*)?)"
)


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    # The Public Suffix List bundled with the package (offline), ICANN section only (so
    # "x.blogspot.com" is registered under blogspot.com), unknown TLDs unknown. Imported on the
    # first URL.
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True, accept_unknown=False)


_SCHEME = re.compile(r"(?i)^https?://")


def split_host(url: str) -> tuple[str, str, str]:
    """(host, registrable domain, first label) of a URL, lower case; '' if none."""
    return _split(_SCHEME.sub("", url).split("/", 1)[0].split(":", 1)[0].lower().rstrip("."))


@lru_cache(maxsize=65536)
def _split(host: str) -> tuple[str, str, str]:
    """Cached per host: URLs of one site differ in their paths, not their domain."""
    registered = _suffixes().privatesuffix(host) if host and ".." not in host else None
    if not registered or not isinstance(registered, str):
        return host, "", ""
    return host, registered, registered.split(".", 1)[0]


def _in(host: str, registered: str, domains: frozenset[str] | set[str]) -> str | None:
    if registered in domains:
        return registered
    for d in domains:
        if host == d or host.endswith("." + d):
            return d
    return None


_ANY_LINK = Prefilter(
    rb"https?://|www\.|[A-Za-z0-9\-]\.[A-Za-z]{2,24}/"
    rb"|[A-Za-z0-9\-]\.(?:com|net|org|id|ly|io|me|gl|co|xyz|info|site|online|top|app|link|to|nz|ms|gd|cc|ee)\b",
    1,
)


def _urls(ctx: ScanContext) -> list[tuple[int, str, bool]]:
    """URLs of a message, extracted once and shared by every link rule."""
    cached = ctx.cache.get("urls")
    if cached is None:
        cached = []
        text = ctx.text
        find = text.find
        pos = 0
        # A URL contains a dot and no whitespace, so only whitespace-separated
        # tokens with a dot are searched (the look-behind still sees the
        # character before the token): the same matches as one finditer over
        # the text, without trying every position of every word.
        for token in text.split():
            if "." not in token:
                continue
            start = find(token, pos)
            pos = start + len(token)
            for m in _URL.finditer(text, start, pos):
                url = m.group(1).rstrip(".,;:!?")
                cached.append((m.start(1), url, url.lower().startswith(("http://", "https://"))))
            if len(cached) >= 1000:
                del cached[1000:]
                break
        ctx.cache["urls"] = cached
    return cached


class LinkDetector(Detector):
    name = "link.url"
    description = "URLs checked against shortener, file-sharing, deny/allow and look-alike domain lists."

    def __init__(self, params: Mapping[str, Any], env: CompileEnv) -> None:
        super().__init__(params, env)
        self.check = self.param("check", str, "any")
        if self.check not in CHECKS:
            raise DetectorConfigError(f"link.url: check must be one of {CHECKS}")
        self.domains = {d.lower() for d in (self.param("domains", list, None) or [])}
        if self.check == "deny":
            self.domains |= {d.lower() for d in env.option("deny_domains", []) or []}
        self.allow = {d.lower() for d in (env.option("allow_domains", []) or [])} | {
            d.lower() for d in (env.option("own_domains", []) or [])
        }
        self.own = [d.lower() for d in (env.option("own_domains", []) or [])]
        self.threshold = float(self.param("similarity", (int, float), 85))
        self.require_scheme = bool(self.param("require_scheme", bool, False))
        self._seen: dict[tuple[str, str], Explanation | None] = {}

    def prefilters(self) -> Sequence[Prefilter]:
        # List checks wake only on their own domains; the others on any link.
        listed = {
            "shortener": SHORTENERS | self.domains,
            "file_sharing": FILE_SHARING | self.domains,
            "deny": self.domains,
        }.get(self.check)
        if listed is not None:
            if not listed:
                return (_ANY_LINK,)  # an empty deny list: cheap, and never fires
            alt = "|".join(re.escape(d) for d in sorted(listed))
            return (Prefilter(f"(?:^|[^A-Za-z0-9\\-])(?:{alt})(?:[^A-Za-z0-9\\-]|$)".encode(), 1),)
        return (_ANY_LINK,)

    def _lookalike(self, host: str, registered: str, label: str) -> Explanation | None:
        key = (host, registered)
        if key not in self._seen:
            if len(self._seen) > 65536:
                self._seen.clear()
            self._seen[key] = self._lookalike_uncached(host, registered, label)
        return self._seen[key]

    def _lookalike_uncached(self, host: str, registered: str, label: str) -> Explanation | None:
        for own in self.own:
            if registered == own or host.endswith("." + own):
                return None
        for own in self.own:
            own_label = own.split(".")[0]
            skeleton = fold(label).replace("0", "o").replace("1", "l").replace("rn", "m").replace("vv", "w")
            if skeleton == own_label and label != own_label:
                return _HOMOGLYPH(domain=registered, own=own)
            if own_label in label and label != own_label and len(own_label) >= 4:
                return _BRAND(domain=registered, brand=own_label, own=own)
            score = fuzz.ratio(registered, own)
            if score >= self.threshold:
                return _SIMILAR(domain=registered, similarity=float(score), own=own)
        return None

    def detect(self, ctx: ScanContext) -> list[Hit]:
        hits: list[Hit] = []
        for start, url, has_scheme in _urls(ctx):
            if self.require_scheme and not has_scheme:
                continue
            host, registered, label = split_host(url)
            if not registered:
                # Unknown suffix (e.g. a reserved .example or internal name): only a
                # deny list can speak about it, and only for explicit URLs.
                if not (self.check == "deny" and has_scheme and "." in host):
                    continue
                registered = host
            bare = not has_scheme and "/" not in url and not url.lower().startswith("www.")
            # Bare "word.word" is only a link when its suffix is a common web TLD.
            if bare and registered.rsplit(".", 1)[-1] not in _BARE_TLDS:
                continue
            why: Explanation | None = None
            if self.check == "lookalike":
                # The look-alike cache is keyed by (host, registered), and the
                # explanation names ``registered``: the cached one is exact.
                why = self._lookalike(host, registered, label)
            elif self.check == "any":
                why = _ANY(domain=registered)
            elif self.check == "shortener":
                d = _in(host, registered, SHORTENERS | self.domains)
                why = _SHORTENER(domain=d) if d else None
            elif self.check == "file_sharing":
                d = _in(host, registered, FILE_SHARING | self.domains)
                why = _FILE_SHARING(domain=d) if d else None
            elif self.check == "deny":
                d = _in(host, registered, self.domains)
                why = _DENY(domain=d) if d else None
            elif self.check == "not_allowed" and self.allow and not _in(host, registered, self.allow):
                why = _NOT_ALLOWED(domain=registered)
            if why is not None:
                hits.append(Hit(Span(start, start + len(url)), 0.9, why.en, "URL", url, why))
        return hits
