"""Errors of the profile layer.

    ProfileError
    ├── UnknownPreference      a key that is not in the catalogue
    ├── InvalidPreference      a value outside what the key allows
    ├── InvalidDriver          an empty or over-long driver name / key identifier
    ├── StoreError             the store cannot be used
    │   ├── StoreUnavailable   cannot connect, bad URL, missing database driver
    │   ├── CorruptStore       the SQLite file is damaged, empty or not a database
    │   ├── ForeignStore       the database belongs to another application
    │   └── SchemaTooNew       written by a newer incabin; left untouched

Nothing is stored when one of these is raised.
"""

from __future__ import annotations

from typing import Any

from incabin._errors import IncabinError


class ProfileError(IncabinError):
    """Base of the profile layer's errors."""


class UnknownPreference(ProfileError):
    """A preference key that the catalogue does not define."""

    def __init__(self, key: str, suggestion: str | None = None) -> None:
        hint = f" Did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"There is no preference called {key!r}.{hint}")
        self.key = key
        self.suggestion = suggestion


class InvalidPreference(ProfileError):
    """A value that the preference key does not allow."""

    def __init__(self, key: str, value: Any, problem: str) -> None:
        super().__init__(f"{value!r} is not a valid value for {key}: {problem}")
        self.key = key
        self.value = value
        self.problem = problem


class InvalidDriver(ProfileError):
    """A driver name or key identifier that cannot be used."""


class StoreError(ProfileError):
    """The profile store cannot be used."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened (bad URL, server down, missing driver)."""


class CorruptStore(StoreError):
    """The SQLite file is damaged, empty (0 bytes) or not a database; it is left as it is."""


class ForeignStore(StoreError):
    """The database holds another application's data; it is left as it is."""


class SchemaTooNew(StoreError):
    """The store was written by a newer incabin than this one; it is left as it is."""
