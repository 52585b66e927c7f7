"""The OBD-to-VSS table: bytes in through python-OBD's decoders, VSS values out."""

from __future__ import annotations

from typing import Any

import obd
import pytest
from obd.protocols.protocol import Frame, Message

from incabin.vehicle._catalogue import load_catalogue
from incabin.vehicle._obd_map import OBD_SIGNALS, dtc_codes


def decode(command: str, payload: str) -> Any:
    """python-OBD's decoded value for one ECU answer given as hex bytes."""
    message = Message([Frame(payload)])
    message.data = bytearray.fromhex(payload)
    message.ecu = obd.ECU.ALL
    return obd.commands[command]([message]).value


def vss(path: str, command: str, payload: str) -> Any:
    (row,) = [r for r in OBD_SIGNALS if r.path == path and r.command == command]
    return row.convert(decode(command, payload))


@pytest.mark.parametrize(
    "path, command, payload, expected",
    [
        ("Vehicle.Speed", "SPEED", "410D32", 50.0),
        ("Vehicle.IsMoving", "SPEED", "410D32", True),
        ("Vehicle.IsMoving", "SPEED", "410D00", False),
        ("Vehicle.Powertrain.CombustionEngine.Speed", "RPM", "410C1AF8", 1726),
        (
            "Vehicle.Powertrain.CombustionEngine.EngineCoolant.Temperature",
            "COOLANT_TEMP",
            "41057B",
            83.0,
        ),
        ("Vehicle.Powertrain.FuelSystem.RelativeLevel", "FUEL_LEVEL", "412F80", 50),
        (
            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed",
            "HYBRID_BATTERY_REMAINING",
            "415BCC",
            80.0,
        ),
        ("Vehicle.Exterior.AirTemperature", "AMBIANT_AIR_TEMP", "41460A", -30.0),
        ("Vehicle.LowVoltageBattery.CurrentVoltage", "CONTROL_MODULE_VOLTAGE", "41423A98", 15.0),
        ("Vehicle.TripDuration", "RUN_TIME", "411F0100", 256.0),
        ("Vehicle.Diagnostics.DTCCount", "GET_DTC", "43020143C100", 2),
    ],
)
def test_rows_convert_ecu_bytes_to_vss_values(
    path: str, command: str, payload: str, expected: Any
) -> None:
    value = vss(path, command, payload)
    assert value == expected and type(value) is type(expected)


def test_dtc_list_keeps_order_and_drops_repeats() -> None:
    # Two ECUs can report the same code; the driver should hear it once.
    decoded = decode("GET_DTC", "43030143C1000143")
    assert [code for code, _ in decoded] == ["P0143", "U0100", "P0143"]
    assert dtc_codes(decoded) == ("P0143", "U0100")


def test_adapter_voltage_is_the_fallback_for_the_12v_battery() -> None:
    message = Message([Frame("12.6V")])
    message.ecu = obd.ECU.ALL
    volts = obd.commands.ELM_VOLTAGE([message]).value
    rows = [r for r in OBD_SIGNALS if r.path == "Vehicle.LowVoltageBattery.CurrentVoltage"]
    assert [r.command for r in rows] == ["CONTROL_MODULE_VOLTAGE", "ELM_VOLTAGE"]
    assert rows[1].convert(volts) == 12.6


def test_every_row_names_a_python_obd_command_and_a_vss_6_0_leaf() -> None:
    catalogue = load_catalogue()
    for row in OBD_SIGNALS:
        assert row.command in obd.commands, row.command
        assert row.path in catalogue, row.path


def test_converted_values_fit_the_catalogue() -> None:
    catalogue = load_catalogue()
    samples = {
        "SPEED": "410DFF",
        "RPM": "410CFFFF",
        "COOLANT_TEMP": "4105FF",
        "FUEL_LEVEL": "412FFF",
        "HYBRID_BATTERY_REMAINING": "415BFF",
        "AMBIANT_AIR_TEMP": "414600",
        "CONTROL_MODULE_VOLTAGE": "41420000",
        "RUN_TIME": "411FFFFF",
        "GET_DTC": "4301C100",
    }
    checked = 0
    for row in OBD_SIGNALS:
        if row.path in catalogue and row.command in samples:
            # extreme ECU answers must still be valid VSS values
            catalogue.get(row.path).validate(row.convert(decode(row.command, samples[row.command])))
            checked += 1
    assert checked >= 6
