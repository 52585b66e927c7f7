"""The vehicle layer: VSS 6.0 state, sources, trouble codes and safe actuators.

from incabin.vehicle import open_vehicle
with open_vehicle("sim") as car:
    car.get("Vehicle.Speed")
    result = car.actuate("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", 22)
    result.status, result.message
    batch = car.actuate_many([("Vehicle.Body.Lights.Fog.Front.IsOn", True)])
    [(c.path, c.kind, c.reason) for c in batch.changes]   # low beams on, high beams off
    label(batch.changes[0].path, "zh")                    # 前雾灯
    car.advance(60)          # one simulated minute
    car.has("seat_massage")  # False: the profile of this car (data/car_profiles/default.yaml)
    car.read_freshest("Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed")
"""

from incabin.vehicle._catalogue import Catalogue, Signal, SignalKind, from_vss5, load_catalogue
from incabin.vehicle._errors import (
    InvalidValue,
    NotSupported,
    ProfileError,
    SignalUnavailable,
    SourceError,
    UnknownFeature,
    UnknownSignal,
    UnknownSource,
    VehicleError,
)
from incabin.vehicle._labels import label
from incabin.vehicle._models import (
    ActionResult,
    ActionStatus,
    BatchResult,
    Change,
    ChangeKind,
    Question,
    Reading,
    Refusal,
    Unavailable,
    UnavailableReason,
)
from incabin.vehicle._profile import FEATURE_NAMES, FEATURES, CarProfile, Feature, load_profile
from incabin.vehicle._source import VehicleSource, create_source, register_source
from incabin.vehicle._store import Subscription, VehicleStore
from incabin.vehicle._vehicle import Vehicle, open_vehicle
from incabin.vehicle.cycles import CYCLES, DriveCycle, cycle_from_points, load_cycle
from incabin.vehicle.dtc import DtcInfo, describe_dtc, normalize_dtc
from incabin.vehicle.sim import SimConfig, SimSource

__all__ = [
    "CYCLES",
    "FEATURES",
    "FEATURE_NAMES",
    "ActionResult",
    "ActionStatus",
    "BatchResult",
    "CarProfile",
    "Catalogue",
    "Change",
    "ChangeKind",
    "DriveCycle",
    "DtcInfo",
    "Feature",
    "InvalidValue",
    "NotSupported",
    "ProfileError",
    "Question",
    "Reading",
    "Refusal",
    "Signal",
    "SignalKind",
    "SignalUnavailable",
    "SimConfig",
    "SimSource",
    "SourceError",
    "Subscription",
    "Unavailable",
    "UnavailableReason",
    "UnknownFeature",
    "UnknownSignal",
    "UnknownSource",
    "Vehicle",
    "VehicleError",
    "VehicleSource",
    "VehicleStore",
    "create_source",
    "cycle_from_points",
    "describe_dtc",
    "from_vss5",
    "label",
    "load_catalogue",
    "load_cycle",
    "load_profile",
    "normalize_dtc",
    "open_vehicle",
    "register_source",
]
