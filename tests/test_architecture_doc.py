"""docs/architecture.md is what the next engineer reads first: it must name every app."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "doleances"


def test_every_app_has_its_line_in_the_architecture_page():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    apps = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name not in {"locale", "formats"})
    missing = [name for name in apps if f"  {name}/" not in page]
    assert "complaints" in apps
    assert not missing, f"docs/architecture.md does not describe: {missing}"


def test_the_readme_links_to_it():
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
