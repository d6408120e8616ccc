from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tatakelola.cases"
    label = "cases"
    verbose_name = _("Cases and enforcement")

    def ready(self) -> None:
        # Monitoring announces stored findings; this app turns them into alerts. The signal keeps
        # monitoring unaware of cases (the dependency points one way).
        from tatakelola.cases import receivers  # noqa: F401
