"""An action's result becomes a deferred text (msgid + parameters, rendered in the reader's language);
case timelines get a kind for records of other apps. Existing results were sentences in the language
of the moment: they are kept as they are (a plain string renders unchanged)."""

from django.db import migrations, models


def texts_to_json(apps, schema_editor):
    EnforcementAction = apps.get_model("cases", "EnforcementAction")
    for action in EnforcementAction.objects.exclude(result_text="").only("pk", "result_text"):
        EnforcementAction.objects.filter(pk=action.pk).update(result=action.result_text)


def json_to_texts(apps, schema_editor):
    EnforcementAction = apps.get_model("cases", "EnforcementAction")
    for action in EnforcementAction.objects.only("pk", "result"):
        text = action.result if isinstance(action.result, str) else (action.result or {}).get("msgid", "")
        EnforcementAction.objects.filter(pk=action.pk).update(result_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_notifications_moved"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("opened", "Case opened"),
                    ("status", "Status changed"),
                    ("assigned", "Assigned"),
                    ("alert_linked", "Alert linked"),
                    ("note", "Note"),
                    ("evidence", "Evidence added"),
                    ("action", "Enforcement action"),
                    ("sla_warning", "SLA warning"),
                    ("sla_breach", "SLA breached and escalated"),
                    ("breach_clock", "Personal data breach clock started"),
                    ("breach_notice", "Breach notification recorded"),
                    ("crisis", "Marked as crisis"),
                    ("subject", "Person concerned set"),
                    ("linked", "Linked record"),
                ],
                max_length=16,
            ),
        ),
        migrations.RenameField(model_name="enforcementaction", old_name="result", new_name="result_text"),
        migrations.AddField(
            model_name="enforcementaction",
            name="result",
            field=models.JSONField(blank=True, default=dict, verbose_name="result"),
        ),
        migrations.RunPython(texts_to_json, json_to_texts),
        migrations.RemoveField(model_name="enforcementaction", name="result_text"),
    ]
