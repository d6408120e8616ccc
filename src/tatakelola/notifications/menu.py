from django.utils.translation import gettext_lazy as _

from tatakelola.access.capabilities import Capability
from tatakelola.access.menu import MenuItem

MENU = (
    MenuItem(
        _("Outgoing webhooks"), "notifications:webhooks", Capability.WEBHOOKS_VIEW, group="organisation", order=90
    ),
)
