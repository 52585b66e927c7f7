"""The COVESA VSS 6.0 paths the coach reads."""

from __future__ import annotations

SPEED = "Vehicle.Speed"  # km/h
ACCEL_LONG = "Vehicle.Acceleration.Longitudinal"  # m/s²
ACCEL_LAT = "Vehicle.Acceleration.Lateral"  # m/s²
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"  # percent
BATTERY_POWER = "Vehicle.Powertrain.TractionBattery.CurrentPower"  # W, positive while charging
BATTERY_TEMP = "Vehicle.Powertrain.TractionBattery.Temperature.Average"  # °C
DISTANCE = "Vehicle.TraveledDistance"  # m (VSS 6.0, uint32)
LATITUDE = "Vehicle.CurrentLocation.Latitude"
LONGITUDE = "Vehicle.CurrentLocation.Longitude"
DTC_LIST = "Vehicle.Diagnostics.DTCList"
LOW_VOLTAGE = "Vehicle.LowVoltageBattery.CurrentVoltage"  # V
OUTSIDE_TEMP = "Vehicle.Exterior.AirTemperature"  # °C
GEAR = "Vehicle.Powertrain.Transmission.CurrentGear"  # negative: reverse
SELECTED_GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"  # negative: reverse
FAN_SPEED = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"  # percent
AIR_CONDITIONING = "Vehicle.Cabin.HVAC.IsAirConditioningActive"
CABIN_SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"  # °C
INDICATOR_LEFT = "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling"
INDICATOR_RIGHT = "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling"

TYRES: dict[str, str] = {
    "front left": "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure",
    "front right": "Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure",
    "rear left": "Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure",
    "rear right": "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure",
}

NUMERIC = (
    SPEED, ACCEL_LONG, ACCEL_LAT, SOC, BATTERY_POWER, BATTERY_TEMP, DISTANCE,
    LATITUDE, LONGITUDE, LOW_VOLTAGE, OUTSIDE_TEMP, GEAR, SELECTED_GEAR, FAN_SPEED, CABIN_SETPOINT,
    *TYRES.values(),
)
BOOLEAN = (INDICATOR_LEFT, INDICATOR_RIGHT, AIR_CONDITIONING)

ALL = (*NUMERIC, *BOOLEAN, DTC_LIST)
