"""Attachments are judged by their bytes, never by their name or declared type."""

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from doleances.complaints.attachments import MAX_ARCHIVE_MEMBERS, OFFICE_ZIPS, check_upload, check_uploads, safe_filename, sniff
from doleances.core.errors import DoleancesError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>document.location='http://evil'</script></body></html>"


def docx_bytes(*, macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "data", "content_type", "stored_name"),
    [
        ("facture.pdf", PDF, "application/pdf", "facture.pdf"),
        ("photo.png", PNG, "image/png", "photo.png"),
        (
            "courrier.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "courrier.docx",
        ),
        ("notes.txt", "Relevé du compteur : 1234 kWh\n".encode(), "text/plain", "notes.txt"),
        ("scan", PDF, "application/pdf", "scan.pdf"),  # the name is made to tell the truth
        ("photo.pdf", PNG, "image/png", "photo.png"),
    ],
    ids=["pdf", "png", "docx", "text", "pdf-without-extension", "png-named-pdf"],
)
def test_accepted_types_are_recognised_by_content(name, data, content_type, stored_name):
    checked = check_upload(upload(name, data))
    assert (checked.content_type, checked.name, checked.size) == (content_type, stored_name, len(data))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("facture.pdf", EXE),  # a Windows executable renamed .pdf
        ("document.pdf", ELF),
        ("logo.svg", SVG),  # SVG can carry script
        ("lisez-moi.txt", HTML),  # HTML pretending to be text
        ("macro.docx", docx_bytes(macro=True)),
        ("archive.zip", docx_bytes()[:40]),  # truncated zip
    ],
    ids=["exe-renamed-pdf", "elf", "svg-with-script", "html-named-txt", "docx-with-macro", "truncated-zip"],
)
def test_disguised_or_dangerous_files_are_refused_with_a_clear_message(name, data):
    with pytest.raises(DoleancesError) as error:
        check_upload(upload(name, data))
    assert (error.value.code, error.value.field) == ("attachment_type_refused", "attachments")
    assert safe_filename(name) in error.value.message


def test_oversized_and_empty_files_are_refused(settings):
    settings.DOLEANCES_MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(DoleancesError) as error:
        check_upload(upload("gros.pdf", PDF + b"0" * 2048))
    assert error.value.code == "attachment_too_large"
    with pytest.raises(DoleancesError) as error:
        check_upload(upload("vide.pdf", b""))
    assert error.value.code == "attachment_empty"


def test_too_many_files(settings):
    settings.DOLEANCES_MAX_ATTACHMENTS = 2
    with pytest.raises(DoleancesError) as error:
        check_uploads([upload(f"f{i}.pdf", PDF) for i in range(3)])
    assert error.value.code == "too_many_attachments"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("/var/www/index.html", "index.html"),
        ("rapport\x00.pdf", "rapport.pdf"),
        ("..", "attachment"),
        ('a<b>c:"d|e?f*.pdf', "abcdef.pdf"),
        ("", "attachment"),
    ],
)
def test_path_tricks_in_file_names_are_neutralised(raw, safe):
    assert safe_filename(raw) == safe


ALLOWED = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/tiff", "text/plain"}


@given(prefix=st.sampled_from([b"PK\x03\x04", b"%PDF", b"\xff\xd8\xff", b"MZ", b"<svg", b""]), rest=st.binary(max_size=512))
def test_sniff_never_crashes_and_only_answers_allowed_types(prefix, rest):
    result = sniff(prefix + rest)
    assert result is None or result[0] in ALLOWED | {t for t, _ in OFFICE_ZIPS.values()}
    if prefix == b"<svg":
        assert result is None  # markup is never accepted, not even as text


def zip_bomb(path, *, member: str = "mimetype", inflated_mib: int) -> None:
    """A few hundred kilobytes that inflate to `inflated_mib` MiB (written in chunks: no memory)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open(member, "w", force_zip64=True) as inflating:
            for _ in range(inflated_mib):
                inflating.write(b"\x00" * (1024 * 1024))


# Run in a fresh interpreter: its peak resident memory (ru_maxrss) is the worker's, not the suite's.
MEASURE_CHECK = """
import json, os, resource, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from doleances.core.errors import DoleancesError
from doleances.complaints.attachments import check_upload
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    check_upload(SimpleUploadedFile("courrier.docx", data))
    code = "accepted"
except DoleancesError as error:
    code = error.code
print(json.dumps({"code": code, "grew_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before}))
"""


def measure_check(path, tmp_path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "doleances.settings", "DOLEANCES_DATA_DIR": str(tmp_path / "var")}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE_CHECK, str(path)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_zip_bomb_is_refused_without_being_inflated_in_memory(tmp_path):
    bomb = tmp_path / "bomb.docx"
    zip_bomb(bomb, inflated_mib=300)
    assert bomb.stat().st_size < 1024 * 1024  # what the attacker sends

    measured = measure_check(bomb, tmp_path)

    assert measured["code"] == "attachment_archive_refused"
    # 300 MiB inflated would raise the peak by more than 300 000 KiB; checking the sizes costs nothing.
    assert measured["grew_kib"] < 20 * 1024


def test_a_zip_bomb_named_docx_gets_a_clear_message():
    buffer = io.BytesIO()
    zip_bomb(buffer, member="word/media/image1.png", inflated_mib=20)

    with pytest.raises(DoleancesError) as error, translation.override("en"):
        check_upload(upload("courrier.docx", buffer.getvalue()))

    assert (error.value.code, error.value.field) == ("attachment_archive_refused", "attachments")
    assert error.value.message == (
        "“courrier.docx” unpacks to far more than its size, as no genuine document does. "
        "Send the document itself again, or as a PDF."
    )


def test_an_archive_of_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(MAX_ARCHIVE_MEMBERS):
            archive.writestr(f"word/part{n}.xml", "")

    with pytest.raises(DoleancesError) as error:
        check_upload(upload("courrier.docx", buffer.getvalue()))

    assert error.value.code == "attachment_archive_refused"


def test_an_opendocument_text_is_recognised_by_its_mimetype_member():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")

    checked = check_upload(upload("lettre", buffer.getvalue()))

    assert (checked.content_type, checked.name) == ("application/vnd.oasis.opendocument.text", "lettre.odt")


def test_a_long_mimetype_member_is_not_an_opendocument():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + b" " * 1000)

    assert sniff(buffer.getvalue()) is None
