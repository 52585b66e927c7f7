"""Trouble-code descriptions: own EV table, python-OBD's table, generic fallback, bad codes."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from incabin.vehicle import InvalidValue, describe_dtc, normalize_dtc


def test_own_ev_table_entries() -> None:
    info = describe_dtc("P0AA6")
    assert info.source == "incabin" and info.severity == "stop_now"
    assert "isolation" in info.meaning.lower() and info.advice
    assert describe_dtc("P0A80").severity == "service_soon"
    assert describe_dtc("p0a7e").code == "P0A7E"
    assert "lost communication" in describe_dtc("U0111").meaning.lower()
    assert "tyre" in describe_dtc("C0750").meaning.lower()


def test_own_table_is_well_formed() -> None:
    raw = json.loads(resources.files("incabin.vehicle").joinpath("data/dtc_ev.json").read_text())
    codes = raw["codes"]
    assert len(codes) >= 30
    families = {code[:3] for code in codes}
    assert {"P0A", "U01", "C07"} <= families
    for code, entry in codes.items():
        assert normalize_dtc(code) == code
        assert entry["severity"] in {"stop_now", "service_soon", "info"}
        assert entry["meaning"].endswith(".") and entry["advice"].endswith(".")


def test_python_obd_table_is_used_when_installed() -> None:
    codes = pytest.importorskip("obd.codes")
    info = describe_dtc("P0301")
    assert info.source == "python-obd"
    assert info.meaning == codes.DTC["P0301"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("B1234", "manufacturer-specific body"),
        ("C0999", "generic chassis"),
        ("U2999", "manufacturer-specific network"),
        ("P0AFF", "hybrid/EV propulsion"),
    ],
)
def test_unknown_codes_get_a_generic_description(code: str, words: str) -> None:
    info = describe_dtc(code)
    if info.source == "python-obd":
        pytest.skip("python-OBD knows this one")
    assert info.source == "generic" and words in info.meaning
    assert info.severity == "service_soon"


@pytest.mark.parametrize("bad", ["", "P", "P0A8", "P0A800", "Z0A80", "P4A80", "P0A8G", 123, None])
def test_malformed_codes_raise(bad: object) -> None:
    with pytest.raises(InvalidValue, match="P0A80"):
        describe_dtc(bad)  # type: ignore[arg-type]
