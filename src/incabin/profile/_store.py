"""The interface every profile store implements (SQLite, PostgreSQL, guest).

Stores speak in driver ids (the case-folded name) and typed ``Preference`` rows; the
catalogue has already validated every value they are given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from incabin.profile._models import Preference

# Reads the driver's current preferences and returns the keys to write (a Preference)
# or delete (None). Runs inside the store's transaction, with the driver locked.
Change = Callable[[Mapping[str, Preference]], Mapping[str, Preference | None]]


class ProfileStore(Protocol):
    """Where drivers and their preferences live."""

    @property
    def persistent(self) -> bool:
        """False for a store that forgets everything when closed (guest mode)."""
        ...

    def ensure_driver(self, driver_id: str, name: str) -> str:
        """Create the driver if new; return the stored display name."""
        ...

    def drivers(self) -> list[str]:
        """Display names of every stored driver, in the order they were created."""
        ...

    def driver_name(self, driver_id: str) -> str | None:
        """The display name of a stored driver, or None."""
        ...

    def delete_driver(self, driver_id: str) -> bool:
        """Erase a driver, their preferences and key assignments; False if unknown."""
        ...

    def driver_for_identifier(self, identifier: str) -> str | None:
        """The driver id a key or seat identifier is assigned to, or None."""
        ...

    def assign_identifier(self, identifier: str, driver_id: str) -> None:
        """Point a key or seat identifier at a driver (replacing any earlier one)."""
        ...

    def unassign_identifier(self, identifier: str) -> bool:
        """Drop a key or seat identifier; False if it was not assigned."""
        ...

    def load(self, driver_id: str) -> dict[str, Preference]:
        """The driver's preferences by key (empty for an unknown driver)."""
        ...

    def clear(self, driver_id: str) -> int:
        """Erase every preference row of a driver; returns how many there were."""
        ...

    def transact(self, driver_id: str, name: str, change: Change) -> None:
        """Apply ``change`` atomically: all its writes and deletes, or none if it raises."""
        ...

    def close(self) -> None:
        """Release connections; a guest store forgets everything."""
        ...
