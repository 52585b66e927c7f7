"""Which features and zones a car has: its profile, as data.

A profile is the car's VSS attributes (``Vehicle.Cabin.DoorCount``,
``Vehicle.Cabin.SeatPosCount``, ``Vehicle.Powertrain.Type`` …) plus yes/no for
each feature of ``FEATURES`` (seat massage, heated mirrors, ambient light …).
The simulator loads one from ``data/car_profiles/<name>.yaml``; a real source
(Kuksa) is asked instead: what its broker serves and what its attributes say.
Agents ask ``Vehicle.has("seat_massage")`` and offer only what the car has.

The signals of an absent feature or zone are ``NOT_SUPPORTED`` in the store, so a
read says so and ``actuate`` answers "This car has no …" without moving anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from incabin.vehicle._catalogue import Catalogue, SignalKind, load_catalogue
from incabin.vehicle._errors import InvalidValue, ProfileError, UnknownFeature

SEAT_POS_COUNT = "Vehicle.Cabin.SeatPosCount"
DOOR_COUNT = "Vehicle.Cabin.DoorCount"
# Seat positions of a row by how many seats it has (VSS instances, driver's side first).
_ROW_SEATS = {1: ("Middle",), 2: ("DriverSide", "PassengerSide"),
              3: ("DriverSide", "Middle", "PassengerSide")}
_DOOR_SIDES = ("DriverSide", "PassengerSide")


@dataclass(frozen=True, slots=True)
class Feature:
    """Where a feature lives in VSS: the branches or leaves that make it up (``*`` is one
    instance segment) and, where VSS has one, the attribute that says a zone has it."""

    name: str
    signals: tuple[str, ...]
    available: str | None = None  # e.g. Vehicle.Cabin.Seat.*.*.Massage.IsAvailable


FEATURES: tuple[Feature, ...] = (
    Feature("seat_heating", ("Vehicle.Cabin.Seat.*.*.HeatingCooling",)),
    # VSS seat ventilation is the cooling half of HeatingCooling: no signal of its own.
    Feature("seat_ventilation", ()),
    Feature(
        "seat_massage",
        (
            "Vehicle.Cabin.Seat.*.*.Massage",
            "Vehicle.Cabin.Seat.*.*.IsDecreaseMassageLevelSwitchEngaged",
            "Vehicle.Cabin.Seat.*.*.IsIncreaseMassageLevelSwitchEngaged",
        ),
        available="Vehicle.Cabin.Seat.*.*.Massage.IsAvailable",
    ),
    Feature("steering_wheel_heating", ("Vehicle.Chassis.SteeringWheel.HeatingCooling",)),
    Feature("heated_mirrors", ("Vehicle.Body.Mirrors.*.IsHeatingOn",)),
    Feature("ambient_light", ("Vehicle.Cabin.Light.AmbientLight",)),
    Feature("sunroof", ("Vehicle.Cabin.Sunroof.Position", "Vehicle.Cabin.Sunroof.Switch")),
    Feature("sunroof_shade", ("Vehicle.Cabin.Sunroof.Shade",)),
    Feature("rear_shade", ("Vehicle.Cabin.RearShade",)),
    Feature("door_shades", ("Vehicle.Cabin.Door.*.*.Shade",)),
    Feature("rear_climate", ("Vehicle.Cabin.HVAC.Station.Row2",)),
    Feature("rear_defroster", ("Vehicle.Cabin.HVAC.IsRearDefrosterActive",)),
    Feature("front_trunk", ("Vehicle.Body.Trunk.Front",)),
    Feature("folding_mirrors", ("Vehicle.Body.Mirrors.*.IsFolded",)),
    Feature("reading_lights", ("Vehicle.Cabin.Light.Spotlight", "Vehicle.Cabin.Light.IsDomeOn")),
    Feature("heated_windscreen", ("Vehicle.Body.Windshield.Front.IsHeatingOn",)),
    Feature("media", ("Vehicle.Cabin.Infotainment.Media",)),
    # The phone is the driver's, reached over Bluetooth: VSS 6.0 has no signal for it.
    Feature("phone", ()),
)
FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
_BY_NAME = {f.name: f for f in FEATURES}


@dataclass(frozen=True)
class CarProfile:
    """A car's VSS attributes and which ``FEATURES`` it has (absent when not listed)."""

    name: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    features: Mapping[str, bool] = field(default_factory=dict)

    def has(self, feature: str) -> bool:
        """True when the car has ``feature`` (a name of ``FEATURES``); ``UnknownFeature`` else."""
        if feature not in _BY_NAME:
            raise UnknownFeature(feature, FEATURE_NAMES)
        return bool(self.features.get(feature, False))

    def with_features(self, changes: Mapping[str, bool]) -> CarProfile:
        """The same car with some features switched on or off (``UnknownFeature`` for a
        name that is not one of ``FEATURES``)."""
        for name in changes:
            if name not in _BY_NAME:
                raise UnknownFeature(name, FEATURE_NAMES)
        return CarProfile(f"{self.name} (modified)", self.attributes,
                          {**self.features, **{k: bool(v) for k, v in changes.items()}})

    @property
    def present(self) -> tuple[str, ...]:
        """The features the car has, in ``FEATURES`` order."""
        return tuple(name for name in FEATURE_NAMES if self.features.get(name))

    @property
    def absent(self) -> tuple[str, ...]:
        """The features the car lacks, in ``FEATURES`` order."""
        return tuple(name for name in FEATURE_NAMES if not self.features.get(name))

    @property
    def seats(self) -> tuple[str, ...]:
        """The seat zones (``Row1.DriverSide`` …) from ``Vehicle.Cabin.SeatPosCount``."""
        counts = self._attribute(SEAT_POS_COUNT)
        return tuple(f"Row{row}.{pos}" for row, count in enumerate(counts, 1)
                     for pos in _ROW_SEATS.get(count, ()))

    @property
    def doors(self) -> tuple[str, ...]:
        """The side doors (``Row1.DriverSide`` …) from ``Vehicle.Cabin.DoorCount``."""
        rows = min(2, self._attribute(DOOR_COUNT) // 2)  # VSS 6.0 has two rows of side doors
        return tuple(f"Row{row}.{side}" for row in range(1, rows + 1) for side in _DOOR_SIDES)

    def _attribute(self, path: str) -> Any:
        """The car's value, else the VSS default (two front seats and three rear, four doors)."""
        if path in self.attributes:
            return self.attributes[path]
        return load_catalogue().get(path).default

    def store_values(self, catalogue: Catalogue) -> dict[str, Any]:
        """What the car reports about itself: its attributes, and for each present seat
        the availability attribute of a feature that has one (``Massage.IsAvailable``)."""
        values = dict(self.attributes)
        for feature in FEATURES:
            if feature.available is None:
                continue
            for path, parts in catalogue.instances(feature.available):
                if ".".join(parts) in self.seats:
                    values.setdefault(path, self.has(feature.name))
        return values

    def absent_paths(self, catalogue: Catalogue) -> frozenset[str]:
        """Every leaf of an absent feature, seat or door, except what the car reports about
        itself (a present seat's ``Massage.IsAvailable`` says ``False``; it is not missing)."""
        paths: set[str] = set()
        for feature in FEATURES:
            if not self.has(feature.name):
                for pattern in feature.signals:
                    paths.update(p for p, _ in catalogue.instances(pattern, branch=True))
        for branch, zones in (("Vehicle.Cabin.Seat.*.*", self.seats),
                              ("Vehicle.Cabin.Door.*.*", self.doors)):
            paths.update(p for p, parts in catalogue.instances(branch, branch=True)
                         if ".".join(parts) not in zones)
        return frozenset(paths - self.store_values(catalogue).keys())


def load_profile(name_or_path: str | Path = "default") -> CarProfile:
    """The profile ``data/car_profiles/<name>.yaml``, or a YAML file by path.

    ``ProfileError`` when the file is missing or unreadable, not the expected
    mapping, names an unknown feature, or gives an attribute VSS 6.0 lacks or a
    value outside its range.
    """
    if isinstance(name_or_path, Path) or name_or_path.endswith((".yaml", ".yml")):
        return _load(Path(name_or_path).resolve(), load_catalogue())
    return _load_packaged(name_or_path)


@cache
def _load_packaged(name: str) -> CarProfile:
    # Scenarios and tests open many cars with the same profile: parse it once.
    folder = resources.files("incabin.vehicle").joinpath("data/car_profiles")
    known = sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))
    if name not in known:
        raise ProfileError(f"no car profile {name!r}; known profiles: {', '.join(known)}")
    return profile_from_mapping(_read_yaml(folder.joinpath(f"{name}.yaml")), load_catalogue(), name)


def _load(path: Path, catalogue: Catalogue) -> CarProfile:
    return profile_from_mapping(_read_yaml(path), catalogue, str(path))


def _read_yaml(path: Any) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ProfileError(f"cannot read the car profile {path}: {err}") from err


def profile_from_mapping(raw: Any, catalogue: Catalogue, origin: str = "profile") -> CarProfile:
    """Check a parsed profile (``name``, ``attributes``, ``features``) against VSS 6.0."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
        raise ProfileError(f"{origin}: a car profile is a mapping with a 'name'")
    extra = set(raw) - {"name", "attributes", "features"}
    if extra:
        raise ProfileError(
            f"{origin}: unknown keys {sorted(extra)}; use name, attributes, features"
        )
    attributes, features = raw.get("attributes") or {}, raw.get("features") or {}
    if not isinstance(attributes, Mapping) or not isinstance(features, Mapping):
        raise ProfileError(f"{origin}: 'attributes' and 'features' must be mappings")
    unknown = sorted(set(features) - set(FEATURE_NAMES))
    if unknown:
        raise ProfileError(
            f"{origin}: unknown features {unknown}; known: {', '.join(FEATURE_NAMES)}"
        )
    wrong = sorted(k for k, v in features.items() if not isinstance(v, bool))
    if wrong:
        raise ProfileError(f"{origin}: features {wrong} must be true or false")
    derived = {p for f in FEATURES if f.available for p, _ in catalogue.instances(f.available)}
    clean: dict[str, Any] = {}
    for path, value in attributes.items():
        if path in derived:
            raise ProfileError(f"{origin}: {path} follows from 'features'; do not set it")
        if path not in catalogue or catalogue.get(path).kind is not SignalKind.ATTRIBUTE:
            close = catalogue.suggest(str(path)) if path not in catalogue else ()
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ProfileError(f"{origin}: {path!r} is not a VSS 6.0 attribute{hint}")
        try:
            clean[path] = catalogue.get(path).validate(value)
        except InvalidValue as err:
            raise ProfileError(f"{origin}: {err}") from err
    return CarProfile(raw["name"], clean, dict(features))


def profile_from_source(
    catalogue: Catalogue, name: str, served: Callable[[str], bool], value: Callable[[str], Any]
) -> CarProfile:
    """The profile of a real car: the attributes it reports, and a feature is present when
    its availability attribute says so or, without one, when the car serves any of its
    signals. ``served(path)`` and ``value(path)`` (None when unknown) ask the source."""
    attributes = {
        s.path: v for s in catalogue
        if s.kind is SignalKind.ATTRIBUTE and served(s.path) and (v := value(s.path)) is not None
    }
    features = {}
    for feature in FEATURES:
        said = [attributes[p] for p, _ in catalogue.instances(feature.available)
                if p in attributes] if feature.available else []
        if said:
            features[feature.name] = any(said)
            continue
        features[feature.name] = any(
            served(p) for pattern in feature.signals
            for p, _ in catalogue.instances(pattern, branch=True)
        )
    return CarProfile(name, attributes, features)
