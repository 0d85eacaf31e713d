"""Huey tasks of the core: outbox delivery (after each commit and every minute)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from doleances.core import outbox


@db_task()
def deliver_outbox() -> dict[str, int]:
    return outbox.deliver_due()


@db_periodic_task(crontab(minute="*"))
def deliver_outbox_periodically() -> dict[str, int]:
    return outbox.deliver_due()
