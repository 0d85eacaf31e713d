"""A detected problem reads in the language of whoever views it, whatever language detection ran in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from doleances.quality.models import Problem
from doleances.quality.services import detect_problems
from tests.agent.conftest import login
from tests.fixtures.objects import make_user
from tests.quality.conftest import TODAY, complaints_on, days_ago

# 12 complaints in the last 3 days; 2 in the 28 days before.
BURST_DAYS = [days_ago(0)] * 5 + [days_ago(1)] * 4 + [days_ago(2)] * 3
QUIET_DAYS = [days_ago(20), days_ago(10)]

EN_TITLE = "<h1>Surge of complaints: Facturation ("
FR_TITLE = "<h1>Pic de réclamations : Facturation ("
EN_RULE = (
    "Poisson upper-tail test of the last 3 days against the 28 days before; proposed when p &lt; 0.01 / number of "
    "categories tested (Bonferroni), at least 5 complaints and at least 2 times the expected count."
)
FR_RULE = (
    "Test de Poisson (queue supérieure) sur les 3 derniers jours comparés aux 28 jours précédents ; un problème est "
    "proposé quand p &lt; 0,01 divisé par le nombre de catégories testées (correction de Bonferroni), avec au moins "
    "5 réclamations et au moins 2 fois le nombre attendu."
)
EN_EVIDENCE = (
    "Facturation: 12 complaints in 3 days, where 0.3 were expected from the previous 28 days (2 complaints then). "
    "44.8 times the usual rate; by coincidence: less than one chance in a billion; frequent terms: "
)
FR_EVIDENCE = (
    "Facturation : 12 réclamations en 3 jours, alors qu’on en attendait 0,3 d’après les 28 jours précédents "
    "(2 réclamations sur cette période). 44,8 fois le rythme habituel ; par hasard : moins d’une chance sur un "
    "milliard ; termes fréquents : "
)


@pytest.fixture
def surge(billing) -> Problem:
    """Detected while French was active: the stored title is French."""
    complaints_on(QUIET_DAYS, category=billing)
    complaints_on(BURST_DAYS, category=billing)
    with translation.override("fr"):
        [problem] = detect_problems(today=TODAY)
    return problem


def pages(client: Client, url: str) -> tuple[str, str]:
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    return english, french


def test_problem_page_words_title_rule_and_evidence_in_the_readers_language(surge):
    assert surge.title.startswith("Pic de réclamations : Facturation (")

    english, french = pages(login(make_user("quality_manager")), reverse("agent:problem_detail", args=[surge.pk]))

    assert [EN_TITLE in english, EN_RULE in english, EN_EVIDENCE in english] == [True, True, True]
    assert [FR_TITLE in french, FR_RULE in french, FR_EVIDENCE in french] == [True, True, True]
    assert "Pic de réclamations" not in english
    assert "Surge of complaints" not in french
    assert '<span lang="en">' not in french  # nothing falls back to the stored English text


def test_problem_list_and_admin_list_show_the_title_in_the_readers_language(surge):
    english, french = pages(login(make_user("quality_manager")), reverse("agent:problem_list"))
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.org", "secret-pass-123"))
    admin_english, admin_french = pages(admin, reverse("admin:quality_problem_changelist"))

    assert ">Surge of complaints: Facturation (" in english
    assert ">Pic de réclamations : Facturation (" in french
    assert ">Surge of complaints: Facturation (" in admin_english
    assert ">Pic de réclamations : Facturation (" in admin_french


def test_an_older_cluster_without_its_minimum_size_falls_back_to_the_stored_english_rule(db):
    complaints_on(
        [days_ago(0), days_ago(0), days_ago(1), days_ago(2)],
        description="Coupure internet depuis lundi dans tout le quartier Saint-Michel, la box ne synchronise plus.",
        subject="Coupure internet quartier Saint-Michel",
    )
    [problem] = detect_problems(today=TODAY)
    evidence = dict(problem.evidence)
    del evidence["min_size"]  # written before the rule was worded when read
    Problem.objects.filter(pk=problem.pk).update(evidence=evidence)

    _english, french = pages(login(make_user("quality_manager")), reverse("agent:problem_detail", args=[problem.pk]))

    stored_rule = (
        "At least 3 complaints without a category in the last 3 days whose texts are similar (TF-IDF cosine &gt;= 0.45)."
    )
    assert f'<span lang="en">{stored_rule}</span>' in french
    assert "<span>4 réclamations sans catégorie en 3 jours, aux textes similaires : " in french
    assert "<h1>Réclamations similaires sans catégorie : " in french
