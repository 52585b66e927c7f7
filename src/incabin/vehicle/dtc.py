"""Diagnostic trouble codes: what a code means for the driver, how urgent it is, what to do.

Lookup order: incabin's own table of codes an EV driver meets
(``data/dtc_ev.json``: high-voltage battery and inverter, isolation, 12 V,
tyre pressure, lost communication), then python-OBD's table of 2,066 generic
P and U codes when the ``obd`` extra is installed, then a generic description
from the code's letter and digits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from incabin.vehicle._errors import InvalidValue

if TYPE_CHECKING:
    from incabin.vehicle._store import VehicleStore

Severity = Literal["stop_now", "service_soon", "info"]

DTC_LIST = "Vehicle.Diagnostics.DTCList"
DTC_COUNT = "Vehicle.Diagnostics.DTCCount"

_CODE = re.compile(r"^[PCBU][0-3][0-9A-F]{3}$")
_SYSTEMS = {"P": "powertrain", "C": "chassis", "B": "body", "U": "network communication"}
# Third character of generic P codes (SAE J2012 groups).
_P_GROUPS = {
    "0": "fuel and air metering or emission control",
    "1": "fuel and air metering",
    "2": "fuel and air metering (injector circuit)",
    "3": "ignition system or misfire",
    "4": "auxiliary emission controls",
    "5": "vehicle speed, idle control or auxiliary inputs",
    "6": "computer or output circuit",
    "7": "transmission",
    "8": "transmission",
    "9": "transmission",
    "A": "hybrid/EV propulsion (high-voltage battery, motor, inverter)",
    "B": "hybrid/EV propulsion",
    "C": "hybrid/EV propulsion",
}
_SERVICE_ADVICE = "Have the code read and the car checked at a service centre soon."


@dataclass(frozen=True)
class DtcInfo:
    """A trouble code explained for the driver."""

    code: str
    meaning: str
    severity: Severity
    advice: str
    source: str  # "incabin", "python-obd" or "generic"


def normalize_dtc(code: str) -> str:
    """``p0a80 `` -> ``P0A80``; ``InvalidValue`` when it is not a ``[PCBU]XXXX`` code."""
    text = code.strip().upper() if isinstance(code, str) else None
    if text is None or not _CODE.match(text):
        raise InvalidValue(DTC_LIST, code, "a code like P0A80 ([PCBU] + 4 hex digits)")
    return text


@cache
def _own_table() -> dict[str, dict[str, str]]:
    raw = resources.files("incabin.vehicle").joinpath("data/dtc_ev.json").read_text("utf-8")
    table: dict[str, dict[str, str]] = json.loads(raw)["codes"]
    return table


@cache
def _obd_table() -> dict[str, str]:
    try:
        from obd.codes import DTC
    except ImportError:
        return {}
    return dict(DTC)


def describe_dtc(code: str) -> DtcInfo:
    """Explain ``code``: meaning, severity (stop_now/service_soon/info), advice and source."""
    code = normalize_dtc(code)
    own = _own_table().get(code)
    if own is not None:
        return DtcInfo(code, own["meaning"], own["severity"], own["advice"], "incabin")  # type: ignore[arg-type]
    text = _obd_table().get(code)
    if text is not None:
        return DtcInfo(code, text, "service_soon", _SERVICE_ADVICE, "python-obd")
    return DtcInfo(code, _generic_meaning(code), "service_soon", _SERVICE_ADVICE, "generic")


def _generic_meaning(code: str) -> str:
    system = _SYSTEMS[code[0]]
    specific = code[1] == "1" or (code[0] != "P" and code[1] == "2")
    maker = "manufacturer-specific" if specific else "generic"
    if code[0] == "P" and code[2] in _P_GROUPS:
        return f"A {maker} {system} fault in the {_P_GROUPS[code[2]]} group."
    return f"A {maker} {system} fault."


def active_dtcs(store: VehicleStore) -> list[str]:
    """The trouble codes active in ``store``."""
    return list(store.get(DTC_LIST)) if store.has_value(DTC_LIST) else []


def add_active_dtc(store: VehicleStore, code: str) -> None:
    """Activate ``code`` in ``store`` (list and count together)."""
    code = normalize_dtc(code)
    codes = active_dtcs(store)
    if code not in codes:
        store.update({DTC_LIST: [*codes, code], DTC_COUNT: len(codes) + 1})


def clear_active_dtcs(store: VehicleStore) -> None:
    """Clear every trouble code in ``store``."""
    store.update({DTC_LIST: [], DTC_COUNT: 0})
