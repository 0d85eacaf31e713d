"""Huey tasks of the quality domain: detection of systemic problems, every hour."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from doleances.quality import services


@db_periodic_task(crontab(minute="7"))
def detect_problems_hourly() -> list[int]:
    """Safe to run twice: a second run updates the same proposals."""
    return [problem.pk for problem in services.detect_problems()]
