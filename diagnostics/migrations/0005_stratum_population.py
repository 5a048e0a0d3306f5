"""Each drawn stratum's registry size N_h, from the design weight N_h / n_h and the n_h
entries drawn. (Answers to questions no longer asked are cleared and scores recomputed
exactly by ``recompute_scores``, which ``load_reference_data`` runs when a questionnaire
changes: that step follows the engine's current rules, so it is not a migration.)"""

from django.db import migrations


def forwards(apps, schema_editor):
    SampleEntry = apps.get_model("diagnostics", "SampleEntry")
    from django.db.models import Count

    drawn = (
        SampleEntry.objects.exclude(stratum="")
        .values("campaign_id", "stratum")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in drawn:
        entries = SampleEntry.objects.filter(campaign_id=row["campaign_id"], stratum=row["stratum"])
        first = entries.first()
        entries.update(population=round(first.weight * row["n"]))


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0004_exact_scores_findings_history_strata")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
