"""The settings module as a newcomer and an operator meet it, in fresh interpreters."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7!k2-production-like-secret-key-for-tests-3f9a1c8e5b7d2a6f4e0c9b1d",
    "DJANGO_ALLOWED_HOSTS": "takwia.example.ma",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def _run(args, extra_env, unset=()):
    env = {k: v for k, v in os.environ.items() if k not in unset and not k.startswith("DJANGO_")}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _setting(code, extra_env, unset=()):
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'takwia.settings'); "
        f"django.setup(); from django.conf import settings as s; print({code})"
    )
    return _run(["-c", script], extra_env, unset)


def test_deploy_check_reports_nothing_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_are_hardened():
    result = _setting(
        "s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS",
        PRODUCTION,
    )
    assert result.stdout.strip() == "False True True True 31536000 ['takwia.example.ma']", (
        result.stderr
    )


def test_defaults_are_sqlite_eager_tasks_and_console_mail():
    result = _setting(
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND",
        {},
        unset=("DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"),
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ], result.stderr


def test_urls_switch_to_postgresql_and_real_workers():
    result = _setting(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.CELERY_TASK_ALWAYS_EAGER",
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/takwia",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "takwia", "False"], (
        result.stderr
    )


@pytest.mark.parametrize("value", ["yes please", "2", "Flase"])
def test_a_malformed_boolean_stops_start_up(value):
    result = _setting("s.DEBUG", {**PRODUCTION, "DJANGO_DEBUG": value})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"), [("False", "False"), ("off", "False"), ("1", "True")]
)
def test_booleans_accept_the_usual_spellings(value, expected):
    result = _setting("s.DEBUG", {**PRODUCTION, "DJANGO_DEBUG": value})
    assert result.stdout.strip() == expected, result.stderr


def test_production_refuses_a_cache_in_process_memory():
    env = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}
    result = _run(["manage.py", "check", "--deploy"], env, unset=("CACHE_URL",))
    assert result.returncode != 0
    assert "takwia.E101" in result.stderr and "CACHE_URL" in result.stderr


def test_several_nodes_refuse_files_in_one_machines_folder_and_accept_object_storage():
    nodes = {**PRODUCTION, "TAKWIA_NODES": "2"}
    result = _run(["manage.py", "check", "--deploy"], nodes, unset=("TAKWIA_STORAGE_URL",))
    assert result.returncode != 0 and "takwia.E102" in result.stderr

    s3 = "s3://takwia-files/prod?endpoint_url=https://s3.example.ma&region_name=ma-1"
    storage = {**nodes, "TAKWIA_STORAGE_URL": s3}
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], storage)
    assert result.returncode == 0, result.stderr + result.stdout
    options = _setting("sorted(s.STORAGES['default']['OPTIONS'].items())", storage)
    assert options.stdout.strip() == str(
        sorted({
            "bucket_name": "takwia-files", "location": "prod", "default_acl": None,
            "file_overwrite": False, "querystring_auth": True,
            "endpoint_url": "https://s3.example.ma", "region_name": "ma-1",
        }.items())
    ), options.stderr  # fmt: skip
    from django.core.files.storage import storages

    assert type(storages["default"]).__name__ == "FileSystemStorage"  # the default: local

    shared = {**nodes, "TAKWIA_SHARED_MEDIA": "true"}
    assert _run(["manage.py", "check", "--deploy"], shared).returncode == 0


def test_a_malformed_storage_url_stops_start_up():
    result = _setting("1", {"TAKWIA_STORAGE_URL": "ftp://files"})
    assert result.returncode != 0 and "TAKWIA_STORAGE_URL must read s3://" in result.stderr
