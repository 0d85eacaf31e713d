"""The analysis libraries, loaded in the process that computes an analysis (issue 16).

`doleances.nlp.classifier`, `doleances.nlp.similarity` and `doleances.nlp.surges` import numpy,
scipy and scikit-learn: about 110 MB and a second per process. The Django side reaches them only
through this module's attributes, each imported on first use:

    from doleances.analysis import engines
    index = engines.similarity.SimilarityIndex.load(root)

so that a web worker holds them only once it has computed something with them (a case page's
similar texts, a training, a problem detection); the background worker, which analyses every
new complaint, loads them on its first job. The imports below are the one exception to "no
import inside a function" outside AppConfig.ready() (tests/test_layers.py says why); they are
ordinary imports, so the import-linter contracts still see them.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from doleances.nlp import classifier, similarity, surges

__all__ = ["classifier", "similarity", "surges"]


def __getattr__(name: str) -> ModuleType:
    if name == "classifier":
        from doleances.nlp import classifier as module
    elif name == "similarity":
        from doleances.nlp import similarity as module
    elif name == "surges":
        from doleances.nlp import surges as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = module  # later reads find it without calling this again
    return module
