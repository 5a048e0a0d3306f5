"""Polling the database from a browser test while the live server writes to it."""

import time

from django.db import OperationalError


def wait_until(check, timeout=10) -> bool:
    """True once ``check()`` is; the live server's in-memory SQLite (shared cache) answers
    "table is locked" instead of waiting while it writes, so such a read is tried again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OperationalError:
            pass
        time.sleep(0.1)
    return False
