"""Form base class that gives widgets the UI kit's classes, so templates stay plain.

After validation a field with an error is marked ``is-invalid`` / ``aria-invalid`` and points at its
error message; render forms with ``web/partials/form_fields.html`` (or ``field.html`` per field), and
on a refused POST render the same bound form again (status 400) instead of redirecting, so that
nothing the person typed is lost. ``form_error(form, exc)`` puts a service's ``DomainError`` on its
field.
"""

from __future__ import annotations

from typing import Any

from django import forms


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        """Mark every field that has an error for the UI kit and for screen readers."""
        for name in self.errors if self.is_bound else {}:
            field = self.fields.get(name)
            if field is None:
                continue
            attrs = field.widget.attrs
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}_error"


def form_error(form: forms.Form, exc: Any) -> None:
    """Attach a ``DomainError`` to the field it names (or to the whole form) and mark it invalid."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, getattr(exc, "message", str(exc)))
    if isinstance(form, StyledForm):
        form.mark_invalid()
