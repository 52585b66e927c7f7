"""Electric-car energy: a road-load physics model of the powertrain.

Battery power = (rolling + aero + grade + inertia) / drivetrain efficiency,
with regenerative braking recovering part of the negative wheel power, plus the
auxiliary (HVAC, electronics) load. The constants of each car are calibrated
against NREL FastSim's vehicle files (see tests/travel/test_energy.py).
"""

from __future__ import annotations

from dataclasses import dataclass

GRAVITY = 9.81
AIR_DENSITY = 1.2


@dataclass(frozen=True)
class CarModel:
    """Physical and charging parameters of one electric car."""

    name: str
    battery_kwh: float  # usable capacity
    mass_kg: float  # test mass incl. driver
    drag_coefficient: float
    frontal_area_m2: float
    rolling_resistance: float
    drivetrain_efficiency: float  # battery -> wheel
    regen_efficiency: float  # wheel -> battery when braking
    aux_kw: float  # electronics baseline, without HVAC
    max_charge_kw: float
    # (SoC percent, kW) points of the DC charging curve; linear in between.
    charge_curve: tuple[tuple[float, float], ...]

    def charge_power_kw(self, soc_percent: float, charger_kw: float) -> float:
        """Power the car accepts at ``soc_percent`` on a charger of ``charger_kw``."""
        points = self.charge_curve
        if soc_percent <= points[0][0]:
            kw = points[0][1]
        elif soc_percent >= points[-1][0]:
            kw = points[-1][1]
        else:
            kw = points[-1][1]
            for (s0, p0), (s1, p1) in zip(points, points[1:]):
                if s0 <= soc_percent <= s1:
                    kw = p0 + (p1 - p0) * (soc_percent - s0) / (s1 - s0)
                    break
        return min(kw, charger_kw, self.max_charge_kw)


def traction_power_kw(car: CarModel, speed_ms: float, accel_ms2: float, grade: float = 0.0) -> float:
    """Battery power for traction at one instant (negative while regenerating)."""
    rolling = car.rolling_resistance * car.mass_kg * GRAVITY if speed_ms > 0 else 0.0
    aero = 0.5 * AIR_DENSITY * car.drag_coefficient * car.frontal_area_m2 * speed_ms**2
    climb = car.mass_kg * GRAVITY * grade
    inertia = car.mass_kg * accel_ms2
    wheel_w = (rolling + aero + climb + inertia) * speed_ms
    if wheel_w >= 0:
        return wheel_w / car.drivetrain_efficiency / 1000.0
    return wheel_w * car.regen_efficiency / 1000.0


def steady_energy_kwh(
    car: CarModel,
    distance_km: float,
    speed_kmh: float,
    grade: float = 0.0,
    hvac_kw: float = 0.0,
) -> float:
    """Battery energy to drive ``distance_km`` at a steady ``speed_kmh``."""
    if distance_km <= 0:
        return 0.0
    speed_ms = max(speed_kmh, 1.0) / 3.6
    hours = distance_km / max(speed_kmh, 1.0)
    power = traction_power_kw(car, speed_ms, 0.0, grade) + car.aux_kw + hvac_kw
    return power * hours


def hvac_load_kw(outside_c: float, cabin_target_c: float = 21.0) -> float:
    """Heat-pump HVAC load for holding the cabin at ``cabin_target_c``."""
    return min(0.25 + 0.09 * abs(cabin_target_c - outside_c), 3.5)


MODEL_3 = CarModel(
    name="2022 Tesla Model 3 RWD",
    battery_kwh=57.5,
    mass_kg=1850.0,
    drag_coefficient=0.23,
    frontal_area_m2=2.22,
    rolling_resistance=0.0085,
    drivetrain_efficiency=0.88,
    regen_efficiency=0.70,
    aux_kw=0.3,
    max_charge_kw=170.0,
    charge_curve=((0.0, 120.0), (10.0, 170.0), (40.0, 140.0), (60.0, 90.0), (80.0, 55.0), (100.0, 10.0)),
)

CAR_MODELS: dict[str, CarModel] = {"model3": MODEL_3}
DEFAULT_CAR = MODEL_3
