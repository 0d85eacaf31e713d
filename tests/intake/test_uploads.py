"""Attachments are judged by their bytes, never by their name or declared type."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from doleances.core.errors import DoleancesError
from doleances.intake.uploads import OFFICE_ZIPS, check_upload, check_uploads, safe_filename, sniff

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
