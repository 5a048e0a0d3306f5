"""Queries per page: ``python bench/queries.py`` on the database of DATABASE_URL.

Requests every main page of every role (bench/pages.py) through Django's test client,
twice (the second count is kept: per-process caches are warm, as on a server), and
prints one JSON line per page: role, page, path, status, queries.
"""

import json
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takwia.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def count(client: Client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return response.status_code, len(queries.captured_queries)


def queries_per_page() -> list[dict]:
    from pages import USERS, main_pages

    from takwia.models import User

    clients, lines = {}, []
    for role, name, path in main_pages():
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(User.objects.get(username=USERS[role]))
        count(clients[role], path)
        status, queries = count(clients[role], path)
        lines.append({"role": role, "page": name, "path": path, "status": status,
                      "queries": queries})  # fmt: skip
    return lines


if __name__ == "__main__":
    from associations.models import Association

    associations = Association.objects.count()
    for line in queries_per_page():
        print(json.dumps({**line, "associations": associations}), flush=True)
