import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from doleances.complaints.models import Complaint
from tests.portal.helpers import NOTHING, PDF, row_counts


def post(client, data, **extra):
    return client.post("/", data, HTTP_ACCEPT_LANGUAGE="en", **extra)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your name."),
        ({"kind": ""}, "kind", "Choose a complaint or a claim."),
        ({"kind": "praise"}, "kind", "Select a valid choice. praise is not one of the available choices."),
        ({"subject": ""}, "subject", "Enter a subject."),
        ({"subject": "s" * 201}, "subject", "Ensure this value has at most 200 characters (it has 201)."),
        ({"description": "   "}, "description", "Tell us what happened."),
        ({"email": "", "phone": ""}, "email", "Give an email address or a phone number so that we can answer you."),
        ({"email": "jeanne@"}, "email", "Enter a valid email address."),
        ({"phone": "12"}, "phone", "This phone number is not valid."),
        ({"consent": ""}, "consent", "Please accept that we process your data to handle your complaint."),
        ({"claimed_amount": "-3"}, "claimed_amount", "The claimed amount must be a positive number."),
        ({"claimed_amount": "douze"}, "claimed_amount", "Enter the amount as a number, for example 12.50."),
        ({"description": "a" * 1_000_000}, "description", "The description is too long (20000 characters at most)."),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_stored(client, db, form_data, changes, field, message):
    form_data.update(changes)

    response = post(client, form_data)

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert row_counts() == NOTHING


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("facture.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),
        ("photo.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("notes.txt", b"<html><body><script>alert(1)</script></body></html>"),
    ],
)
def test_disguised_attachments_are_refused(client, db, form_data, media_root, name, content):
    form_data["attachments"] = [upload(name, content)]

    response = post(client, form_data)

    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == [
        f"“{name}” is not an accepted file type. Accepted: PDF, images (JPEG, PNG, GIF, WebP, HEIC, TIFF), "
        "Word, Excel, PowerPoint, OpenDocument and plain text."
    ]
    assert row_counts() == NOTHING
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_oversized_attachment_is_refused(client, db, form_data, settings):
    settings.DOLEANCES_MAX_ATTACHMENT_BYTES = 1024
    form_data["attachments"] = [upload("big.pdf", PDF + b"0" * 2048)]

    response = post(client, form_data)

    assert response.context["form"].errors["attachments"] == [
        "“big.pdf” is too large (2.0\xa0KB); the limit is 1.0\xa0KB per file."
    ]
    assert row_counts() == NOTHING


def test_too_many_files_are_refused(client, db, form_data, settings):
    form_data["attachments"] = [upload(f"f{i}.pdf", PDF) for i in range(6)]

    response = post(client, form_data)

    assert response.context["form"].errors["attachments"] == ["At most 5 files can be attached."]
    assert row_counts() == NOTHING


def test_good_attachment_with_too_long_description_stores_no_file(client, db, form_data, media_root):
    form_data.update(description="a" * 20_001, attachments=[upload("facture.pdf", PDF)])

    response = post(client, form_data)

    assert response.status_code == 400
    assert row_counts() == NOTHING
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_good_attachment_is_stored(client, db, form_data):
    form_data["attachments"] = [upload("facture.pdf", PDF)]

    post(client, form_data)

    assert Complaint.objects.get().attachments.get().original_name == "facture.pdf"


def test_html_in_text_fields_is_stored_as_is_and_shown_escaped(client, db, form_data):
    script = "<script>alert('x')</script>"
    for name in ("name", "customer_number", "subject", "order_reference"):
        form_data[name] = f"{name} {script}"
    form_data.update(description=f"description {script}", remedy_sought=f"remedy {script}")

    response = post(client, form_data, follow=True)

    complaint = Complaint.objects.select_related("customer").get()
    assert complaint.subject == f"subject {script}"
    assert complaint.description == f"description {script}"
    assert complaint.remedy_sought == f"remedy {script}"
    assert complaint.order_reference == f"order_reference {script}"
    assert complaint.customer.name == f"name {script}"
    assert complaint.customer.customer_number == f"customer_number {script}"
    for page in (response, Client().get(f"/track/{complaint.portal_token}/", HTTP_ACCEPT_LANGUAGE="en")):
        html = page.content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_wrong_csrf_token_gets_a_friendly_page_and_stores_nothing(db, form_data):
    client = Client(enforce_csrf_checks=True)
    client.get("/")
    form_data["csrfmiddlewaretoken"] = "x" * 64

    response = client.post("/", form_data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert "Reload the page, paste your text again and send the form." in response.content.decode()
    assert row_counts() == NOTHING


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
REFUSED_TYPE = (
    "“{}” is not an accepted file type. Accepted: PDF, images (JPEG, PNG, GIF, WebP, HEIC, TIFF), "
    "Word, Excel, PowerPoint, OpenDocument and plain text."
)


def test_every_error_is_told_at_once_the_shape_the_rules_and_the_files(client, db, form_data):
    form_data.update(claimed_amount="quatre-vingts", email="sophie@", attachments=[upload("setup.exe", EXE)])

    response = post(client, form_data)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "claimed_amount": ["Enter the amount as a number, for example 12.50."],
        "email": ["Enter a valid email address."],
        "attachments": [REFUSED_TYPE.format("setup.exe")],
    }
    assert 'value="Facture en double"' in response.content.decode()  # the typed text is kept
    assert row_counts() == NOTHING


def test_each_refused_file_is_named_and_the_good_ones_must_be_chosen_again(client, db, form_data):
    form_data["attachments"] = [upload("facture.pdf", PDF), upload("setup.exe", EXE), upload("photo.pdf", EXE)]

    response = post(client, form_data)

    assert response.context["form"].errors["attachments"] == [
        REFUSED_TYPE.format("setup.exe"),
        REFUSED_TYPE.format("photo.pdf"),
    ]
    notice = "Choose this file again: facture.pdf. A form sent back to you cannot keep the files you had chosen."
    html = response.content.decode()
    assert f'<p class="choose-again" id="choose_files_again">{notice}</p>' in html
    assert f'<li><a href="#id_attachments">{notice}</a></li>' in html  # in the summary at the top too
    assert row_counts() == NOTHING


def test_files_chosen_with_a_field_error_must_be_chosen_again(client, db, form_data):
    form_data.update(subject="", attachments=[upload("facture.pdf", PDF), upload("releve.pdf", PDF)])

    response = post(client, form_data)

    assert response.context["form"].errors == {"subject": ["Enter a subject."]}
    assert (
        "Choose these files again: facture.pdf, releve.pdf. A form sent back to you cannot keep the files you had chosen."
        in response.content.decode()
    )


def test_no_file_chosen_means_no_notice_about_files(client, db, form_data):
    form_data["subject"] = ""

    response = post(client, form_data)

    assert 'id="choose_files_again"' not in response.content.decode()
