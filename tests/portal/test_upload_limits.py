"""Bounds on what one request may make the server read or write (issue 13): an oversized body is
refused before it is read, a body longer than it claimed is cut off, extra or oversized files
are not stored, and the form says so while keeping the typed text."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from doleances.core.http_limits import RefusedUpload, RequestSizeMiddleware
from tests.portal.helpers import NOTHING, PDF, row_counts

GIB = 1024**3


@pytest.fixture(autouse=True)
def upload_temp_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings.FILE_UPLOAD_TEMP_DIR


@pytest.mark.parametrize(
    ("language", "title", "limit"),
    [("fr", "Ce que vous avez envoyé est trop volumineux", "51,0\xa0Mio"), ("en", "What you sent is too large", "51.0\xa0MB")],
)
def test_a_body_declared_over_the_limit_gets_a_413_page_in_the_visitors_language_and_is_never_read(
    client, db, form_data, upload_temp_dir, language, title, limit
):
    # The test client's payload refuses to be read past its real length (a few hundred bytes):
    # any read of the declared gibibyte would fail the request instead of answering 413.
    response = client.post("/", form_data, CONTENT_LENGTH=str(GIB), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 413
    assert response["Connection"] == "close"
    html = response.content.decode()
    assert title in html
    assert limit in html
    assert row_counts() == NOTHING
    assert list(upload_temp_dir.iterdir()) == []


def test_the_api_answers_an_oversized_body_with_a_problem(client, db):
    response = client.post(
        "/api/v1/complaints", "{}", content_type="application/json", CONTENT_LENGTH=str(GIB), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (response.status_code, response["Content-Type"]) == (413, "application/problem+json")
    assert json.loads(response.content) == {
        "type": "https://doleances.example/problems/request-too-large",
        "title": "The request body is too large.",
        "status": 413,
        "detail": "At most 51.0\xa0MB can be sent in one request.",
    }


def test_the_track_page_refuses_an_oversized_body_too(client, db):
    response = client.post("/track/some-token/", {"body": "x"}, CONTENT_LENGTH=str(GIB), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 413


def test_a_body_longer_than_it_declared_is_cut_off_at_the_limit(db, settings):
    """A server that hands over more than the declared length (Django's own WSGI stream never
    does) still cannot make us store more than the limit."""
    settings.DOLEANCES_MAX_REQUEST_BYTES = 64 * 1024
    body = encode_multipart(BOUNDARY, {"subject": "s", "attachments": SimpleUploadedFile("big.pdf", PDF + b"0" * 1024 * 1024)})
    request = RequestFactory().generic("POST", "/", body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH="1000")
    request._stream = io.BytesIO(body)  # unbounded: more than the 1000 bytes it claims
    reached_view = []

    response = RequestSizeMiddleware(lambda r: reached_view.append(r) or HttpResponse())(request)

    assert response.status_code == 413
    assert reached_view == []
    assert "attachments" not in request.FILES


def test_a_file_over_the_per_file_limit_is_not_stored_and_is_refused_with_its_size(client, db, form_data, settings):
    settings.DOLEANCES_MAX_ATTACHMENT_BYTES = 1024 * 1024
    form_data["attachments"] = [SimpleUploadedFile("scan.pdf", PDF + b"0" * (4 * 1024 * 1024 - len(PDF)))]

    response = client.post("/", form_data, HTTP_ACCEPT_LANGUAGE="en")
    seen = response.wsgi_request.FILES.getlist("attachments")

    assert response.status_code == 400
    assert [(type(f), f.size) for f in seen] == [(RefusedUpload, 4 * 1024 * 1024)]
    assert response.context["form"].errors["attachments"] == [
        "“scan.pdf” is too large (4.0\xa0MB); the limit is 1.0\xa0MB per file."
    ]
    assert row_counts() == NOTHING


def test_a_hundred_and_one_files_give_a_clear_message_and_keep_the_typed_text(client, db, form_data):
    form_data.update(subject="Cent et un fichiers", attachments=[SimpleUploadedFile(f"f{i}.pdf", PDF) for i in range(101)])

    response = client.post("/", form_data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == ["At most 5 files can be attached."]
    assert 'value="Cent et un fichiers"' in response.content.decode()
    files = response.wsgi_request.FILES.getlist("attachments")
    assert [type(f) for f in files[5:]] == [RefusedUpload] * 96  # the files past the fifth were not kept
    assert row_counts() == NOTHING
