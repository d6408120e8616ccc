from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tatakelola.orgs.choices import CommitteePosition, Role
from tatakelola.orgs.models import Person
from tatakelola.utilities.forms import StyledForm


class DepartmentForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Short identifier, e.g. legal"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PersonRolesForm(StyledForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    confirm_no_roles = forms.BooleanField(
        label=_("Yes, remove every role: this person will no longer be able to use the platform."),
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("roles") and not data.get("confirm_no_roles"):
            self.add_error(
                "roles",
                _("No role is ticked. Tick a role, or confirm below that this person should have none."),
            )
        return data


class CommitteeMemberForm(StyledForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    position = forms.ChoiceField(label=_("Position"), choices=CommitteePosition.choices)
    responsibility = forms.CharField(label=_("Responsibility"), max_length=200, required=False)

    def __init__(self, *args: object, organisation_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id, is_active=True
        ).order_by("full_name")


class NoncommercialModelsForm(StyledForm):
    allowed = forms.BooleanField(
        label=_("Allow the models trained on non-commercial data for this organisation"), required=False
    )
    confirm = forms.BooleanField(
        label=_("This organisation uses Tatakelola for non-commercial purposes only (CC BY-NC-SA 4.0)."),
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("allowed") and not data.get("confirm"):
            self.add_error("confirm", _("Confirm non-commercial use to allow these models."))
        return data
