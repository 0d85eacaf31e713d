"""A database made by the migrations before the analysis app (routing 0002: the analysis models in
routing's tables) upgrades without losing a row, a key or a permission (issue 15 item 2).

The test database is taken back to that state (analysis unapplied, routing at 0002), filled through
the historical models, then migrated forward to the latest migrations; what was there is compared
with what the current models read. Runs on SQLite and PostgreSQL alike (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from doleances.analysis.models import CategoryKeywords, ComplaintAnalysis, CustomerTypology
from doleances.complaints.models import Category, Complaint
from doleances.routing.models import RoutingRule
from tests.fixtures.objects import make_complaint, make_team, make_user

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_ANALYSIS_APP = [("routing", "0002_customer_profile_labels_follow_seed_003"), ("analysis", None)]
MOVED = {"ComplaintAnalysis": ComplaintAnalysis, "CategoryKeywords": CategoryKeywords, "CustomerTypology": CustomerTypology}
AT = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)


def migrate(targets) -> object:
    """Apply or unapply migrations up to `targets`; the historical models of the state reached."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()  # the migrations change content types behind the cache
    return state.apps


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def rows(model) -> list[dict]:
    """Every column of every row, by primary key (foreign keys as ids)."""
    columns = [field.attname for field in model._meta.concrete_fields]
    return list(model.objects.order_by("pk").values(*columns))


def granted(who) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in who.permissions.select_related("content_type"))


@pytest.fixture
def old_apps(arranged):
    """The database as the migrations before the analysis app left it; the latest schema again after."""
    ComplaintAnalysis.objects.all().delete()  # what intake analysed on its own: the test writes its rows
    CustomerTypology.objects.all().delete()
    apps = migrate(BEFORE_THE_ANALYSIS_APP)
    yield apps
    migrate(latest())


@pytest.fixture
def arranged(transactional_db):
    """Complaints, categories, a person and a team to point at: tables the move does not touch."""
    billing, delivery = Category.objects.create(name="Facturation"), Category.objects.create(name="Livraison")
    first = make_complaint(email="jeanne@example.org", description="Ma facture de mars compte deux fois l'abonnement.")
    second = make_complaint(email="paul@example.org", description="Mon colis n'est jamais arrivé.")
    return {"billing": billing, "delivery": delivery, "first": first, "second": second, "agent": make_user(username="alice")}


def fill_old_tables(apps, arranged) -> None:
    """One or more rows in every moved model, every foreign key set, written as routing 0002 knew them."""
    first, second = arranged["first"], arranged["second"]
    analysis = apps.get_model("routing", "ComplaintAnalysis")
    common = {"language": "fr", "fingerprint": "0123456789abcdef", "analysed_at": AT, "risk_level": "high"}
    analysis.objects.create(
        complaint_id=first.pk,
        suggested_category_id=arranged["billing"].pk,
        category_confidence=0.87,
        category_source="rules",
        alternatives=[["Livraison", 0.13]],
        tone="angry",
        tone_score=0.9,
        tone_evidence=[{"phrase": "deux fois", "start": 30, "end": 39, "kind": "intensity"}],
        risk_flags={"churn": [{"phrase": "résilier", "start": 3, "end": 11}]},
        risk_score=72,
        facts={"dates": [{"text": "mars"}]},
        missing_facts=["reference"],
        category_decision="accepted",
        decided_by_id=arranged["agent"].pk,
        decided_at=AT,
        **common,
    )
    analysis.objects.create(complaint_id=second.pk, tone="calm", is_vague=True, **common)
    keywords = apps.get_model("routing", "CategoryKeywords")
    keywords.objects.create(category_id=arranged["billing"].pk, phrases="facture*\nprélèvement")
    keywords.objects.create(category_id=arranged["delivery"].pk, phrases="colis\nlivr*")
    typology = apps.get_model("routing", "CustomerTypology")
    typology.objects.create(
        customer_id=first.customer_id,
        suggested="procedurier",
        confidence=0.6,
        evidence=[{"phrase": "mise en demeure", "kind": "procedurier"}],
        confirmed="klaxon",
        updated_at=AT,
    )
    typology.objects.create(customer_id=second.customer_id, updated_at=AT)
    apps.get_model("routing", "RoutingRule").objects.create(
        name="Menace juridique", risk_flag="legal", set_team_id=make_team("Juridique").pk, set_priority="urgent"
    )


def old_rows(apps) -> dict[str, list[dict]]:
    return {name: rows(apps.get_model("routing", name)) for name in MOVED} | {
        "RoutingRule": rows(apps.get_model("routing", "RoutingRule"))
    }


def grant_old_permissions(arranged, keywords_pk: int) -> dict:
    """What an administrator may have granted on the moved models: to a role group, to a custom
    group, to one person directly; and an admin history entry pointing at a keyword row."""
    # The three moved models only (routing has other models of its own since issue 18).
    moved = Permission.objects.filter(content_type__app_label="routing", content_type__model__in=[m.lower() for m in MOVED])
    assert moved.count() == 12  # add, change, delete, view × 3 models, under routing's content types
    role, _created = Group.objects.get_or_create(name="administrator")
    role.permissions.add(*moved.filter(codename__in=["change_categorykeywords", "view_complaintanalysis"]))
    role.permissions.add(Permission.objects.get(content_type__app_label="routing", codename="change_routingrule"))
    configurators = Group.objects.create(name="configurators")
    configurators.permissions.add(*moved)
    person = arranged["agent"]
    person.user_permissions.add(moved.get(codename="change_customertypology"))
    entry = LogEntry.objects.create(
        user=person,
        content_type=ContentType.objects.get(app_label="routing", model="categorykeywords"),
        object_id=str(keywords_pk),
        object_repr="Facturation",
        action_flag=CHANGE,
    )
    return {"role": granted(role), "configurators": granted(configurators), "person": granted_to(person), "log": entry.pk}


def granted_to(user) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in user.user_permissions.select_related("content_type"))


def as_analysis(names: list[str]) -> list[str]:
    moved = {model.lower() for model in MOVED}
    return sorted(n.replace("routing.", "analysis.", 1) if n.split("_", 1)[1] in moved else n for n in names)


@pytest.fixture
def filled(arranged, old_apps) -> dict:
    """The old database with rows in every moved model and permissions granted on them."""
    fill_old_tables(old_apps, arranged)
    keywords = old_apps.get_model("routing", "CategoryKeywords").objects.get(category_id=arranged["billing"].pk)
    return {
        "rows": old_rows(old_apps),
        "grants": grant_old_permissions(arranged, keywords.pk),
        "content_types": dict(ContentType.objects.filter(app_label="routing").values_list("model", "pk")),
    }


def assert_nothing_lost(arranged, filled) -> None:
    before, grants = filled["rows"], filled["grants"]
    after = {name: rows(model) for name, model in MOVED.items()} | {"RoutingRule": rows(RoutingRule)}
    # Rules keep every column they had; the columns added since (issue 18) hold their defaults.
    after["RoutingRule"] = [{column: row[column] for column in before["RoutingRule"][0]} for row in after["RoutingRule"]]
    assert after == before
    first, second = (Complaint.objects.get(pk=arranged[key].pk) for key in ("first", "second"))
    assert (first.analysis.suggested_category, first.analysis.decided_by) == (arranged["billing"], arranged["agent"])
    assert (first.customer.typology.confirmed, second.customer.typology.suggested) == ("klaxon", "")
    assert Category.objects.get(pk=arranged["delivery"].pk).keywords.phrase_list() == ["colis", "livr*"]
    # One content type per moved model, under analysis; each with its four permissions, still granted.
    assert sorted(ContentType.objects.filter(app_label="analysis").values_list("model", flat=True)) == sorted(
        model.lower() for model in MOVED
    )
    moved_names = [name.lower() for name in MOVED]  # none of the moved models is left under routing
    assert not ContentType.objects.filter(app_label="routing", model__in=moved_names).exists()
    assert ContentType.objects.filter(app_label="routing", model="routingrule").exists()
    assert Permission.objects.filter(content_type__app_label="analysis").count() == 12
    assert granted(Group.objects.get(name="administrator")) == as_analysis(grants["role"])
    assert granted(Group.objects.get(name="configurators")) == as_analysis(grants["configurators"])
    assert granted_to(User.objects.get(pk=arranged["agent"].pk)) == ["analysis.change_customertypology"]
    person = User.objects.get(pk=arranged["agent"].pk)  # a fresh instance: permissions are cached
    assert person.has_perm("analysis.change_customertypology")
    assert LogEntry.objects.get(pk=grants["log"]).get_edited_object() == CategoryKeywords.objects.get(
        category=arranged["billing"]
    )
    # New rows continue after the old ones (PostgreSQL's identity sequence followed the table).
    third = make_complaint(email="lea@example.org", description="Le conseiller a raccroché.")
    assert ComplaintAnalysis.objects.get(complaint=third).pk > max(row["id"] for row in before["ComplaintAnalysis"])


def test_an_old_database_keeps_every_analysis_row_key_and_permission(arranged, filled):
    migrate(latest())

    assert_nothing_lost(arranged, filled)
    # The very content type rows moved (their ids are what permissions and the admin history hold).
    assert dict(ContentType.objects.filter(app_label="analysis").values_list("model", "pk")) == {
        model: pk for model, pk in filled["content_types"].items() if model in [name.lower() for name in MOVED]
    }


def test_content_types_made_early_by_a_partial_migrate_are_merged_with_the_old_ones(arranged, filled):
    # `migrate complaints` with the new code runs post_migrate for every app: the analysis content
    # types and their permissions exist, empty, before analysis 0001 runs.
    create_contenttypes(django_apps.get_app_config("analysis"), verbosity=0)
    create_permissions(django_apps.get_app_config("analysis"), verbosity=0)
    assert Permission.objects.filter(content_type__app_label="analysis").count() == 12

    migrate(latest())

    assert_nothing_lost(arranged, filled)
