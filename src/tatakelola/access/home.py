"""Home-page panels: what an app puts on a person's home page ("what to do now").

Each app declares its panels in its own ``home.py`` as a module-level ``PANELS`` tuple of
:class:`HomePanel`; ``tatakelola.web.home`` collects them once. A panel is shown to people holding
its capability, when its ``context`` function returns a mapping (``None``: nothing to show, the
panel is left out, so an empty "0 pending" card never crowds the page).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from tatakelola.access.capabilities import Capability


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str  # rendered with the mapping ``context`` returns, plus ``request``
    capability: Capability
    context: Callable[[HttpRequest], Mapping[str, Any] | None]
    order: int = 100  # lower first; urgent work (SLA, overdue) under 50
