"""VehicleStore: validation, timestamps, all-or-nothing updates, subscriptions."""

from __future__ import annotations

import asyncio
import math
import threading

import pytest

from incabin.vehicle import (
    InvalidValue,
    Reading,
    SignalUnavailable,
    Unavailable,
    UnavailableReason,
    UnknownSignal,
    VehicleStore,
)

TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"
DIST = "Vehicle.Cabin.HVAC.Station.Row1.Driver.AirDistribution"


def test_set_get_read_with_unit_and_timestamp() -> None:
    store = VehicleStore(clock=lambda: 1000.0)
    store.set(TEMP, 22)
    assert store.get(TEMP) == 22.0 and isinstance(store.get(TEMP), float)
    assert store.read(TEMP) == Reading(TEMP, 22.0, "Celsius", 1000.0)
    store.set(WINDOW, 40.0)  # integral float for an integer signal is accepted as int
    assert store.get(WINDOW) == 40 and isinstance(store.get(WINDOW), int)


@pytest.mark.parametrize(
    ("path", "bad", "expected_words"),
    [
        (SEAT, 101, "-100..100 percent"),
        (SEAT, -101, "-100..100 percent"),
        (SEAT, 5.5, "an integer"),
        (WINDOW, "50", "0..100"),
        (TEMP, float("nan"), "a number"),
        (TEMP, math.inf, "a number"),
        (TEMP, "22", "a number"),
        (TEMP, True, "a number"),
        (TEMP, None, "a number"),
        (DIST, "SIDEWAYS", "UP, MIDDLE, DOWN"),
        (DIST, 1, "UP, MIDDLE, DOWN"),
        ("Vehicle.Body.Lights.Beam.Low.IsOn", 1, "true or false"),
        ("Vehicle.Diagnostics.DTCList", "P0A80", "list"),
        ("Vehicle.Diagnostics.DTCList", ["P0A80", 7], "list"),
        ("Vehicle.CurrentLocation.Latitude", 91.0, "-90..90 degrees"),
    ],
)
def test_bad_values_are_refused_naming_path_and_range_and_leave_the_value(
    store: VehicleStore, path: str, bad: object, expected_words: str
) -> None:
    good = {
        SEAT: 10,
        WINDOW: 0,
        TEMP: 21.0,
        DIST: "UP",
        "Vehicle.Body.Lights.Beam.Low.IsOn": False,
        "Vehicle.Diagnostics.DTCList": [],
        "Vehicle.CurrentLocation.Latitude": 60.0,
    }[path]
    before = store.set(path, good)
    with pytest.raises(InvalidValue) as info:
        store.set(path, bad)
    assert path in str(info.value) and expected_words in str(info.value)
    assert info.value.path == path
    assert store.read(path) == before


def test_unknown_path_raises_on_every_operation(store: VehicleStore) -> None:
    for call in (
        lambda: store.get("Vehicle.Nope"),
        lambda: store.read("Vehicle.Nope"),
        lambda: store.set("Vehicle.Nope", 1),
        lambda: store.subscribe(["Vehicle.Nope"], print),
    ):
        with pytest.raises(UnknownSignal):
            call()


def test_update_is_all_or_nothing(store: VehicleStore) -> None:
    store.update({TEMP: 20.0, SEAT: 0})
    with pytest.raises(InvalidValue):
        store.update({TEMP: 23.0, SEAT: 500})
    assert store.get(TEMP) == 20.0 and store.get(SEAT) == 0


def test_unset_and_unavailable_values(store: VehicleStore) -> None:
    assert store.read(TEMP) == Unavailable(TEMP, UnavailableReason.NO_VALUE)
    with pytest.raises(SignalUnavailable, match="NO_VALUE"):
        store.get(TEMP)
    store.set(TEMP, 21.0)
    store.mark_unavailable([TEMP], UnavailableReason.STALE)
    assert store.read(TEMP) == Unavailable(TEMP, UnavailableReason.STALE)
    assert TEMP not in store.snapshot()
    store.set(TEMP, 22.0)  # a fresh value makes it usable again
    assert store.get(TEMP) == 22.0


def test_callback_subscription_and_cancel(store: VehicleStore) -> None:
    got: list[Reading] = []
    sub = store.subscribe([TEMP, SEAT], got.append)
    store.set(TEMP, 19.0)
    store.set(WINDOW, 10)  # not watched
    store.update({SEAT: 30, WINDOW: 20})
    assert [(r.path, r.value) for r in got] == [(TEMP, 19.0), (SEAT, 30)]
    sub.cancel()
    store.set(TEMP, 20.0)
    assert len(got) == 2


def test_a_failing_subscriber_does_not_stop_others_or_the_write(store: VehicleStore) -> None:
    got: list[float] = []

    def broken(reading: Reading) -> None:
        raise RuntimeError("boom")

    store.subscribe(TEMP, broken)
    store.subscribe(TEMP, lambda r: got.append(r.value))
    store.set(TEMP, 18.0)
    assert got == [18.0] and store.get(TEMP) == 18.0


def test_async_iterator_subscription_receives_readings_from_another_thread() -> None:
    store = VehicleStore()

    async def main() -> list[float]:
        values = []
        async with store.subscribe([TEMP]) as sub:
            writer = threading.Thread(
                target=lambda: [store.set(TEMP, float(v)) for v in (17, 18, 19)]
            )
            writer.start()
            async for reading in sub:
                values.append(reading.value)
                if len(values) == 3:
                    break
            writer.join()
        return values

    assert asyncio.run(asyncio.wait_for(main(), 5)) == [17.0, 18.0, 19.0]


def test_async_subscription_made_outside_a_loop_keeps_early_readings() -> None:
    store = VehicleStore()
    sub = store.subscribe(TEMP)
    store.set(TEMP, 25.0)
    sub.cancel()

    async def drain() -> list[float]:
        return [r.value async for r in sub]

    assert asyncio.run(drain()) == [25.0]


def test_unhashable_or_non_string_paths_are_unknown_signals(store: VehicleStore) -> None:
    for bad in (["Vehicle.Speed"], None, 42):
        with pytest.raises(UnknownSignal):
            store.set(bad, 1.0)  # type: ignore[arg-type]
        with pytest.raises(UnknownSignal):
            store.read(bad)  # type: ignore[arg-type]
