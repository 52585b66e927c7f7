"""The server's wire format: request bodies, responses and WebSocket messages (pydantic).

WebSocket ``/v1/ws?session=ID``: the client sends ``{"type": "turn", "text": ...,
"id": ...}`` (``id`` optional, or ``{"type": "ping"}``); the server sends ``hello``
once, then ``token`` pieces of a reply as they are produced and the ``reply``, each
with the turn's ``id``; turns are answered in order, except that a capability
command ("turn on the A/C") is answered at once even while a model turn runs; and
whenever they happen
``vehicle`` signal changes, coach ``alert``s and ``navigation`` changes. A bad
message gets an ``error`` message and the connection stays open.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incabin.agents import Reply
from incabin.vehicle import ActionResult, DtcInfo, Reading, Unavailable

MAX_TEXT_CHARS = 1000
MAX_DRIVER_CHARS = 64

Lang = Literal["en", "zh"]
Scalar = bool | int | float | str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# requests


class SessionCreate(_Strict):
    """Open a session for one driver."""

    driver: Annotated[str, Field(min_length=1, max_length=MAX_DRIVER_CHARS,
                                 pattern=r"^[^\x00-\x1f\x7f]+$")] = "driver"
    lang: Lang = "en"


class TurnRequest(_Strict):
    """One driver request to one session."""

    session: Annotated[str, Field(min_length=1, max_length=64)]
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]


class VehicleWrite(_Strict):
    """A commanded actuator value; ``confirmed`` answers a rule that asked first."""

    value: Scalar
    confirmed: bool = False


# responses


class ErrorOut(BaseModel):
    """Every error the server returns."""

    error: str = Field(description="a stable code, e.g. unknown_session, invalid_request")
    detail: str = Field(description="one plain sentence saying what was wrong")
    suggestions: list[str] | None = None
    reason: str | None = None


class Health(BaseModel):
    """Liveness and load."""

    status: Literal["ok"] = "ok"
    sessions: int
    llm: str


class SessionOut(BaseModel):
    """An open session."""

    session: str
    driver: str
    lang: Lang


class ActionOut(BaseModel):
    """One tool that ran during a turn."""

    tool: str
    arguments: dict[str, Any]
    ok: bool
    result: Any = None


class ReplyOut(BaseModel):
    """The assistant's answer (DESIGN.md's Reply)."""

    text: str
    act: Literal["inform", "done", "confirm", "clarify", "refuse"]
    agent: Literal["car_genius", "travel_companion"]
    options: list[str]
    lang: Lang
    actions: list[ActionOut]

    @classmethod
    def of(cls, reply: Reply) -> ReplyOut:
        """The wire form of a Reply."""
        return cls.model_validate(reply.to_dict())


class ReadingOut(BaseModel):
    """One signal: its value, unit and time (epoch seconds), or why it has none."""

    path: str
    available: bool
    value: Any = None
    unit: str | None = None
    timestamp: float | None = None
    reason: str | None = None

    @classmethod
    def of(cls, reading: Reading | Unavailable) -> ReadingOut:
        """The wire form of a vehicle read."""
        if isinstance(reading, Unavailable):
            return cls(path=reading.path, available=False, reason=str(reading.reason))
        return cls(path=reading.path, available=True, value=_plain(reading.value),
                   unit=reading.unit, timestamp=reading.timestamp)


class DtcOut(BaseModel):
    """An active trouble code explained for the driver."""

    code: str
    meaning: str
    severity: str
    advice: str

    @classmethod
    def of(cls, info: DtcInfo) -> DtcOut:
        """The wire form of a DtcInfo."""
        return cls(code=info.code, meaning=info.meaning, severity=str(info.severity),
                   advice=info.advice)


class VehiclePanel(BaseModel):
    """What the infotainment's vehicle panel shows."""

    signals: list[ReadingOut]
    warnings: list[DtcOut]


class ChangeOut(BaseModel):
    """One signal an action changed."""

    path: str
    old: Any = None
    new: Any = None


class ActionResultOut(BaseModel):
    """What an actuator command did."""

    path: str
    value: Any
    status: Literal["DONE", "PARTIAL", "REFUSED", "NEEDS_CONFIRMATION", "FAILED"]
    reason: str | None
    message: str
    changes: list[ChangeOut]

    @classmethod
    def of(cls, result: ActionResult) -> ActionResultOut:
        """The wire form of an ActionResult."""
        return cls.model_validate({
            "path": result.path, "value": _plain(result.value), "status": str(result.status),
            "reason": result.reason, "message": result.message,
            "changes": [ChangeOut(path=c.path, old=_plain(c.old), new=_plain(c.new))
                        for c in result.changes],
        })


class PlaceOut(BaseModel):
    """A named point."""

    name: str
    lat: float
    lon: float


class StopOut(PlaceOut):
    """A stop on the active route."""

    kind: str


class RouteOut(BaseModel):
    """The active route's figures (extra figures of the travel layer pass through)."""

    model_config = ConfigDict(extra="allow")

    distance_km: float
    duration_min: float
    energy_kwh: float
    arrival_soc_percent: float


class NavigationOut(BaseModel):
    """DESIGN.md's navigation state plus the route's geometry as ``[lat, lon]`` pairs."""

    active: bool
    destination: PlaceOut | None = None
    stops: list[StopOut] = []
    route: RouteOut | None = None
    geometry: list[tuple[float, float]] = []


class PreferenceOut(BaseModel):
    """One stored preference."""

    key: str
    value: Any
    source: str
    updated_at: str


class ProfileOut(BaseModel):
    """What the assistant knows about the session's driver."""

    driver: str
    preferences: list[PreferenceOut]
    summary: str


class Forgotten(BaseModel):
    """The outcome of DELETE /v1/profile/{key}."""

    key: str
    forgotten: bool


# WebSocket messages


TurnId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
# An event of a turn carries the turn's id when the request gave one, and no id key else.
_TURN_ID = Field(default=None, exclude_if=lambda value: value is None,
                 description="the id the turn message gave, if any")


class TurnMessage(_Strict):
    """Client → server: one request; ``id`` (optional) comes back on its events."""

    type: Literal["turn"]
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]
    id: TurnId | None = None


class PingMessage(_Strict):
    """Client → server: keep-alive; answered with ``pong``."""

    type: Literal["ping"]


ClientMessage = Annotated[TurnMessage | PingMessage, Field(discriminator="type")]


class HelloEvent(BaseModel):
    """Server → client, once: the session this connection follows, and the languages a
    spoken request can be recognised in (the page disables its mic for the others)."""

    type: Literal["hello"] = "hello"
    session: str
    driver: str
    lang: Lang
    voice_langs: list[str] = []


class TokenEvent(BaseModel):
    """A piece of the reply being produced."""

    type: Literal["token"] = "token"
    text: str
    id: str | None = _TURN_ID


class ReplyEvent(ReplyOut):
    """The finished reply of a turn."""

    type: Literal["reply"] = "reply"
    id: str | None = _TURN_ID


class VehicleEvent(BaseModel):
    """A signal of the car changed."""

    type: Literal["vehicle"] = "vehicle"
    path: str
    value: Any
    unit: str | None = None


class AlertEvent(BaseModel):
    """A coach alert as it is spoken to the driver."""

    type: Literal["alert"] = "alert"
    kind: str
    priority: str
    text: str
    lang: str
    t: float


class NavigationEvent(BaseModel):
    """The trip changed."""

    type: Literal["navigation"] = "navigation"
    state: NavigationOut


class ErrorEvent(BaseModel):
    """A message could not be handled; the connection stays open unless said otherwise."""

    type: Literal["error"] = "error"
    error: str
    detail: str
    id: str | None = _TURN_ID


class PongEvent(BaseModel):
    """The answer to a ping."""

    type: Literal["pong"] = "pong"


ServerEvent = (HelloEvent | TokenEvent | ReplyEvent | VehicleEvent | AlertEvent
               | NavigationEvent | ErrorEvent | PongEvent)


def _plain(value: Any) -> Any:
    """JSON-ready form of a signal value (VSS arrays are tuples in the store)."""
    return list(value) if isinstance(value, tuple) else value


class VoiceOut(BaseModel):
    """What a spoken request was heard as, and the answer.

    ``reply`` is None when nothing was heard, and when the hearing was not sure enough to
    act on: then ``question`` asks whether the transcript is right and nothing ran (send
    the transcript as a typed turn to go ahead). ``audio`` is the reply spoken, a base64
    WAV file, when a voice for its language is installed.
    """

    transcript: str
    engine: str
    reply: ReplyOut | None
    question: str | None = None
    audio: str | None = Field(default=None, description="the spoken reply: base64 WAV")


# development routes (``incabin serve --dev``)

Wheel = Literal["Row1.Left", "Row1.Right", "Row2.Left", "Row2.Right"]


class DtcFault(_Strict):
    """Activate a diagnostic trouble code (``P0A80``): a warning and an alert follow."""

    kind: Literal["dtc"]
    code: Annotated[str, Field(pattern=r"^[PCBU][0-9A-F]{4}$")]


class TyreLeak(_Strict):
    """A slow puncture at one wheel (the pressure falls as the car runs)."""

    kind: Literal["tyre_leak"]
    wheel: Wheel = "Row1.Left"
    kpa_per_hour: Annotated[float, Field(gt=0, le=10_000)] = 600.0


class SimpleFault(_Strict):
    """A fault the simulator models on its own: a sagging 12 V battery (P0562), an
    overheating traction battery (P0A7E), or a harsh brake at 50 km/h (a coach alert)."""

    kind: Literal["low_12v", "battery_overheat", "harsh_brake"]


class DriveRoute(_Strict):
    """Drive the active route at a steady speed (the map follows the car)."""

    kind: Literal["drive_route"]
    speed_kmh: Annotated[float, Field(gt=0, le=130)] = 40.0


class ClearFaults(_Strict):
    """Stop injected faults and clear every trouble code."""

    kind: Literal["clear"]


Injection = Annotated[DtcFault | TyreLeak | SimpleFault | DriveRoute | ClearFaults,
                      Field(discriminator="kind")]


class Injected(BaseModel):
    """What an injection did."""

    kind: str
    detail: str
