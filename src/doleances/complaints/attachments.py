"""Attachments: checked by content (never by name or declared type), stored by hash."""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from doleances.complaints.file_types import FILE_TYPES, accepted_types_text, is_accepted
from doleances.complaints.models import Attachment, Complaint, Message
from doleances.core.errors import DoleancesError, DoleancesErrors

# How each type is recognised from its bytes (never from the name or the declared type).
MAGIC_TYPES = {FILE_TYPES[ext].content_type: ext for ext in ("pdf", "jpg", "png", "gif", "webp", "heic", "tif")}
OFFICE_ZIPS = {
    prefix: (FILE_TYPES[ext].content_type, ext) for prefix, ext in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
}
ODF_TYPES = {FILE_TYPES[ext].content_type.encode(): ext for ext in ("odt", "ods")}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def safe_filename(name: str) -> str:
    """Keep only the last path component, printable characters, at most 120 characters."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")
    return (name or "attachment")[-120:]


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) if the bytes are one of FILE_TYPES; None otherwise."""
    kind = filetype.guess(data)
    if kind is not None and kind.mime in MAGIC_TYPES:
        return kind.mime, MAGIC_TYPES[kind.mime]
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if kind is None and _is_plain_text(data):
        return "text/plain", "txt"
    return None


class ArchiveRefused(Exception):
    """The zip is shaped to exhaust the server (too many members, too large once unpacked)."""


# Bounds for the office documents (docx, xlsx, odt...) we look inside. Real documents are far
# below them; a zip bomb (kilobytes that inflate to gigabytes) is far above.
MAX_ARCHIVE_MEMBERS = 1000
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # XML compresses 10-30x; a bomb compresses 1000x and more
RATIO_CHECK_FROM = 1024 * 1024  # small members (a few kilobytes of zeros) may compress better
MIMETYPE_MAX_BYTES = 256  # an ODF "mimetype" member is a few dozen bytes


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ArchiveRefused
    total = 0
    for member in members:
        # Declared sizes; what we read is also bounded by them (zipfile stops at file_size).
        if member.file_size > MAX_MEMBER_BYTES:
            raise ArchiveRefused
        if member.file_size > RATIO_CHECK_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise ArchiveRefused
        total += member.file_size
    if total > MAX_ARCHIVE_BYTES:
        raise ArchiveRefused


def _read_member_head(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """At most `limit` bytes of a member, inflated in bounded chunks (never the whole member)."""
    with archive.open(name) as member:
        return member.read(limit + 1)


def _sniff_zip(data: bytes) -> tuple[str, str] | None:
    """Raises ArchiveRefused for an archive built to exhaust memory or disk."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_archive(archive)
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = _read_member_head(archive, "mimetype", MIMETYPE_MAX_BYTES)
                if len(mimetype) <= MIMETYPE_MAX_BYTES and mimetype.strip() in ODF_TYPES:
                    mimetype = mimetype.strip()
                    return mimetype.decode(), ODF_TYPES[mimetype]
            if "[Content_Types].xml" in names:
                for prefix, result in OFFICE_ZIPS.items():
                    if any(n.startswith(prefix) for n in names) and not any(n.lower().endswith("vbaproject.bin") for n in names):
                        return result
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return None
    return None


def _is_plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    head = text[:4096].lstrip().lower()
    # Markup is refused even as "text": an SVG or HTML file can carry script.
    if head.startswith(("<", "\ufeff<")) or "<script" in head or "<svg" in head:
        return False
    return all(ch.isprintable() or ch in "\r\n\t\f" for ch in text[:65536])


def check_upload(uploaded) -> CheckedFile:
    name = safe_filename(getattr(uploaded, "name", "") or "")
    limit = settings.DOLEANCES_MAX_ATTACHMENT_BYTES
    if uploaded.size > limit:
        raise DoleancesError(
            "attachment_too_large",
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s per file.")
            % {"name": name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            field="attachments",
        )
    data = b"".join(uploaded.chunks())
    if not data:
        raise DoleancesError("attachment_empty", _("“%(name)s” is empty.") % {"name": name}, field="attachments")
    try:
        sniffed = sniff(data)
    except ArchiveRefused:
        raise DoleancesError(
            "attachment_archive_refused",
            _(
                "“%(name)s” unpacks to far more than its size, as no genuine document does. Send the document "
                "itself again, or as a PDF."
            )
            % {"name": name},
            field="attachments",
        ) from None
    if sniffed is None or not is_accepted(sniffed[1]):
        raise DoleancesError(
            "attachment_type_refused",
            _("“%(name)s” is not an accepted file type. %(accepted)s") % {"name": name, "accepted": accepted_types_text()},
            field="attachments",
        )
    content_type, extension = sniffed
    if not name.lower().endswith("." + extension):
        # The stored name tells the truth about the content.
        name = f"{name.rsplit('.', 1)[0] if '.' in name else name}.{extension}"
    return CheckedFile(name=name, content_type=content_type, data=data, sha256=hashlib.sha256(data).hexdigest())


def check_uploads(files) -> list[CheckedFile]:
    """Every file checked; DoleancesErrors names each refused one (`error.file_name`)."""
    files = list(files or [])
    if len(files) > settings.DOLEANCES_MAX_ATTACHMENTS:
        raise DoleancesError(
            "too_many_attachments",
            _("At most %(max)d files can be attached.") % {"max": settings.DOLEANCES_MAX_ATTACHMENTS},
            field="attachments",
        )
    checked, errors = [], []
    for file in files:
        if isinstance(file, CheckedFile):
            checked.append(file)
            continue
        try:
            checked.append(check_upload(file))
        except DoleancesError as error:
            error.file_name = getattr(file, "name", "")
            errors.append(error)
    if errors:
        raise DoleancesErrors(errors)
    return checked


def store_attachments(complaint: Complaint, files, *, at: datetime, message: Message | None = None) -> list[Attachment]:
    """Store already-checked (or raw uploaded) files on a complaint, inside the caller's transaction."""
    stored = []
    for checked in check_uploads(files):
        attachment = Attachment(
            complaint=complaint,
            message=message,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_at=at,
        )
        attachment.file.save(checked.name, ContentFile(checked.data), save=False)
        attachment.save()
        stored.append(attachment)
    return stored
