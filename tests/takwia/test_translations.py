"""Arabic everywhere a person reads: every string of the templates and the code has
its Arabic form in locale/ar (a string without one reaches Arabic readers in French).

The test extracts the strings afresh, as ``make makemessages`` does, from a copy of
the sources (the committed catalogue is left as it is), then counts the entries
without a translation and those marked fuzzy (gettext's guess, never shown)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
    reason="GNU gettext is needed (CI installs it)",
)

SOURCES = ("associations", "diagnostics", "partnerships", "volunteers", "takwia", "templates")


def _untranslated(po: Path) -> list[str]:
    """msgids of ``po`` whose msgstr is empty or that are marked fuzzy."""
    missing = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = re.search(r"^#,.*\bfuzzy\b", block, re.M)
        code = "\n".join(line for line in block.splitlines() if not line.startswith("#"))
        parts = re.split(r"^(msgid|msgid_plural|msgstr(?:\[\d\])?) ", code, flags=re.M)[1:]
        fields = {}
        for key, value in zip(parts[::2], parts[1::2], strict=True):
            fields.setdefault(key, []).append("".join(re.findall(r'"(.*)"', value)))
        msgid = "".join(fields.get("msgid", [""]))
        if not msgid:
            continue  # the header
        strings = [v for key, values in fields.items() if key.startswith("msgstr") for v in values]
        if fuzzy or not strings or not all(strings):
            missing.append(msgid)
    return missing


def test_every_string_people_read_has_its_arabic_translation(tmp_path):
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    copy.mkdir()
    shutil.copy(base / "manage.py", copy)
    for name in (*SOURCES, "locale"):
        shutil.copytree(base / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable, "manage.py", "makemessages", "-l", "ar", "--no-obsolete",
            "--ignore=takwia/api/locale", "--no-location",
        ],
        cwd=copy, check=True, capture_output=True,
    )  # fmt: skip
    missing = _untranslated(copy / "locale" / "ar" / "LC_MESSAGES" / "django.po")
    assert not missing, f"{len(missing)} strings without Arabic, e.g.: {missing[:15]}"
