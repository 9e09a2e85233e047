"""Where voc keeps its files: the XDG rule, overridable by environment variables."""

import os
from pathlib import Path

APP = "voc"


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    return Path(value) if value else Path.home() / fallback


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / APP


def cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache") / APP


def config_dir() -> Path:
    """`VOC_CONFIG_DIR` wins (tests and portable set-ups), then `$XDG_CONFIG_HOME/voc`."""
    explicit = os.environ.get("VOC_CONFIG_DIR")
    return Path(explicit) if explicit else _xdg("XDG_CONFIG_HOME", ".config") / APP


def db_path(explicit: str | Path | None = None) -> Path:
    """The database file: `--db`, then `VOC_DB`, then `voc.db` in the data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("VOC_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "voc.db"
