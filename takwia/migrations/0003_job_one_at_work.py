from django.db import migrations, models


def fail_duplicates(apps, schema_editor):
    """Jobs already duplicated (the race this constraint closes) keep the newest at work."""
    Job = apps.get_model("takwia", "Job")
    seen = set()
    at_work = Job.objects.filter(status__in=["queued", "running"]).order_by("-created_at")
    for job in at_work.only("pk", "kind", "params_key", "language", "fingerprint"):
        key = (job.kind, job.params_key, job.language, job.fingerprint)
        if key in seen:
            Job.objects.filter(pk=job.pk).update(
                status="failed", message="Demande en double, jointe à la plus récente."
            )
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0005_association_import"),
        ("takwia", "0002_job"),
    ]

    operations = [
        migrations.RunPython(fail_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="job",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=("kind", "params_key", "language", "fingerprint"),
                name="job_one_at_work",
            ),
        ),
    ]
