"""Huey tasks of the answers: the satisfaction surveys and their reminder, every ten minutes."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from doleances.answers import surveys


@db_periodic_task(crontab(minute="*/10"))
def send_surveys() -> dict[str, list[int]]:
    """Safe to run twice: a complaint gets one survey and one reminder."""
    return {"sent": surveys.send_due_surveys(), "reminded": surveys.send_survey_reminders()}
