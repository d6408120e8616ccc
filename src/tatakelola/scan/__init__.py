"""The scanning core: detectors, rule packs and engine. Pure Python, no Django.

Typical use::

    from tatakelola.scan import Engine, Message
    engine = Engine.from_specs(["secrets", "id-uu-pdp-personal-data"])  # compile once
    findings = engine.scan_batch([Message(text=t, id=str(i)) for i, t in enumerate(texts)])
"""

from tatakelola.scan.engine import Engine, scan_texts
from tatakelola.scan.model import ACTIONS, SEVERITIES, Finding, Hit, Message, Span, severity_at_least
from tatakelola.scan.packs import Pack, PackError, Rule, builtin_packs, resolve_packs

__all__ = [
    "ACTIONS",
    "SEVERITIES",
    "Engine",
    "Finding",
    "Hit",
    "Message",
    "Pack",
    "PackError",
    "Rule",
    "Span",
    "builtin_packs",
    "resolve_packs",
    "scan_texts",
    "severity_at_least",
]
