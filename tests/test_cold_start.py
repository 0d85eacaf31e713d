"""A web worker starts without the analysis libraries (issue 16: memory and cold start): numpy,
scipy and scikit-learn (about 110 MB) are imported by the first analysis a process computes
(`doleances.analysis.engines`), not by loading the application and its URLs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("numpy", "scipy", "sklearn", "joblib")

LOAD_THE_WEB_APPLICATION = """
import json, sys
from doleances.wsgi import application  # django.setup(): settings, apps, admin
from django.urls import resolve
resolve("/agent/complaints/")  # the whole URL configuration and every view module
import doleances.urls, doleances.api.urls  # noqa
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:]))
from doleances.analysis import engines
engines.similarity.SimilarityIndex  # the first use loads them
print(json.dumps({"before": heavy, "after": sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:]))}))
"""


def test_loading_the_web_application_imports_no_analysis_library_until_one_is_used(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "doleances.settings", "DOLEANCES_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # loading needs no database
    result = subprocess.run(
        [sys.executable, "-c", LOAD_THE_WEB_APPLICATION, *HEAVY], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["before"] == []
    assert set(seen["after"]) >= {"numpy", "scipy", "sklearn"}
