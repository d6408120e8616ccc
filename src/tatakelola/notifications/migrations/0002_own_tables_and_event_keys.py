"""Own table names, and a notification's kind becomes the registered event key it renders from."""

from django.db import migrations, models

# The kinds of the first wave and the event keys that replace them.
KIND_TO_EVENT = {
    "critical_alert": "alert.critical",
    "sla_warning": "case.sla_warning",
    "sla_breach": "case.sla_breached",
    "case_assigned": "case.assigned",
    "case_outcome": "case.outcome",
    "warning": "case.warning",
}


def kinds_to_events(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for kind, event in KIND_TO_EVENT.items():
        Notification.objects.filter(event=kind).update(event=event)


def events_to_kinds(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for kind, event in KIND_TO_EVENT.items():
        Notification.objects.filter(event=event).update(event=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("cases", "0003_notifications_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="notification", table=None),
        migrations.AlterModelTable(name="webhookendpoint", table=None),
        migrations.AlterModelTable(name="webhookdelivery", table=None),
        migrations.RenameIndex(
            model_name="notification", new_name="notifications_inbox", old_name="cases_notification_inbox"
        ),
        migrations.RemoveConstraint(model_name="webhookdelivery", name="cases_delivery_unique_event"),
        migrations.AddConstraint(
            model_name="webhookdelivery",
            constraint=models.UniqueConstraint(
                fields=("endpoint", "event_id"), name="notifications_delivery_unique_event"
            ),
        ),
        migrations.RenameField(model_name="notification", old_name="kind", new_name="event"),
        migrations.AlterField(model_name="notification", name="event", field=models.CharField(max_length=60)),
        migrations.AlterField(model_name="webhookdelivery", name="event", field=models.CharField(max_length=60)),
        migrations.RunPython(kinds_to_events, events_to_kinds),
    ]
