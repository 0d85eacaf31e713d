"""problem+json for every error; OpenAPI schema and offline docs."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework import exceptions

from doleances.api.problems import problem_exception_handler
from doleances.core.errors import Conflict, DoleancesError, Forbidden


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
        (Forbidden("permission_denied", "Not yours."), 403, "permission-denied", {}),
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


def _operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, operation) for path, methods in schema["paths"].items() for method, operation in methods.items()]


def test_every_error_an_operation_can_give_is_declared_as_problem_json(anonymous):
    schema = anonymous.get("/api/schema/", {"format": "json"}).json()

    declared = {}
    for path, method, operation in _operations(schema):
        errors = {code: response for code, response in operation["responses"].items() if code >= "400"}
        assert {code: list(response["content"]) for code, response in errors.items()} == {
            code: ["application/problem+json"] for code in errors
        }
        declared[method.upper(), path] = sorted(errors)
    assert declared == {
        ("GET", "/api/v1/complaints"): ["400", "401", "406", "429", "500"],
        ("POST", "/api/v1/complaints"): ["400", "401", "406", "409", "413", "415", "429", "500"],
        ("GET", "/api/v1/complaints/{reference}"): ["400", "401", "404", "406", "429", "500"],
        ("POST", "/api/v1/complaints/{reference}/messages"): ["400", "401", "404", "406", "409", "413", "415", "429", "500"],
        ("POST", "/api/v1/complaints/{reference}/answer"): ["400", "401", "404", "406", "409", "413", "415", "429", "500"],
    }


def test_every_429_promises_retry_after_and_every_401_the_challenge(anonymous):
    schema = anonymous.get("/api/schema/", {"format": "json"}).json()

    for _path, _method, operation in _operations(schema):
        assert operation["responses"]["429"]["headers"]["Retry-After"] == {
            "schema": {"type": "integer"},
            "description": "Seconds to wait before the next request.",
            "required": True,
        }
        assert operation["responses"]["401"]["headers"]["WWW-Authenticate"]["required"] is True


def test_the_list_parameters_declare_that_an_empty_value_is_refused(anonymous):
    schema = anonymous.get("/api/schema/", {"format": "json"}).json()

    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/complaints"]["get"]["parameters"]}
    bounds = {
        name: (s["type"], s.get("format"), s.get("minLength"), s.get("minimum"), s.get("maximum"))
        for name, s in parameters.items()
    }
    assert bounds == {  # "" is not an integer nor a date-time: those refuse an empty value by their type
        "cursor": ("string", None, 1, None, None),
        "page_size": ("integer", None, None, 1, 200),
        "status": ("string", None, 1, None, None),
        "team": ("integer", "int64", None, 1, 2**63 - 1),
        "updated_since": ("string", "date-time", None, None, None),
    }
