"""The one permission mechanism: capabilities granted by roles, checked by ``requires``.

Every HTML view and every API operation declares the capability it needs with
``@requires(...)``; tests walk the URL map and the API routes to prove none is missing.
"""

from tatakelola.access.capabilities import ROLE_CAPABILITIES, Capability
from tatakelola.access.decorators import public, requires

__all__ = ["ROLE_CAPABILITIES", "Capability", "public", "requires"]
