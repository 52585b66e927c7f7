"""Fixtures for the vehicle tests: a fresh simulated car per test (cheap: ~5 ms)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incabin.vehicle import SimSource, Vehicle, VehicleStore, open_vehicle


@pytest.fixture
def car() -> Iterator[Vehicle]:
    with open_vehicle("sim") as vehicle:
        yield vehicle


@pytest.fixture
def basic_car() -> Iterator[Vehicle]:
    """The simulated car without its cabin extras (``car_profiles/basic.yaml``)."""
    with open_vehicle("sim:profile=basic") as vehicle:
        yield vehicle


@pytest.fixture
def sim(car: Vehicle) -> SimSource:
    assert isinstance(car.source, SimSource)
    return car.source


@pytest.fixture
def store() -> VehicleStore:
    return VehicleStore()
