"""Which URLs from user or platform data may become links: http and https only. No Django here.

Browsers drop tabs and newlines inside a URL and ignore the case of its scheme, so
``JaVa\tScRiPt:alert(1)`` is still a script URL: any control character or white space makes a
value text, never a link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

LINK_SCHEMES = frozenset({"http", "https"})


def safe_link_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str) or not value:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc or not parts.hostname:
        return None
    return value
