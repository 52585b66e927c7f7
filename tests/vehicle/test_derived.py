"""Signals that must agree do: derived signals follow their source on every write (simulator,
scenario, source adapters), and reads of one quantity take the freshest of its paths."""

from __future__ import annotations

import pytest

from incabin.vehicle import InvalidValue, Reading, Vehicle, VehicleStore
from incabin.vehicle._derived import FOLLOWS, derivations

TB = "Vehicle.Powertrain.TractionBattery"
SOC, DISPLAYED = f"{TB}.StateOfCharge.Current", f"{TB}.StateOfCharge.Displayed"
BATTERY_RANGE, RANGE = f"{TB}.Range", "Vehicle.Powertrain.Range"
WINDOWS = [f"Vehicle.Cabin.Door.{r}.{s}.Window" for r in ("Row1", "Row2")
           for s in ("DriverSide", "PassengerSide")]
SHADE = "Vehicle.Cabin.Sunroof.Shade"


def assert_consistent(car: Vehicle) -> None:
    """Every derived pair of the simulated car agrees."""
    assert car.get(DISPLAYED) == car.get(SOC)
    assert car.get(RANGE) == car.get(BATTERY_RANGE)
    for window in WINDOWS:
        assert car.get(f"{window}.IsOpen") is (car.get(f"{window}.Position") > 0), window
    assert car.get(f"{SHADE}.IsOpen") is (car.get(f"{SHADE}.Position") < 100)


def test_every_rule_names_vss_6_0_leaves() -> None:
    rules = derivations(VehicleStore().catalogue).rules
    assert len(rules) >= len(FOLLOWS)  # every pattern has at least one concrete path
    assert {r.target for r in rules[SOC]} == {DISPLAYED}
    assert {r.target for r in rules[RANGE]} == {BATTERY_RANGE}


def test_a_scenario_soc_moves_the_displayed_soc_and_the_range(car: Vehicle) -> None:
    car.set(SOC, 15.0)
    assert car.get(DISPLAYED) == 15.0 and car.get_freshest(DISPLAYED) == 15.0
    assert car.get(BATTERY_RANGE) < 100_000  # the range follows the charge at once
    assert_consistent(car)
    car.advance(5)
    assert car.get(SOC) == pytest.approx(15.0, abs=0.1)
    assert_consistent(car)


def test_a_scenario_displayed_soc_wins_over_the_older_current(car: Vehicle) -> None:
    car.set(DISPLAYED, 23.0)  # same simulated instant as the initial 80 %: the later write
    assert car.get_freshest(SOC) == 23.0 and car.get(SOC) == 23.0
    car.advance(2)
    assert car.get(SOC) == pytest.approx(23.0, abs=0.1)
    assert_consistent(car)


def test_either_range_set_by_hand_is_the_range(car: Vehicle) -> None:
    car.set(RANGE, 42_000)
    assert car.get(BATTERY_RANGE) == 42_000 and car.get_freshest(BATTERY_RANGE) == 42_000
    car.advance(1)  # the simulator keeps the consumption that range implies
    assert car.get(BATTERY_RANGE) == pytest.approx(42_000, rel=0.01)
    car.set(BATTERY_RANGE, 50_000)
    assert car.get(RANGE) == 50_000
    assert_consistent(car)


def test_window_and_shade_flags_follow_positions(car: Vehicle) -> None:
    car.set(f"{WINDOWS[0]}.Position", 35)
    car.set(f"{SHADE}.Position", 40)
    assert car.get(f"{WINDOWS[0]}.IsOpen") is True and car.get(f"{SHADE}.IsOpen") is True
    car.actuate(f"{WINDOWS[1]}.Position", 100)
    car.actuate(f"{SHADE}.Position", 100)
    car.advance(1)  # half-way: moving, already open
    assert car.get(f"{WINDOWS[1]}.IsOpen") is True
    assert_consistent(car)
    car.settle()
    assert car.get(f"{SHADE}.IsOpen") is False
    car.actuate(f"{WINDOWS[0]}.Position", 0)
    car.advance(5)
    assert car.get(f"{WINDOWS[0]}.IsOpen") is False
    assert_consistent(car)


def test_consistent_while_driving_and_charging(car: Vehicle) -> None:
    sim = car.source
    sim.drive("udds")
    car.advance(300)
    assert car.get(SOC) < 80.0
    assert_consistent(car)
    sim.drive([(0, 0), (1, 0)])
    car.advance(2)
    car.set("Vehicle.Speed", 0.0)
    sim.plug_in(150)
    assert car.actuate(f"{TB}.Charging.StartStopCharging", "START").ok
    before = car.get(SOC)
    car.advance(600)
    assert car.get(SOC) > before
    assert_consistent(car)


def test_a_hybrids_total_range_is_not_its_battery_range() -> None:
    store = VehicleStore(clock=lambda: 10.0)
    store.set("Vehicle.Powertrain.Type", "HYBRID")
    store.set(BATTERY_RANGE, 40_000)
    assert not store.has_value(RANGE)
    assert store.read_freshest(BATTERY_RANGE).path == BATTERY_RANGE
    store.set("Vehicle.Powertrain.Type", "ELECTRIC")
    store.set(BATTERY_RANGE, 41_000)
    assert store.get(RANGE) == 41_000


def test_a_writer_that_reports_both_keeps_both() -> None:
    store = VehicleStore(clock=lambda: 10.0)
    store.update({SOC: 61.0, DISPLAYED: 60.0})
    assert (store.get(SOC), store.get(DISPLAYED)) == (61.0, 60.0)
    # a derived value never replaces a newer reading of its own
    store.set(DISPLAYED, 59.0, timestamp=20.0)
    store.set(SOC, 62.0, timestamp=15.0)
    assert store.get(DISPLAYED) == 59.0
    assert store.read_freshest(SOC) == Reading(DISPLAYED, 59.0, "percent", 20.0)


def test_ingest_stores_the_good_values_and_returns_the_bad() -> None:
    store = VehicleStore(clock=lambda: 10.0)
    rejected = store.ingest({SOC: (70.0, 5.0), "Vehicle.Speed": ("fast", 5.0),
                             f"{WINDOWS[0]}.Position": (10, None)})
    assert set(rejected) == {"Vehicle.Speed"}
    assert isinstance(rejected["Vehicle.Speed"], InvalidValue)
    assert store.read(DISPLAYED) == Reading(DISPLAYED, 70.0, "percent", 5.0)
    assert store.read(f"{WINDOWS[0]}.IsOpen") == Reading(f"{WINDOWS[0]}.IsOpen", True, None, 10.0)
    assert not store.has_value("Vehicle.Speed")


def test_a_bad_write_leaves_source_and_follower_untouched(car: Vehicle) -> None:
    before = (car.get(SOC), car.get(DISPLAYED), car.get(BATTERY_RANGE))
    for bad in (120.0, float("nan"), "full", None):
        with pytest.raises(InvalidValue):
            car.set(SOC, bad)
    with pytest.raises(InvalidValue):
        car.store.update({SOC: 50.0, f"{WINDOWS[0]}.Position": 101})
    assert (car.get(SOC), car.get(DISPLAYED), car.get(BATTERY_RANGE)) == before
    assert car.get(f"{WINDOWS[0]}.IsOpen") is False


def test_subscribers_of_a_follower_hear_it_change(car: Vehicle) -> None:
    heard: list[Reading] = []
    car.subscribe(DISPLAYED, heard.append)
    car.set(SOC, 44.0)
    assert [r.value for r in heard] == [44.0]


def test_an_older_follower_in_the_same_batch_gives_way_to_its_source() -> None:
    # a broker's first batch: the window moved at 20 s, its IsOpen was last set at 5 s
    store = VehicleStore(clock=lambda: 30.0)
    position, is_open = f"{WINDOWS[0]}.Position", f"{WINDOWS[0]}.IsOpen"
    store.ingest({position: (30, 20.0), is_open: (False, 5.0)})
    assert store.read(is_open) == Reading(is_open, True, None, 20.0)
