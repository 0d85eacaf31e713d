"""Huey tasks of the API: forgetting expired idempotency keys, every night."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from doleances.api import idempotency
from doleances.core import clock


@db_periodic_task(crontab(hour="4", minute="10"))
def purge_idempotency_keys() -> int:
    return idempotency.purge_expired(at=clock.now())
