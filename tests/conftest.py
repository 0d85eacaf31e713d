"""Test harness: settings in tests/settings.py; real servers and factories as fixtures."""

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.objects"]
