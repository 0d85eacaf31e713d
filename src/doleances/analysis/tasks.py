"""Huey tasks of the analysis: rebuild the similarity index nightly once an administrator has built
it (`doleances nlp index`). Analysing a new complaint is routing's task (it routes it too)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from doleances.analysis.similarity_index import rebuild_similarity_index_if_built


@db_periodic_task(crontab(hour="3", minute="20"))
def rebuild_similarity_index() -> None:
    rebuild_similarity_index_if_built()
