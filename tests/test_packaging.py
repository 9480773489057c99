"""`pip install .` (not only editable) must install every module and the shipped data."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_python_package_is_listed_for_installation():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "atlas").rglob("__init__.py")}
    missing = sorted(found - listed)
    assert not missing, f"packages a plain install would leave out: {missing}"
    assert {"atlas.resources", "atlas.lessons"} <= listed


def test_shipped_data_is_package_data():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert cfg["package-dir"] == {"atlas.resources": "resources", "atlas.lessons": "lessons"}
    assert cfg["package-data"]["atlas.resources"] == ["**/*"]
    # every data file under resources/ sits in a folder the glob reaches (no hidden files needed)
    assert all(not p.name.startswith(".") for p in (ROOT / "resources").rglob("*"))
