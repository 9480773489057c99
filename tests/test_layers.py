"""House rule: atlas/model and atlas/data never import Qt (DESIGN.md, Layers)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "OpenGL", "qtpy", "superqt", "shiboken6")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_model_and_data_sources_import_no_qt():
    offenders = []
    for layer in ("model", "data"):
        for path in sorted((ROOT / "atlas" / layer).rglob("*.py")):
            for lineno, mod in _imports(path):
                if mod.split(".")[0] in QT_MODULES:
                    offenders.append(f"{path.relative_to(ROOT)}:{lineno}: imports {mod}")
    assert not offenders, "\n".join(offenders)


def test_importing_model_and_data_loads_no_qt_at_run_time():
    # Import every module of both layers in a fresh interpreter and check sys.modules.
    mods = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for layer in ("model", "data")
        for p in sorted((ROOT / "atlas" / layer).rglob("*.py"))
    ]
    mods = [m.removesuffix(".__init__") for m in mods]
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"Qt loaded by model/data imports: {out.stdout.strip()}"
