"""The drive simulator: initial state, determinism, energy plausibility, moving items, faults."""

from __future__ import annotations

import time

import pytest

from incabin.travel.energy import DEFAULT_CAR
from incabin.vehicle import (
    CYCLES,
    InvalidValue,
    ProfileError,
    SimConfig,
    SimSource,
    UnknownSource,
    Vehicle,
    VehicleStore,
    cycle_from_points,
    load_cycle,
    load_profile,
    open_vehicle,
)

SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
TRIP = "Vehicle.TraveledDistanceSinceStart"  # VSS 6.0: whole metres
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"
CABIN = "Vehicle.Cabin.HVAC.AmbientAirTemperature"
TYRE = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure"


def test_initial_state_parked_in_helsinki(car: Vehicle) -> None:
    assert car.get("Vehicle.Speed") == 0.0 and car.get("Vehicle.IsMoving") is False
    assert car.get(SOC) == 80.0
    assert car.get(CABIN) == 21.0
    assert (
        car.get("Vehicle.CurrentLocation.Latitude"),
        car.get("Vehicle.CurrentLocation.Longitude"),
    ) == (60.1699, 24.9384)
    assert all(
        car.get(f"Vehicle.Cabin.Door.{r}.{s}.IsOpen") is False
        for r in ("Row1", "Row2")
        for s in ("DriverSide", "PassengerSide")
    )
    assert (
        car.get("Vehicle.Cabin.Sunroof.Position") == 0
        and car.get("Vehicle.Body.Trunk.Rear.IsOpen") is False
    )
    assert car.dtcs == []
    assert car.get("Vehicle.VersionVSS.Major") == 6


def _run_cycle(name: str) -> tuple[float, float, dict[str, object]]:
    with Vehicle(VehicleStore(), SimSource()) as car:
        cycle = car.source.drive(name)
        car.advance(cycle.duration_s + 1)
        used_kwh = (80.0 - car.get(SOC)) / 100 * DEFAULT_CAR.battery_kwh
        return car.get(TRIP) / 1000, used_kwh, car.store.snapshot()


def test_same_inputs_same_outputs() -> None:
    first, second = _run_cycle("udds"), _run_cycle("udds")
    assert first[2] == second[2]


def test_readings_carry_simulated_time(car: Vehicle, sim: SimSource) -> None:
    start = SimConfig().start_time.timestamp()
    assert car.read("Vehicle.Speed").timestamp == start
    car.advance(90)
    car.set("Vehicle.Exterior.AirTemperature", 3.0)
    assert car.read("Vehicle.Exterior.AirTemperature").timestamp == start + 90
    assert car.read(SOC).timestamp == start + 90 == start + sim.elapsed_s


@pytest.mark.parametrize(
    ("name", "km", "kwh_per_km"),
    [
        ("udds", 11.99, (0.08, 0.16)),
        ("hwfet", 16.5, (0.09, 0.17)),
        ("wltc3b", 23.27, (0.10, 0.19)),
    ],
)
def test_cycles_cover_their_distance_with_plausible_energy(
    name: str, km: float, kwh_per_km: tuple[float, float]
) -> None:
    distance, used, _ = _run_cycle(name)
    assert distance == pytest.approx(km, rel=0.01)
    assert distance == pytest.approx(load_cycle(name).distance_km, rel=0.005)
    assert kwh_per_km[0] < used / distance < kwh_per_km[1]


def test_highway_uses_more_per_km_than_city_when_fast(car: Vehicle) -> None:
    car.set("Vehicle.Speed", 120.0)
    car.advance(600)
    fast = (80.0 - car.get(SOC)) / car.get(TRIP)
    with Vehicle(VehicleStore(), SimSource()) as slow_car:
        slow_car.set("Vehicle.Speed", 60.0)
        slow_car.advance(1200)
        slow = (80.0 - slow_car.get(SOC)) / slow_car.get(TRIP)
    assert car.get(TRIP) == pytest.approx(20_000, rel=0.01)
    assert fast > slow * 1.3


def test_range_odometer_trip_and_location_move(car: Vehicle) -> None:
    odo = car.get("Vehicle.TraveledDistance")
    car.set("Vehicle.Speed", 90.0)
    car.advance(400)  # 10 km east
    assert car.get("Vehicle.TraveledDistance") == pytest.approx(odo + 10_000, abs=10)
    assert car.get("Vehicle.TripDuration") == pytest.approx(400.0)
    range_m = car.get("Vehicle.Powertrain.TractionBattery.Range")
    energy = car.get("Vehicle.Powertrain.TractionBattery.StateOfCharge.CurrentEnergy")
    assert 100_000 < range_m < 600_000
    car.advance(400)
    # once the consumption estimate has adapted, another 10 km costs about 10 km of range
    assert range_m - car.get("Vehicle.Powertrain.TractionBattery.Range") == pytest.approx(
        10_000, rel=0.25
    )
    assert car.get("Vehicle.Powertrain.TractionBattery.StateOfCharge.CurrentEnergy") < energy
    assert car.get("Vehicle.CurrentLocation.Longitude") > 24.9384 + 0.15
    assert car.get("Vehicle.CurrentLocation.Latitude") == pytest.approx(60.1699, abs=1e-3)


def test_follow_a_polyline(car: Vehicle, sim: SimSource) -> None:
    # Helsinki centre north to Pasila: about 3.3 km
    sim.follow([(60.1699, 24.9384), (60.1990, 24.9330)])
    car.set("Vehicle.Speed", 50.0)
    car.advance(600)
    assert car.get("Vehicle.CurrentLocation.Latitude") == pytest.approx(60.1990, abs=1e-4)
    assert 340 < car.get("Vehicle.CurrentLocation.Heading") < 360
    with pytest.raises(InvalidValue):
        sim.follow([(60.0, 24.0)])


def test_point_trace_and_its_validation(car: Vehicle, sim: SimSource) -> None:
    sim.drive([(0, 0), (10, 36), (20, 36), (30, 0)])
    car.advance(10)
    assert car.get("Vehicle.Speed") == pytest.approx(36.0)
    assert car.get("Vehicle.Acceleration.Longitudinal") == pytest.approx(1.0, abs=1e-6)
    car.advance(25)
    assert car.get("Vehicle.Speed") == 0.0
    assert car.get(TRIP) == pytest.approx(200, abs=2)
    for bad in ([(0, 0)], [(1, 0), (2, 5)], [(0, 0), (5, -3)], [(0, 0), (5, float("nan"))], "nope"):
        with pytest.raises(InvalidValue):
            sim.drive(bad)  # type: ignore[arg-type]
    assert set(CYCLES) == {"udds", "hwfet", "wltc3b"}
    assert cycle_from_points([(0, 0), (1, 1)]).duration_s == 1


def test_cabin_moves_toward_the_setpoint(car: Vehicle) -> None:
    car.set("Vehicle.Exterior.AirTemperature", -5.0)
    car.set(CABIN, 2.0)
    car.actuate("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", 22)
    car.actuate("Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed", 50)
    car.advance(600)
    assert 19.0 < car.get(CABIN) < 22.0


def test_windows_take_seconds_and_settle_jumps(car: Vehicle) -> None:
    car.actuate(WINDOW, 100)
    assert car.get(WINDOW) == 0  # commanded, not yet moved
    assert car.target(WINDOW) == 100
    car.advance(2)
    assert 40 <= car.get(WINDOW) <= 60
    assert car.get("Vehicle.Cabin.Door.Row1.DriverSide.Window.IsOpen") is True
    car.advance(5)
    assert car.get(WINDOW) == 100
    car.actuate(WINDOW, 0)
    car.settle()
    assert car.get(WINDOW) == 0 and car.pending_targets == {}


def test_fast_enough(car: Vehicle) -> None:
    car.set("Vehicle.Speed", 80.0)
    started = time.perf_counter()
    car.advance(3600)
    # an hour at 10 Hz; generous bound for a loaded 2-core CI machine
    assert time.perf_counter() - started < 5.0


def test_tyre_leak_fault(car: Vehicle, sim: SimSource) -> None:
    sim.inject_tyre_leak("Row1.Left", kpa_per_hour=60)
    car.advance(1800)
    assert car.get(TYRE) == 260
    assert car.get("Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure") == 290
    car.advance(3600)
    assert car.get(TYRE) == 200
    assert car.get("Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.IsPressureLow") is True
    assert car.get("Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.IsPressureLow") is False
    with pytest.raises(InvalidValue):
        sim.inject_tyre_leak("Row3.Left")


def test_low_12v_and_overheat_faults_set_codes(car: Vehicle, sim: SimSource) -> None:
    sim.inject_low_12v()
    assert car.get("Vehicle.LowVoltageBattery.CurrentVoltage") < 12.0
    sim.inject_battery_overheat()
    car.advance(60)
    assert car.get("Vehicle.Powertrain.TractionBattery.Temperature.Average") > 60.0
    assert car.dtcs == ["P0562", "P0A7E"]
    assert car.get("Vehicle.Diagnostics.DTCCount") == 2
    sim.clear_faults()
    car.advance(600)
    assert car.get("Vehicle.LowVoltageBattery.CurrentVoltage") > 13.0
    car.clear_dtcs()
    assert car.dtcs == [] and car.get("Vehicle.Diagnostics.DTCCount") == 0


def test_features_come_from_the_profile(tmp_path) -> None:
    massage = "Vehicle.Cabin.Seat.Row1.DriverSide.Massage"
    file = tmp_path / "luxury.yaml"
    file.write_text("name: luxury\nfeatures: {seat_heating: true, seat_massage: true}\n")
    with Vehicle(VehicleStore(), SimSource(SimConfig(profile=load_profile(file)))) as car:
        assert not car.is_available("Vehicle.Chassis.SteeringWheel.HeatingCooling")
        assert car.has("seat_massage") and car.get(f"{massage}.IsAvailable") is True
        assert car.is_available(f"{massage}.Level")
        assert car.actuate(f"{massage}.Level", 30).ok and car.get(f"{massage}.Level") == 30


def test_the_basic_car_lacks_massage_and_says_so_in_vss(car: Vehicle) -> None:
    massage = "Vehicle.Cabin.Seat.Row1.DriverSide.Massage"
    with open_vehicle("sim:profile=basic") as basic:
        assert not basic.has("seat_massage") and basic.get(f"{massage}.IsAvailable") is False
        assert not basic.is_available(f"{massage}.Level")
    assert car.has("seat_massage") and car.get(f"{massage}.IsAvailable") is True
    assert list(car.get(f"{massage}.SupportedTypes")) == ["WAVE", "KNEAD", "STRETCH"]
    assert car.actuate(f"{massage}.Level", 60).ok and car.get(f"{massage}.Status") == "ON"
    assert car.get("Vehicle.Cabin.Seat.Row1.DriverSide.OccupancyStatus") == "OCCUPIED"
    assert car.get("Vehicle.Cabin.Seat.Row2.Middle.OccupancyStatus") == "EMPTY"
    # two front seats (SeatPosCount [2, 3]): there is no front middle seat
    assert not car.is_available("Vehicle.Cabin.Seat.Row1.Middle.HeatingCooling")


def test_charging_to_the_limit(car: Vehicle, sim: SimSource) -> None:
    start = "Vehicle.Powertrain.TractionBattery.Charging.StartStopCharging"
    charging = "Vehicle.Powertrain.TractionBattery.Charging.IsCharging"
    car.set(SOC, 40.0)
    sim.plug_in(50.0)
    result = car.actuate(start, "START")
    assert result.ok and result.message == "Started charging."
    assert car.get(charging) is True
    car.advance(600)  # 10 min at up to 50 kW: about 8 kWh, 14 % of 57.5 kWh
    soc = car.get(SOC)
    assert 50.0 < soc < 58.0
    assert car.get("Vehicle.Powertrain.TractionBattery.Charging.TimeToComplete") > 0
    for _ in range(180):
        car.advance(60)
        if not car.get(charging):
            break
    assert car.get(charging) is False
    assert car.get(SOC) == pytest.approx(90.0, abs=0.1)  # the default charge limit
    sim.unplug()
    with pytest.raises(InvalidValue):
        sim.plug_in(-5)


def test_the_simulated_player_records_what_would_play(car: Vehicle) -> None:
    media = "Vehicle.Cabin.Infotainment.Media"
    assert car.get(f"{media}.Action") == "STOP"
    result = car.actuate_many([(f"{media}.SelectedURI", "file:///music/01.wav"),
                               (f"{media}.Action", "PLAY")])
    assert result.ok and car.get(f"{media}.Played.URI") == "file:///music/01.wav"
    assert car.actuate(f"{media}.Action", "SKIP_FORWARD").ok
    assert car.get(f"{media}.Action") == "SKIP_FORWARD"  # the last command, as VSS has it
    assert car.source.played == ["file:///music/01.wav"]  # type: ignore[attr-defined]
    bad = car.actuate(f"{media}.Action", "PAUSE")  # not a VSS value: pause is STOP
    assert not bad.ok and "STOP" in bad.message
    assert car.get(f"{media}.Action") == "SKIP_FORWARD"


def test_sim_spec_options() -> None:
    with open_vehicle("sim:profile=basic") as basic:
        assert not basic.has("media")
    with pytest.raises(UnknownSource, match="profile=<name>"):
        open_vehicle("sim:teleport")
    with pytest.raises(ProfileError, match="no car profile"):
        open_vehicle("sim:profile=spaceship")
