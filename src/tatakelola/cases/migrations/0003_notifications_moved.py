"""Notifications and webhooks now belong to the notifications app (state only: the tables stay,
``notifications.0002`` renames them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_alert_gin_indexes"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="WebhookDelivery"),
                migrations.DeleteModel(name="WebhookEndpoint"),
                migrations.DeleteModel(name="Notification"),
            ],
        ),
    ]
