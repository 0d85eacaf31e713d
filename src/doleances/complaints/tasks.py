"""Huey tasks of the complaints app: anchoring the audit chains' heads every hour."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from doleances.complaints.anchors import write_anchors
from doleances.core import clock


@db_periodic_task(crontab(minute="5"))
def anchor_audit_chains() -> dict[str, int | str]:
    run = write_anchors(settings.DOLEANCES_AUDIT_ANCHOR_DIR, at=clock.now())
    return {"complaints": run.complaints, "changed": run.changed, "digest": run.digest}
