"""Huey names a task after its module: messages a deployment queued before the analysis app existed
still run after the upgrade, and the nightly rebuild of the similarity index is scheduled once."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY
from huey.registry import Message

from doleances.analysis.classifier_store import similarity_dir
from doleances.analysis.models import ComplaintAnalysis
from doleances.analysis.similarity_index import build_similarity_index
from tests.fixtures.objects import make_complaint


def run_queued(name: str, **kwargs) -> None:
    """Run a message as an older deployment serialised it into the queue."""
    message = Message(id=str(uuid.uuid4()), name=name, eta=None, retries=0, retry_delay=0, priority=None, args=(), kwargs=kwargs)
    HUEY.execute(HUEY.deserialize_task(HUEY.serializer.serialize(message)))


def indexed_ids() -> list[int]:
    return json.loads((similarity_dir() / "ids.json").read_text(encoding="utf-8"))["ids"]


def test_a_queued_analysis_of_an_old_deployment_still_runs(db, categories):
    complaint = make_complaint(description="Ma facture de mars compte deux fois l'abonnement.")
    ComplaintAnalysis.objects.filter(complaint=complaint).delete()

    run_queued("doleances.routing.tasks.analyse_complaint_task", complaint_id=complaint.pk)

    assert ComplaintAnalysis.objects.get(complaint=complaint).suggested_category == categories["billing"]


def test_a_queued_index_rebuild_of_an_old_deployment_still_runs(db):
    first = make_complaint(description="Mon colis n'est jamais arrivé.")
    build_similarity_index()
    second = make_complaint(description="Le livreur a laissé le paquet dehors.")

    run_queued("doleances.routing.tasks.rebuild_similarity_index")

    assert indexed_ids() == [first.pk, second.pk]


def test_the_catch_up_keeps_its_name_and_the_index_is_rebuilt_once_a_night():
    autodiscover_modules("tasks")  # what the worker (`run_huey`) does before it schedules
    at_night = dt.datetime(2026, 12, 3, 3, 20)
    due = sorted(HUEY._registry.task_to_string(type(task)) for task in HUEY.read_periodic(at_night))
    assert "doleances.routing.tasks.analyse_missed_complaints" in due
    assert [name for name in due if name.endswith("rebuild_similarity_index")] == [
        "doleances.analysis.tasks.rebuild_similarity_index"
    ]
