"""Shared fixtures. Every test gets its own user data directory, so nothing touches the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _share_gl_contexts() -> None:
    """Like atlas.ui.app.make_app: pyqtgraph caches shader programs per item class, so every GL
    context must share objects. This must be set before pytest-qt creates the QApplication."""
    try:
        from PySide6.QtCore import QCoreApplication, Qt
    except ImportError:  # the model/data tests need no Qt
        return
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


_share_gl_contexts()
_SNAPSHOT_REL = Path("shared") / "data" / "celestrak-gp-active-2026-07-10.csv"
# beside the checkout (/work/main), or beside the folder of worktrees (/work/wt/<name>)
SNAPSHOT = next((p / _SNAPSHOT_REL for p in ROOT.parents[:2] if (p / _SNAPSHOT_REL).exists()), ROOT.parent / _SNAPSHOT_REL)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    data = tmp_path / "user-data"
    data.mkdir()
    monkeypatch.setenv("SPACE_ATLAS_DATA_DIR", str(data))
    yield data


@pytest.fixture
def snapshot_csv() -> Path:
    """The real CelesTrak snapshot beside the checkout (never committed); skip where absent."""
    if not SNAPSHOT.exists():
        pytest.skip(f"real snapshot not present at {SNAPSHOT} (it lives in ../shared/data beside the checkout)")
    return SNAPSHOT


def make_population(n_leo: int = 150, n_geo: int = 30, epoch: str = "2026-07-10T00:00:00"):
    """A small valid population: circular LEO objects near 550 km and a GEO ring."""
    import numpy as np

    from atlas.model import population as P

    rng = np.random.default_rng(7)
    n = n_leo + n_geo
    a = P.empty(n)
    a["norad"] = np.arange(90000, 90000 + n)
    a["name"] = [f"TEST-LEO-{i}" for i in range(n_leo)] + [f"TEST-GEO-{i}" for i in range(n_geo)]
    a["cospar"] = [f"2026-{i:03d}A" for i in range(n)]
    a["epoch"] = np.datetime64(epoch)
    a["mean_motion"][:n_leo] = 15.06  # about 550 km
    a["mean_motion"][n_leo:] = 1.0027
    a["ecc"] = 0.0002
    a["incl"][:n_leo] = 53.0
    a["incl"][n_leo:] = 0.05
    a["raan"] = rng.uniform(0, 360, n)
    a["argp"] = 90.0
    a["mean_anomaly"] = rng.uniform(0, 360, n)
    a["bstar"] = 1e-5
    a["kind"] = P.PAYLOAD
    a["kind"][::10] = P.DEBRIS
    P.fill_derived(a)
    return a


@pytest.fixture
def small_population():
    from atlas.model.population import Population

    return Population(make_population(), label="test population")
