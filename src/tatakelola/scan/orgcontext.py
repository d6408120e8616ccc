"""The organisation a scan runs for: its own domains.

Look-alike links (``link.url`` with ``check: lookalike``) and "an address at our own domain is not
personal data" (``pii.email`` with ``exclude_own``) depend on knowing the organisation's domains.
Packs carry an example list (``options.own_domains``); a caller that knows the organisation passes
its domains instead, and they replace ``own_domains`` in every pack of the engine:

    Engine.from_specs(None, org_domains=["banknusantara.co.id", "banknusantara.com"])

The CLI takes ``--org-domain DOMAIN`` (repeatable) or ``--org-config FILE``; the platform's CLI and
API pass the domains they read through the organisations app. Nothing here knows about Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$")
MAX_DOMAINS = 200


class OrgContextError(ValueError):
    """A domain or an organisation file that cannot be used (the message says why)."""


def normalize_domain(value: str) -> str:
    """``value`` as a registrable host name: lower case, IDNA-encoded, without scheme, ``www.``,
    ``@``, path or trailing dot. Raises :class:`OrgContextError` when it is not a domain."""
    raw = value
    text = value.strip().lower()
    for prefix in ("https://", "http://"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    text = text.lstrip("@").split("/", 1)[0].rstrip(".")
    if text.startswith("www."):
        text = text[4:]
    try:
        text = text.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise OrgContextError(f"not a domain name: {raw!r}") from exc
    if len(text) > 253 or not _DOMAIN.match(text):
        raise OrgContextError(f"not a domain name: {raw!r} (expected something like example.co.id)")
    return text


def normalize_domains(values: Iterable[str]) -> tuple[str, ...]:
    """Distinct normalised domains, in the order given."""
    out: list[str] = []
    for value in values:
        domain = normalize_domain(value)
        if domain not in out:
            out.append(domain)
    if len(out) > MAX_DOMAINS:
        raise OrgContextError(f"too many organisation domains ({len(out)}; at most {MAX_DOMAINS})")
    return tuple(out)


def read_org_config(path: str | Path) -> tuple[str, ...]:
    """The domains in a small organisation file: YAML or JSON ``{"domains": [...]}`` (other keys
    are ignored), a bare list, or plain text with one domain a line (``#`` starts a comment)."""
    import yaml

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OrgContextError(f"cannot read organisation file {file}: {exc}") from exc
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    if isinstance(data, Mapping):
        if "domains" not in data:
            raise OrgContextError(f"{file}: expected a 'domains' list")
        data = data["domains"]
    if isinstance(data, list) and all(isinstance(d, str) for d in data):
        values: Sequence[str] = data
    else:
        values = [line.split("#", 1)[0].strip() for line in text.splitlines()]
        values = [v for v in values if v]
        if any(" " in v or ":" in v.split("://", 1)[-1] for v in values):
            raise OrgContextError(f"{file}: expected {{domains: [...]}}, a list, or one domain a line")
    try:
        return normalize_domains(values)
    except OrgContextError as exc:
        raise OrgContextError(f"{file}: {exc}") from exc


def org_options(
    pack_ids: Iterable[str], domains: Sequence[str], options: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, dict[str, Any]]:
    """``options`` with ``own_domains`` set to ``domains`` for every pack."""
    merged = {pid: dict(opts) for pid, opts in (options or {}).items()}
    for pid in pack_ids:
        merged.setdefault(pid, {})["own_domains"] = list(domains)
    return merged
