"""The accepted file types live in one place: the check of each file and the sentence customers
read (and the file picker's hint) follow DOLEANCES_ATTACHMENT_TYPES together."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from doleances.complaints.attachments import check_upload
from doleances.complaints.file_types import FILE_TYPES, accept_attribute, accepted_types_text
from doleances.core.errors import DoleancesError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32


def test_by_default_every_known_type_is_accepted_and_named():
    with translation.override("en"):
        english = accepted_types_text()
    with translation.override("fr"):
        french = accepted_types_text()

    assert english == (
        "Accepted: PDF, images (JPEG, PNG, GIF, WebP, HEIC, TIFF), Word, Excel, PowerPoint, OpenDocument and plain text."
    )
    assert french == (
        "Formats acceptés : PDF, images (JPEG, PNG, GIF, WebP, HEIC, TIFF), Word, Excel, PowerPoint, OpenDocument et texte brut."
    )
    assert accept_attribute() == ".pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.tif,.tiff,.docx,.xlsx,.pptx,.odt,.ods,.txt"


def test_a_type_taken_out_of_the_setting_is_refused_with_the_sentence_the_forms_show(settings):
    settings.DOLEANCES_ATTACHMENT_TYPES = ["pdf", "jpg"]

    with translation.override("en"):
        with pytest.raises(DoleancesError) as error:
            check_upload(SimpleUploadedFile("photo.png", PNG))
        sentence = accepted_types_text()

    assert sentence == "Accepted: PDF and images (JPEG)."
    assert error.value.code == "attachment_type_refused"
    assert error.value.message == f"“photo.png” is not an accepted file type. {sentence}"
    assert check_upload(SimpleUploadedFile("facture.pdf", PDF)).content_type == "application/pdf"
    assert accept_attribute() == ".pdf,.jpg,.jpeg"


def test_one_type_alone_reads_as_a_sentence(settings):
    settings.DOLEANCES_ATTACHMENT_TYPES = ["txt"]

    with translation.override("fr"):
        assert accepted_types_text() == "Formats acceptés : texte brut."


@pytest.mark.parametrize("types", [["pdf", "exe"], []], ids=["unknown", "none"])
def test_a_setting_naming_no_known_type_is_a_configuration_error(settings, types):
    settings.DOLEANCES_ATTACHMENT_TYPES = types

    with pytest.raises(ImproperlyConfigured, match="DOLEANCES_ATTACHMENT_TYPES"):
        accepted_types_text()


def test_the_default_setting_names_every_known_type(settings):
    assert sorted(settings.DOLEANCES_ATTACHMENT_TYPES) == sorted(FILE_TYPES)
