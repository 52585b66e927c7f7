"""Vehicle sources and the scheme registry behind ``open_vehicle``.

A source feeds one ``VehicleStore`` and carries out actuator commands::

    class MySource:
        def start(self, store: VehicleStore) -> None: ...   # begin feeding the store
        def stop(self) -> None: ...                         # release ports and threads
        def write_target(self, path: str, value) -> None: ...  # or raise NotSupported
        def advance(self, seconds: float) -> None: ...      # simulated time; real sources may no-op

    register_source("my", lambda argument: MySource(argument))
    open_vehicle("my:whatever")      # argument == "whatever"

Three optional methods are used when a source has them: ``settle()`` (jump moving
items to their targets), ``on_set(path, value)`` (a direct ``Vehicle.set``
happened; e.g. the simulator drops the target of a window set by hand) and
``car_profile()`` (which features and zones the car has; without it they are
read off the signals the started source feeds). Sources write through the
store, which keeps derived signals (``Window.IsOpen``, the displayed SoC) in
step; a source with a batch of readings uses ``VehicleStore.ingest``.

The OBD, Kuksa and CAN sources live in their own modules and register their
scheme when imported; ``open_vehicle`` imports them on first use (table below),
so ``incabin.vehicle`` itself needs none of their optional dependencies.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from incabin.vehicle._errors import UnknownSource

if TYPE_CHECKING:
    from incabin.vehicle._store import VehicleStore


@runtime_checkable
class VehicleSource(Protocol):
    """Feeds a ``VehicleStore`` and performs actuator writes."""

    def start(self, store: VehicleStore) -> None:
        """Begin feeding ``store``; raise ``SourceError`` when the source is unreachable."""

    def stop(self) -> None:
        """Stop feeding and release resources; safe to call twice."""

    def write_target(self, path: str, value: Any) -> None:
        """Command an actuator; raise ``NotSupported`` for read-only sources or signals."""

    def advance(self, seconds: float) -> None:
        """Move simulated time forward (real sources may ignore it)."""


SourceFactory = Callable[[str], VehicleSource]

_FACTORIES: dict[str, SourceFactory] = {}

# Schemes whose module registers itself on import (they need optional extras).
_LAZY_MODULES = {
    "obd": "incabin.vehicle.obd_source",
    "kuksa": "incabin.vehicle.kuksa_source",
    "can": "incabin.vehicle.can_source",
    "sim": "incabin.vehicle.sim",
}


def register_source(scheme: str, factory: SourceFactory) -> None:
    """Make ``open_vehicle("<scheme>:<argument>")`` call ``factory(argument)``."""
    _FACTORIES[scheme] = factory


def create_source(spec: str) -> VehicleSource:
    """Build the source named by ``spec`` (``sim``, ``obd:/dev/ttyUSB0``, ``kuksa:host:55555``)."""
    scheme, _, argument = spec.partition(":")
    if scheme not in _FACTORIES and scheme in _LAZY_MODULES:
        try:
            importlib.import_module(_LAZY_MODULES[scheme])
        except ImportError as err:
            raise UnknownSource(
                f"vehicle source {scheme!r} needs an optional dependency ({err}); "
                f"install incabin[{scheme}]"
            ) from err
    factory = _FACTORIES.get(scheme)
    if factory is None:
        known = ", ".join(sorted(set(_FACTORIES) | set(_LAZY_MODULES)))
        raise UnknownSource(f"unknown vehicle source {spec!r}; known schemes: {known}")
    return factory(argument)
