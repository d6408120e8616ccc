from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Cross-cutting documents: CSV/XLSX of any list and PDF from HTML templates. No models."""

    name = "tatakelola.exports"
    label = "exports"
    verbose_name = _("Exports")
