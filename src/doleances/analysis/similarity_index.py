"""The saved similarity index of complaint texts (DATA_DIR/models/similarity): built by
`doleances nlp index` (and nightly once it exists), loaded once per process, reloaded when saved again."""

from __future__ import annotations

import threading
from pathlib import Path

from doleances.analysis import engines
from doleances.analysis.classifier_store import similarity_dir
from doleances.analysis.text import complaint_text
from doleances.complaints.models import Complaint

_lock = threading.Lock()
_cache: dict[Path, tuple[int, engines.similarity.SimilarityIndex]] = {}


def build_similarity_index(*, chunk_size: int = 2000) -> tuple[Path, int]:
    """Index every complaint's text and save it; returns the folder and the number indexed."""
    index = engines.similarity.SimilarityIndex()
    ids: list[int] = []
    texts: list[str] = []
    complaints = Complaint.objects.order_by("pk").only("subject", "description", "remedy_sought")
    count = 0
    for complaint in complaints.iterator(chunk_size=chunk_size):
        ids.append(complaint.pk)
        texts.append(complaint_text(complaint))
        if len(ids) >= chunk_size:
            index.add(ids, texts)
            count += len(ids)
            ids, texts = [], []
    if ids:
        index.add(ids, texts)
        count += len(ids)
    return index.save(similarity_dir()), count


def rebuild_similarity_index_if_built() -> None:
    """The nightly rebuild: only once an administrator has built the index (`doleances nlp index`)."""
    if (similarity_dir() / "ids.json").exists():
        build_similarity_index()


def nearest(text: str, *, k: int, exclude: tuple = ()) -> dict[int, float]:
    """Nearest indexed complaints (id → cosine), empty when no index was built."""
    root = similarity_dir()
    if not (root / "ids.json").exists():
        return {}
    stamp = max((p.stat().st_mtime_ns for p in root.iterdir()), default=0)
    with _lock:  # loading, and a query may rebuild the index's inverted lists
        cached = _cache.get(root)
        if cached is None or cached[0] != stamp:
            cached = (stamp, engines.similarity.SimilarityIndex.load(root))
            _cache[root] = cached
        found = cached[1].query(text, k=k, exclude=exclude)
    return {int(pk): float(score) for pk, score in found}
