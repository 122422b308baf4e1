"""Where the data newsflow ships lives: the SQL of the views and the default config.

An installed wheel holds them as package data (newsflow/sql, newsflow/config: pyproject.toml maps the
repository's top-level sql/ and config/ there at build time), found through importlib.resources. A
source checkout installed in editable mode has them at the top of the repository instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT_DIR = Path(__file__).resolve().parent.parent


def shipped_dir(name: str) -> Path:
    """The folder `name` ("sql" or "config") of this installation; an error if it has none."""
    packaged = Path(str(resources.files("newsflow") / name))
    for candidate in (packaged, _CHECKOUT_DIR / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"newsflow's {name}/ folder is missing (looked in {packaged}): reinstall newsflow")


def sql_dir() -> Path:
    return shipped_dir("sql")


def config_dir() -> Path:
    return shipped_dir("config")
