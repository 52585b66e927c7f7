"""Sessions: one Assistant, one car, one coach and one profile view per driver.

The assistant is blocking (the model runs on the CPU), so every call into a
session runs in the manager's worker threads, one at a time per session under
``Session.lock`` (a capability command may pass a model turn in the fast lane); the
event loop only waits for the result, and the car's clock ticks on during turns. What
happens in a session (streamed text, signal changes, coach alerts, trip changes) is
published to the session's listeners, one per WebSocket, through their event
loop, so a worker thread never touches a socket.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from incabin.agents import Assistant, Reply
from incabin.coach import Alert, Coach, VehicleFeed, attach
from incabin.interfaces.server._errors import TooManySessions, UnknownSession
from incabin.interfaces.server.fast_lane import FastLane, is_fast_command
from incabin.interfaces.server.schemas import (
    AlertEvent,
    DtcOut,
    Lang,
    NavigationEvent,
    NavigationOut,
    ReadingOut,
    ServerEvent,
    TokenEvent,
    VehicleEvent,
    VehiclePanel,
)
from incabin.interfaces.voice import VoiceTurn, voice_turn
from incabin.vehicle import ActionResult, Reading, SignalKind, Unavailable, describe_dtc

log = logging.getLogger(__name__)

AssistantFactory = Callable[[str], Assistant]
T = TypeVar("T")

SPEED = "Vehicle.Speed"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
RANGE = "Vehicle.Powertrain.Range"
CABIN_TEMPERATURE = "Vehicle.Cabin.HVAC.AmbientAirTemperature"
DRIVER_SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
DTC_LIST = "Vehicle.Diagnostics.DTCList"
# Where the car is and where it points: the map's car marker. Kept to 6 decimals (~0.1 m),
# where other values are rounded to one.
LOCATION = ("Vehicle.CurrentLocation.Latitude", "Vehicle.CurrentLocation.Longitude",
            "Vehicle.CurrentLocation.Heading")
_DOORS = [f"Vehicle.Cabin.Door.Row{r}.{s}Side" for r in (1, 2) for s in ("Driver", "Passenger")]
_WHEELS = [f"Vehicle.Chassis.Axle.Row{r}.Wheel.{s}" for r in (1, 2) for s in ("Left", "Right")]
# What the infotainment's vehicle panel shows.
PANEL_PATHS: tuple[str, ...] = (
    SPEED, SOC, RANGE, CABIN_TEMPERATURE, DRIVER_SETPOINT,
    "Vehicle.Cabin.HVAC.IsAirConditioningActive", "Vehicle.Exterior.AirTemperature",
    *(f"{w}.Tire.Pressure" for w in _WHEELS),
    *(f"{d}.IsOpen" for d in _DOORS), *(f"{d}.Window.Position" for d in _DOORS),
    "Vehicle.Body.Trunk.Rear.IsOpen", "Vehicle.Cabin.Sunroof.Position", DTC_LIST,
    *LOCATION,
)
MAX_GEOMETRY_POINTS = 400


class Listener:
    """One WebSocket's outbox: events arrive from any thread, the socket drains ``queue``."""

    def __init__(self, loop: asyncio.AbstractEventLoop, limit: int = 2000) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[ServerEvent] = asyncio.Queue(limit)
        self.dropped = 0

    def offer(self, event: ServerEvent) -> None:
        """Queue ``event`` for the socket; callable from any thread."""
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._put, event)

    def _put(self, event: ServerEvent) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            # A client that stopped reading loses events rather than growing the server.
            self.dropped += 1


class Session:
    """One driver's conversation with their own car, coach and profile view."""

    def __init__(self, session_id: str, driver: str, lang: Lang, assistant: Assistant) -> None:
        self.id = session_id
        self.driver = driver
        self.lang = lang
        self.assistant = assistant
        self.lock = threading.Lock()  # one turn or actuation at a time
        self._fast = FastLane(assistant)
        # The car's time runs on during a turn (the vehicle orders commands and time itself);
        # this only keeps a tick from advancing a car that close() is releasing.
        self._alive = threading.Lock()
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        self._sent: dict[str, Any] = {}
        self.closed = False
        self.touched = time.monotonic()
        vehicle = assistant.vehicle
        coach = assistant.services.coach
        if coach is None:  # an Assistant built by hand without one
            coach = assistant.services.coach = Coach()
            self._feed: VehicleFeed | None = attach(coach, vehicle)
        else:
            self._feed = None  # Assistant.create already feeds it from the car
        self.coach = coach
        self._coach_sub = self.coach.subscribe(self._on_coach, "alerts")
        self._watched = sorted({*(p for p in PANEL_PATHS if p in vehicle.catalogue),
                                *(s.path for s in vehicle.catalogue
                                  if s.kind is SignalKind.ACTUATOR)})
        self._vehicle_sub = vehicle.subscribe(self._watched, self._on_reading)

    # listeners

    def listen(self, listener: Listener) -> None:
        """Start sending this session's events to ``listener``."""
        with self._listeners_lock:
            self._listeners = [*self._listeners, listener]

    @property
    def listening(self) -> bool:
        """Whether a WebSocket follows this session right now."""
        return bool(self._listeners)

    def unlisten(self, listener: Listener) -> None:
        """Stop sending to ``listener`` (idempotent)."""
        with self._listeners_lock:
            self._listeners = [x for x in self._listeners if x is not listener]

    def publish(self, event: ServerEvent) -> None:
        """Send ``event`` to every listener of this session."""
        for listener in self._listeners:
            listener.offer(event)

    def _on_reading(self, reading: Reading) -> None:
        value = reading.value
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, float):
            # what a screen shows; spares sockets the float noise
            value = round(value, 6 if reading.path in LOCATION else 1)
        if self._sent.get(reading.path, ...) == value:
            return  # the simulator rewrites unchanged values every tick
        self._sent[reading.path] = value
        self.publish(VehicleEvent(path=reading.path, value=value, unit=reading.unit))

    def catch_up(self, shown: Session) -> None:
        """Send this session's listeners what differs from what ``shown`` (an older copy
        of the same session, which they followed) last sent them: changed signals and
        the trip. A copy rebuilt from the database wrote its car before anyone listened."""
        self._sent = dict(shown._sent)
        for path in self._watched:
            reading = self.assistant.vehicle.read(path)
            if isinstance(reading, Reading):
                self._on_reading(reading)
        trip = self.navigation()
        if trip != shown.navigation():
            self.publish(NavigationEvent(state=trip))

    def _on_coach(self, item: object) -> None:
        if isinstance(item, Alert):
            self.publish(AlertEvent(kind=str(item.event.kind), priority=str(item.event.priority),
                                    text=item.text, lang=item.lang, t=item.t))

    # blocking operations (run in worker threads)

    def turn(self, text: str, on_text: Callable[[str], None] | None = None) -> Reply:
        """One request through the assistant; publishes a navigation event if the trip
        changed. While another turn holds the session, a capability command is answered
        at once in the fast lane instead of waiting (``fast_lane``)."""
        if not self.lock.acquire(blocking=False):
            if is_fast_command(text):
                with self._fast.lock:
                    return self._answer(self._fast.assistant, text, on_text)
            self.lock.acquire()
        try:
            self._fast.hand_over(self.assistant)
            return self._answer(self.assistant, text, on_text)
        finally:
            self.lock.release()

    def _answer(self, assistant: Assistant, text: str,
                on_text: Callable[[str], None] | None) -> Reply:
        before = self.navigation()
        reply = assistant.send(text, on_text=on_text)
        after = self.navigation()
        if after != before:
            self.publish(NavigationEvent(state=after))
        return reply

    def merge_fast_lane(self) -> None:
        """Give the conversation what the fast lane answered since its last turn (its
        exchanges and a question it asked); call with ``lock`` held."""
        self._fast.hand_over(self.assistant)

    def voice_turn(self, audio: bytes, content_type: str | None) -> VoiceTurn:
        """A spoken request: recognised, answered like a typed one (nothing runs when
        nothing was heard, nor when the hearing was unsure: the turn asks instead)."""
        with self.lock:
            self._fast.hand_over(self.assistant)
            before = self.navigation()
            turn = voice_turn(self.assistant, audio, content_type, lang=self.lang,
                              ask_when_unsure=True)
            after = self.navigation()
        if after != before:
            self.publish(NavigationEvent(state=after))
        return turn

    def stream_turn(self, text: str, sink: Listener, turn_id: str | None = None) -> Reply:
        """A turn whose text pieces go to ``sink`` as ``token`` events (with ``turn_id``)."""
        return self.turn(text, on_text=lambda piece: sink.offer(TokenEvent(text=piece,
                                                                           id=turn_id)))

    def actuate(self, path: str, value: Any, confirmed: bool) -> ActionResult:
        """Command an actuator through the vehicle's safety rules."""
        with self.lock:
            return self.assistant.vehicle.actuate(path, value, confirmed=confirmed)

    def tick(self, seconds: float) -> None:
        """Move the car's simulated time on, also while a turn is being answered: the car
        does not stop while the model thinks, and rules keep acting on it."""
        with self._alive:
            if not self.closed:
                self.assistant.vehicle.advance(seconds)

    def forget(self, key: str) -> bool:
        """Erase one preference of this session's driver."""
        with self.lock:
            return self.assistant.services.driver.forget(key)

    # reads

    def read(self, path: str) -> Reading | Unavailable:
        """One signal (``UnknownSignal`` for a path the catalogue lacks)."""
        return self.assistant.vehicle.read(path)

    def panel(self) -> VehiclePanel:
        """The vehicle panel's signals and the active warnings, explained."""
        vehicle = self.assistant.vehicle
        signals = [ReadingOut.of(vehicle.read(p)) for p in PANEL_PATHS if p in vehicle.catalogue]
        warnings = [DtcOut.of(describe_dtc(code)) for code in vehicle.dtcs]
        return VehiclePanel(signals=signals, warnings=warnings)

    def navigation(self) -> NavigationOut:
        """The trip, without loading the map for a session that never planned one."""
        services = self.assistant.services
        if "navigation" not in services.__dict__:
            return NavigationOut(active=False)
        navigation = services.navigation
        state = NavigationOut.model_validate(navigation.state())
        if state.active:
            points = navigation.plan.route.geometry
            step = max(1, -(-len(points) // MAX_GEOMETRY_POINTS))
            kept = [*points[::step], *([points[-1]] if (len(points) - 1) % step else [])]
            state.geometry = [(p.lat, p.lon) for p in kept]
        return state

    def close(self) -> None:
        """Stop the coach feed and release the car and the profile store."""
        with self.lock, self._alive:
            if self.closed:
                return
            self.closed = True
            self._vehicle_sub.cancel()
            self._coach_sub.cancel()
            if self._feed is not None:
                self._feed.close()
            self.assistant.close()
            self.assistant.services.profiles.close()


class SessionManager:
    """Opens, finds and closes sessions, and runs their blocking work in worker threads."""

    def __init__(self, factory: AssistantFactory, *, max_sessions: int = 100,
                 workers: int = 16, tick_s: float = 1.0, idle_s: float = 1800.0,
                 llm_name: str = "") -> None:
        self.factory = factory
        self.max_sessions = max_sessions
        self.tick_s = tick_s
        self.idle_s = idle_s
        self.llm_name = llm_name
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="incabin-turn")
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._sessions)

    def count(self) -> int:
        """How many sessions are open (blocking where they are stored elsewhere)."""
        return len(self._sessions)

    def use(self, session_id: str, fn: Callable[..., T], *args: Any, write: bool = True,
            command: str | None = None) -> T:
        """``fn(session, *args)`` on the open session ``session_id`` (blocking: run it through
        ``run``). ``write`` says whether it may change the session, and ``command`` is the
        driver's text for a turn; both matter only where sessions are stored
        (``SharedSessions``)."""
        return fn(self.get(session_id), *args)

    def listen(self, session_id: str, listener: Listener) -> None:
        """Send the events of session ``session_id`` to ``listener`` (a WebSocket)."""
        session = self._sessions.get(session_id)
        if session is not None:
            session.listen(listener)

    def unlisten(self, session_id: str, listener: Listener) -> None:
        """Stop sending to ``listener`` (idempotent)."""
        session = self._sessions.get(session_id)
        if session is not None:
            session.unlisten(listener)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking ``fn(*args)`` in a worker thread. If the caller goes away the call
        still completes, so a dropped client never leaves a turn half-applied."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    def create(self, driver: str, lang: Lang) -> Session:
        """Open a session with a fresh assistant (blocking: run it through ``run``)."""
        with self._lock:
            if len(self._sessions) >= self.max_sessions:
                raise TooManySessions(
                    f"the server holds its limit of {self.max_sessions} sessions; "
                    "close one with DELETE /v1/sessions/{id}"
                )
        session = self._open(driver, lang)
        with self._lock:
            self._sessions[session.id] = session
        log.info("session %s opened for %s", session.id, driver)
        return session


    def _open(self, driver: str, lang: Lang, session_id: str | None = None) -> Session:
        """A session (new, or ``session_id`` continued) with a fresh assistant; the
        assistant is closed if that fails."""
        assistant = self.factory(driver)
        try:
            return Session(session_id or secrets.token_urlsafe(12), driver, lang, assistant)
        except BaseException:
            assistant.close()
            raise
    def get(self, session_id: str) -> Session:
        """The open session with this id, else ``UnknownSession``."""
        session = self._sessions.get(session_id)
        if session is None:
            raise UnknownSession(session_id)
        session.touched = time.monotonic()
        return session

    def close(self, session_id: str) -> None:
        """Close one session (``UnknownSession`` if it is not open)."""
        with self._lock:
            session = self._sessions.pop(session_id, None)
        if session is None:
            raise UnknownSession(session_id)
        session.close()

    def tick_all(self) -> None:
        """Advance every session's car by ``tick_s`` of simulated time."""
        for session in list(self._sessions.values()):
            session.tick(self.tick_s)

    def expire_idle(self) -> list[str]:
        """Close sessions nobody used or followed for ``idle_s`` (a page reloaded, a client
        gone); returns their ids."""
        cutoff = time.monotonic() - self.idle_s
        with self._lock:
            idle = [s for s in self._sessions.values() if s.touched < cutoff and not s.listening]
            for session in idle:
                del self._sessions[session.id]
        for session in idle:
            log.info("session %s closed after %.0f s idle", session.id, self.idle_s)
            session.close()
        return [s.id for s in idle]

    async def run_clock(self) -> None:
        """Until cancelled: keep the cars' simulated time moving with the wall clock
        (unless ``tick_s`` is 0) and close idle sessions."""
        while True:
            await asyncio.sleep(self.tick_s or 1.0)
            if self.tick_s > 0:
                await self.run(self.tick_all)
            await self.run(self.expire_idle)

    def shutdown(self) -> None:
        """Close every session and stop the worker threads."""
        with self._lock:
            sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            session.close()
        self.executor.shutdown(wait=True, cancel_futures=True)
