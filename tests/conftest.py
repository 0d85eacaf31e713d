"""Test harness: settings in tests/settings.py; real servers and factories as fixtures."""

import pytest
from django.conf import settings
from django.utils import translation

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.objects", "tests.fixtures.dovecot"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the caches: each test starts with none."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language (French): a request handled by an earlier
    test must not leave its language active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def role_groups(transactional_db) -> None:
    """The role groups the data migration creates: a transactional test that ran earlier on this
    worker flushed them with every other row."""
    from django.contrib.auth.models import Group

    from doleances.complaints.roles import ALL_ROLES

    for name in ALL_ROLES:
        Group.objects.get_or_create(name=name)
