from django.utils.translation import gettext_lazy as _

from tatakelola.access.capabilities import Capability
from tatakelola.access.menu import MenuItem

MENU = (MenuItem(_("Audit log"), "audit:log", Capability.AUDIT_VIEW, group="audit", order=10),)
