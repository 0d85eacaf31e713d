"""Huey tasks of routing: analyse a complaint after it is stored (safe to run twice); rebuild the
similarity index nightly once an administrator has built it (`doleances nlp index`)."""

from datetime import timedelta

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from doleances.complaints.models import Complaint
from doleances.core import clock
from doleances.routing import services
from doleances.routing.classifier_store import similarity_dir
from doleances.routing.similarity_index import build_similarity_index


@db_task()
def analyse_complaint_task(complaint_id: int) -> None:
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is not None:
        services.analyse_complaint(complaint)


@db_periodic_task(crontab(hour="3", minute="20"))
def rebuild_similarity_index() -> None:
    if (similarity_dir() / "ids.json").exists():
        build_similarity_index()


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
