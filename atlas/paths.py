"""Where things are: shipped resources and lessons (inside the installed package), user data."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "space-law-atlas"


def resource_dir() -> Path:
    """The shipped resources folder (works for editable and plain installs)."""
    return Path(str(resources.files("atlas.resources")))


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def lessons_dir() -> Path:
    return Path(str(resources.files("atlas.lessons")))


def user_data_dir() -> Path:
    """The per-user data directory; SPACE_ATLAS_DATA_DIR overrides it (tests, self-test)."""
    override = os.environ.get("SPACE_ATLAS_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
