from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "tatakelola.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        # Bind every shared_task to the configured Celery app (eager without a broker)
        # before any service queues work.
        import tatakelola.celery  # noqa: F401
