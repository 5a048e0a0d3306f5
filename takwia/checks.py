"""System checks of a production deployment: nothing a node keeps to itself.

With DEBUG off the site runs as several processes (gunicorn workers, Celery workers),
often on several machines (TAKWIA_NODES): a cache in process memory shows each process
its own counts, and files in one machine's folder cannot be read from another (a report
rendered by one worker and downloaded through another web node). ``manage.py check``
(and so ``migrate``, ``check --deploy``) fails on either.
"""

from django.conf import settings
from django.core.checks import Error, register

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
NODE_LOCAL_CACHES = {"django.core.cache.backends.filebased.FileBasedCache"}
NODE_LOCAL_STORAGES = {"django.core.files.storage.FileSystemStorage"}


@register()
def shared_cache_and_files(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    nodes = getattr(settings, "TAKWIA_NODES", 1)
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PROCESS_LOCAL_CACHES or (nodes > 1 and backend in NODE_LOCAL_CACHES):
        errors.append(
            Error(
                f"The cache ({backend}) is not shared between processes and machines: "
                "each would show its own counts.",
                hint="Set CACHE_URL to the shared Redis, e.g. redis://redis:6379/1.",
                id="takwia.E101",
            )
        )
    storage = settings.STORAGES["default"]["BACKEND"]
    if nodes > 1 and storage in NODE_LOCAL_STORAGES and not settings.TAKWIA_SHARED_MEDIA:
        errors.append(
            Error(
                f"TAKWIA_NODES={nodes} but files are written to this machine's folder "
                f"({settings.MEDIA_ROOT}): a file written on one node is missing on the others.",
                hint="Set TAKWIA_STORAGE_URL=s3://BUCKET/PREFIX?endpoint_url=... (object "
                "storage), or TAKWIA_SHARED_MEDIA=true when MEDIA_ROOT is a shared mount.",
                id="takwia.E102",
            )
        )
    return errors
