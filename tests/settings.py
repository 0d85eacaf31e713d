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

# `force_login` and the browser tests of other screens sign in with the password alone; the tests of
# the second factor (tests/agent/signin/) put back the production default, PRODUCTION_2FA_ROLES.
PRODUCTION_2FA_ROLES = list(DOLEANCES_2FA_REQUIRED_ROLES)  # noqa: F405 (from doleances.settings)

DOLEANCES_2FA_REQUIRED_ROLES: list[str] = []
