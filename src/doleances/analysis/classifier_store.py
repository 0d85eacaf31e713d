"""The active category model (loaded once per process, reloaded when ACTIVE changes) and the
keyword rules administrators keep for the cold start."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from doleances.analysis import engines
from doleances.analysis.models import CategoryKeywords
from doleances.complaints.models import Category
from doleances.nlp.keyword_rules import KeywordRules

_VERSION = re.compile(r"^v(\d+)$")
_lock = threading.Lock()


@dataclass(frozen=True)
class ActiveModel:
    model: engines.classifier.TrainedModel | None
    version: str


_cache: dict[Path, tuple[tuple, ActiveModel]] = {}


def classifier_dir() -> Path:
    return Path(settings.DATA_DIR) / "models" / "classifier"


def similarity_dir() -> Path:
    return Path(settings.DATA_DIR) / "models" / "similarity"


def _active_version(root: Path) -> str:
    active = root / "ACTIVE"
    if active.exists():
        return active.read_text(encoding="utf-8").strip()
    if not root.exists():
        return ""
    versions = sorted((int(m.group(1)), p.name) for p in root.iterdir() if (m := _VERSION.match(p.name)))
    return versions[-1][1] if versions else ""


def active_model() -> ActiveModel:
    """The model named in DATA_DIR/models/classifier/ACTIVE (else the latest), or no model."""
    root = classifier_dir()
    version = _active_version(root)
    model_file = root / version / "model.joblib" if version else None
    key = (version, model_file.stat().st_mtime_ns if model_file and model_file.exists() else None)
    cached = _cache.get(root)
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        loaded = (
            ActiveModel(engines.classifier.load_model(root / version), version) if key[1] is not None else ActiveModel(None, "")
        )
        _cache[root] = (key, loaded)
    return loaded


def keyword_rules() -> KeywordRules | None:
    """Rules from CategoryKeywords of active categories; labels are category names."""
    rules: dict[str, list[str]] = {}
    for entry in CategoryKeywords.objects.filter(category__is_active=True).select_related("category"):
        phrases = entry.phrase_list()
        if phrases:
            rules.setdefault(entry.category.name, []).extend(phrases)
    return KeywordRules(rules) if rules else None


def categories_by_name(names) -> dict[str, Category]:
    """Category for each predicted label (labels are names; the oldest active one wins)."""
    found: dict[str, Category] = {}
    for category in Category.objects.filter(name__in=set(names), is_active=True).order_by("-pk"):
        found[category.name] = category
    return found
