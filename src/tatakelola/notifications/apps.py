from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tatakelola.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every app declares its event types in its own ``events`` module; collect them once, here,
        # so the registry is complete and fixed before the first request or task.
        from tatakelola.notifications.events import registry

        registry.discover()
