"""Huey tasks of intake: every active mailbox is polled each minute."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.exceptions import TaskLockedException

from doleances.intake.mail.imap import poll_all
from doleances.routing import services as routing


@db_task()
def analyse_imported_complaints(complaint_ids: list[int]) -> None:
    """A batch of imported complaints analysed in one go (safe to run twice)."""
    routing.analyse_complaints(complaint_ids)


@db_periodic_task(crontab(minute="*"))
def poll_mailboxes() -> list[dict]:
    # One poll at a time (a slow mailbox must not pile up overlapping polls); a second worker skips.
    try:
        with HUEY.lock_task("poll-mailboxes"):
            return [{"source": r.source, "counts": r.counts, "error": r.error} for r in poll_all()]
    except TaskLockedException:
        return []
