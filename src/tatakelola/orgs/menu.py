from django.utils.translation import gettext_lazy as _

from tatakelola.access.capabilities import Capability
from tatakelola.access.menu import MenuItem

MENU = (
    MenuItem(_("Governance team"), "home", Capability.ORG_VIEW, group="organisation", order=10),
    MenuItem(_("People"), "orgs:people", Capability.PEOPLE_VIEW, group="organisation", order=20),
    MenuItem(_("Departments"), "orgs:departments", Capability.PEOPLE_VIEW, group="organisation", order=30),
)
