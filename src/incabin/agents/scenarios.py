"""Scenario files (DESIGN.md): load them, run each through a fresh Assistant, and
check every expectation of every turn."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pydantic
import yaml

from incabin.agents._errors import ScenarioError
from incabin.agents._models import Reply
from incabin.vehicle import Reading, from_vss5

if TYPE_CHECKING:
    from incabin.agents.assistant import Assistant
    from incabin.llm import ChatModel
    from incabin.vehicle import Vehicle


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")


class GivenProfile(_Strict):
    """The driver a scenario starts with."""

    name: str = "driver"
    preferences: dict[str, Any] = {}


class GivenNavigation(_Strict):
    """An active route a scenario starts from."""

    destination: str
    stops: list[str] = []


class GivenLocation(_Strict):
    """Where the car is."""

    lat: float
    lon: float


class Given(_Strict):
    """The world before the first turn."""

    time: datetime | None = None
    vehicle: dict[str, Any] = {}
    dtcs: list[str] = []
    location: GivenLocation | None = None
    profile: GivenProfile | None = None
    navigation: GivenNavigation | None = None
    # The simulated car: a profile of vehicle/data/car_profiles (or a file), and features
    # switched on or off on top of it ({seat_massage: false}). None: the default car.
    car: str | None = None
    features: dict[str, bool] = {}

    @pydantic.field_validator("vehicle")
    @classmethod
    def _vss6_paths(cls, values: dict[str, Any]) -> dict[str, Any]:
        return _vss6(values)


class ExpectNav(_Strict):
    """Expectations on ``a.navigation.state()``."""

    active: bool | None = None
    destination: str | None = None
    stop_kinds: list[str] = []


class Expect(_Strict):
    """What must hold after one turn; every key optional."""

    act: str | list[str] | None = None
    agent: str | None = None
    state: dict[str, Any] = {}
    unchanged: list[str] = []
    mentions: list[str] = []
    mentions_any: list[str] = []
    not_mentions: list[str] = []
    nav: ExpectNav | None = None

    @pydantic.field_validator("state")
    @classmethod
    def _vss6_state(cls, values: dict[str, Any]) -> dict[str, Any]:
        return _vss6(values)

    @pydantic.field_validator("unchanged")
    @classmethod
    def _vss6_unchanged(cls, paths: list[str]) -> list[str]:
        return [from_vss5(path)[0] for path in paths]


def _vss6(values: dict[str, Any]) -> dict[str, Any]:
    """Paths VSS 6.0 moved, written the 5.1 way in older scenario files, as 6.0 has them."""
    return dict(from_vss5(path, value) for path, value in values.items())


class Turn(_Strict):
    """One driver request and its expectations."""

    user: str
    expect: Expect = Expect()


class Scenario(_Strict):
    """One scenario file entry."""

    id: str
    lang: Literal["en", "zh"] = "en"
    category: str | None = None  # for reports; defaults to the id's first word
    given: Given = Given()
    turns: list[Turn]

    @property
    def group(self) -> str:
        """The category a report groups this scenario under."""
        return self.category or self.id.split("-")[0]


@dataclass
class ScenarioResult:
    """How one scenario went."""

    scenario: Scenario
    failures: list[str] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    seconds: float = 0.0
    source: str = ""

    @property
    def passed(self) -> bool:
        """True when every expectation of every turn held."""
        return not self.failures


def load_scenarios(paths: str | Path | Iterable[str | Path]) -> list[tuple[Scenario, str]]:
    """Read scenario files and folders (``*.yaml``/``*.yml``, recursively): one path or
    several."""
    files: list[Path] = []
    # One path is one path: a str is iterable, but not as a list of one-letter paths.
    for raw in [paths] if isinstance(paths, (str, Path)) else paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"}))
        elif path.is_file():
            files.append(path)
        else:
            raise ScenarioError(f"No such scenario file or folder: {path}")
    scenarios: list[tuple[Scenario, str]] = []
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            raise ScenarioError(f"{file}: cannot read YAML: {err}") from err
        for item in data if isinstance(data, list) else [data]:
            try:
                scenarios.append((Scenario.model_validate(item), str(file)))
            except pydantic.ValidationError as err:
                raise ScenarioError(f"{file}: not a valid scenario: {err}") from err
    return scenarios


def close_enough(actual: Any, expected: Any) -> bool:
    """Numbers within ±1 % or ±0.5, whichever is looser; other values equal."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return bool(actual) == bool(expected) if isinstance(expected, bool) else actual == expected
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(actual, expected, rel_tol=0.01, abs_tol=0.5)
    if isinstance(expected, list) and isinstance(actual, (list, tuple)):
        return sorted(map(str, actual)) == sorted(map(str, expected))
    return str(actual).lower() == str(expected).lower()


def current(assistant: Assistant, path: str) -> Any:
    """A signal's value, or its Unavailable marker (a car may lack the feature)."""
    reading = assistant.vehicle.read(path)
    return reading.value if isinstance(reading, Reading) else reading


def check_turn(assistant: Assistant, expect: Expect, reply: Reply,
               before: dict[str, Any]) -> list[str]:
    """Every expectation of one turn that did not hold, as a sentence each."""
    problems: list[str] = []
    text = reply.text.lower()
    if expect.act is not None:
        allowed = [expect.act] if isinstance(expect.act, str) else expect.act
        if reply.act not in allowed:
            problems.append(f"act {reply.act!r}, expected {' or '.join(allowed)}")
    if expect.agent is not None and reply.agent != expect.agent:
        problems.append(f"agent {reply.agent!r}, expected {expect.agent!r}")
    for path, value in expect.state.items():
        actual = current(assistant, path)
        if not close_enough(actual, value):
            problems.append(f"{path} is {actual!r}, expected {value!r}")
    for path in expect.unchanged:
        actual = current(assistant, path)
        if actual != before[path]:
            problems.append(f"{path} changed from {before[path]!r} to {actual!r}")
    for word in expect.mentions:
        if word.lower() not in text:
            problems.append(f"reply does not mention {word!r}")
    if expect.mentions_any:
        haystack = " ".join([text, *(o.lower() for o in reply.options)])
        if not any(w.lower() in haystack for w in expect.mentions_any):
            problems.append(f"reply mentions none of {expect.mentions_any!r}")
    for word in expect.not_mentions:
        if word.lower() in text:
            problems.append(f"reply mentions {word!r}")
    if expect.nav is not None:
        problems.extend(_check_nav(assistant.navigation.state(), expect.nav))
    return problems


def _check_nav(state: dict[str, Any], nav: ExpectNav) -> list[str]:
    problems = []
    if nav.active is not None and bool(state.get("active")) != nav.active:
        problems.append(f"navigation active is {state.get('active')}, expected {nav.active}")
    if nav.destination is not None:
        name = ((state.get("destination") or {}).get("name") or "").lower()
        if nav.destination.lower() not in name:
            problems.append(f"destination {name!r} does not contain {nav.destination!r}")
    kinds = {s.get("kind") for s in state.get("stops", [])}
    for kind in nav.stop_kinds:
        if kind not in kinds:
            problems.append(f"no stop of kind {kind!r} (stops: {sorted(map(str, kinds))})")
    return problems


def run_scenario(scenario: Scenario, make_assistant: Callable[[Scenario], Assistant],
                 source: str = "") -> ScenarioResult:
    """Run one scenario through a fresh Assistant and check every turn."""
    result = ScenarioResult(scenario, source=source)
    start = time.perf_counter()
    try:
        assistant = make_assistant(scenario)
    except Exception as err:  # noqa: BLE001 - a broken 'given' fails this scenario only
        result.failures.append(f"set-up failed: {type(err).__name__}: {err}")
        return result
    try:
        for number, turn in enumerate(scenario.turns, 1):
            before = {p: current(assistant, p) for p in turn.expect.unchanged}
            reply = assistant.send(turn.user)
            assistant.vehicle.settle()
            result.replies.append(reply)
            for problem in check_turn(assistant, turn.expect, reply, before):
                result.failures.append(f"turn {number}: {problem} (reply: {reply.text!r})")
    except Exception as err:  # noqa: BLE001 - a crash fails this scenario, not the run
        result.failures.append(f"crashed: {type(err).__name__}: {err}")
    finally:
        assistant.close()
        result.seconds = time.perf_counter() - start
    return result


def apply_given(assistant: Assistant, given: Given) -> None:
    """Put the car, driver and trip in the state a scenario starts from."""
    vehicle = assistant.vehicle
    if given.location is not None:
        vehicle.set("Vehicle.CurrentLocation.Latitude", given.location.lat)
        vehicle.set("Vehicle.CurrentLocation.Longitude", given.location.lon)
    for path, value in given.vehicle.items():
        vehicle.set(path, value)
    for code in given.dtcs:
        vehicle.add_dtc(code)
    if given.profile is not None:
        assistant.services.profiles.seed(given.profile.model_dump())
        assistant.switch_driver(given.profile.name)
    if given.navigation is not None:
        assistant.start_navigation(given.navigation.destination, given.navigation.stops)


def scenario_vehicle(given: Given, car: str | None = None) -> str | Vehicle:
    """The car a scenario runs on: ``sim``, or the simulator with the profile ``given.car``
    (else ``car``) and ``given.features`` switched on or off."""
    name = given.car or car
    if name is None and not given.features:
        return "sim"
    from incabin.vehicle import SimConfig, SimSource, Vehicle, VehicleStore, load_profile

    profile = load_profile(name or "default").with_features(given.features)
    return Vehicle(VehicleStore(), SimSource(SimConfig(profile=profile)))


def scenario_assistant_factory(
        llm: str | ChatModel | None = None,
        car: str | None = None) -> Callable[[Scenario], Assistant]:
    """Fresh Assistants for scenarios, sharing one loaded model and one map. ``car`` is the
    car profile of scenarios that do not name one (``given.car``); None: the default car."""
    from incabin.agents.assistant import Assistant
    from incabin.llm import create_chat_model
    from incabin.travel import Atlas

    model = llm if llm is not None and not isinstance(llm, str) else create_chat_model(llm)
    atlas: list[Atlas] = []

    def load_atlas() -> Atlas:
        if not atlas:
            atlas.append(Atlas.default())
        return atlas[0]

    def make(scenario: Scenario) -> Assistant:
        when = scenario.given.time
        clock = (lambda: when) if when is not None else None
        assistant = Assistant.create(model, scenario_vehicle(scenario.given, car),
                                     profiles="guest", clock=clock, atlas=load_atlas)
        apply_given(assistant, scenario.given)
        return assistant

    return make
