"""The guest store: keeps preferences in memory for one session and writes nothing."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from incabin.profile._catalogue import CATALOGUE
from incabin.profile._models import Preference
from incabin.profile._store import Change


@dataclass
class _Driver:
    name: str
    preferences: dict[str, Preference] = field(default_factory=dict)


class GuestStore:
    """A ProfileStore that lives and dies with the session: nothing touches the disk."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._drivers: dict[str, _Driver] = {}
        self._identifiers: dict[str, str] = {}

    @property
    def persistent(self) -> bool:
        """Always False: a guest store forgets everything when closed."""
        return False

    def ensure_driver(self, driver_id: str, name: str) -> str:
        """Create the driver if new; return the stored display name."""
        with self._lock:
            return self._drivers.setdefault(driver_id, _Driver(name)).name

    def drivers(self) -> list[str]:
        """Display names of every driver of this session, oldest first."""
        with self._lock:
            return [d.name for d in self._drivers.values()]

    def driver_name(self, driver_id: str) -> str | None:
        """The display name of a driver of this session, or None."""
        with self._lock:
            found = self._drivers.get(driver_id)
            return None if found is None else found.name

    def delete_driver(self, driver_id: str) -> bool:
        """Drop a driver and their key assignments."""
        with self._lock:
            self._identifiers = {k: v for k, v in self._identifiers.items() if v != driver_id}
            return self._drivers.pop(driver_id, None) is not None

    def driver_for_identifier(self, identifier: str) -> str | None:
        """The driver id a key or seat identifier is assigned to, or None."""
        with self._lock:
            return self._identifiers.get(identifier)

    def assign_identifier(self, identifier: str, driver_id: str) -> None:
        """Point a key or seat identifier at a driver."""
        with self._lock:
            self._identifiers[identifier] = driver_id

    def unassign_identifier(self, identifier: str) -> bool:
        """Drop a key or seat identifier; False if it was not assigned."""
        with self._lock:
            return self._identifiers.pop(identifier, None) is not None

    def load(self, driver_id: str) -> dict[str, Preference]:
        """The driver's preferences by key, in catalogue order."""
        with self._lock:
            found = self._drivers.get(driver_id)
            prefs = {} if found is None else found.preferences
            return {key: prefs[key] for key in CATALOGUE if key in prefs}

    def clear(self, driver_id: str) -> int:
        """Drop every preference of a driver; returns how many there were."""
        with self._lock:
            found = self._drivers.get(driver_id)
            if found is None:
                return 0
            count = len(found.preferences)
            found.preferences.clear()
            return count

    def transact(self, driver_id: str, name: str, change: Change) -> None:
        """Apply ``change`` atomically: it sees a copy and nothing is kept if it raises."""
        with self._lock:
            existing = self._drivers.get(driver_id)
            writes = change({} if existing is None else dict(existing.preferences))
            driver = self._drivers.setdefault(driver_id, _Driver(name))
            for key, pref in writes.items():
                if pref is None:
                    driver.preferences.pop(key, None)
                else:
                    driver.preferences[key] = pref

    def close(self) -> None:
        """Forget everything."""
        with self._lock:
            self._drivers.clear()
            self._identifiers.clear()
