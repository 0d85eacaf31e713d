"""Staff screens in English write dates one way only: "16 Dec 2026", never "12/16/2026"."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import translation

from doleances.agent.views.terms import TermsForm
from tests.fixtures.objects import make_complaint

# A Wednesday; the answer is due ten business days later, on Wednesday 16 December 2026.
RECEIVED = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_list_shows_short_dates_with_the_month_in_words(db, agent_client, team):
    complaint = make_complaint(team=team, at=RECEIVED)

    page = agent_client.get(reverse("agent:complaint_list")).content.decode()

    assert complaint.reference in page
    assert ">2 Dec 2026</time>" in page
    assert 'title="2 December 2026, 10:00"' in page
    assert "16 Dec 2026" in page
    assert "12/02/2026" not in page
    assert "Dec. 2" not in page


def test_case_page_shows_dates_and_times_on_a_24_hour_clock(db, agent_client, team):
    complaint = make_complaint(team=team, at=RECEIVED)

    page = agent_client.get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()

    assert "<dd>2 Dec 2026, 10:00</dd>" in page
    assert "16 Dec 2026" in page
    assert "a.m." not in page
    assert "p.m." not in page


def test_a_date_picker_gets_an_iso_value_in_french_too():
    # A browser's date input ignores any other value: "01/11/2026" would show an empty picker.
    with translation.override("fr"):
        form = TermsForm(initial={"start": date(2026, 11, 1)}, today=date(2026, 12, 2))
        assert 'type="date" name="start" value="2026-11-01"' in str(form["start"])
