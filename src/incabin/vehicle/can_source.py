"""A vehicle source that decodes raw CAN frames with a car's DBC file.

``CanSource("ford_lincoln_base_pt")`` loads that DBC from the ``opendbc``
package (or a ``.dbc`` file path), listens on a python-can bus and writes the
signals of its VSS map into the store as their frames arrive. By default the
bus is python-can's in-process ``virtual`` bus on channel ``incabin`` (set
``INCABIN_CAN_INTERFACE=socketcan`` and ``INCABIN_CAN_CHANNEL=can0`` for a real
adapter). A signal whose frames stop arriving for ``stale_after`` seconds is
marked ``STALE``. The source only listens: ``write_target`` raises
``NotSupported`` rather than put frames on a car's bus.

cantools, python-can and opendbc ship as the optional extra ``incabin[can]``;
importing this module registers the ``can:<dbc>`` scheme of ``open_vehicle``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from logging import getLogger
from pathlib import Path
from typing import Any

import can
import cantools

from incabin._config import setting
from incabin.vehicle._errors import NotSupported, SourceError
from incabin.vehicle._models import UnavailableReason
from incabin.vehicle._source import register_source
from incabin.vehicle._store import VehicleStore

log = getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CanSignal:
    """One VSS path fed by one signal of one DBC message."""

    path: str
    message: str
    signal: str
    convert: Callable[[Any], Any] = float


def _kpa(value: Any) -> int:
    return round(float(value))


def _km_to_m(value: Any) -> int:
    """VSS 6.0 counts distances in whole metres; dashboards count kilometres."""
    return round(float(value) * 1000)


def _tyres(message: str, signals: tuple[str, str, str, str]) -> tuple[CanSignal, ...]:
    """Rows for four tyre pressures given front-left, front-right, rear-left, rear-right."""
    wheels = ("Row1.Wheel.Left", "Row1.Wheel.Right", "Row2.Wheel.Left", "Row2.Wheel.Right")
    return tuple(
        CanSignal(f"Vehicle.Chassis.Axle.{wheel}.Tire.Pressure", message, signal, _kpa)
        for wheel, signal in zip(wheels, signals, strict=True)
    )


# VSS maps for opendbc DBCs, by DBC name.
CAN_MAPS: dict[str, tuple[CanSignal, ...]] = {
    # Ford's CAN FD powertrain bus (Mustang Mach-E, F-150 Lightning and others).
    "ford_lincoln_base_pt": (
        CanSignal("Vehicle.Speed", "BrakeSysFeatures", "Veh_V_ActlBrk"),
        CanSignal(
            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
            "Battery_Traction_4_FD1",
            "BattTracSoc2_Pc_Actl",
        ),
        CanSignal(
            "Vehicle.Powertrain.TractionBattery.Temperature.Average",
            "Battery_Traction_4_FD1",
            "BattTrac_Te_Actl",
        ),
        CanSignal("Vehicle.Exterior.AirTemperature", "EngineClimateData", "AirAmb_Te_Actl"),
        CanSignal("Vehicle.TraveledDistance", "Cluster_Info1_FD1", "OdometerMasterValue", _km_to_m),
        *_tyres(
            "Tire_Pressure_Data_FD1",
            (
                "Tire_Press_LF_Data",
                "Tire_Press_RF_Data",
                "Tire_Press_LR_OLR_Data",
                "Tire_Press_RR_ORR_Data",
            ),
        ),
    ),
    # Tesla Model 3/Y party bus.
    "tesla_model3_party": (CanSignal("Vehicle.Speed", "DI_speed", "DI_vehicleSpeed"),),
}


def dbc_file(dbc: str) -> Path:
    """The file of an opendbc DBC name, or ``dbc`` itself when it is a path."""
    if dbc.endswith(".dbc") or "/" in dbc:
        return Path(dbc)
    return Path(str(resources.files("opendbc").joinpath("dbc", f"{dbc}.dbc")))


def load_dbc(dbc: str) -> Any:
    """Parse a DBC leniently (as opendbc's own files need); ``SourceError`` if it cannot be."""
    path = dbc_file(dbc)
    if not path.is_file():
        raise SourceError(f"no DBC file {dbc!r}; known maps: {', '.join(sorted(CAN_MAPS))}")
    try:
        return _parse(path.resolve(), path.stat().st_mtime_ns)
    except Exception as err:  # cantools raises parser-specific errors for malformed files
        raise SourceError(f"cannot load the DBC file {path.name}: {err}") from err


@cache
def _parse(path: Path, mtime_ns: int) -> Any:
    # Parsing a large DBC takes about a second; the result is only read afterwards.
    return cantools.database.load_file(str(path), strict=False)


class CanSource:
    """Decodes frames from a python-can bus into VSS values with a DBC and a map."""

    def __init__(
        self,
        dbc: str,
        *,
        signals: Iterable[CanSignal] | None = None,
        interface: str | None = None,
        channel: str | None = None,
        stale_after: float = 2.0,
    ) -> None:
        if not dbc:
            raise SourceError("no DBC given: use can:<opendbc DBC name or .dbc file>")
        self.dbc = dbc
        if signals is None:
            name = Path(dbc).stem
            if name not in CAN_MAPS:
                raise SourceError(
                    f"no VSS map for the DBC {name!r}; known maps: {', '.join(sorted(CAN_MAPS))}"
                )
            signals = CAN_MAPS[name]
        self.signals = tuple(signals)
        self.interface = interface or setting("can_interface", "virtual")
        self.channel = channel or setting("can_channel", "incabin")
        self.stale_after = stale_after
        self.frames = 0  # frames decoded since start
        self._db: Any = None
        self._bus: can.BusABC | None = None
        self._store: VehicleStore | None = None
        self._by_frame: dict[int, tuple[Any, list[CanSignal]]] = {}
        self._last_seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        """The VSS paths this source feeds."""
        return tuple(row.path for rows in self._by_frame.values() for row in rows[1])

    def start(self, store: VehicleStore) -> None:
        """Load the DBC, check the map against it, open the bus and start listening."""
        if self._thread is not None:
            raise SourceError(f"CAN source for {self.dbc} is already started")
        self._db = load_dbc(self.dbc)
        self._by_frame = self._resolve(self._db, store)
        try:
            self._bus = can.Bus(
                interface=self.interface,
                channel=self.channel,
                can_filters=[{"can_id": i, "can_mask": 0x1FFFFFFF} for i in self._by_frame],
            )
        except (can.CanError, OSError, ValueError) as err:
            raise SourceError(
                f"cannot open the CAN bus {self.interface}:{self.channel}: {err}"
            ) from err
        self._store = store
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"can {self.dbc}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and close the bus; the values it fed become ``SOURCE_DOWN``."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._bus is not None:
            self._bus.shutdown()
            self._bus = None
        if self._store is not None and self.paths:
            self._store.mark_unavailable(self.paths, UnavailableReason.SOURCE_DOWN)

    def write_target(self, path: str, value: Any) -> None:
        """The CAN source only listens: always ``NotSupported``."""
        raise NotSupported(f"cannot set {path}: incabin only listens on the car's CAN bus")

    def advance(self, seconds: float) -> None:
        """Nothing to do: frames arrive in real time."""

    def _resolve(self, db: Any, store: VehicleStore) -> dict[int, tuple[Any, list[CanSignal]]]:
        by_frame: dict[int, tuple[Any, list[CanSignal]]] = {}
        for row in self.signals:
            if row.path not in store.catalogue:
                continue
            try:
                message = db.get_message_by_name(row.message)
                message.get_signal_by_name(row.signal)
            except KeyError as err:
                raise SourceError(
                    f"the DBC {self.dbc} has no signal {row.message}.{row.signal} for {row.path}"
                ) from err
            by_frame.setdefault(message.frame_id, (message, []))[1].append(row)
        return by_frame

    def _run(self) -> None:
        bus = self._bus
        assert bus is not None
        while not self._stop.is_set():
            try:
                frame = bus.recv(timeout=0.1)
            except can.CanError:  # a bus error must not end the listener
                log.warning("CAN receive failed on %s:%s", self.interface, self.channel)
                frame = None
            if frame is not None:
                self._decode(frame)
            self._mark_stale(time.time())

    def _decode(self, frame: can.Message) -> None:
        entry = self._by_frame.get(frame.arbitration_id)
        store = self._store
        if entry is None or store is None:
            return
        message, rows = entry
        try:
            decoded = message.decode(bytes(frame.data), decode_choices=False)
        except (cantools.database.DecodeError, ValueError, KeyError) as err:
            # a short or garbled frame is dropped, never fatal
            log.debug("undecodable frame %#x: %s", frame.arbitration_id, err)
            return
        self.frames += 1
        self._last_seen[frame.arbitration_id] = frame.timestamp
        values: dict[str, tuple[Any, float]] = {}
        problems: dict[str, Exception] = {}
        for row in rows:
            try:
                values[row.path] = (row.convert(decoded[row.signal]), frame.timestamp)
            except (TypeError, ValueError) as err:
                problems[row.path] = err
        # one batch per frame: the signals that follow these come along
        problems.update(store.ingest(values))
        for row in rows:
            if row.path in problems:
                log.warning(
                    "CAN %s.%s gave an unusable value: %s", row.message, row.signal,
                    problems[row.path],
                )
                if store.has_value(row.path):
                    store.mark_unavailable([row.path], UnavailableReason.STALE)

    def _mark_stale(self, now: float) -> None:
        store = self._store
        assert store is not None
        for frame_id, seen in list(self._last_seen.items()):
            if now - seen > self.stale_after:
                del self._last_seen[frame_id]
                store.mark_unavailable(
                    [row.path for row in self._by_frame[frame_id][1]], UnavailableReason.STALE
                )


register_source("can", CanSource)
