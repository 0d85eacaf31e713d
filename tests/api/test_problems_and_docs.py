"""problem+json for every error; OpenAPI schema and offline docs."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework import exceptions

from doleances.api.problems import problem_exception_handler
from doleances.core.errors import Conflict, DoleancesError


def test_get_on_a_post_only_route_is_405_problem(api, complaint):
    response = api.get(f"/api/v1/complaints/{complaint.reference}/messages")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "POST, OPTIONS"
    assert response.json()["type"] == "https://doleances.example/problems/method-not-allowed"


def test_an_unknown_api_url_is_a_404_problem(anonymous):
    response = anonymous.get("/api/v2/whatever")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "https://doleances.example/problems/not-found",
        "title": "Not found.",
        "status": 404,
        "detail": response.json()["detail"],
    }


@pytest.mark.parametrize(
    ("exc", "status", "slug", "headers"),
    [
        (exceptions.Throttled(wait=30), 429, "too-many-requests", {"Retry-After": "30"}),
        (exceptions.PermissionDenied(), 403, "permission-denied", {}),
        (exceptions.NotAcceptable(), 406, "not-acceptable", {}),
        (Conflict("transition_not_allowed", "Not now."), 409, "transition-not-allowed", {}),
        (DoleancesError("merge_needs_target", "Give a target."), 400, "merge-needs-target", {}),
    ],
)
def test_the_handler_maps_each_exception_to_a_problem(exc, status, slug, headers):
    response = problem_exception_handler(exc, {})

    assert response.status_code == response.data["status"] == status
    assert response.data["type"] == f"https://doleances.example/problems/{slug}"
    assert response.content_type == "application/problem+json"
    assert {name: response[name] for name in headers} == headers


def test_an_unexpected_error_is_left_to_django(db):
    assert problem_exception_handler(RuntimeError("bug"), {}) is None


def test_the_schema_declares_the_bearer_scheme_and_the_endpoints(anonymous):
    response = anonymous.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    assert {"/api/v1/complaints", "/api/v1/complaints/{reference}", "/api/v1/complaints/{reference}/messages"} <= set(
        schema["paths"]
    )
    create = schema["paths"]["/api/v1/complaints"]["post"]
    assert create["security"] == [{"ApiKey": []}]
    assert "Idempotency-Key" in {parameter["name"] for parameter in create["parameters"]}
    assert {"201", "200", "400", "401", "409", "415"} <= set(create["responses"])


def test_the_schema_is_valid_openapi_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"), stderr=StringIO())
    assert "/api/v1/complaints" in (tmp_path / "schema.yaml").read_text()


def test_the_docs_page_loads_everything_from_this_server(anonymous):
    response = anonymous.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html) + re.findall(r"""url:\s*["']([^"']+)["']""", html)
    assert urls
    assert [url for url in urls if re.match(r"^(https?:)?//", url)] == []
    assets = [url for url in urls if url.startswith("/static/")]
    assert any("swagger-ui" in url for url in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_docs_without_slash_redirects_to_the_docs(anonymous):
    response = anonymous.get("/api/docs")

    assert response.status_code == 301
    assert response["Location"] == "/api/docs/"
