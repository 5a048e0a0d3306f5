from django.db import migrations, models

AT_WORK = ["queued", "running"]


def fail_duplicates(apps, schema_editor):
    """Jobs at work for one file with different fingerprints (allowed until now): the
    running one stays (else the newest), the others are failed with a word."""
    Job = apps.get_model("takwia", "Job")
    seen = set()
    at_work = Job.objects.filter(status__in=AT_WORK).order_by("-status", "-created_at")
    for job in at_work.only("pk", "kind", "params_key", "language"):
        key = (job.kind, job.params_key, job.language)
        if key in seen:
            Job.objects.filter(pk=job.pk).update(
                status="failed", message="Demande en double, jointe à celle en cours."
            )
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [("takwia", "0008_user_extra_permissions")]

    operations = [
        migrations.RemoveConstraint(model_name="job", name="job_one_at_work"),
        migrations.RunPython(fail_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="job",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", AT_WORK)),
                fields=("kind", "params_key", "language"),
                name="job_one_at_work",
            ),
        ),
    ]
