"""Where incabin keeps its files and how it reads ``INCABIN_*`` settings."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def home_dir() -> Path:
    """The folder for the model cache, the profile database and other state.

    ``INCABIN_HOME`` overrides the per-user cache folder.
    """
    raw = os.environ.get("INCABIN_HOME")
    path = Path(raw).expanduser() if raw else Path(platformdirs.user_cache_dir("incabin"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def setting(name: str, default: str) -> str:
    """Read ``INCABIN_<NAME>`` from the environment, falling back to ``default``."""
    return os.environ.get(f"INCABIN_{name.upper()}", default)
