"""GIN indexes on the rule ids and packs copied onto alerts, so the queue's rule and pack filters
are index lookups on PostgreSQL. Other databases filter with a semi-join on findings instead."""

from django.db import migrations

INDEXES = (
    ("cases_alert_rule_ids_gin", "rule_ids"),
    ("cases_alert_packs_gin", "packs"),
)


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "cases_alert" USING gin ("{column}" jsonb_path_ops)'
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
