"""Development injections (``incabin serve --dev`` only): faults, trouble codes, a harsh
brake and a drive along the active route, put into a session's simulated car so the
warning list, alert toasts and a moving car can be shown and tested. The car's own
rules and the coach react to them as they would on the road; nothing here writes to the
page directly.
"""

from __future__ import annotations

from incabin.coach import plant_harsh_brake
from incabin.interfaces.server._errors import InvalidFault
from incabin.interfaces.server.schemas import (
    ClearFaults,
    DriveRoute,
    DtcFault,
    Injected,
    Injection,
    TyreLeak,
)
from incabin.interfaces.server.sessions import Session
from incabin.vehicle.sim import SimSource

HARSH_BRAKE_AT_S = 3  # seconds of steady 50 km/h before the brake, so the coach sees both


def inject(session: Session, injection: Injection) -> Injected:
    """Apply one injection to ``session``'s simulated car (``InvalidFault`` when the car is
    not the simulator, or a route drive has no route). Runs under the session's lock."""
    with session.lock:
        sim = session.assistant.vehicle.source
        if not isinstance(sim, SimSource):
            raise InvalidFault("faults can only be injected into the simulated car (--vehicle sim)")
        return _apply(session, sim, injection)


def _apply(session: Session, sim: SimSource, injection: Injection) -> Injected:
    vehicle = session.assistant.vehicle
    if isinstance(injection, DtcFault):
        vehicle.add_dtc(injection.code)
        return Injected(kind=injection.kind, detail=f"{injection.code} is active")
    if isinstance(injection, TyreLeak):
        sim.inject_tyre_leak(injection.wheel, injection.kpa_per_hour)
        return Injected(kind=injection.kind,
                        detail=f"{injection.wheel} loses {injection.kpa_per_hour:g} kPa an hour")
    if isinstance(injection, ClearFaults):
        sim.clear_faults()
        vehicle.clear_dtcs()
        return Injected(kind=injection.kind, detail="faults stopped, trouble codes cleared")
    if isinstance(injection, DriveRoute):
        return _drive_route(session, sim, injection)
    if injection.kind == "low_12v":
        sim.inject_low_12v()
        return Injected(kind=injection.kind, detail="the 12 V battery sags (P0562)")
    if injection.kind == "battery_overheat":
        sim.inject_battery_overheat()
        return Injected(kind=injection.kind, detail="the traction battery overheats (P0A7E)")
    steady = [(float(s), 50.0) for s in range(HARSH_BRAKE_AT_S + 8)]
    trace, at = plant_harsh_brake(steady, HARSH_BRAKE_AT_S)
    sim.drive(trace)
    return Injected(kind=injection.kind, detail=f"brakes hard {at} s from now")


def _drive_route(session: Session, sim: SimSource, drive: DriveRoute) -> Injected:
    state = session.navigation()
    if not state.active or len(state.geometry) < 2:
        raise InvalidFault("no active route to drive: start navigation first")
    sim.follow(state.geometry)
    sim.drive([(0.0, drive.speed_kmh), (24 * 3600.0, drive.speed_kmh)])
    goal = state.destination.name if state.destination else "its end"
    return Injected(kind=drive.kind, detail=f"driving the route to {goal} at {drive.speed_kmh:g} km/h")
