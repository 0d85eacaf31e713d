"""The "New complaint" screen and the customer page (issue 17), through the UI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from doleances.complaints.enums import Channel, CustomerKind
from doleances.complaints.models import Complaint, Customer
from doleances.core import clock
from doleances.core.models import OutboxMessage
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW = "/agent/complaints/new/"
pytestmark = pytest.mark.django_db


def form(**changes) -> dict:
    data = {
        "channel": "phone",
        "customer_kind": "external",
        "name": "Paul Durand",
        "email": "paul@example.org",
        "phone": "06 12 34 56 78",
        "language": "fr",
        "kind": "complaint",
        "words": "Deux prélèvements en novembre.",
        "restatement": "Double prélèvement de novembre, remboursement demandé.",
        "restatement_confirmed": "on",
        "form_nonce": "nonce-1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_screen_opens_for_handlers_with_the_customer_search_first(agent_client):
    page = agent_client.get(NEW).content.decode()
    assert page.index('id="id_customer_q"') < page.index('name="words"')
    assert '<input type="radio" name="channel" value="phone" id="id_channel_0" required checked>' in page  # phone preselected


@pytest.mark.parametrize("role", ["auditor", "contributor", "quality_manager"])
def test_people_who_do_not_handle_complaints_are_refused(role):
    assert login(make_user(role)).get(NEW).status_code == 403
    assert login(make_user(role)).post(NEW, form()).status_code == 403
    assert Complaint.objects.count() == 0


def test_registering_a_phone_complaint_redirects_to_the_case_the_agent_can_see(agent, agent_client):
    response = agent_client.post(NEW, form())
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agent:complaint_detail", args=[complaint.reference])
    assert (complaint.channel, complaint.taken_by, complaint.restatement_confirmed_at is not None) == ("phone", agent, True)
    case = agent_client.get(response["Location"]).content.decode()
    assert f"Complaint {complaint.reference} registered." in case
    assert "Confirmed by the customer" in case
    assert reverse("agent:customer_detail", args=[complaint.customer_id]) in case


def test_sending_the_form_twice_registers_one_complaint(agent_client):
    first = agent_client.post(NEW, form())
    second = agent_client.post(NEW, form())
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1


def test_a_letter_with_its_scan_and_arrival_date(agent_client):
    arrived = (timezone.localdate(clock.now()) - timedelta(days=5)).isoformat()
    response = agent_client.post(
        NEW,
        form(
            channel="letter",
            received_at=arrived,
            restatement="",
            restatement_confirmed=None,
            attachments=[SimpleUploadedFile("lettre.pdf", PDF)],
        ),
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert timezone.localtime(complaint.received_at).date().isoformat() == arrived
    assert complaint.attachments.get().original_name == "lettre.pdf"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"received_at": "2999-01-01"}, "The date of receipt cannot be in the future."),
        ({"received_at": "1989-12-31"}, "The date of receipt cannot be before 1 January 1990: check the year."),
        ({"received_at": "pas une date"}, "Enter a valid date."),
        ({"words": ""}, "This field is required."),
        ({"name": ""}, "This field is required."),
        ({"phone": "12"}, "This phone number is not valid."),
        ({"channel": "web"}, "Select a valid choice."),
        ({"email": "", "send_written_record": "on"}, "The written record is sent by email"),
        ({"restatement": "", "restatement_confirmed": "on"}, "Write the restatement the customer confirmed."),
    ],
)
def test_bad_input_shows_a_clear_error_keeps_what_was_typed_and_writes_nothing(agent_client, changes, message):
    response = agent_client.post(NEW, form(**changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page.replace("&#x27;", "'")
    assert "Deux prélèvements en novembre." in page or changes.get("words") == ""
    assert (Complaint.objects.count(), Customer.objects.count(), OutboxMessage.objects.count()) == (0, 0, 0)


def test_a_refused_file_is_told_and_nothing_is_written(agent_client):
    response = agent_client.post(NEW, form(attachments=[SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")]))
    assert response.status_code == 400
    assert "is not an accepted file type" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_searching_then_choosing_an_existing_customer(agent_client, agent):
    known = make_complaint(name="Jeanne Martin", email="jeanne@example.org").customer
    fragment = agent_client.get("/agent/customers/search/", {"q": "jeanne mar"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert f"?customer={known.pk}" in fragment.content.decode()
    # Without JavaScript the search is the page itself.
    plain = agent_client.get("/agent/customers/search/", {"q": "jeanne"})
    assert plain.status_code == 302
    assert f"?customer={known.pk}" in agent_client.get(plain["Location"]).content.decode()
    chosen = agent_client.get(NEW, {"customer": known.pk}).content.decode()
    assert 'data-testid="chosen-customer"' in chosen
    assert 'name="name"' not in chosen  # no new-customer fields
    response = agent_client.post(NEW, form(customer=str(known.pk), name="", email="", phone=""))
    assert response.status_code == 302
    assert Complaint.objects.filter(customer=known).count() == 2


def test_a_search_that_finds_nobody_says_so(agent_client):
    page = agent_client.get(NEW, {"q": "Zorglub"}).content.decode()
    assert "No customer matches “Zorglub”" in page


def test_an_unknown_customer_id_is_a_clear_error(agent_client):
    response = agent_client.post(NEW, form(customer="999999"))
    assert response.status_code == 400
    assert "This customer record cannot be found any more" in response.content.decode()


def test_registering_an_internal_requester_and_finding_it_in_the_quick_view(agent_client):
    response = agent_client.post(NEW, form(customer_kind="internal", department="Comptabilité", email="", phone=""))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.customer.kind, complaint.customer.department) == (CustomerKind.INTERNAL, "Comptabilité")
    external = make_complaint(subject="Externe")
    listing = agent_client.get("/agent/complaints/", {"requester": "internal", "open": "on"}).content.decode()
    assert complaint.reference in listing
    assert external.reference not in listing
    assert 'aria-current="page">Internal requesters' in listing


def test_the_list_has_a_new_complaint_button_for_handlers_only(agent_client):
    assert 'data-testid="new-complaint"' in agent_client.get("/agent/complaints/").content.decode()
    assert 'data-testid="new-complaint"' not in login(make_user("auditor")).get("/agent/complaints/").content.decode()


def test_the_written_record_is_queued_and_on_the_timeline(agent_client):
    response = agent_client.post(NEW, form(send_written_record="on"))
    assert response.status_code == 302
    assert set(OutboxMessage.objects.values_list("payload__template", flat=True)) == {"acknowledgement", "written_record"}
    case = agent_client.get(response["Location"]).content.decode()
    assert "Written record of the complaint sent for confirmation." in case


# --- Customer page ----------------------------------------------------------------------------


def test_customer_page_lists_the_customer_complaints_in_scope(agent_client, team, other_team):
    mine = make_complaint(team=team, email="paul@example.org", name="Paul", subject="Visible")
    make_complaint(team=other_team, email="paul@example.org", name="Paul", subject="Secret ailleurs")
    page = agent_client.get(reverse("agent:customer_detail", args=[mine.customer_id])).content.decode()
    assert mine.reference in page
    assert "Secret ailleurs" not in page


def test_customer_page_queries_do_not_grow_with_complaints(agent_client, team):
    first = make_complaint(team=team, email="paul@example.org", name="Paul")
    url = reverse("agent:customer_detail", args=[first.customer_id])
    agent_client.get(url)
    with CaptureQueriesContext(connection) as one:
        agent_client.get(url)
    for n in range(3):
        make_complaint(team=team, email="paul@example.org", name="Paul", subject=f"n{n}")
    with CaptureQueriesContext(connection) as four:
        agent_client.get(url)
    assert len(four) == len(one)


def test_merging_from_the_customer_page(supervisor, team):
    kept = make_complaint(team=team, email="paul@example.org", name="Paul Durand").customer
    duplicate = make_complaint(team=team, email="p.durand@example.org", name="P. Durand").customer
    client = login(supervisor)
    page = client.get(reverse("agent:customer_detail", args=[duplicate.pk]), {"merge_q": "paul@example.org"}).content.decode()
    assert f'name="into" value="{kept.pk}"' in page
    response = client.post(reverse("agent:customer_merge", args=[duplicate.pk]), {"into": kept.pk})
    assert response["Location"] == reverse("agent:customer_detail", args=[kept.pk])
    assert Complaint.objects.filter(customer=kept).count() == 2
    # The merged record's page leads to the record kept.
    assert client.get(reverse("agent:customer_detail", args=[duplicate.pk]))["Location"].endswith(f"/customers/{kept.pk}/")
    again = client.post(reverse("agent:customer_merge", args=[duplicate.pk]), {"into": kept.pk})
    assert again.status_code == 400
    assert "already merged" in again.content.decode()


def test_merging_into_itself_is_shown_as_an_error(supervisor, team):
    record = make_complaint(team=team).customer
    response = login(supervisor).post(reverse("agent:customer_merge", args=[record.pk]), {"into": record.pk})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.content.decode()


def test_agents_do_not_see_the_merge_and_may_not_post_it(agent_client, team):
    kept = make_complaint(team=team, email="paul@example.org").customer
    duplicate = make_complaint(team=team, email="p@example.org").customer
    assert (
        'data-testid="customer-merge"' not in agent_client.get(reverse("agent:customer_detail", args=[kept.pk])).content.decode()
    )
    assert agent_client.post(reverse("agent:customer_merge", args=[duplicate.pk]), {"into": kept.pk}).status_code == 403
    assert Customer.objects.filter(merged_into__isnull=False).count() == 0


def test_channel_other_is_offered_for_cases_that_came_another_way(agent_client):
    assert f'value="{Channel.OTHER.value}"' in agent_client.get(NEW).content.decode()
