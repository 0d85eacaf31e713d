"""French first: the catalogue is complete, checked, and the committed .mo matches the .po."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

LOCALE = Path(__file__).resolve().parents[1] / "src" / "doleances" / "locale" / "fr" / "LC_MESSAGES"

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is installed by make test")


def test_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "fuzzy" not in result.stderr, result.stderr
    assert "untranslated" not in result.stderr, result.stderr


def test_compiled_catalogue_is_up_to_date(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(LOCALE / "django.po")], check=True)
    assert fresh.read_bytes() == (LOCALE / "django.mo").read_bytes(), "run: make compilemessages"


def test_catalogue_covers_every_string_in_the_code(tmp_path, monkeypatch):
    """makemessages over a copy of the sources finds no msgid the committed catalogue lacks."""
    copy = tmp_path / "doleances"
    shutil.copytree(LOCALE.parents[2], copy, ignore=shutil.ignore_patterns("__pycache__", "nlp", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], no_obsolete=True, add_location="file", ignore_patterns=["nlp/*"], verbosity=0)
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "fuzzy" not in result.stderr, f"new strings: run `make messages` and translate them ({result.stderr})"
    assert "untranslated" not in result.stderr, f"new strings: run `make messages` and translate them ({result.stderr})"
