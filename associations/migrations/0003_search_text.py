from django.db import migrations

TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS association_search_trgm "
    "ON associations_association USING gin (search_text gin_trgm_ops)"
)


def fill_search_text(apps, schema_editor):
    from takwia.text import normalize_search

    Association = apps.get_model("associations", "Association")
    batch = []
    for association in Association.objects.only("pk", "name_fr", "name_ar", "acronym").iterator(
        chunk_size=5000
    ):
        parts = [association.name_fr, association.name_ar, association.acronym]
        association.search_text = normalize_search(" ".join(filter(None, parts)))
        batch.append(association)
        if len(batch) == 5000:
            Association.objects.bulk_update(batch, ["search_text"])
            batch = []
    Association.objects.bulk_update(batch, ["search_text"])


def trigram_index(apps, schema_editor):
    # On PostgreSQL, a trigram index makes "name contains ..." searches fast at
    # national scale; SQLite (development) scans, which is fine at its sizes.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(TRIGRAM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS association_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("associations", "0002_registry_profile")]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
