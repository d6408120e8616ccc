"""Detector registry: built-ins and third-party plug-ins load the same way.

Third-party packages declare an entry point in the group
``tatakelola.scan.detectors`` (``name = "package.module:DetectorClass"``).
Built-ins are described by the same :class:`EntryPoint` objects, so both go
through one loading path. The registry is read-only once built.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points
from types import MappingProxyType

from tatakelola.scan.detectors.base import Detector

GROUP = "tatakelola.scan.detectors"

_BUILTINS = {
    "lexicon": "tatakelola.scan.detectors.lexicon_detector:LexiconDetector",
    "pattern": "tatakelola.scan.detectors.pattern_detector:PatternDetector",
    "pii.email": "tatakelola.scan.detectors.email_detector:EmailDetector",
    "pii.phone": "tatakelola.scan.detectors.phone_detector:PhoneDetector",
    "pii.nik": "tatakelola.scan.detectors.nik_detector:NikDetector",
    "pii.kk": "tatakelola.scan.detectors.kk_detector:KkDetector",
    "pii.npwp": "tatakelola.scan.detectors.npwp_detector:NpwpDetector",
    "pii.card": "tatakelola.scan.detectors.card_detector:CardDetector",
    "pii.iban": "tatakelola.scan.detectors.iban_detector:IbanDetector",
    "pii.ip": "tatakelola.scan.detectors.ip_detector:IpDetector",
    "pii.passport": "tatakelola.scan.detectors.passport_detector:PassportDetector",
    "pii.address": "tatakelola.scan.detectors.address_detector:AddressDetector",
    "pii.dob": "tatakelola.scan.detectors.dob_detector:DobDetector",
    "pii.bank_account": "tatakelola.scan.detectors.bank_account_detector:BankAccountDetector",
    "pii.bulk": "tatakelola.scan.detectors.bulk_pii_detector:BulkPiiDetector",
    "secret.token": "tatakelola.scan.detectors.secret_detector:SecretDetector",
    "secret.password": "tatakelola.scan.detectors.password_detector:PasswordDetector",
    "secret.entropy": "tatakelola.scan.detectors.entropy_detector:EntropyDetector",
    "link.url": "tatakelola.scan.detectors.link_detector:LinkDetector",
    "disclosure": "tatakelola.scan.detectors.disclosure_detector:DisclosureDetector",
    "classifier": "tatakelola.scan.detectors.classifier_detector:ClassifierDetector",
    "metadata": "tatakelola.scan.detectors.metadata_detector:MetadataDetector",
}


def builtin_entry_points() -> list[EntryPoint]:
    return [EntryPoint(name=n, value=v, group=GROUP) for n, v in _BUILTINS.items()]


@lru_cache(maxsize=1)
def detector_registry() -> Mapping[str, type[Detector]]:
    """All detector classes by name (built-ins first; plug-ins cannot shadow them)."""
    found: dict[str, type[Detector]] = {}
    for ep in [*builtin_entry_points(), *entry_points(group=GROUP)]:
        if ep.name in found:
            continue
        cls = ep.load()
        if not (isinstance(cls, type) and issubclass(cls, Detector)):
            raise TypeError(f"entry point {ep.name} -> {ep.value} is not a Detector subclass")
        if cls.name != ep.name:
            raise TypeError(f"entry point {ep.name} loads detector named {cls.name!r}")
        found[ep.name] = cls
    return MappingProxyType(found)
