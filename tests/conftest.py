"""Shared fixtures. Every test gets its own user data directory, so nothing touches the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT.parent / "shared" / "data" / "celestrak-gp-active-2026-07-10.csv"


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
