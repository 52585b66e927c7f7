"""Which OBD-II command feeds which VSS signal, and how its value is converted.

Each row is ``ObdSignal(path, command, convert)``: ``command`` names a python-OBD
command (``obd.commands[command]``) and ``convert`` turns the decoded value
(a Pint quantity, or a list of ``(code, description)`` pairs for DTCs) into the
plain value the VSS catalogue expects. Converters are pure, so they are tested
bytes-in, value-out without an adapter. Command names are strings so that this
table imports without python-OBD (an optional extra).

A path may have several rows: the first whose command the car supports wins
(e.g. the ECU's control module voltage, else the adapter's own reading).
Rows whose path the catalogue does not hold are skipped by the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Converter = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class ObdSignal:
    """One VSS path fed by one python-OBD command."""

    path: str
    command: str
    convert: Converter


def quantity(unit: str, digits: int = 3) -> Converter:
    """A converter from a Pint quantity to a float in ``unit`` (rounded to ``digits``)."""

    def convert(value: Any) -> float:
        return round(float(value.to(unit).magnitude), digits)

    return convert


def whole(unit: str) -> Converter:
    """A converter from a Pint quantity to an int in ``unit``."""

    def convert(value: Any) -> int:
        return round(float(value.to(unit).magnitude))

    return convert


def is_moving(value: Any) -> bool:
    """True when the vehicle speed is above zero."""
    return float(value.to("kph").magnitude) > 0


def dtc_codes(value: Any) -> tuple[str, ...]:
    """The codes of python-OBD's ``[(code, description), ...]``, each once, in order."""
    return tuple(dict.fromkeys(code for code, _description in value))


def dtc_count(value: Any) -> int:
    """How many distinct codes python-OBD's DTC list holds."""
    return len(dtc_codes(value))


OBD_SIGNALS: tuple[ObdSignal, ...] = (
    ObdSignal("Vehicle.Speed", "SPEED", quantity("kph", 1)),
    ObdSignal("Vehicle.IsMoving", "SPEED", is_moving),
    ObdSignal("Vehicle.Powertrain.CombustionEngine.Speed", "RPM", whole("rpm")),
    ObdSignal(
        "Vehicle.Powertrain.CombustionEngine.EngineCoolant.Temperature",
        "COOLANT_TEMP",
        quantity("degC", 1),
    ),
    ObdSignal("Vehicle.Powertrain.FuelSystem.RelativeLevel", "FUEL_LEVEL", whole("percent")),
    # PID 5B: hybrid/EV battery pack remaining, the SoC the driver sees.
    ObdSignal(
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed",
        "HYBRID_BATTERY_REMAINING",
        quantity("percent", 1),
    ),
    ObdSignal("Vehicle.Exterior.AirTemperature", "AMBIANT_AIR_TEMP", quantity("degC", 1)),
    ObdSignal(
        "Vehicle.LowVoltageBattery.CurrentVoltage", "CONTROL_MODULE_VOLTAGE", quantity("V", 2)
    ),
    # The adapter measures pin 16 (battery +) itself when the ECU does not report it.
    ObdSignal("Vehicle.LowVoltageBattery.CurrentVoltage", "ELM_VOLTAGE", quantity("V", 2)),
    # Run time since engine start is the length of the current trip.
    ObdSignal("Vehicle.TripDuration", "RUN_TIME", quantity("s", 0)),
    ObdSignal("Vehicle.Diagnostics.DTCList", "GET_DTC", dtc_codes),
    ObdSignal("Vehicle.Diagnostics.DTCCount", "GET_DTC", dtc_count),
)
