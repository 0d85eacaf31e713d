"""The layers are written down and nothing dodges them: every app sits in an import-linter
contract (`make lint` checks the contracts), and no import of our own code hides inside a function
where the contract would not look for it."""

import ast
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "doleances"
# Django's format definitions (FORMAT_MODULE_PATH): data, no code that imports ours.
NOT_LAYERED = {"doleances.formats"}
# The one module allowed to import inside a function, and why. analysis/engines.py: the nlp
# modules that pull in numpy, scipy and scikit-learn (about 110 MB, a second to import) are loaded
# by the first analysis a process computes, not by every web worker at start (issue 16). Its
# imports are plain `from doleances.nlp import ...` statements, which import-linter still checks;
# the same names under TYPE_CHECKING give mypy the attributes' types.
LAZY_IMPORTS = {"analysis/engines.py": ("__getattr__", "TYPE_CHECKING")}


def contract_modules() -> set[str]:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    named = set()
    for contract in contracts:
        for entry in [*contract.get("layers", []), *contract.get("modules", []), *contract.get("source_modules", [])]:
            named.update(part.strip() for part in entry.replace(":", "|").split("|"))
    return named


def test_every_app_of_ours_is_in_an_import_contract():
    packages = {f"doleances.{path.parent.name}" for path in PACKAGE.glob("*/__init__.py")}
    apps = {app for app in settings.INSTALLED_APPS if app.startswith("doleances.")}
    assert apps <= packages
    assert sorted(packages - NOT_LAYERED - contract_modules()) == []


def hidden_imports(path: Path) -> list[str]:
    """Imports of doleances code below the module's top level, except in an AppConfig.ready() and
    the functions of LAZY_IMPORTS."""
    found = []

    def visit(node: ast.AST, scope: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                visit(child, [*scope, child.name])
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit(child, [*scope, "TYPE_CHECKING"])
                continue
            names = []
            if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module]
            elif isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            ours = [name for name in names if name == "doleances" or name.startswith("doleances.")]
            in_ready = path.name == "apps.py" and scope[-1:] == ["ready"]
            allowed = scope[-1:] and scope[-1] in LAZY_IMPORTS.get(str(path.relative_to(PACKAGE)), ())
            if ours and scope and not in_ready and not allowed:
                found.append(f"{path.relative_to(PACKAGE)}:{child.lineno} ({'.'.join(scope)}) imports {ours[0]}")
            visit(child, scope)

    visit(ast.parse(path.read_text()), [])
    return found


def test_no_import_of_our_code_hides_inside_a_function():
    modules = [path for path in sorted(PACKAGE.rglob("*.py")) if "migrations" not in path.parts]
    assert [line for path in modules for line in hidden_imports(path)] == []
