"""What the public pages tell customers they may send is what the services accept: the file types
(DOLEANCES_ATTACHMENT_TYPES) and the description's length (DOLEANCES_MAX_DESCRIPTION_CHARS) are
read from the settings by the help texts and by the checks alike."""

import html as html_module
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from doleances.complaints.models import Complaint
from tests.portal.helpers import PDF

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32


def help_text(page: str, field: str) -> str:
    found = re.search(rf'id="id_{field}_helptext"[^>]*>(.*?)</', page, re.S)
    assert found, field
    return re.sub(r"[ \t\n]+", " ", html_module.unescape(found.group(1))).strip()


def accept(page: str) -> str:
    return re.search(r'<input type="file" name="attachments"[^>]*accept="([^"]*)"', page).group(1)


def test_the_public_form_and_its_check_follow_the_accepted_types(client, db, settings, form_data):
    settings.DOLEANCES_ATTACHMENT_TYPES = ["pdf", "png"]

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    form_data["attachments"] = [SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64)]
    refused = client.post("/", form_data, HTTP_ACCEPT_LANGUAGE="en")

    assert help_text(page, "attachments") == "Accepted: PDF and images (PNG). Up to 5 files, 10.0\xa0MB each at most."
    assert accept(page) == ".pdf,.png"
    assert refused.context["form"].errors["attachments"] == [
        "“scan.jpg” is not an accepted file type. Accepted: PDF and images (PNG)."
    ]
    form_data["attachments"] = [SimpleUploadedFile("photo.png", PNG)]
    assert client.post("/", form_data).status_code == 302
    assert Complaint.objects.get().attachments.get().content_type == "image/png"


def test_the_add_information_form_and_its_check_follow_the_accepted_types(client, settings, complaint):
    settings.DOLEANCES_ATTACHMENT_TYPES = ["txt"]
    url = f"/track/{complaint.portal_token}/"

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    refused = client.post(
        url,
        {"form_nonce": "n1", "body": "Voici ma facture.", "attachments": [SimpleUploadedFile("facture.pdf", PDF)]},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert help_text(page, "attachments").startswith("Formats acceptés : texte brut. ")
    assert accept(page) == ".txt"
    assert refused.context["form"].errors["attachments"] == [
        "Le type du fichier « facture.pdf » n’est pas accepté. Formats acceptés : texte brut."
    ]


def test_the_description_limit_shown_is_the_one_checked(client, db, settings, form_data):
    settings.DOLEANCES_MAX_DESCRIPTION_CHARS = 1_500

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    refused = client.post("/", form_data | {"description": "a" * 1_501}, HTTP_ACCEPT_LANGUAGE="en")
    accepted = client.post("/", form_data | {"description": "a" * 1_500, "form_nonce": "n2"})

    assert help_text(page, "description").endswith(" 1,500 characters at most.")
    assert 'data-max-length="1500"' in page
    assert refused.context["form"].errors["description"] == ["The description is too long (1500 characters at most)."]
    assert accepted.status_code == 302
    assert len(Complaint.objects.get().description) == 1_500
