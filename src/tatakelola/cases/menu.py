from django.utils.translation import gettext_lazy as _

from tatakelola.access.capabilities import Capability
from tatakelola.access.menu import MenuItem

MENU = (
    MenuItem(_("Review queue"), "cases:queue", Capability.CASES_VIEW, group="cases", order=10),
    MenuItem(_("Cases"), "cases:list", Capability.CASES_VIEW, group="cases", order=20),
    MenuItem(_("My cases"), "cases:mine", Capability.OWN_CASES_VIEW, group="cases", order=30),
    MenuItem(_("Rule precision"), "cases:precision", Capability.CASES_VIEW, group="cases", order=40),
    MenuItem(_("Case settings"), "cases:settings", Capability.CASES_VIEW, group="cases", order=50),
)
