from django.db import migrations

STATISTICS = "margin_grain_dimension"


def _create(apps, schema_editor):
    """PostgreSQL only: which grain the totals (dimension "") of branches have. Without it the planner
    takes grain, period and dimension as independent, expects 80,000 rows where the national table per
    gemeente reads 7,200 branch-month totals, and starts parallel workers for a 2 ms query."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv) "
        "ON grain, dimension, (branch_id IS NULL) FROM reports_rollupmargin"
    )
    schema_editor.execute("ANALYZE reports_rollupmargin")


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_facts_without_single_column_indexes")]

    operations = [migrations.RunPython(_create, _drop)]
