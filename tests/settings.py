"""Settings for the test suite: a throw-away data folder per process, Huey in immediate mode."""

import os
import tempfile

os.environ.setdefault("DOLEANCES_DATA_DIR", tempfile.mkdtemp(prefix="doleances-test-"))
os.environ["DOLEANCES_HUEY_IMMEDIATE"] = "1"

from doleances.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests

if CACHES["counters"]["BACKEND"].endswith("SQLiteCounterCache"):  # noqa: F405
    # The data folder is shared by the xdist workers (the environment variable is inherited):
    # each worker clears its counters before every test, so each keeps its own file.
    CACHES["counters"]["LOCATION"] = os.path.join(tempfile.mkdtemp(prefix="doleances-counters-"), "counters.sqlite3")  # noqa: F405
