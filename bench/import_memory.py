"""The registry import of a generated file: time and peak memory, against a bare bulk_create.

Called by server_side.py (``import ROWS``) once Django is set up. Each phase runs in
a forked child so that its peak resident memory (``ru_maxrss``) is its own; the
file is generated in the parent first, so every child starts from the same
memory (``start_rss_mb``: Django and the file's bytes, as a command or a worker
holds them; the file is written by a child, its rows generated one at a time).
Phases:

    check     associations_import(dry_run=True): read, parse, check, match
    import    associations_import: the same, plus bulk writes, many-to-many rows
              and history, in a transaction rolled back
    baseline  bulk_create of the same complete rows (every column, the domain and
              target-population rows), values already in Python: no reading, no
              checks, no history; rolled back
"""

import json
import os
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from django.db import connection, transaction


class _Rollback(Exception):
    pass


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _in_child(phase) -> dict:
    """Run ``phase`` in a forked process; its result plus its peak resident memory."""
    connection.close()  # the child opens its own
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            result = phase()
        except BaseException as exc:  # reported, never raised past the fork
            result = {"error": repr(exc)}
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        with os.fdopen(write, "w") as out:
            out.write(json.dumps(result))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as source:
        data = source.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def _rows(rows: int, token: str) -> Iterator[list]:
    """The file's rows, one at a time (the same for the same arguments)."""
    from associations.models import Commune

    rng = random.Random(rows)
    communes = list(Commune.objects.filter(province__code="05.301").select_related("province"))
    for index in range(rows):
        commune = rng.choice(communes)
        yield (
            [f"BENCH-{token}-{index:06d}", f"Association banc d'essai {token} {index}",
             "جمعية تجريبية", "ABE", commune.code, commune.name_fr, commune.province.name_fr,
             f"{index} rue de l'essai", "0612345678", f"bench{index}@example.ma",
             f"{rng.randrange(1, 28):02d}/03/{rng.randrange(1980, 2024)}", "Hassan Idrissi",
             rng.randrange(5, 90), 0, rng.randrange(0, 30), "Santé | Éducation", "Femmes",
             "Les fondateurs", "", "Active"]
        )  # fmt: skip


def _file_write(path: str, chunks) -> dict:
    with open(path, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return {}


def _check(raw: bytes) -> dict:
    from associations.exchange import associations_import

    started = time.perf_counter()
    result = associations_import(raw=raw, dry_run=True)
    return {"seconds": round(time.perf_counter() - started, 2), "created": result.created}


def _import(raw: bytes) -> dict:
    from associations.exchange import associations_import

    outcome = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            result = associations_import(raw=raw, source="bench")
            outcome = {"seconds": round(time.perf_counter() - started, 2)}
            outcome["created"] = result.created
            raise _Rollback
    except _Rollback:
        pass
    return outcome


def _baseline(rows: int, token: str) -> dict:
    from associations.models import Association, Commune, Domain, TargetPopulation
    from takwia.text import normalize_search

    lines = list(_rows(rows, token))  # the values in Python before the clock starts
    communes = dict(Commune.objects.values_list("code", "pk"))
    domains = dict(Domain.objects.values_list("name_fr", "pk"))
    targets = dict(TargetPopulation.objects.values_list("name_fr", "pk"))
    through_domains = Association.domains.through
    through_targets = Association.target_populations.through
    try:
        with transaction.atomic():
            started = time.perf_counter()
            objects = []
            for line in lines:
                day, month, year = (int(part) for part in line[10].split("/"))
                association = Association(
                    registration_ref=line[0], name_fr=line[1], name_ar=line[2], acronym=line[3],
                    commune_id=communes[line[4]], address=line[7], phone=line[8], email=line[9],
                    founded_on=date(year, month, day), president_name=line[11],
                    members_count=line[12], paid_staff_count=line[13], volunteers_count=line[14],
                    initiator=Association.Initiator.FOUNDERS, status=Association.Status.ACTIVE,
                )  # fmt: skip
                association.search_text = normalize_search(f"{line[1]} {line[2]} {line[3]}")
                objects.append(association)
            Association.objects.bulk_create(objects, batch_size=1000)
            through_domains.objects.bulk_create(
                [
                    through_domains(association_id=association.pk, domain_id=domains[name.strip()])
                    for association, line in zip(objects, lines, strict=True)
                    for name in line[15].split("|")
                ],
                batch_size=5000,
            )
            through_targets.objects.bulk_create(
                [
                    through_targets(
                        association_id=association.pk, targetpopulation_id=targets[line[16]]
                    )
                    for association, line in zip(objects, lines, strict=True)
                ],
                batch_size=5000,
            )
            seconds = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return {"seconds": round(seconds, 2), "created": len(objects)}


def import_memory(rows: int) -> dict:
    """Figures of the three phases for a ``rows``-line CSV of complete rows."""
    from associations.exchange import HEADERS
    from takwia.tabular import csv_chunks

    token = str(int(time.time()))
    with tempfile.NamedTemporaryFile(suffix=".csv") as file:
        # Written by a child: what generating leaves in the allocator stays out of the parent.
        _in_child(lambda: _file_write(file.name, csv_chunks(HEADERS, _rows(rows, token))))
        raw = Path(file.name).read_bytes()
    start = round(_rss_mb())
    check = _in_child(lambda: _check(raw))
    written = _in_child(lambda: _import(raw))
    baseline = _in_child(lambda: _baseline(rows, token))
    if connection.vendor == "postgresql":
        # The rolled-back rows leave dead tuples behind: clean them for the next benchmarks.
        with connection.cursor() as cursor:
            for table in (
                "associations_association",
                "associations_association_domains",
                "associations_association_target_populations",
                "associations_historicalassociation",
                "associations_historicalassociation_domains",
                "associations_historicalassociation_target_populations",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return {
        "unit": "s",
        "value": written.get("seconds"),
        "rows": rows,
        "file_mb": round(len(raw) / 2**20, 1),
        "start_rss_mb": start,
        "check": check,
        "import": written,
        "baseline": baseline.get("seconds"),
        "baseline_peak_rss_mb": baseline.get("peak_rss_mb"),
        "baseline_name": "bare_bulk_create_complete_rows_s",
        "ratio": round(written["seconds"] / baseline["seconds"], 2)
        if written.get("seconds") and baseline.get("seconds")
        else None,
    }
