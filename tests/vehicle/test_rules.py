"""The eight safety rules of issue 9, through Vehicle.actuate on the simulated car,
and batches planned together through Vehicle.actuate_many (issue 13).

Every refusal is checked to leave every signal (and every pending target) untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from incabin.vehicle import (
    ActionStatus,
    ChangeKind,
    InvalidValue,
    UnknownSignal,
    Vehicle,
    rules,
)

T = TypeVar("T")

W_FRONT_LEFT = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"
W_REAR_RIGHT = "Vehicle.Cabin.Door.Row2.PassengerSide.Window.Position"
SUNROOF = "Vehicle.Cabin.Sunroof.Position"
SHADE = "Vehicle.Cabin.Sunroof.Shade.Position"
AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"
DEFROST = "Vehicle.Cabin.HVAC.IsFrontDefrosterActive"
FOG = "Vehicle.Body.Lights.Fog.Front.IsOn"
LOW = "Vehicle.Body.Lights.Beam.Low.IsOn"
HIGH = "Vehicle.Body.Lights.Beam.High.IsOn"
FAN_D = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"
FAN_P = "Vehicle.Cabin.HVAC.Station.Row1.Passenger.FanSpeed"
TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
RAIN = "Vehicle.Body.Raindetection.Intensity"


def assert_untouched(car: Vehicle, act: Callable[[], T]) -> T:
    """Run ``act`` and check that it moved nothing and left no target behind."""
    before = car.store.snapshot()
    targets = car.pending_targets
    result = act()
    car.settle()
    car.advance(10)
    after = car.store.snapshot()
    moved = {p for p in before if before[p] != after[p]}
    # only the simulator's own clock-driven signals may move while parked
    assert moved <= CLOCK_DRIVEN, moved - CLOCK_DRIVEN
    assert car.pending_targets == targets
    return result


def assert_refused_untouched(
    car: Vehicle, path: str, value: object, reason: str, status: ActionStatus = ActionStatus.REFUSED
) -> None:
    result = assert_untouched(car, lambda: car.actuate(path, value))
    assert (result.status, result.reason) == (status, reason), result
    assert result.changes == () and result.message


CLOCK_DRIVEN = {
    "Vehicle.TripDuration",
    "Vehicle.CurrentLocation.Timestamp",
    "Vehicle.Cabin.HVAC.AmbientAirTemperature",
    "Vehicle.Powertrain.TractionBattery.Temperature.Average",
    "Vehicle.Powertrain.TractionBattery.Temperature.Max",
    "Vehicle.Powertrain.TractionBattery.Temperature.Min",
    "Vehicle.Powertrain.ElectricMotor.Temperature",
    "Vehicle.LowVoltageBattery.CurrentVoltage",
    "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
    "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed",
    "Vehicle.Powertrain.TractionBattery.StateOfCharge.CurrentEnergy",
    "Vehicle.Powertrain.TractionBattery.Range",
    "Vehicle.Powertrain.Range",
    "Vehicle.Powertrain.TractionBattery.CurrentVoltage",
    "Vehicle.Powertrain.TractionBattery.CurrentPower",
    "Vehicle.Powertrain.TractionBattery.CurrentCurrent",
    "Vehicle.Powertrain.ElectricMotor.Power",
    "Vehicle.Acceleration.Longitudinal",
} | {
    f"Vehicle.Chassis.Axle.{r}.Wheel.{s}.Tire.Temperature"
    for r in ("Row1", "Row2")
    for s in ("Left", "Right")
}


# Rule 1


@pytest.mark.parametrize(
    "path",
    [
        "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen",
        "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen",
        "Vehicle.Body.Trunk.Rear.IsOpen",
        "Vehicle.Body.Trunk.Front.IsOpen",
        "Vehicle.Body.Hood.IsOpen",
        "Vehicle.Powertrain.TractionBattery.Charging.ChargingPort.AnyPosition.IsFlapOpen",
    ],
)
def test_rule1_nothing_opens_while_moving(car: Vehicle, path: str) -> None:
    car.set("Vehicle.Speed", 80.0)
    before = car.store.snapshot()
    result = car.actuate(path, True)
    assert (result.status, result.reason) == (ActionStatus.REFUSED, "UNSAFE_WHILE_MOVING")
    assert "moving" in result.message and result.changes == ()
    assert car.get(path) is False and car.store.snapshot() == before


def test_rule1_parked_opens_and_closing_while_moving_is_fine(car: Vehicle) -> None:
    trunk = "Vehicle.Body.Trunk.Rear.IsOpen"
    assert car.actuate(trunk, True).status is ActionStatus.DONE
    assert car.get(trunk) is True
    car.set("Vehicle.Speed", 30.0)
    assert car.actuate(trunk, False).status is ActionStatus.DONE
    assert car.get(trunk) is False


def test_rule1_unknown_speed_refuses(car: Vehicle) -> None:
    car.store.mark_unavailable(["Vehicle.Speed"], "STALE")
    result = car.actuate("Vehicle.Body.Trunk.Rear.IsOpen", True)
    assert (result.status, result.reason) == (ActionStatus.REFUSED, "SPEED_UNKNOWN")
    assert car.get("Vehicle.Body.Trunk.Rear.IsOpen") is False


# Rule 2


def test_rule2_sunroof_opens_the_shade_first_in_the_same_action(car: Vehicle) -> None:
    assert car.get(SHADE) == 100  # VSS: 100 = shade deployed (closed)
    result = car.actuate(SUNROOF, 100)
    assert result.status is ActionStatus.DONE
    assert [c.path for c in result.changes] == [SHADE, SUNROOF]
    assert [(c.old, c.new) for c in result.changes] == [(100, 0), (0, 100)]
    assert "sunshade" in result.message and "sunroof" in result.message
    car.settle()
    assert (car.get(SUNROOF), car.get(SHADE)) == (100, 0)
    assert car.get("Vehicle.Cabin.Sunroof.Shade.IsOpen") is True


def test_rule2_closing_the_shade_closes_an_open_sunroof_first(car: Vehicle) -> None:
    car.actuate(SUNROOF, 50)
    car.settle()
    result = car.actuate(SHADE, 100)
    assert result.status is ActionStatus.DONE
    assert [c.path for c in result.changes] == [SUNROOF, SHADE]
    assert [(c.old, c.new) for c in result.changes] == [(50, 0), (0, 100)]
    car.settle()
    assert (car.get(SUNROOF), car.get(SHADE)) == (0, 100)


def test_rule2_switch_open_is_the_same_request(car: Vehicle) -> None:
    result = car.actuate("Vehicle.Cabin.Sunroof.Switch", "OPEN")
    assert [c.path for c in result.changes] == [SHADE, SUNROOF]


def test_rule2_tilt_needs_no_shade(car: Vehicle) -> None:
    result = car.actuate("Vehicle.Cabin.Sunroof.Switch", "TILT_UP")
    assert [(c.path, c.new) for c in result.changes] == [(SUNROOF, -100)]


# Rule 3


def test_rule3_fog_lights_bring_low_beams_and_drop_high_beams(car: Vehicle) -> None:
    car.set(HIGH, True)
    result = car.actuate(FOG, True)
    assert result.status is ActionStatus.DONE
    assert {(c.path, c.new) for c in result.changes} == {(FOG, True), (LOW, True), (HIGH, False)}
    assert (car.get(FOG), car.get(LOW), car.get(HIGH)) == (True, True, False)


def test_rule3_high_beams_refused_with_fog_lights(car: Vehicle) -> None:
    car.actuate(FOG, True)
    assert_refused_untouched(car, HIGH, True, "FOG_LIGHTS_ON")
    assert car.get(HIGH) is False


def test_rule3_low_beams_off_switches_fog_lights_off(car: Vehicle) -> None:
    car.actuate(FOG, True)
    result = car.actuate(LOW, False)
    assert {(c.path, c.new) for c in result.changes} == {(LOW, False), (FOG, False)}


# Rule 4


def test_rule4_ac_closes_windows_open_over_20_percent_and_starts_the_fans(car: Vehicle) -> None:
    car.set(W_FRONT_LEFT, 60)
    car.set(W_REAR_RIGHT, 15)
    result = car.actuate(AC, True)
    assert result.status is ActionStatus.DONE
    changed = {c.path: c.new for c in result.changes}
    assert changed == {AC: True, W_FRONT_LEFT: 0, FAN_D: rules.FAN_LOWEST, FAN_P: rules.FAN_LOWEST}
    car.advance(1)
    assert 0 < car.get(W_FRONT_LEFT) < 60  # moving, not jumped
    car.settle()
    assert (car.get(W_FRONT_LEFT), car.get(W_REAR_RIGHT)) == (0, 15)


def test_rule4_fan_already_high_is_kept(car: Vehicle) -> None:
    car.set(FAN_D, 70)
    car.actuate(AC, True)
    assert car.get(FAN_D) == 70


# Rule 5


def test_rule5_front_defroster_chain(car: Vehicle) -> None:
    car.set(W_FRONT_LEFT, 50)
    result = car.actuate(DEFROST, True)
    assert result.status is ActionStatus.DONE
    assert car.get(AC) is True
    assert car.get("Vehicle.Cabin.HVAC.Station.Row1.Driver.AirDistribution") == "UP"
    assert car.get("Vehicle.Cabin.HVAC.Station.Row1.Passenger.AirDistribution") == "UP"
    assert car.get(FAN_D) >= 40 and car.get(FAN_P) >= 40
    # the A/C it switched on closes the open window too (rule 4 through rule 5)
    assert W_FRONT_LEFT in {c.path for c in result.changes}
    car.settle()
    assert car.get(W_FRONT_LEFT) == 0


# Rule 6


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (TEMP, 15.5),
        (TEMP, 28.5),
        ("Vehicle.Cabin.HVAC.Station.Row2.Passenger.Temperature", 40),
        ("Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit", 40),
        ("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling", 150),
        (FAN_D, 120),
        (W_FRONT_LEFT, 101),
        ("Vehicle.Cabin.HVAC.Station.Row1.Driver.AirDistribution", "SIDEWAYS"),
    ],
)
def test_rule6_out_of_range_is_refused_and_names_the_range(
    car: Vehicle, path: str, value: object
) -> None:
    assert_refused_untouched(car, path, value, "OUT_OF_RANGE")


def test_rule6_limits_in_range_pass(car: Vehicle) -> None:
    for path, value in (
        (TEMP, 16),
        (TEMP, 28),
        ("Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit", 50),
        ("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling", -100),
    ):
        assert car.actuate(path, value).status is ActionStatus.DONE
        assert car.get(path) == value
    message = car.actuate(TEMP, 12).message
    assert "16" in message and "28" in message


def test_wrong_types_and_unknown_paths_raise(car: Vehicle) -> None:
    before = car.store.snapshot()
    for value in ("22", float("nan"), None, True):
        with pytest.raises(InvalidValue):
            car.actuate(TEMP, value)
    with pytest.raises(UnknownSignal):
        car.actuate("Vehicle.Cabin.Teleporter", True)
    assert car.store.snapshot() == before


def test_sensors_are_read_only(car: Vehicle) -> None:
    assert_refused_untouched(car, "Vehicle.Speed", 10.0, "READ_ONLY")


# Rule 7


def test_rule7_missing_feature_is_unavailable(basic_car: Vehicle) -> None:
    massage = "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level"
    assert not basic_car.is_available(massage)
    assert_refused_untouched(basic_car, massage, 40, "NOT_AVAILABLE")
    assert "massage" in basic_car.actuate(massage, 40).message


# Rule 8


def test_rule8_window_past_25_percent_with_ac_needs_consent(car: Vehicle) -> None:
    car.actuate(AC, True)
    assert_refused_untouched(car, W_FRONT_LEFT, 50, "AC_ENERGY", ActionStatus.NEEDS_CONFIRMATION)
    assert car.actuate(W_FRONT_LEFT, 25).status is ActionStatus.DONE  # up to 25 % is fine
    result = car.actuate(W_FRONT_LEFT, 50, confirmed=True)
    assert result.status is ActionStatus.DONE
    car.settle()
    assert car.get(W_FRONT_LEFT) == 50 and car.get(AC) is True


def test_rule8_rain_needs_consent_for_sunroof_and_full_window(car: Vehicle) -> None:
    car.set(RAIN, 30)
    assert_refused_untouched(car, SUNROOF, 100, "RAIN", ActionStatus.NEEDS_CONFIRMATION)
    assert_refused_untouched(car, W_FRONT_LEFT, 100, "RAIN", ActionStatus.NEEDS_CONFIRMATION)
    assert_refused_untouched(
        car,
        "Vehicle.Cabin.Door.Row1.DriverSide.Window.IsOpen",
        True,
        "RAIN",
        ActionStatus.NEEDS_CONFIRMATION,
    )
    assert car.actuate(W_FRONT_LEFT, 10).status is ActionStatus.DONE  # a crack is fine
    result = car.actuate(SUNROOF, 100, confirmed=True)
    assert result.status is ActionStatus.DONE
    assert [c.path for c in result.changes] == [SHADE, SUNROOF]


@pytest.mark.parametrize("percent", [99, 50])
def test_rule8_rain_asks_before_a_window_opens_past_the_threshold(
    car: Vehicle, percent: int
) -> None:
    car.set(RAIN, 30)
    assert_refused_untouched(car, W_FRONT_LEFT, percent, "RAIN", ActionStatus.NEEDS_CONFIRMATION)
    message = car.actuate(W_FRONT_LEFT, percent).message
    assert f"{percent}%" in message and "Vehicle." not in message
    assert car.actuate(W_FRONT_LEFT, percent, confirmed=True).status is ActionStatus.DONE


def test_rule8_rain_lets_a_window_open_up_to_the_threshold(car: Vehicle) -> None:
    car.set(RAIN, 30)
    result = car.actuate(W_FRONT_LEFT, rules.RAIN_CONFIRM_ABOVE)
    assert result.status is ActionStatus.DONE


def test_rule8_rain_asks_before_any_sunroof_opening_or_tilt(car: Vehicle) -> None:
    car.set(RAIN, 30)
    tilt = "Vehicle.Cabin.Sunroof.Switch"
    assert_refused_untouched(car, tilt, "TILT_UP", "RAIN", ActionStatus.NEEDS_CONFIRMATION)
    assert "Tilt the sunroof" in car.actuate(tilt, "TILT_UP").message
    assert_refused_untouched(car, SUNROOF, 10, "RAIN", ActionStatus.NEEDS_CONFIRMATION)
    assert car.actuate(tilt, "TILT_UP", confirmed=True).status is ActionStatus.DONE


def test_confirmation_does_not_override_a_refusal(car: Vehicle) -> None:
    car.set("Vehicle.Speed", 50.0)
    result = car.actuate("Vehicle.Body.Hood.IsOpen", True, confirmed=True)
    assert result.status is ActionStatus.REFUSED


def test_repeat_request_reports_already(car: Vehicle) -> None:
    result = car.actuate(TEMP, 21)
    assert result.status is ActionStatus.DONE and result.changes == ()
    assert "already" in result.message


def test_planner_alone_runs_without_a_car() -> None:
    class Parked:
        def value(self, path: str) -> object:
            return {rules.SPEED: 0.0, rules.SHADE: 100}.get(path)

        def available(self, path: str) -> bool:
            return True

    planned = rules.plan(rules.Write(SUNROOF, 100), Parked())
    assert [w.path for w in planned.writes] == [SHADE, SUNROOF]
    assert planned.refusals == [] and planned.confirmations == []


def test_rule9_charging_needs_a_cable_and_a_parked_car(car: Vehicle) -> None:
    start = "Vehicle.Powertrain.TractionBattery.Charging.StartStopCharging"
    assert_refused_untouched(car, start, "START", "NOT_PLUGGED_IN")
    car.source.plug_in()
    car.set("Vehicle.Speed", 5.0)
    result = car.actuate(start, "START")
    assert (result.status, result.reason) == (ActionStatus.REFUSED, "UNSAFE_WHILE_MOVING")
    assert car.get("Vehicle.Powertrain.TractionBattery.Charging.IsCharging") is False


# Batches: plan every write together, check, then act (issue 13)


def test_batch_refused_writes_nothing_and_names_every_refused_write(car: Vehicle) -> None:
    car.set("Vehicle.Speed", 80.0)
    trunk = "Vehicle.Body.Trunk.Rear.IsOpen"
    writes = [(TEMP, 23), (trunk, True), (FAN_D, 120)]
    before = car.store.snapshot()  # moving: the clock would move more than parked
    result = car.actuate_many(writes)
    assert car.store.snapshot() == before and car.pending_targets == {}
    assert (result.status, result.reason) == (ActionStatus.REFUSED, "UNSAFE_WHILE_MOVING")
    assert [(r.path, r.value, r.reason) for r in result.refusals] == [
        (trunk, True, "UNSAFE_WHILE_MOVING"),
        (FAN_D, 120, "OUT_OF_RANGE"),
    ]
    assert all(r.message and "Vehicle." not in r.message for r in result.refusals)
    assert result.changes == () and result.questions == ()


def test_batch_needing_consent_writes_nothing_until_confirmed(car: Vehicle) -> None:
    car.set(RAIN, 30)
    writes = [(TEMP, 23), (W_FRONT_LEFT, 50)]
    result = assert_untouched(car, lambda: car.actuate_many(writes))
    assert (result.status, result.reason) == (ActionStatus.NEEDS_CONFIRMATION, "RAIN")
    assert [(q.path, q.value, q.reason) for q in result.questions] == [(W_FRONT_LEFT, 50, "RAIN")]
    assert result.changes == () and result.refusals == ()
    done = car.actuate_many(writes, confirmed=True)
    assert done.status is ActionStatus.DONE
    assert [(c.path, c.new, c.kind) for c in done.changes] == [
        (TEMP, 23, ChangeKind.REQUESTED),
        (W_FRONT_LEFT, 50, ChangeKind.REQUESTED),
    ]
    car.settle()
    assert (car.get(TEMP), car.get(W_FRONT_LEFT)) == (23, 50)


def test_batch_reports_each_side_effect_with_its_rule_and_cause(car: Vehicle) -> None:
    car.set(HIGH, True)
    result = car.actuate_many([(FOG, True)])
    assert result.status is ActionStatus.DONE
    side = ChangeKind.SIDE_EFFECT
    assert [(c.path, c.old, c.new, c.kind, c.reason, c.cause) for c in result.changes] == [
        (FOG, False, True, ChangeKind.REQUESTED, None, None),
        (LOW, False, True, side, "FOG_LIGHTS_ON", FOG),
        (HIGH, True, False, side, "FOG_LIGHTS_ON", FOG),
    ]
    assert result.message == (
        "Turned the front fog lights on; "
        "for that I also turned the low beams on and turned the high beams off."
    )


def test_batch_side_effect_that_undoes_a_requested_write_is_reported(
    car: Vehicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    commanded: list[tuple[str, Any]] = []
    write_target = car.source.write_target

    def spy(path: str, value: Any) -> None:
        commanded.append((path, value))
        write_target(path, value)

    monkeypatch.setattr(car.source, "write_target", spy)
    result = car.actuate_many([(HIGH, True), (FOG, True)])
    assert result.status is ActionStatus.DONE
    assert (car.get(FOG), car.get(LOW), car.get(HIGH)) == (True, True, False)
    high = next(c for c in result.changes if c.path == HIGH)
    assert (high.old, high.new, high.kind, high.reason, high.cause, high.overridden) == (
        False,
        False,
        ChangeKind.SIDE_EFFECT,
        "FOG_LIGHTS_ON",
        FOG,
        True,
    )
    assert (HIGH, True) not in commanded  # planned together: never flashed on
    assert "Because of the front fog lights, I left the high beams off." in result.message


def test_batch_fog_lights_first_then_high_beams_is_refused(car: Vehicle) -> None:
    result = assert_untouched(car, lambda: car.actuate_many([(FOG, True), (HIGH, True)]))
    assert result.status is ActionStatus.REFUSED
    assert [(r.path, r.reason) for r in result.refusals] == [(HIGH, "FOG_LIGHTS_ON")]


def test_batch_low_beams_off_with_fog_lights_on_reports_the_fog_lights_off(car: Vehicle) -> None:
    car.actuate(FOG, True)
    result = car.actuate_many([(LOW, False)])
    assert [(c.path, c.new, c.kind, c.reason, c.cause) for c in result.changes] == [
        (LOW, False, ChangeKind.REQUESTED, None, None),
        (FOG, False, ChangeKind.SIDE_EFFECT, "LOW_BEAMS_OFF", LOW),
    ]
    assert "turned the front fog lights off" in result.message


def test_batch_rules_see_earlier_writes_and_ask_about_the_final_state(car: Vehicle) -> None:
    # the A/C closes the window opened earlier in the batch, so nothing wastes energy: no question
    result = car.actuate_many([(W_FRONT_LEFT, 50), (AC, True)])
    assert result.status is ActionStatus.DONE and result.questions == ()
    window = next(c for c in result.changes if c.path == W_FRONT_LEFT)
    assert (window.kind, window.reason, window.cause, window.overridden) == (
        ChangeKind.SIDE_EFFECT,
        "AC_ON",
        AC,
        50,
    )
    car.settle()
    assert car.get(W_FRONT_LEFT) == 0
    # with the A/C on first, the window opening is what the driver gets asked about
    asked = car.actuate_many([(AC, True), (W_FRONT_LEFT, 50)])
    assert [(q.path, q.reason) for q in asked.questions] == [(W_FRONT_LEFT, "AC_ENERGY")]


def test_planner_checks_the_final_state_of_a_batch() -> None:
    # In order each write passes (Z goes on before X brings Y), but the final state breaks
    # "no Z with Y"; the batch is refused, and nothing is left to write.
    def x_brings_y(w: rules.Write, state: rules.State) -> rules.Outcome:
        if w.path == "X" and w.value:
            return rules.Also("X_ON", after=(rules.Write("Y", True),))
        return None

    def no_z_with_y(w: rules.Write, state: rules.State) -> rules.Outcome:
        if w.path == "Z" and w.value and state.value("Y"):
            return rules.Refuse("Y_ON", "Z can't be on with Y.")
        return None

    class Nothing:
        def value(self, path: str) -> object:
            return None

        def available(self, path: str) -> bool:
            return True

    writes = [rules.Write("Z", True), rules.Write("X", True)]
    planned = rules.plan_all(writes, Nothing(), (x_brings_y, no_z_with_y))
    assert planned.refusals == [(0, rules.Refuse("Y_ON", "Z can't be on with Y."))]
    assert planned.steps == []
