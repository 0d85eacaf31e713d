"""Test harness: settings in tests/settings.py; real servers and factories as fixtures."""

import pytest
from django.conf import settings
from django.utils import translation

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.objects"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language (French): a request handled by an earlier
    test must not leave its language active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
