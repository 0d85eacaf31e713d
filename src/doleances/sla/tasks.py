"""The deadline sweep every minute, and the recompute of open complaints after a policy edit."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from doleances.core import clock
from doleances.sla.services import recompute_open_complaints
from doleances.sla.sweep import sweep


@db_periodic_task(crontab(minute="*"))
def sweep_deadlines() -> None:
    sweep(at=clock.now())


@db_task()
def recompute_open_complaints_task(reason: str) -> None:
    recompute_open_complaints(at=clock.now(), reason=reason)
