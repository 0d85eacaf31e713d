"""Every route of the URLconf and of the API schema, for every role and an anonymous visitor, on
complaints inside and outside their scope: nothing leaks (guarantee 4).

A route missing from ROUTE_RULES fails `test_every_route_has_a_rule`: a new view needs a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from doleances.api.keys import create_api_key
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.core.models import OutboxMessage
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from tests.fixtures.objects import make_team, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# What guards each named route. Kinds:
#   public        anyone (the form, health, language switch, login, API docs and schema)
#   token         the customer's secret portal token is the credential
#   staff         any staff member; a list that must only show what the person may see
#   case          a complaint page or action, by reference: 404 outside the person's scope
#   supervision   supervisors, administrators and superusers only
#   api           an API key; 404 outside the key's teams
#   admin         Django admin: superusers (is_staff) only
#   quality       systemic problems: quality managers, supervisors, administrators; auditors read
#   signin        the signed-in person's own second-factor steps; anonymous visitors go to the login
#                 (tests/agent/signin/)
#   administration  administrators and superusers only (the mail intake's quarantine)
#   register      complaint handlers only (agents, supervisors, administrators): the assisted intake
#                 and its customer search (tests/agent/test_new_complaint.py)
#   customer      a customer page: 404 outside the person's customer scope; only complaints in scope shown
#   customer_merge  supervisors, administrators and superusers only; 404 outside the customer scope
#   webhook       an email provider's signature or basic-auth secret is the credential; 404 for a provider
#                 not configured (tests/intake/mail/test_webhooks.py)
#   signed        a post source's HMAC signature is the credential (no session, no API key counts); 404 for
#                 an unknown, inactive or unconfigured source (tests/intake/posts/test_webhook.py)
ROUTE_RULES = {
    "healthz": "public",
    "set_language": "public",
    "portal:complaint_form": "public",
    "portal:track": "token",
    "portal:confirmation": "token",
    "portal:attachment": "token",
    "portal:remedy_response": "token",
    "portal:withdraw": "token",
    "portal:survey": "token",  # the survey's own random token (tests/answers/test_survey.py)
    "portal:lost_link": "public",
    "agent:home": "staff",
    "agent:login": "public",
    "agent:logout": "public",
    "agent:two_factor_verify": "signin",
    "agent:two_factor_enrol": "signin",
    "agent:password_reset": "public",
    "agent:password_reset_done": "public",
    "agent:password_reset_confirm": "public",
    "agent:password_reset_complete": "public",
    "admin_login": "public",
    "agent:complaint_list": "staff",
    "agent:complaint_bulk": "staff",  # POST; each case fetched through the access scope (tests/agent/test_bulk.py)
    "agent:complaint_detail": "case",
    "agent:complaint_take": "case",
    "agent:complaint_assign": "case",
    "agent:complaint_note": "case",
    "agent:complaint_reply": "case",
    "agent:complaint_transition": "case",
    "agent:complaint_merge": "case",
    "agent:complaint_category_accept": "case",
    "agent:complaint_category_correct": "case",
    "agent:complaint_typology": "case",
    "agent:complaint_extend": "case",
    "agent:attachment_download": "case",
    "agent:complaint_answer": "case",
    "agent:complaint_renew_link": "case",
    "agent:complaint_survey_reopen": "case",
    "agent:sent_mail": "supervision",
    "agent:sent_mail_detail": "supervision",
    "agent:outbox": "supervision",
    "agent:outbox_retry": "supervision",
    "agent:quarantine": "administration",
    "agent:quarantine_reprocess": "administration",
    "agent:quarantine_raw": "administration",
    "intake:mail_webhook": "webhook",
    "api:inbound_post": "signed",
    "agent:problem_list": "quality",
    "agent:problem_detail": "quality",
    "agent:problem_decide": "quality",
    "agent:terms": "staff",
    "agent:complaint_new": "register",
    "agent:customer_search": "register",
    "agent:customer_detail": "customer",
    "agent:customer_merge": "customer_merge",
    "api:complaint_list": "api",
    "api:complaint_detail": "api",
    "api:complaint_messages": "api",
    "api:complaint_answer": "api",
    "api:schema": "public",
    "api:docs": "public",
    "api:not_found": "public",
}


def walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or '<unnamed>'}", prefix + str(pattern.pattern)


def test_every_route_has_a_rule():
    unruled = []
    for name, route in walk(get_resolver().url_patterns):
        if name and name.startswith("admin:"):
            continue  # Django admin guards itself (is_staff); checked below
        if name not in ROUTE_RULES:
            unruled.append((name, route))
    assert unruled == [], "add these routes to ROUTE_RULES with the rule that guards them"


def test_every_api_schema_path_has_a_rule(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    resolver = get_resolver()
    for path in schema["paths"]:
        match = resolver.resolve(path.replace("{reference}", "REC-2026-000001"))
        assert ROUTE_RULES.get(f"{match.namespace}:{match.url_name}") == "api", path


@dataclass
class World:
    inside: Complaint  # team A
    outside: Complaint  # team B
    people: dict
    secrets: dict = field(default_factory=dict)  # API keys by name


@pytest.fixture
def world(db) -> World:
    team_a, team_b = make_team("Équipe A"), make_team("Équipe B")
    contributor = make_user("contributor", username="commercial")
    inside = receive_complaint(
        CustomerDetails(name="Client A", email="a@example.org"),
        ComplaintDetails(subject="Secret A", description="Dossier de l'équipe A", consent=True),
        attachments=[SimpleUploadedFile("a.pdf", PDF)],
    )
    outside = receive_complaint(
        CustomerDetails(name="Client B", email="b@example.org"),
        ComplaintDetails(subject="Secret B", description="Dossier de l'équipe B", consent=True),
        attachments=[SimpleUploadedFile("b.pdf", PDF)],
    )
    Complaint.objects.filter(pk=inside.pk).update(team=team_a)
    Complaint.objects.filter(pk=outside.pk).update(team=team_b)
    inside.customer.account_manager = contributor
    inside.customer.save()
    people = {
        "anonymous": None,
        "no_role": make_user(username="norole"),
        "agent_a": make_user("agent", username="agent_a", teams=(team_a,)),
        "supervisor_a": make_user("supervisor", username="sup_a", teams=(team_a,)),
        "contributor_a": contributor,
        "quality": make_user("quality_manager", username="quality"),
        "auditor": make_user("auditor", username="auditor"),
        "administrator": make_user("administrator", username="administrator"),
    }
    inside.refresh_from_db()
    outside.refresh_from_db()
    return World(inside, outside, people)


SEES_BOTH = {"quality", "auditor", "administrator"}
SEES_INSIDE = {"agent_a", "supervisor_a", "contributor_a"} | SEES_BOTH
SUPERVISES = {"supervisor_a", "administrator"}
CASE_ACTIONS = ["take", "assign", "note", "reply", "transition", "merge", "typology", "answer", "portal-link", "survey/reopen"]


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def snapshot() -> tuple:
    return (
        ComplaintEvent.objects.count(),
        OutboxMessage.objects.count(),
        list(Complaint.objects.order_by("pk").values_list("status", "assignee_id")),
    )


@pytest.mark.parametrize(
    "role", ["anonymous", "no_role", "agent_a", "supervisor_a", "contributor_a", "quality", "auditor", "administrator"]
)
def test_staff_pages_show_nothing_outside_scope(world, role):
    client = client_for(world.people[role])
    for complaint, visible in ((world.inside, role in SEES_INSIDE), (world.outside, role in SEES_BOTH)):
        base = f"/agent/complaints/{complaint.reference}/"
        attachment = complaint.attachments.get()
        for url in (base, f"{base}attachments/{attachment.pk}/"):
            response = client.get(url)
            if role == "anonymous":
                assert response.status_code == 302, url
                assert "/agent/login/" in response["Location"], url
            elif role == "no_role":
                assert response.status_code == 403, url
            else:
                assert response.status_code == (200 if visible else 404), (role, url)
        # Another complaint's attachment id under this reference: never served.
        other = (world.outside if complaint == world.inside else world.inside).attachments.get()
        assert client.get(f"{base}attachments/{other.pk}/").status_code in (302, 403, 404)

        before = snapshot()
        for action in CASE_ACTIONS:
            response = client.post(f"{base}{action}/", {"action": "close", "body": "x", "into": world.inside.reference})
            if role == "anonymous":
                assert response.status_code == 302, action
            elif role == "no_role":
                assert response.status_code == 403, action
            elif not visible:
                assert response.status_code == 404, (role, action)
            else:
                assert response.status_code != 500, (role, action)
        if role in ("anonymous", "no_role", "auditor") or not visible:
            assert snapshot() == before, role

    listing = client.get("/agent/complaints/", {"q": world.outside.reference})
    if role in ("anonymous", "no_role"):
        assert listing.status_code in (302, 403)
    else:
        assert listing.status_code == 200
        # The search box echoes the query; a row is a link to the case.
        shown = f"/agent/complaints/{world.outside.reference}/" in listing.content.decode()
        assert shown == (role in SEES_BOTH), role
        assert ("Secret B" in listing.content.decode()) == (role in SEES_BOTH), role


@pytest.mark.parametrize(
    "role", ["anonymous", "no_role", "agent_a", "supervisor_a", "contributor_a", "quality", "auditor", "administrator"]
)
def test_supervision_pages_are_for_supervisors_and_scoped(world, role, django_capture_on_commit_callbacks):
    from doleances.core import outbox_worker

    outbox_worker.deliver_due()  # the acknowledgements become sent mail files
    client = client_for(world.people[role])
    for url in ("/agent/mail/", "/agent/outbox/"):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
        elif role in SUPERVISES:
            assert response.status_code == 200
            if role == "supervisor_a":
                assert world.outside.reference not in response.content.decode()
        else:
            assert response.status_code == 403, (role, url)
    row = OutboxMessage.objects.filter(complaint_reference=world.outside.reference).first()
    response = client.post(f"/agent/outbox/{row.pk}/retry/")
    assert response.status_code in ({302} if role == "anonymous" else {403} if role not in SUPERVISES else {302, 404, 409, 400})


ADMINISTERS = {"administrator"}


@pytest.mark.parametrize(
    "role", ["anonymous", "no_role", "agent_a", "supervisor_a", "contributor_a", "quality", "auditor", "administrator"]
)
def test_quarantine_pages_are_for_administrators_only(world, role):
    from doleances.intake.mail.services import receive_mail
    from doleances.intake.models import InboundMail, InboundStatus

    kept = receive_mail(b"Subject: no sender at all\r\n\r\nSecret Q", origin="import").mail
    client = client_for(world.people[role])
    responses = [
        client.get("/agent/inbound/quarantine/"),
        client.get(f"/agent/inbound/quarantine/{kept.pk}/raw/"),
        client.post(f"/agent/inbound/quarantine/{kept.pk}/reprocess/"),
    ]
    codes = [r.status_code for r in responses]
    if role == "anonymous":
        assert codes == [302, 302, 302]
    elif role not in ADMINISTERS:
        assert codes == [403, 403, 403], role
    else:
        assert codes == [200, 200, 302]
        assert b"Secret Q" in b"".join(responses[1].streaming_content)
    assert InboundMail.objects.get(pk=kept.pk).status == InboundStatus.QUARANTINED  # still unreadable
    assert InboundMail.objects.get(pk=kept.pk).attempts == (2 if role in ADMINISTERS else 1)


QUALITY_READERS = {"supervisor_a", "quality", "auditor", "administrator"}
QUALITY_DECIDERS = QUALITY_READERS - {"auditor"}


@pytest.mark.parametrize(
    "role", ["anonymous", "no_role", "agent_a", "supervisor_a", "contributor_a", "quality", "auditor", "administrator"]
)
def test_problem_pages_are_for_quality_roles_and_show_only_visible_complaints(world, role):
    from doleances.quality.models import Problem, ProblemStatus
    from doleances.quality.services import create_problem

    problem = create_problem(title="Dérive", complaints=[world.inside, world.outside], actor=world.people["quality"])
    client = client_for(world.people[role])
    pages = [client.get("/agent/problems/"), client.get(f"/agent/problems/{problem.pk}/")]
    decided = client.post(f"/agent/problems/{problem.pk}/decide/", {"decision": "dismiss", "note": "isolé"})
    if role == "anonymous":
        assert [r.status_code for r in (*pages, decided)] == [302, 302, 302]
    elif role not in QUALITY_READERS:
        assert [r.status_code for r in (*pages, decided)] == [403, 403, 403], role
    else:
        assert [r.status_code for r in pages] == [200, 200], role
        detail = pages[1].content.decode()
        assert ("Secret A" in detail, "Secret B" in detail) == (True, role in SEES_BOTH), role
        assert decided.status_code == (302 if role in QUALITY_DECIDERS else 403), role
    expected = ProblemStatus.DISMISSED if role in QUALITY_DECIDERS else ProblemStatus.CONFIRMED
    assert Problem.objects.get(pk=problem.pk).status == expected, role


@pytest.mark.parametrize("role", ["anonymous", "no_role", "agent_a", "auditor"])
def test_admin_is_for_superusers_only(world, role):
    client = client_for(world.people[role])
    for url in ("/admin/", f"/admin/complaints/complaint/{world.outside.pk}/change/", "/admin/complaints/complaintevent/"):
        response = client.get(url)
        assert response.status_code == 302, (role, url)
        assert "/admin/login/" in response["Location"], (role, url)


def one_character_off(token: str) -> str:
    """The token with its last character changed, to another of its alphabet (never itself)."""
    return token[:-1] + ("y" if token[-1] == "x" else "x")


@pytest.mark.parametrize("last_character", ["x", "A"])  # "x" is what the altered token used to end with
def test_portal_token_is_the_only_key(world, client, last_character):
    Complaint.objects.filter(pk=world.inside.pk).update(portal_token=world.inside.portal_token[:-1] + last_character)
    world.inside.refresh_from_db()
    assert client.get(f"/track/{world.inside.portal_token}/").status_code == 200
    assert client.get(f"/track/{one_character_off(world.inside.portal_token)}/").status_code == 404
    wrong = one_character_off(world.inside.portal_token)
    for action in ("remedy", "withdraw"):  # the answer's portal actions: the same 404 for a wrong token
        assert client.post(f"/track/{wrong}/{action}/", {"confirm": "on"}).status_code == 404
    assert client.get(f"/track/{world.inside.reference}/").status_code == 404
    other_attachment = world.outside.attachments.get()
    assert client.get(f"/track/{world.inside.portal_token}/documents/{other_attachment.pk}/").status_code == 404
    page = client.get(f"/track/{world.inside.portal_token}/").content.decode()
    assert "Secret B" not in page
    assert world.outside.reference not in page


def test_api_keys_see_only_their_teams(world):
    team_a = world.inside.team
    key_a = create_api_key(name="crm-a", teams=[team_a]).secret
    for key, expected in ((None, 401), ("dol_wrong", 401), (key_a, None)):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
        client = Client()
        listing = client.get("/api/v1/complaints", **headers)
        inside = client.get(f"/api/v1/complaints/{world.inside.reference}", **headers)
        outside = client.get(f"/api/v1/complaints/{world.outside.reference}", **headers)
        post_outside = client.post(
            f"/api/v1/complaints/{world.outside.reference}/messages", {"body": "x"}, content_type="application/json", **headers
        )
        if expected == 401:
            assert {listing.status_code, inside.status_code, outside.status_code, post_outside.status_code} == {401}
        else:
            assert listing.status_code == 200
            assert [c["reference"] for c in listing.json()["results"]] == [world.inside.reference]
            assert (inside.status_code, outside.status_code, post_outside.status_code) == (200, 404, 404)


@pytest.mark.parametrize(
    "role", ["anonymous", "no_role", "agent_a", "supervisor_a", "contributor_a", "quality", "auditor", "administrator"]
)
def test_words_page_never_counts_words_outside_scope(world, role):
    # A word only team B's complaints use, twice (the page lists words used in at least two complaints).
    Complaint.objects.filter(pk=world.outside.pk).update(description="Zorglub zorglub dans le dossier B")
    Complaint.objects.filter(pk=world.inside.pk).update(description="Dossier dossier de l'équipe A")
    for source, text in ((world.outside, "Zorglub encore"), (world.inside, "Dossier encore")):
        source = Complaint.objects.select_related("customer").get(pk=source.pk)
        again = receive_complaint(
            CustomerDetails(name=source.customer.name, email=source.customer.email),
            ComplaintDetails(subject="Suite", description=text, consent=True),
        )
        Complaint.objects.filter(pk=again.pk).update(team=source.team_id)
    response = client_for(world.people[role]).get("/agent/terms/", {"period": "7"})
    if role == "anonymous":
        assert response.status_code == 302
    elif role == "no_role":
        assert response.status_code == 403
    else:
        page = response.content.decode().lower()
        assert response.status_code == 200, role
        assert ("zorglub" in page) == (role in SEES_BOTH), role
        assert ("dossier" in page) == (role in SEES_INSIDE), role


# --- Assignment never widens a case's scope (issue 13 item 4) ------------------------------------
# Who may be given team A's case: a handler who already sees it (a member of team A, or a role
# that sees every team). Never an API key's service user, whatever its key's teams.
ASSIGNABLE_INSIDE = {"agent_a", "supervisor_a", "administrator"}
CANDIDATES = [
    "agent_a",
    "supervisor_a",
    "administrator",
    "agent_b",
    "supervisor_b",
    "service_a",
    "service_b",
    "contributor_a",
    "quality",
    "auditor",
    "no_role",
]


# What the refused assignment says (the English UI; "only a complaint handler…" otherwise).
REFUSAL_REASONS = {
    "service_a": "an API key&#x27;s service account",
    "service_b": "an API key&#x27;s service account",
    "contributor_a": "the customer&#x27;s account manager or on-site technician",
}


@pytest.fixture
def assignable_world(world) -> World:
    team_b = world.outside.team
    key_a = create_api_key(name="crm-a", teams=[world.inside.team])
    key_b = create_api_key(name="crm-b", teams=[team_b])
    world.secrets |= {"crm-a": key_a.secret, "crm-b": key_b.secret}
    world.people |= {
        "agent_b": make_user("agent", username="agent_b", teams=(team_b,)),
        "supervisor_b": make_user("supervisor", username="sup_b", teams=(team_b,)),
        "service_a": key_a.api_key.user,
        "service_b": key_b.api_key.user,
    }
    return world


def assign_options(page: str) -> set[str]:
    """The people the case page's "assign to" list offers (not the "nobody" choice)."""
    select = page.split('<select name="assignee" id="id_assignee">', 1)[1].split("</select>", 1)[0]
    return {value for value in re.findall(r'<option value="(\d+)"', select)}


def test_the_assign_list_offers_exactly_who_may_be_assigned(assignable_world):
    world = assignable_world
    page = client_for(world.people["supervisor_a"]).get(f"/agent/complaints/{world.inside.reference}/")

    offered = assign_options(page.content.decode())

    assert offered == {str(world.people[name].pk) for name in ASSIGNABLE_INSIDE}


@pytest.mark.parametrize("candidate", CANDIDATES)
def test_a_case_is_assigned_only_to_who_already_sees_it(assignable_world, candidate):
    world = assignable_world
    person = world.people[candidate]
    client = client_for(world.people["supervisor_a"])

    response = client.post(f"/agent/complaints/{world.inside.reference}/assign/", {"assignee": person.pk})

    world.inside.refresh_from_db()
    if candidate in ASSIGNABLE_INSIDE:
        assert response.status_code == 302, candidate
        assert world.inside.assignee == person
    else:
        assert response.status_code == 400, candidate
        assert REFUSAL_REASONS.get(candidate, "only a complaint handler of its team") in response.content.decode()
        assert world.inside.assignee is None
        assert not world.inside.events.filter(action="complaint.assigned").exists()


def test_a_service_user_refused_as_assignee_still_cannot_read_or_write_the_case(assignable_world):
    world = assignable_world
    client_for(world.people["administrator"]).post(
        f"/agent/complaints/{world.inside.reference}/assign/", {"assignee": world.people["service_b"].pk}
    )

    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.secrets['crm-b']}"}
    api = Client()
    assert api.get(f"/api/v1/complaints/{world.inside.reference}", **headers).status_code == 404
    posted = api.post(
        f"/api/v1/complaints/{world.inside.reference}/messages", {"body": "x"}, content_type="application/json", **headers
    )
    assert posted.status_code == 404
    assert world.inside.messages.count() == 0


# --- Assisted intake and customer pages (issue 17) ------------------------------------------------
REGISTERS = {"agent_a", "supervisor_a", "administrator"}


@pytest.mark.parametrize(
    "role", ["anonymous", "no_role", "agent_a", "supervisor_a", "contributor_a", "quality", "auditor", "administrator"]
)
def test_new_complaint_screen_and_customer_search_are_for_handlers(world, role):
    client = client_for(world.people[role])
    before = Complaint.objects.count()
    responses = [
        client.get("/agent/complaints/new/"),
        client.get("/agent/customers/search/", {"q": "Client"}, headers={"HX-Request": "true"}),
        client.post(
            "/agent/complaints/new/",
            {
                "channel": "phone",
                "name": "Intrus",
                "words": "x",
                "customer_kind": "external",
                "language": "fr",
                "kind": "complaint",
            },
        ),
    ]
    codes = [r.status_code for r in responses]
    if role == "anonymous":
        assert codes == [302, 302, 302]
    elif role not in REGISTERS:
        assert codes == [403, 403, 403], role
        assert Complaint.objects.count() == before
    else:
        assert codes == [200, 200, 302], role
        # The search finds customers (identity only), never their complaints.
        assert "Secret B" not in responses[1].content.decode()


@pytest.mark.parametrize(
    "role", ["anonymous", "no_role", "agent_a", "supervisor_a", "contributor_a", "quality", "auditor", "administrator"]
)
def test_customer_pages_show_only_complaints_in_scope_and_merge_is_for_supervisors(world, role):
    client = client_for(world.people[role])
    inside, outside = world.inside.customer, world.outside.customer
    pages = {c: client.get(f"/agent/customers/{c.pk}/") for c in (inside, outside)}
    merged = client.post(f"/agent/customers/{outside.pk}/merge/", {"into": inside.pk})
    if role == "anonymous":
        assert [r.status_code for r in (*pages.values(), merged)] == [302, 302, 302]
    elif role == "no_role":
        assert [r.status_code for r in (*pages.values(), merged)] == [403, 403, 403]
    elif role == "contributor_a":  # only the customer they manage
        assert (pages[inside].status_code, pages[outside].status_code, merged.status_code) == (200, 404, 404)
    else:
        assert (pages[inside].status_code, pages[outside].status_code) == (200, 200), role
        assert ("Secret B" in pages[outside].content.decode()) == (role in SEES_BOTH), role
        assert ("Secret A" in pages[inside].content.decode()) == (role in SEES_INSIDE), role
        # A supervisor of team A does not see team B's complaint of that record: refused.
        assert merged.status_code == {"administrator": 302, "supervisor_a": 400}.get(role, 403), role
    moved = Complaint.objects.get(pk=world.outside.pk).customer_id == inside.pk
    assert moved == (role == "administrator"), role


@pytest.mark.parametrize(
    "role", ["anonymous", "no_role", "agent_a", "supervisor_a", "contributor_a", "quality", "auditor", "administrator"]
)
def test_a_post_sources_webhook_takes_only_its_signature(world, role, monkeypatch):
    from doleances.intake.models import InboundPost, PostSource

    monkeypatch.setenv("DOLEANCES_TEST_MATRIX_SECRET", "matrix-secret")
    PostSource.objects.create(name="chat", channel="chat", secret_variable="DOLEANCES_TEST_MATRIX_SECRET")
    key = create_api_key(name=f"crm-{role}", teams=[world.inside.team]).secret
    before = snapshot()
    client = client_for(world.people[role])
    unsigned = client.post("/api/v1/inbound/chat", {"text": "x"}, content_type="application/json")
    with_key = client.post(
        "/api/v1/inbound/chat", {"text": "x"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    unknown = client.post("/api/v1/inbound/nope", {"text": "x"}, content_type="application/json")
    assert (unsigned.status_code, with_key.status_code, unknown.status_code) == (401, 401, 404)
    assert snapshot() == before
    assert not InboundPost.objects.exists()
