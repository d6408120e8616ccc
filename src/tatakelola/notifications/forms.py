from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tatakelola.notifications.events import registry
from tatakelola.utilities.forms import StyledForm


class WebhookForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("Events"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The registry is complete once the apps are ready: read it per form, not at import.
        events = cast(forms.MultipleChoiceField, self.fields["events"])
        events.choices = [(t.key, t.label) for t in registry.webhook_events()]
