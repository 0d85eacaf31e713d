"""Test harness: a throw-away data folder, Huey in immediate mode, real servers as fixtures."""

import os
import tempfile

os.environ.setdefault("DOLEANCES_DATA_DIR", tempfile.mkdtemp(prefix="doleances-test-"))
os.environ["DOLEANCES_HUEY_IMMEDIATE"] = "1"

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.objects"]
