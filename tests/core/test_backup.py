"""Backups: taken while the app writes, restored into an empty installation, every audit chain
verifies and every row and file is back (the restore drill)."""

import json
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from doleances.complaints.models import Complaint
from tests.fixtures.scratch import doleances, drop_database, environment, postgres_server, unique_name

# One address per complaint: the acknowledgement cap per address is not what is tested here.
WRITER = """
import os, pathlib
from django.db import transaction
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from doleances.complaints.enums import Channel
from doleances.complaints.services import add_customer_information, reply_to_customer
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
stop, progress = pathlib.Path(os.environ["WRITER_STOP"]), pathlib.Path(os.environ["WRITER_PROGRESS"])
handler = User.objects.create_superuser("handler", "handler@staff.example", None)
written = 0
while not stop.exists():
    with transaction.atomic():  # one complaint and its follow-up: a snapshot sees all or none
        complaint = receive_complaint(
            CustomerDetails(name="Jeanne Martin", email=f"jeanne.martin+{written}@example.org"),
            ComplaintDetails(subject=f"Facture {written}", description="Ma facture compte deux fois l'abonnement.", consent=True),
            attachments=[SimpleUploadedFile("facture.txt", f"Facture numéro {written}".encode(), "text/plain")],
        )
        reply_to_customer(complaint, body=f"Réponse {written}", actor=handler)
        add_customer_information(complaint, body="Voici le relevé.", channel=Channel.WEB, attachments=[
            SimpleUploadedFile("releve.txt", f"Relevé {written}".encode(), "text/plain")])
    written += 1
    progress.write_text(str(written))
"""

CHECK_FILES = """
from doleances.complaints.models import Attachment, Complaint
from doleances.core.backup import sha256_of
from pathlib import Path
files = [a for a in Attachment.objects.all() if sha256_of(Path(a.file.path)) == a.sha256]
print(Complaint.objects.count(), Attachment.objects.count(), len(files))
"""


def written(progress: Path) -> int:
    return int(progress.read_text()) if progress.exists() and progress.read_text() else 0


def wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + 120
    while not predicate():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)


@pytest.fixture
def installations(tmp_path):
    """Two installations: the running one, and an empty one to restore into."""
    if connection.vendor != "postgresql":
        yield environment(tmp_path / "source"), environment(tmp_path / "target")
        return
    server = postgres_server()
    source, target = unique_name("doleances_backup_source"), unique_name("doleances_backup_target")
    for database in (source, target):
        server.psql(f'CREATE DATABASE "{database}"')
    try:
        yield (environment(tmp_path / "source", server.url(source)), environment(tmp_path / "target", server.url(target)))
    finally:
        for database in (source, target):
            drop_database(server, database)


def test_a_backup_taken_while_the_app_writes_restores_and_verifies(installations, tmp_path):
    source, target = installations
    doleances("migrate", "--noinput", "-v0", env=source)
    stop, progress = tmp_path / "stop", tmp_path / "progress"
    writer_env = {**source, "WRITER_STOP": str(stop), "WRITER_PROGRESS": str(progress)}
    writer = subprocess.Popen([sys.executable, "-m", "doleances", "shell", "-c", WRITER], env=writer_env, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: written(progress) >= 3, "three complaints written")
        before = written(progress)
        archive = tmp_path / "backup.tar.gz"
        assert doleances("backup", "--output", str(archive), env=source).stdout.startswith("Backed up ")
        after = written(progress)
        wait_for(lambda: written(progress) >= after + 2, "the writer carrying on after the backup")
    finally:
        stop.touch()
        _, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors.decode()

    with tarfile.open(archive) as contents:
        manifest = json.loads(contents.extractfile("manifest.json").read())
    complaints = manifest["rows"]["complaints_complaint"]
    assert before <= complaints <= after + 1  # a snapshot taken while writing (one may be half-way)
    assert manifest["rows"]["complaints_attachment"] == 2 * complaints
    assert manifest["rows"]["complaints_complaintevent"] == 4 * complaints  # received, acknowledged, sent, received

    restored = doleances("restore", str(archive), env=target).stdout
    assert f"OK: {4 * complaints} events of {complaints} complaints, every chain intact." in restored
    # complaints, attachments, attachments whose file is back with its SHA-256
    counts = doleances("shell", "-c", CHECK_FILES, env=target).stdout.split()[-3:]
    assert counts == [str(complaints), str(2 * complaints), str(2 * complaints)]

    again = doleances("restore", str(archive), env=target, check=False)
    assert again.returncode == 1
    assert "already holds data; restore with --force to replace it" in again.stderr
    assert doleances("restore", str(archive), "--force", env=target).returncode == 0


def corrupt_archive(tmp_path: Path) -> Path:
    database = tmp_path / "database.sqlite3"
    database.write_bytes(b"not the database the manifest describes")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps({"format": 1, "vendor": connection.vendor, "rows": {}, "files": {"database.sqlite3": "0" * 64}})
    )
    archive = tmp_path / "corrupt.tar.gz"
    with tarfile.open(archive, "w:gz") as out:
        out.add(database, arcname="database.sqlite3")
        out.add(manifest, arcname="manifest.json")
    return archive


def test_restore_checks_the_archive_before_writing_anything(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # an empty installation
    with pytest.raises(CommandError, match=r"database\.sqlite3 in .* does not match its SHA-256 in the manifest"):
        call_command("restore", str(corrupt_archive(tmp_path)))


def test_restore_refuses_an_archive_whose_manifest_is_not_a_file(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "manifest.json").mkdir()
    archive = tmp_path / "odd.tar.gz"
    with tarfile.open(archive, "w:gz") as out:
        out.add(tmp_path / "manifest.json", arcname="manifest.json")
    with pytest.raises(CommandError, match=r"odd\.tar\.gz is not a Doléances backup"):
        call_command("restore", str(archive))


def test_restore_refuses_a_database_that_holds_complaints(db, tmp_path, complaint):
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(corrupt_archive(tmp_path)))
    assert list(Complaint.objects.values_list("reference", flat=True)) == [complaint.reference]
