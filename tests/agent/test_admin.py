"""Django admin: configuration editable, the case file read-mostly, the audit trail read-only."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from doleances.complaints.models import Attachment, ComplaintEvent, Message
from doleances.core import clock
from doleances.core.admin import ReadOnlyAdminMixin
from doleances.core.models import OutboxMessage, OutboxStatus, ReferenceCounter
from doleances.quality.models import Problem
from doleances.quality.services import create_problem

# Rows that only services write: one read-only admin (core.admin) for all of them, whatever the app.
READ_ONLY_MODELS = [ComplaintEvent, Message, Attachment, OutboxMessage, ReferenceCounter, Problem]


@pytest.fixture
def admin_client_en(db) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.create_superuser("root", "root@example.org", "secret-pass-123"))
    return client


def test_every_model_has_its_admin_page(admin_client_en, complaint):
    for name in [
        "complaints_team",
        "complaints_category",
        "complaints_customer",
        "complaints_complaint",
        "complaints_complaintevent",
        "complaints_message",
        "complaints_attachment",
        "core_outboxmessage",
        "core_referencecounter",
    ]:
        assert admin_client_en.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_events_cannot_be_added_changed_or_deleted(admin_client_en, complaint):
    event = ComplaintEvent.objects.filter(complaint=complaint).first()
    assert admin_client_en.get(reverse("admin:complaints_complaintevent_add")).status_code == 403
    assert admin_client_en.get(reverse("admin:complaints_complaintevent_delete", args=[event.pk])).status_code == 403
    page = admin_client_en.get(reverse("admin:complaints_complaintevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda model: model._meta.label)
def test_every_read_only_admin_is_the_core_one(model):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ReadOnlyAdminMixin)
    for inline in model_admin.inlines:
        assert issubclass(inline, ReadOnlyAdminMixin), inline


def test_a_problem_and_its_inlines_are_read_only_even_for_a_superuser(admin_client_en, complaint):
    problem = create_problem(title="Retards", complaints=[complaint], actor=User.objects.get(username="root"))
    assert admin_client_en.get(reverse("admin:quality_problem_add")).status_code == 403
    assert admin_client_en.get(reverse("admin:quality_problem_delete", args=[problem.pk])).status_code == 403
    page = admin_client_en.get(reverse("admin:quality_problem_change", args=[problem.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="_save"' not in body
    # The inlines (linked complaints, history) offer no row to add or delete either.
    assert "add-row" not in body
    assert "-DELETE" not in body


def test_complaint_lifecycle_fields_are_read_only(admin_client_en, complaint):
    form = admin_client_en.get(reverse("admin:complaints_complaint_change", args=[complaint.pk])).context["adminform"].form
    assert "status" not in form.fields
    assert "reference" not in form.fields
    assert "assignee" not in form.fields
    assert set(form.fields) == {"priority", "category", "team", "order_reference"}


def test_outbox_admin_retry_action(admin_client_en, django_capture_on_commit_callbacks):
    at = clock.now()
    row = OutboxMessage.objects.create(
        payload={"to": ["x@example.org"], "subject": "Hi", "body": "…"},
        status=OutboxStatus.DEAD,
        attempts=8,
        next_attempt_at=at,
        created_at=at,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_en.post(
            reverse("admin:core_outboxmessage_changelist"), {"action": "retry", "_selected_action": [row.pk]}
        )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT


def test_admin_edit_of_a_complaint_goes_through_the_audited_service(admin_client_en, complaint):
    url = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    response = admin_client_en.post(
        url, {"priority": "urgent", "category": "", "team": complaint.team_id, "order_reference": "CMD-1"}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.priority, complaint.order_reference) == ("urgent", "CMD-1")
    event = complaint.events.last()
    assert (event.action, event.actor.username) == ("complaint.reclassified", "root")
    assert event.data == {"priority": {"from": "normal", "to": "urgent"}, "order_reference": {"from": "", "to": "CMD-1"}}
