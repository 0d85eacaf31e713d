"""A complaint whose after-commit analysis was lost is analysed by the periodic catch-up."""

from doleances.analysis.models import ComplaintAnalysis
from doleances.routing.tasks import analyse_missed_complaints
from tests.fixtures.objects import make_complaint


def test_periodic_catch_up_analyses_what_was_missed(db):
    complaint = make_complaint(description="Je vais résilier mon abonnement, c'est inadmissible !")  # on_commit never ran
    assert not ComplaintAnalysis.objects.filter(complaint=complaint).exists()
    assert analyse_missed_complaints.call_local() == 1
    assert ComplaintAnalysis.objects.get(complaint=complaint).risk_flags.keys() >= {"churn"}
    assert analyse_missed_complaints.call_local() == 0
