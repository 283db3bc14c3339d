"""Where the console keeps its data and settings.

- data: ``$XDG_DATA_HOME/liveroom-console`` (SQLite database, recordings)
- config: ``$XDG_CONFIG_HOME/liveroom-console`` (user playbooks, lexicons)

``LIVEROOM_HOME`` overrides both (one folder with ``data/`` and ``config/``),
which the tests use to stay out of the real user's folders.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "liveroom-console"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def _home_override() -> Path | None:
    value = os.environ.get("LIVEROOM_HOME")
    return Path(value) if value else None


def data_dir() -> Path:
    home = _home_override()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    home = _home_override()
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'liveroom.sqlite'}"


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)
