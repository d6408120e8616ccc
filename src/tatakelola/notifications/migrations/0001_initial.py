"""The notification centre and outgoing webhooks move here from the cases app.

State only: the tables already exist (created by ``cases.0001``); ``0002`` renames them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0002_alert_gin_indexes"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("critical_alert", "New critical alert"),
                                    ("sla_warning", "SLA about to be missed"),
                                    ("sla_breach", "SLA breached"),
                                    ("case_assigned", "Case assigned to you"),
                                    ("case_outcome", "Outcome of a case about you"),
                                    ("warning", "Warning about your post"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("url", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField()),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        ("emailed", models.BooleanField(default=False)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.organisation"
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_notification",
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="WebhookEndpoint",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("url", models.URLField(max_length=500, verbose_name="URL")),
                        ("secret_encrypted", models.TextField(editable=False)),
                        ("events", models.JSONField(default=list, verbose_name="events")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="webhook_endpoints",
                                to="orgs.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_webhookendpoint",
                        "verbose_name": "webhook endpoint",
                        "verbose_name_plural": "webhook endpoints",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="WebhookDelivery",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("event", models.CharField(max_length=40)),
                        ("event_id", models.CharField(max_length=64)),
                        ("payload", models.JSONField()),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "Pending"), ("delivered", "Delivered"), ("failed", "Failed")],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_status_code", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("last_error", models.CharField(blank=True, max_length=500)),
                        ("created_at", models.DateTimeField()),
                        ("delivered_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "endpoint",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="notifications.webhookendpoint",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_webhookdelivery",
                        "verbose_name": "webhook delivery",
                        "verbose_name_plural": "webhook deliveries",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.AddIndex(
                    model_name="notification",
                    index=models.Index(fields=["recipient", "read_at", "-created_at"], name="cases_notification_inbox"),
                ),
                migrations.AddConstraint(
                    model_name="webhookdelivery",
                    constraint=models.UniqueConstraint(
                        fields=("endpoint", "event_id"), name="cases_delivery_unique_event"
                    ),
                ),
            ],
        ),
    ]
