from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tatakelola.cases.choices import ActionKind, CaseOutcome, CaseStatus, DismissReason, ReportRecipient
from tatakelola.monitoring.choices import Severity
from tatakelola.orgs.choices import Language, Role
from tatakelola.orgs.models import Person
from tatakelola.utilities.forms import StyledForm


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} — {obj.job_title}" if obj.job_title else obj.full_name


def _people(organisation_id: int) -> Any:
    return Person.objects.filter(organisation_id=organisation_id, is_active=True).order_by("full_name")


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("dismiss", _("Dismiss as false positive")), ("escalate", _("Escalate"))]
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *DismissReason.choices], required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "dismiss" and not data.get("reason"):
            self.add_error("reason", _("Choose why this alert is dismissed."))
        return data


class BulkForm(StyledForm):
    alerts = forms.CharField(widget=forms.MultipleHiddenInput)
    decision = forms.ChoiceField(
        choices=[
            ("confirm", _("Confirm into one case")),
            ("dismiss", _("Dismiss as false positive")),
            ("assign", _("Assign")),
        ]
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *DismissReason.choices], required=False)
    assignee = PersonChoiceField(label=_("Assignee"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _people(organisation_id)  # type: ignore[attr-defined]


class AssignForm(StyledForm):
    assignee = PersonChoiceField(label=_("Assignee"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _people(organisation_id)  # type: ignore[attr-defined]


class SubjectForm(StyledForm):
    subject = PersonChoiceField(label=_("Person concerned"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = _people(organisation_id)  # type: ignore[attr-defined]


class CaseCreateForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    assignee = PersonChoiceField(label=_("Assignee"), queryset=Person.objects.none(), required=False)
    subject = PersonChoiceField(label=_("Person concerned"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _people(organisation_id)  # type: ignore[attr-defined]
        self.fields["subject"].queryset = _people(organisation_id)  # type: ignore[attr-defined]


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *CaseOutcome.choices], required=False)
    resolution = forms.CharField(
        label=_("Resolution"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class NoteForm(StyledForm):
    text = forms.CharField(label=_("Note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class ActionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Action"), choices=ActionKind.choices)
    reason = forms.CharField(label=_("Why"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    message = forms.TypedChoiceField(label=_("Message"), coerce=int, required=False, empty_value=None, choices=[])
    person = PersonChoiceField(label=_("Employee"), queryset=Person.objects.none(), required=False)
    course = forms.CharField(label=_("Course (for remedial training)"), max_length=200, required=False)
    due_date = forms.DateField(
        label=_("Due date (for remedial training)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recipient = forms.ChoiceField(label=_("Report to"), choices=[("", "—"), *ReportRecipient.choices], required=False)
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=[("", _("The recipient's language")), *Language.choices],
        required=False,
    )

    def __init__(self, *args: Any, organisation_id: int, messages: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people(organisation_id)  # type: ignore[attr-defined]
        self.fields["message"].choices = [("", "—"), *messages]  # type: ignore[attr-defined]


class BreachForm(StyledForm):
    aware_at = forms.DateTimeField(
        label=_("Known since"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    eu_residents = forms.BooleanField(label=_("EU residents are affected (GDPR Art. 33)"), required=False)


class BreachNoticeForm(StyledForm):
    reference = forms.CharField(label=_("Reference (letter number, e-mail, receipt)"), max_length=300)
    notified_at = forms.DateTimeField(
        label=_("Notified at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class SlaPolicyForm(StyledForm):
    resolve_within_hours = forms.IntegerField(label=_("Resolve within (hours)"), min_value=1, max_value=24 * 90)
    warn_at_percent = forms.IntegerField(label=_("Warn at (percent of the time used)"), min_value=1, max_value=99)
    escalate_to = forms.ChoiceField(
        label=_("Escalate to"),
        choices=[(value, label) for value, label in Role.choices if value not in (Role.EMPLOYEE, Role.AUDITOR)],
    )
