"""Huey tasks of intake: every active mailbox is polled each minute."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task
from huey.exceptions import TaskLockedException

from doleances.intake.mail.imap import poll_all


@db_periodic_task(crontab(minute="*"))
def poll_mailboxes() -> list[dict]:
    # One poll at a time (a slow mailbox must not pile up overlapping polls); a second worker skips.
    try:
        with HUEY.lock_task("poll-mailboxes"):
            return [{"source": r.source, "counts": r.counts, "error": r.error} for r in poll_all()]
    except TaskLockedException:
        return []
