"""A conversation's state as plain JSON data, so a conversation can continue in another
process: what ``Assistant.memory`` holds between turns and the active trip.

    state = capture(assistant)           # ConversationState (pydantic)
    text = state.model_dump_json()
    ...
    restore(other_assistant, ConversationState.model_validate_json(text))

Stored: the held question (confirm or clarify) with its choices, the agent that asked
it, the last agent and tools, the exchanges the model sees, the places follow-ups refer
to, the values settings took from defaults, and the trip's settings (origin, destination,
the driver's stops with their kinds, route mode, avoid, battery, chargers the driver
removed). The route itself is planned again from those settings on restore: routing is
deterministic, and a plan holds kilobytes of geometry the settings already determine.

Not stored: ``Memory.corrections`` (how often the driver corrected a default this session;
``CorrectionTracker`` keeps its counts private, so a restarted conversation counts again
from zero) — listed in ``NOT_STORED``.

Reading stored state never trusts it: every field is validated, and anything that does
not fit raises ``InvalidSessionState`` before the assistant is touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from incabin.agents._errors import InvalidSessionState
from incabin.agents._models import AgentName
from incabin.agents.tools import Pending
from incabin.travel import Place, TravelError

if TYPE_CHECKING:
    from incabin.agents.assistant import Assistant
    from incabin.travel import Navigation

FORMAT = 1
# Memory fields deliberately left out (see the module docstring); every other field is stored.
NOT_STORED = frozenset({"corrections"})
_MAX_HISTORY = 64  # far beyond what memory keeps; a longer list is not a state we wrote


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoredPending(_Strict):
    """A held call (``tools.Pending``)."""

    tool: str
    arguments: dict[str, Any]
    choice_argument: str | None = None
    choices: dict[str, Any] = Field(default_factory=dict)
    more: list[tuple[str, dict[str, Any]]] = Field(default_factory=list)


class StoredStop(_Strict):
    """One of the driver's own stops (planned charging stops are re-planned)."""

    place: Place
    kind: Literal["charging", "restaurant", "waypoint"]


class StoredTrip(_Strict):
    """The settings the active trip was planned from (``navigation.TripSettings``)."""

    origin: tuple[float, float]
    destination: Place
    stops: list[StoredStop] = Field(default_factory=list)
    mode: Literal["fastest", "shortest", "eco"] = "fastest"
    avoid: list[Literal["motorways", "tolls"]] = Field(default_factory=list)
    soc: float = Field(80.0, gt=0, le=100)
    min_arrival_soc: float = 10.0
    plan_charging: bool = True
    excluded_chargers: list[str] = Field(default_factory=list)


class ConversationState(_Strict):
    """Everything a conversation needs to continue where it stopped."""

    format: Literal[1] = FORMAT
    pending: StoredPending | None = None
    pending_agent: AgentName | None = None
    pending_options: list[str] = Field(default_factory=list)
    last_agent: AgentName | None = None
    last_tools: list[str] = Field(default_factory=list)
    history: list[tuple[str, str]] = Field(default_factory=list, max_length=_MAX_HISTORY)
    last_climate_zone: str = "driver"
    last_place: Place | None = None
    last_places: list[Place] = Field(default_factory=list)
    last_place_labels: list[str] = Field(default_factory=list)
    defaulted: dict[str, Any] = Field(default_factory=dict)
    trip: StoredTrip | None = None


def capture(assistant: Assistant) -> ConversationState:
    """The conversation state of ``assistant`` now (its memory and its active trip)."""
    memory = assistant.memory
    pending = memory.pending
    return ConversationState(
        pending=None if pending is None else StoredPending(
            tool=pending.tool, arguments=dict(pending.arguments),
            choice_argument=pending.choice_argument, choices=dict(pending.choices),
            more=[(name, dict(arguments)) for name, arguments in pending.more]),
        pending_agent=memory.pending_agent,
        pending_options=list(memory.pending_options),
        last_agent=memory.last_agent,
        last_tools=sorted(memory.last_tools),
        history=list(memory.history),
        last_climate_zone=memory.last_climate_zone,
        last_place=memory.last_place,
        last_places=list(memory.last_places),
        last_place_labels=list(memory.last_place_labels),
        defaulted=dict(memory.defaulted),
        trip=_trip_of(assistant),
    )


def parse(text: str | bytes) -> ConversationState:
    """Read stored state; ``InvalidSessionState`` names what does not fit."""
    try:
        return ConversationState.model_validate_json(text)
    except ValidationError as err:
        raise InvalidSessionState(f"the stored conversation state does not fit: {_problems(err)}"
                                  ) from err


def from_data(data: Any) -> ConversationState:
    """Like ``parse``, for state already decoded from JSON (part of a larger document)."""
    try:
        return ConversationState.model_validate(data)
    except ValidationError as err:
        raise InvalidSessionState(f"the stored conversation state does not fit: {_problems(err)}"
                                  ) from err


def restore(assistant: Assistant, state: ConversationState) -> None:
    """Put ``state`` into a fresh ``assistant``: its memory, then its trip (planned again,
    which loads the map). ``InvalidSessionState`` when the trip cannot be planned again;
    the memory is only set once the trip is back, so a failure leaves it as it was."""
    if state.trip is not None:
        _resume_trip(assistant.navigation, state.trip)
    memory = assistant.memory
    stored = state.pending
    memory.pending = None if stored is None else Pending(
        stored.tool, dict(stored.arguments), choice_argument=stored.choice_argument,
        choices=dict(stored.choices), more=tuple((n, dict(a)) for n, a in stored.more))
    memory.pending_agent = state.pending_agent
    memory.pending_options = list(state.pending_options)
    memory.last_agent = state.last_agent
    memory.last_tools = set(state.last_tools)
    memory.history = [tuple(pair) for pair in state.history]  # type: ignore[misc]
    memory.last_climate_zone = state.last_climate_zone
    memory.last_place = state.last_place
    memory.last_places = list(state.last_places)
    memory.last_place_labels = list(state.last_place_labels)
    memory.defaulted = dict(state.defaulted)


def _trip_of(assistant: Assistant) -> StoredTrip | None:
    if not assistant.services.navigating:  # never loads the map just to look
        return None
    settings = assistant.navigation.plan.settings
    return StoredTrip(
        origin=(settings.origin.lat, settings.origin.lon), destination=settings.destination,
        stops=[StoredStop(place=s.place, kind=s.kind) for s in settings.stops],
        mode=settings.mode, avoid=sorted(settings.avoid),  # type: ignore[arg-type]
        soc=settings.soc, min_arrival_soc=settings.min_arrival_soc,
        plan_charging=settings.plan_charging, excluded_chargers=sorted(settings.excluded_chargers))


def _resume_trip(navigation: Navigation, trip: StoredTrip) -> None:
    from incabin.travel import LatLon
    from incabin.travel.navigation import TripSettings, TripStop

    settings = TripSettings(
        origin=LatLon(*trip.origin), destination=trip.destination,
        stops=tuple(TripStop(s.place, s.kind) for s in trip.stops), mode=trip.mode,
        avoid=frozenset(trip.avoid), soc=trip.soc, min_arrival_soc=trip.min_arrival_soc,
        plan_charging=trip.plan_charging, excluded_chargers=frozenset(trip.excluded_chargers))
    try:
        navigation.resume(settings)
    except TravelError as err:
        raise InvalidSessionState(f"the stored trip cannot be planned again: {err}") from err


def _problems(err: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'state'}: {e['msg']}"
                     for e in err.errors()[:5])
