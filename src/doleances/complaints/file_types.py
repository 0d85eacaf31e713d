"""The kinds of file a complaint may carry, in one place: the check of each file
(`complaints.attachments`, by its bytes), the file picker's hint and the sentence that tells
customers what they may send all read `DOLEANCES_ATTACHMENT_TYPES` through this module."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    extension: str  # the stored name's extension; the name used in DOLEANCES_ATTACHMENT_TYPES
    content_type: str
    family: str  # how the sentence groups it (`_family_words`)
    name: str = ""  # its own name inside a family of several ("JPEG" among the images)
    other_extensions: tuple[str, ...] = ()  # also offered by the file picker (.jpeg)


# What a complaint desk receives: documents, photos, scans, e-mails. In the order customers read.
FILE_TYPES = {
    file_type.extension: file_type
    for file_type in (
        FileType("pdf", "application/pdf", "pdf"),
        FileType("jpg", "image/jpeg", "image", "JPEG", ("jpeg",)),
        FileType("png", "image/png", "image", "PNG"),
        FileType("gif", "image/gif", "image", "GIF"),
        FileType("webp", "image/webp", "image", "WebP"),
        FileType("heic", "image/heic", "image", "HEIC"),
        FileType("tif", "image/tiff", "image", "TIFF", ("tiff",)),
        FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word"),
        FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "excel"),
        FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "powerpoint"),
        FileType("odt", "application/vnd.oasis.opendocument.text", "opendocument"),
        FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", "opendocument"),
        FileType("txt", "text/plain", "text"),
    )
}


def accepted_types() -> list[FileType]:
    """The types DOLEANCES_ATTACHMENT_TYPES accepts, in FILE_TYPES order."""
    wanted = set(settings.DOLEANCES_ATTACHMENT_TYPES)
    unknown = sorted(wanted - set(FILE_TYPES))
    if unknown or not wanted:
        raise ImproperlyConfigured(
            f"DOLEANCES_ATTACHMENT_TYPES names unknown file types {unknown}; known: {', '.join(FILE_TYPES)}"
        )
    return [file_type for extension, file_type in FILE_TYPES.items() if extension in wanted]


def is_accepted(extension: str) -> bool:
    return extension in settings.DOLEANCES_ATTACHMENT_TYPES and extension in FILE_TYPES


def accept_attribute() -> str:
    """The file picker's hint (`<input accept>`); the check still reads every file's bytes."""
    return ",".join(f".{ext}" for file_type in accepted_types() for ext in (file_type.extension, *file_type.other_extensions))


def _family_words(family: str, names: list[str]) -> str:
    if family == "image":
        return _("images (%(names)s)") % {"names": ", ".join(names)}
    if family == "text":
        return _("plain text")
    # Names of formats, the same in every language.
    return {"pdf": "PDF", "word": "Word", "excel": "Excel", "powerpoint": "PowerPoint", "opendocument": "OpenDocument"}[family]


def accepted_types_text() -> str:
    """ "Accepted: PDF, images (JPEG, PNG), Word and plain text." in the active language."""
    families: dict[str, list[str]] = {}
    for file_type in accepted_types():
        families.setdefault(file_type.family, []).append(file_type.name)
    words = [_family_words(family, names) for family, names in families.items()]
    if len(words) > 1:
        listed = _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}
    else:
        listed = "".join(words)
    return _("Accepted: %(types)s.") % {"types": listed}
