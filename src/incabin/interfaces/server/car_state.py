"""What a session's simulated car keeps across a worker restart, and how it comes back.

Kept: every actuator (what the driver, the assistant or a rule set: climate, seats, lights,
windows, sunroof, media …) and the sensors a trip and the warnings depend on: speed, charge,
where the car is and where it points, the odometer and trip meter, cabin temperature, tyre
pressures and the active trouble codes. Only values that differ from a fresh car of the
same kind are stored, so a row shows what happened in that car.

A window or sunroof still moving is stored at its commanded target: the restart takes
longer than the movement would have. Not kept: the simulator's own programme (a drive
cycle or a route drive injected with ``--dev``, an injected fault's progress): the car comes
back holding its last speed, and a fault's effect stays in the values it had written.
"""

from __future__ import annotations

from typing import Any

from incabin.vehicle import SignalKind, Vehicle, VehicleError

# The sensors a continued session needs beside the actuators (see the module docstring).
SENSORS: tuple[str, ...] = (
    "Vehicle.Speed",
    "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
    "Vehicle.CurrentLocation.Latitude",
    "Vehicle.CurrentLocation.Longitude",
    "Vehicle.CurrentLocation.Heading",
    "Vehicle.TraveledDistance",
    "Vehicle.TripMeterReading",
    "Vehicle.Cabin.HVAC.AmbientAirTemperature",
    *(f"Vehicle.Chassis.Axle.Row{r}.Wheel.{s}.Tire.Pressure"
      for r in (1, 2) for s in ("Left", "Right")),
    "Vehicle.Diagnostics.DTCList",
)


class InvalidCarState(VehicleError):
    """A stored car state that names an unknown signal or a value the signal cannot take."""


def car_values(vehicle: Vehicle) -> dict[str, Any]:
    """The kept signals' values now (moving items at their targets), as JSON-ready data."""
    kept = [s.path for s in vehicle.catalogue if s.kind is SignalKind.ACTUATOR]
    kept += [p for p in SENSORS if p in vehicle.catalogue]
    targets = vehicle.pending_targets
    values: dict[str, Any] = {}
    for path in kept:
        if path in targets:
            values[path] = _plain(targets[path])
        elif vehicle.store.has_value(path):
            values[path] = _plain(vehicle.get(path))
    return values


def changed(baseline: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
    """The values of ``now`` that differ from ``baseline`` (a fresh car's ``car_values``)."""
    return {path: value for path, value in now.items() if baseline.get(path, ...) != value}


def restore_car(vehicle: Vehicle, values: dict[str, Any]) -> None:
    """Write stored values into a fresh car, directly (the rules judged them when they were
    commanded); ``InvalidCarState`` for an unknown path or a value its signal refuses. The
    caller throws a car that failed half-way away: it was fresh and nobody saw it."""
    if not isinstance(values, dict):
        raise InvalidCarState("the stored car state is not a mapping of VSS path to value")
    for path, value in values.items():
        if path not in vehicle.catalogue:
            raise InvalidCarState(f"the stored car state names {path[:120]!r}, "
                                  "which this car's catalogue lacks")
        try:
            vehicle.set(path, value)
        except VehicleError as err:
            raise InvalidCarState(f"the stored value of {path} does not fit: {err}") from err


def _plain(value: Any) -> Any:
    """A value as JSON keeps it: tuples as lists."""
    return [_plain(v) for v in value] if isinstance(value, tuple) else value
