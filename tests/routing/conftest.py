"""Arrangements for routing tests: the analysis tests' fresh model folder and categories with keywords."""

from tests.analysis.conftest import categories, data_dir  # noqa: F401 (fixtures)
