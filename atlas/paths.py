"""Where things are: shipped resources and lessons (inside the installed package), user data."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "space-law-atlas"


def _package_dir(package: str, folder: str) -> Path:
    """An installed data package's folder; in a source tree that is not installed, the folder
    beside atlas/ (pyproject maps resources/ and lessons/ to atlas.resources, atlas.lessons)."""
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / folder


def resource_dir() -> Path:
    """The shipped resources folder (plain install, editable install or source tree)."""
    return _package_dir("atlas.resources", "resources")


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def lessons_dir() -> Path:
    return _package_dir("atlas.lessons", "lessons")


def user_data_dir() -> Path:
    """The per-user data directory; SPACE_ATLAS_DATA_DIR overrides it (tests, self-test)."""
    override = os.environ.get("SPACE_ATLAS_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
