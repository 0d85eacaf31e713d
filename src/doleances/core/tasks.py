"""Huey tasks of the core: outbox delivery (after each commit and every minute)."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.signals import SIGNAL_INTERRUPTED

from doleances.core import outbox_worker


@db_task()
def deliver_outbox() -> dict[str, int]:
    return outbox_worker.deliver_due()


@db_periodic_task(crontab(minute="*"))
def deliver_outbox_periodically() -> dict[str, int]:
    return outbox_worker.deliver_due()


@HUEY.signal(SIGNAL_INTERRUPTED)
def release_outbox_claims(signal: str, task: object, *args: object, **kwargs: object) -> None:
    """The consumer stops (SIGTERM, also from `doleances serve`) with a delivery under way: its rows
    go back to the queue now instead of staying leased for five minutes."""
    outbox_worker.release_claims()
