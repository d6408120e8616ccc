from django.utils.translation import gettext_lazy as _

from tatakelola.access.capabilities import Capability
from tatakelola.access.menu import MenuItem

MENU = (
    MenuItem(_("Accounts"), "monitoring:accounts", Capability.MONITORING_VIEW, group="monitoring", order=10),
    MenuItem(_("Ingestion"), "monitoring:health", Capability.MONITORING_VIEW, group="monitoring", order=20),
)
