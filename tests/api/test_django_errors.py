"""Errors Django answers itself (outside DRF's handler) are problem+json under /api/, HTML elsewhere."""

from __future__ import annotations

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client, RequestFactory
from rest_framework import exceptions

from doleances.api.django_errors import bad_request
from doleances.api.problems import problem_exception_handler

PROBLEM = "application/problem+json"


@pytest.mark.urls("tests.api.crashing_urls")
def test_an_unexpected_error_under_api_is_a_500_problem_without_internals(db):
    response = Client(raise_request_exception=False).get("/api/v1/crash")

    assert (response.status_code, response["Content-Type"]) == (500, PROBLEM)
    assert response.json() == {
        "type": "https://doleances.example/problems/server-error",
        "title": "Internal server error.",
        "status": 500,
        "detail": "Le serveur n’a pas pu répondre à cette requête ; l’erreur a été journalisée.",
    }


@pytest.mark.urls("tests.api.crashing_urls")
def test_an_unexpected_error_elsewhere_keeps_the_html_page(db):
    response = Client(raise_request_exception=False).get("/crash")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_refused_host_header_under_api_is_a_400_problem(db):
    response = Client().get("/api/v1/complaints", headers={"Host": "evil.example"})

    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)
    assert response.json()["type"] == "https://doleances.example/problems/bad-request"


def test_a_refused_host_header_elsewhere_keeps_the_html_page(db):
    response = Client().get("/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_too_many_query_fields_is_a_400_problem(api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"f{n}=1" for n in range(11))

    response = api.get(f"/api/v1/complaints?{query}")

    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)


def test_a_body_too_large_seen_outside_the_parser_is_a_413_problem():
    response = bad_request(RequestFactory().post("/api/v1/complaints"), RequestDataTooBig())

    assert (response.status_code, response["Content-Type"]) == (413, PROBLEM)


def test_a_throttle_without_wait_still_says_when_to_retry():
    response = problem_exception_handler(exceptions.Throttled(wait=0), {})

    assert (response.status_code, response["Retry-After"]) == (429, "1")
