import re

from django.urls import reverse


def test_form_is_french_by_default(client, db):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'lang="en">English</button>' in html  # the switch offers the other language
    assert "Adresse électronique" in html  # a msgid Django's own French catalogue already knows


def test_form_speaks_english_when_switched(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "Send my complaint" in html
    assert "Email address" in html


def test_form_has_every_field_labelled_and_described(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for name in (
        "name",
        "email",
        "phone",
        "customer_number",
        "subject",
        "description",
        "order_reference",
        "remedy_sought",
        "claimed_amount",
        "attachments",
        "consent",
    ):
        assert f'for="id_{name}"' in html, name
    assert re.search(r'<input type="file" name="attachments"[^>]*multiple', html)
    assert 'aria-describedby="id_description_helptext"' in html
    assert 'aria-describedby="contact_helptext' not in html
    assert '<button type="submit" class="button"' in html
    assert 'name="form_nonce"' in html
    assert "You ask us to honour a commitment: a refund, a delivery, a replacement or a repair." in html
    assert "Up to 5 files, 10.0\xa0MB each at most." in html


def test_errors_are_summarised_with_links_to_fields(client, db):
    response = client.post("/", {"form_nonce": "n"}, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary" tabindex="-1"' in html
    assert '<a href="#id_name">Enter your name.</a>' in html
    assert '<a href="#id_kind_0">Choose a complaint or a claim.</a>' in html
    assert 'aria-describedby="id_name_error"' in html
    assert 'aria-invalid="true"' in html
