"""Huey tasks of routing: analyse and route a complaint after it is stored (safe to run twice), and
catch up on complaints whose analysis was lost. The nightly rebuild of the similarity index is
`analysis.tasks.rebuild_similarity_index`."""

from datetime import timedelta

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from doleances.analysis.similarity_index import rebuild_similarity_index_if_built
from doleances.complaints.models import Complaint
from doleances.core import clock
from doleances.routing import services


@db_task()
def analyse_complaint_task(complaint_id: int) -> None:
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is not None:
        services.analyse_complaint(complaint)


@db_periodic_task(crontab(minute="*/10"))
def analyse_missed_complaints() -> int:
    """Catch up on complaints whose after-commit analysis was lost (a process killed between the
    commit and the enqueue): the last 7 days, oldest first, 500 at a time."""
    since = clock.now() - timedelta(days=7)
    missing = list(
        Complaint.objects.filter(registered_at__gte=since, analysis__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    if missing:
        services.analyse_complaints(missing)
    return len(missing)


# Huey names a task by its module: a queue filled before the analysis app existed may still hold
# this name (the periodic task now lives in analysis.tasks). Not periodic here, so it never runs twice.
@db_task()
def rebuild_similarity_index() -> None:
    rebuild_similarity_index_if_built()
