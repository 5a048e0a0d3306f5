"""One plan per province and period, at the database level.

Plans made twice before the rule (a double click on "Générer un projet de plan") are
kept, nothing is deleted: each later duplicate ends one day later per duplicate and
its title says it is a duplicate, so that staff can merge or delete it knowingly."""

from datetime import timedelta

from django.db import migrations, models


def separate_duplicates(apps, schema_editor):
    Plan = apps.get_model("diagnostics", "Plan")
    seen: dict = {}
    for plan in Plan.objects.order_by("pk"):
        key = (plan.province_id, plan.starts_on, plan.ends_on)
        if key not in seen:
            seen[key] = 0
            continue
        seen[key] += 1
        plan.ends_on = plan.ends_on + timedelta(days=seen[key])
        plan.title = f"{plan.title} (doublon {seen[key]})"[:255]
        plan.save(update_fields=["ends_on", "title"])


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0006_campaign_export")]

    operations = [
        migrations.RunPython(separate_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                fields=("province", "starts_on", "ends_on"),
                name="one_plan_per_province_and_period",
                violation_error_message="Un plan existe déjà pour cette province et cette période.",
            ),
        ),
    ]
