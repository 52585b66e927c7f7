"""Drivers and their preferences: ``open_profiles()`` → ``Profiles`` → ``DriverProfile``."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from incabin._config import home_dir, setting
from incabin.profile._catalogue import CATALOGUE, PreferenceSpec, spec
from incabin.profile._describe import describe_preferences
from incabin.profile._errors import InvalidDriver, InvalidPreference
from incabin.profile._guest import GuestStore
from incabin.profile._models import (
    ForgetRequest,
    Preference,
    PreferenceChange,
    PreferenceSource,
    PreferenceStatement,
    Resolved,
)
from incabin.profile._sqlstore import SqlProfileStore
from incabin.profile._store import ProfileStore

GUEST_URLS = frozenset({"guest", "memory"})
_MAX_NAME = 64


class DriverProfile:
    """One driver's preferences. Every call reads or writes the store, so two sessions
    for the same driver always see each other's changes."""

    def __init__(self, store: ProfileStore, driver_id: str, name: str) -> None:
        self._store = store
        self._id = driver_id
        self._name = name

    def __repr__(self) -> str:
        return f"DriverProfile({self._name!r})"

    @property
    def name(self) -> str:
        """The driver's display name."""
        return self._name

    @property
    def driver_id(self) -> str:
        """The case-folded name the store files the driver under."""
        return self._id

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value of ``key``, or ``default``; UnknownPreference for a bad key."""
        pref = self.preference(key)
        return default if pref is None else pref.value

    def preference(self, key: str) -> Preference | None:
        """The stored preference with its source and time, or None."""
        spec(key)  # UnknownPreference for a key not in the catalogue
        return self._store.load(self._id).get(key)

    def resolve(self, key: str, requested: Any = None, default: Any = None) -> Resolved:
        """The value to use for ``key``: what the driver asked for now, else their stored
        preference, else ``default``. Safety rules are the caller's, and come first."""
        row = spec(key)
        if requested is not None:
            return Resolved(key, row.validate(requested), "request")
        stored = self.get(key)
        if stored is not None:
            return Resolved(key, stored, "preference")
        if default is not None:
            return Resolved(key, row.validate(default), "default")
        return Resolved(key, None, "missing")

    def values(self) -> dict[str, Any]:
        """Every stored value by key (catalogue order)."""
        return {key: pref.value for key, pref in self._store.load(self._id).items()}

    def items(self) -> list[Preference]:
        """Every stored preference (catalogue order)."""
        return list(self._store.load(self._id).values())

    def set(self, key: str, value: Any,
            source: PreferenceSource = PreferenceSource.EXPLICIT) -> PreferenceChange:
        """Store a preference, replacing any older value.

        Raises UnknownPreference or InvalidPreference and stores nothing when the key or
        value is wrong. ``change.replaced`` says the driver should hear what changed.
        """
        new = spec(key).validate(value)
        return self._write(key, lambda _old: new, source)

    def add(self, key: str, item: Any,
            source: PreferenceSource = PreferenceSource.EXPLICIT) -> PreferenceChange:
        """Add one item to a list preference (a diet, a cuisine, a favourite place)."""
        row = self._list_spec(key)
        items = row.validate(item)
        return self._write(key, lambda old: row.validate([*(old or []), *items]), source)

    def remove(self, key: str, item: Any) -> PreferenceChange:
        """Remove one item from a list preference; the key is forgotten when it empties."""
        row = self._list_spec(key)
        gone = row.validate(item)
        return self._write(key, lambda old: [v for v in (old or []) if v not in gone] or None,
                           PreferenceSource.EXPLICIT)

    def apply(self, statement: PreferenceStatement,
              source: PreferenceSource = PreferenceSource.EXPLICIT) -> PreferenceChange:
        """Store what ``extract_statements`` found."""
        if statement.op == "add":
            return self.add(statement.key, statement.value, source)
        return self.set(statement.key, statement.value, source)

    def update(self, values: Mapping[str, Any],
               source: PreferenceSource = PreferenceSource.SETTINGS) -> list[PreferenceChange]:
        """Set several preferences at once: all of them, or none if one is invalid."""
        checked = {key: spec(key).validate(value) for key, value in values.items()}
        changes: list[PreferenceChange] = []
        now = datetime.now(UTC)

        def change(current: Mapping[str, Preference]) -> dict[str, Preference | None]:
            changes.clear()
            writes: dict[str, Preference | None] = {}
            for key, new in checked.items():
                old = current.get(key)
                changes.append(PreferenceChange(key, None if old is None else old.value, new))
                if old is None or old.value != new or old.source != source:
                    writes[key] = Preference(key, new, source, now)
            return writes

        self._store.transact(self._id, self._name, change)
        return changes

    def forget(self, key: str) -> bool:
        """Erase one preference from the store; False if there was none."""
        return bool(self.forget_keys([key]))

    def forget_keys(self, keys: list[str] | tuple[str, ...]) -> list[str]:
        """Erase several preferences; returns the keys that were actually stored."""
        for key in keys:
            spec(key)  # UnknownPreference before anything is erased
        erased: list[str] = []

        def change(current: Mapping[str, Preference]) -> dict[str, Preference | None]:
            erased[:] = [key for key in keys if key in current]
            return {key: None for key in erased}

        self._store.transact(self._id, self._name, change)
        return erased

    def forget_all(self) -> int:
        """Erase every stored preference of this driver, including rows this version of
        incabin cannot read; returns how many there were."""
        return self._store.clear(self._id)

    def apply_forget(self, request: ForgetRequest) -> list[str]:
        """Carry out what ``forget_request`` understood; returns the erased keys."""
        if request.everything:
            known = [pref.key for pref in self.items()]
            self.forget_all()
            return known
        return self.forget_keys(request.keys)

    def export_json(self) -> str:
        """Everything stored about the driver as a JSON document."""
        document = {
            "driver": self._name,
            "exported_at": datetime.now(UTC).isoformat(),
            "preferences": [
                {"key": p.key, "value": CATALOGUE[p.key].to_json(p.value),
                 "source": p.source.value, "updated_at": p.updated_at.isoformat()}
                for p in self.items()
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def describe(self, lang: str = "en") -> str:
        """What the assistant knows about the driver, as plain spoken sentences."""
        return describe_preferences(self._name, self.items(), lang)

    def _list_spec(self, key: str) -> PreferenceSpec:
        row = spec(key)
        if not row.is_list:
            raise InvalidPreference(key, None, "holds a single value; use set, not add/remove")
        return row

    def _write(self, key: str, compute: Callable[[Any], Any],
               source: PreferenceSource) -> PreferenceChange:
        """Read-modify-write one key inside the store's transaction."""
        result: list[PreferenceChange] = []
        now = datetime.now(UTC)

        def change(current: Mapping[str, Preference]) -> dict[str, Preference | None]:
            old = current.get(key)
            old_value = None if old is None else old.value
            new = compute(old_value)
            result[:] = [PreferenceChange(key, old_value, new)]
            if old is None and new is None:
                return {}
            if old is not None and old.value == new and old.source == source:
                return {}
            return {key: None if new is None else Preference(key, new, source, now)}

        self._store.transact(self._id, self._name, change)
        return result[0]


class Profiles:
    """The drivers of one car: pick one by name or by a key/seat identifier."""

    def __init__(self, store: ProfileStore) -> None:
        self._store = store
        self._current: DriverProfile | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def store(self) -> ProfileStore:
        """The store behind these profiles."""
        return self._store

    @property
    def is_guest(self) -> bool:
        """True when nothing outlives the session."""
        return not self._store.persistent

    @property
    def current(self) -> DriverProfile | None:
        """The driver chosen by the last ``switch``, if any."""
        return self._current

    def driver(self, name_or_key: str) -> DriverProfile:
        """The driver a key/seat identifier is assigned to, else the driver of that name
        (created on first use)."""
        found = self.find(name_or_key)
        if found is not None:
            return found
        name = _clean_name(name_or_key)
        stored = self._store.ensure_driver(_driver_id(name), name)
        return DriverProfile(self._store, _driver_id(name), stored)

    def find(self, name_or_key: str) -> DriverProfile | None:
        """Like ``driver`` but never creates one."""
        by_key = self._store.driver_for_identifier(_clean_identifier(name_or_key))
        driver_id = by_key or _driver_id(_clean_name(name_or_key))
        name = self._store.driver_name(driver_id)
        return None if name is None else DriverProfile(self._store, driver_id, name)

    def switch(self, name_or_key: str) -> DriverProfile:
        """Make a driver the current one (e.g. when a key is detected) and return them."""
        self._current = self.driver(name_or_key)
        return self._current

    def seed(self, given: Mapping[str, Any]) -> DriverProfile:
        """Set up a driver from a scenario's ``given.profile``
        (``{name: Lin, preferences: {climate.temperature: 22}}``) and make them current.

        All preferences are validated first; on an error nothing is stored.
        """
        unknown = set(given) - {"name", "preferences"}
        if unknown:
            raise InvalidDriver(f"A profile has a name and preferences, not {sorted(unknown)}.")
        preferences = given.get("preferences") or {}
        if not isinstance(preferences, Mapping):
            raise InvalidDriver("A profile's preferences must be a mapping of key to value.")
        checked = {key: spec(key).validate(value) for key, value in preferences.items()}
        driver = self.switch(str(given.get("name") or "Driver"))
        driver.update(checked, PreferenceSource.SCENARIO)
        return driver

    def drivers(self) -> list[str]:
        """Names of every known driver, oldest first."""
        return self._store.drivers()

    def assign_key(self, identifier: str, name: str) -> DriverProfile:
        """Make a key fob or seat identifier pick ``name`` from now on."""
        driver = self.driver(name)
        self._store.assign_identifier(_clean_identifier(identifier), driver.driver_id)
        return driver

    def unassign_key(self, identifier: str) -> bool:
        """Forget a key or seat identifier; False if it was not assigned."""
        return self._store.unassign_identifier(_clean_identifier(identifier))

    def delete_driver(self, name_or_key: str) -> bool:
        """Erase a driver with all their preferences and keys; False if unknown."""
        found = self.find(name_or_key)
        if found is None:
            return False
        if self._current is not None and self._current.driver_id == found.driver_id:
            self._current = None
        return self._store.delete_driver(found.driver_id)

    def close(self) -> None:
        """Release the store (a guest store forgets everything)."""
        self._store.close()


def open_profiles(url: str | None = None) -> Profiles:
    """Open the profile store.

    ``url``: None → ``INCABIN_PROFILE_DB`` or ``$INCABIN_HOME/profiles.sqlite``;
    ``"guest"`` → nothing is stored; a SQLite file as a plain path (``~`` expanded,
    relative to the working folder, any suffix) or as ``"sqlite:///path"``;
    ``"postgresql+psycopg://..."``. Raises CorruptStore (also for an existing empty
    file), ForeignStore, SchemaTooNew or StoreUnavailable without changing an existing
    database or adding files beside it.
    """
    chosen = (url or setting("PROFILE_DB", "")).strip()
    if chosen.lower() in GUEST_URLS:
        return Profiles(GuestStore())
    return Profiles(SqlProfileStore(chosen or str(home_dir() / "profiles.sqlite")))


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidDriver("A driver needs a name.")
    if len(cleaned) > _MAX_NAME:
        raise InvalidDriver(f"Driver names are at most {_MAX_NAME} characters.")
    return cleaned


def _clean_identifier(identifier: str) -> str:
    cleaned = str(identifier).strip()
    if not cleaned:
        raise InvalidDriver("A key or seat identifier must not be empty.")
    return cleaned


def _driver_id(name: str) -> str:
    return name.casefold()
