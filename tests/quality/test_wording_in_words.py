"""Issue 14 item 9: problems read as sentences, not a statistics log: plurals right, the
significance in words, names as customers wrote them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from doleances.quality.services import detect_problems
from doleances.quality.wording import chance_in_words, surge_summary
from tests.agent.conftest import login
from tests.fixtures.objects import make_user
from tests.quality.conftest import TODAY, complaints_on, days_ago

ONE_EACH = {"window_count": 1, "window_days": 1, "expected": 0.04, "baseline_days": 1, "baseline_count": 1}


def test_one_complaint_is_singular_in_english_and_french():
    with translation.override("en"):
        english = surge_summary(ONE_EACH)
    with translation.override("fr"):
        french = surge_summary(ONE_EACH)

    assert english == "1 complaint in 1 day, where 0.0 were expected from the previous day (1 complaint then)."
    assert (
        french
        == "1 réclamation en 1 jour, alors qu’on en attendait 0,0 d’après le jour précédent (1 réclamation sur cette période)."
    )


@pytest.mark.parametrize(
    ("p_value", "english", "french"),
    [
        (4e-17, "less than one chance in a billion", "moins d’une chance sur un milliard"),
        (3e-7, "less than one chance in a million", "moins d’une chance sur un million"),
        (0.0004, "less than one chance in a thousand", "moins d’une chance sur mille"),
        (0.004, "less than one chance in a hundred", "moins d’une chance sur cent"),
        (0.04, "less than one chance in ten", "moins d’une chance sur dix"),
        (0.3, "quite possible", "tout à fait possible"),
    ],
)
def test_the_significance_is_said_in_words(p_value, english, french):
    with translation.override("en"):
        assert chance_in_words(p_value) == english
    with translation.override("fr"):
        assert chance_in_words(p_value) == french


DEPOT = (
    "Mon colis est bloqué au dépôt de Vénissieux depuis lundi.",
    "Colis toujours au dépôt de Vénissieux, personne ne répond.",
    "Le dépôt de Vénissieux garde mon colis, c'est la troisième fois.",
)


def test_a_cluster_title_keeps_the_names_as_customers_wrote_them(db):
    complaints_on([days_ago(0), days_ago(1), days_ago(1), days_ago(2)], description=DEPOT)

    with translation.override("fr"):
        [problem] = detect_problems(today=TODAY)
    page = login(make_user("quality_manager")).get(reverse("agent:problem_detail", args=[problem.pk])).content.decode()

    assert problem.display_title == "Similar complaints without a category: colis, dépôt, Vénissieux"
    assert "vénissieux" not in page
    assert "3 complaints without a category, received in the last 3 days, say nearly the same thing" in page
