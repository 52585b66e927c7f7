"""The FastAPI application: REST routes, the WebSocket, the web page and JSON errors.

``create_app(config, manager)`` builds it; ``incabin serve`` runs it under uvicorn.
Every error is ``{"error": code, "detail": message}`` with the status the
OpenAPI document declares.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import re
from collections.abc import AsyncIterator
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from incabin._errors import IncabinError
from incabin.interfaces.server._errors import ServerError
from incabin.interfaces.server.config import ServerConfig
from incabin.interfaces.server.dev import inject
from incabin.interfaces.server.map_data import map_geojson
from incabin.interfaces.server.schemas import (
    ActionResultOut,
    ErrorOut,
    Forgotten,
    Health,
    Injected,
    Injection,
    NavigationOut,
    PreferenceOut,
    ProfileOut,
    ReadingOut,
    ReplyOut,
    SessionCreate,
    SessionOut,
    TurnRequest,
    VehiclePanel,
    VehicleWrite,
    VoiceOut,
)
from incabin.interfaces.server.security import (
    AUDIO_MEDIA_TYPES,
    VOICE_PATH,
    RequestGuard,
    not_utf8,
    require_token,
    text_problem,
)
from incabin.interfaces.server.sessions import Session, SessionManager
from incabin.interfaces.server.ws import serve_socket
from incabin.interfaces.voice import AudioFormatError, AudioTooLong, VoiceError, joined_wav
from incabin.llm import LLMError
from incabin.travel import MapDataUnavailable
from incabin.vehicle import ActionStatus, InvalidValue, UnknownSignal

log = logging.getLogger(__name__)

WEB_DIR = Path(str(resources.files("incabin.interfaces") / "web"))

_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 409: "conflict", 413: "request_too_large",
                 415: "unsupported_media_type", 422: "invalid_request",
                 500: "internal_error", 503: "unavailable"}


_bearer = HTTPBearer(auto_error=False, description="needed when the server has a token")


def _authorized(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    require_token(request.app.state.config.token, credentials.credentials if credentials else None)


def _session_of(request: Request,
                session: Annotated[str, Query(min_length=1, max_length=64)]) -> Session:
    manager: SessionManager = request.app.state.manager
    return manager.get(session)


# Read-only routes get the session (a sync dependency: FastAPI runs it in a thread, as
# finding a shared session reads the database); routes that change it pass its id to
# ``SessionManager.use``, which holds it for the length of the change.
SessionDep = Annotated[Session, Depends(_session_of)]
SessionId = Annotated[str, Query(alias="session", min_length=1, max_length=64)]


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    common = (401, 403, 413, 415, 421, 422, 500)
    return {s: {"model": ErrorOut} for s in sorted({*common, *statuses})}


def create_app(config: ServerConfig, manager: SessionManager) -> FastAPI:
    """The application for one server; ``manager`` holds its sessions."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        clock = asyncio.create_task(manager.run_clock())
        try:
            yield
        finally:
            clock.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await clock
            await asyncio.to_thread(manager.shutdown)

    app = FastAPI(title="incabin", version="1", lifespan=lifespan,
                  description="The in-car assistant's HTTP and WebSocket interface.")
    app.state.config = config
    app.state.manager = manager
    guarded = [Depends(_authorized)]

    @app.get("/v1/health", response_model=Health, responses=_errors(), tags=["server"])
    async def health() -> Health:
        """Liveness, open sessions and the model in use (no token needed)."""
        return Health(sessions=await manager.run(manager.count), llm=manager.llm_name)

    @app.post("/v1/sessions", response_model=SessionOut, status_code=201, dependencies=guarded,
              responses=_errors(503), tags=["sessions"])
    async def create_session(body: SessionCreate) -> SessionOut:
        """Open a session: its own assistant, simulated car, coach and profile view."""
        session = await manager.run(manager.create, body.driver, body.lang)
        return SessionOut(session=session.id, driver=session.driver, lang=session.lang)

    @app.delete("/v1/sessions/{session_id}", status_code=204, dependencies=guarded,
                responses=_errors(404), tags=["sessions"])
    async def close_session(session_id: str) -> Response:
        """Close a session and release its car."""
        await manager.run(manager.close, session_id)
        return Response(status_code=204)

    @app.post("/v1/turns", response_model=ReplyOut, dependencies=guarded,
              responses=_errors(404, 503), tags=["conversation"])
    async def turn(body: TurnRequest) -> ReplyOut:
        """One request, answered when complete (the WebSocket streams instead)."""
        reply = await manager.run(partial(manager.use, body.session, Session.turn, body.text,
                                          command=body.text))
        return ReplyOut.of(reply)

    @app.post(VOICE_PATH, response_model=VoiceOut, dependencies=guarded,
              responses=_errors(400, 404, 503), tags=["conversation"],
              openapi_extra={"requestBody": {"required": True, "content": {
                  media: {"schema": {"type": "string", "format": "binary"}}
                  for media in AUDIO_MEDIA_TYPES}}})
    async def voice(request: Request, session_id: SessionId) -> VoiceOut:
        """A spoken request (WAV, PCM, WebM/Ogg Opus): recognised offline, then answered."""
        audio = await request.body()
        heard = await manager.run(manager.use, session_id, Session.voice_turn, audio,
                                  request.headers.get("content-type"))
        spoken = joined_wav(heard.audio)
        return VoiceOut(transcript=heard.transcript.text, engine=heard.transcript.engine,
                        reply=ReplyOut.of(heard.reply) if heard.reply is not None else None,
                        question=heard.question,
                        audio=base64.b64encode(spoken).decode() if spoken else None)

    @app.get("/v1/vehicle", response_model=VehiclePanel, dependencies=guarded,
             responses=_errors(404), tags=["vehicle"])
    def vehicle_panel(session: SessionDep) -> VehiclePanel:
        """The vehicle panel: speed, charge, range, tyres, cabin, doors, windows, warnings."""
        return session.panel()

    @app.get("/v1/vehicle/{vss_path}", response_model=ReadingOut, dependencies=guarded,
             responses=_errors(404), tags=["vehicle"])
    def read_signal(vss_path: str, session: SessionDep) -> ReadingOut:
        """One signal by its VSS path; unknown paths answer 404 with close matches."""
        return ReadingOut.of(session.read(vss_path))

    @app.put("/v1/vehicle/{vss_path}", response_model=ActionResultOut, dependencies=guarded,
             responses=_errors(404, 409, 503), tags=["vehicle"])
    async def actuate(vss_path: str, body: VehicleWrite, session_id: SessionId) -> Any:
        """Command an actuator through the safety rules: refused or awaiting confirmation
        is 409 with the reason, and nothing changes."""
        result = await manager.run(manager.use, session_id, Session.actuate, vss_path,
                                   body.value, body.confirmed)
        out = ActionResultOut.of(result)
        if result.status in (ActionStatus.REFUSED, ActionStatus.NEEDS_CONFIRMATION):
            code = "refused" if result.status is ActionStatus.REFUSED else "needs_confirmation"
            return _error(409, code, result.message, reason=result.reason)
        if result.status is ActionStatus.FAILED:
            return _error(503, "actuation_failed", result.message, reason=result.reason)
        return out

    @app.get("/v1/navigation", response_model=NavigationOut, dependencies=guarded,
             responses=_errors(404), tags=["travel"])
    def navigation(session: SessionDep) -> NavigationOut:
        """The active trip with its stops and route geometry."""
        return session.navigation()

    @app.get("/v1/profile", response_model=ProfileOut, dependencies=guarded,
             responses=_errors(404), tags=["profile"])
    def profile(session: SessionDep) -> ProfileOut:
        """What the assistant remembers about this session's driver."""
        driver = session.assistant.services.driver
        prefs = [PreferenceOut(key=p.key, value=p.value, source=str(p.source),
                               updated_at=p.updated_at.isoformat()) for p in driver.items()]
        return ProfileOut(driver=driver.name, preferences=prefs,
                          summary=driver.describe(session.lang))

    @app.get("/v1/profile/export", dependencies=guarded, responses=_errors(404),
             tags=["profile"], response_class=JSONResponse,
             response_model=dict[str, Any])
    def export_profile(session: SessionDep) -> Response:
        """Everything stored about the driver, as the profile layer exports it."""
        exported = session.assistant.services.driver.export_json()
        return Response(exported, media_type="application/json")

    @app.delete("/v1/profile/{key}", response_model=Forgotten, dependencies=guarded,
                responses=_errors(404), tags=["profile"])
    async def forget(key: str, session_id: SessionId) -> Forgotten:
        """Erase one preference for good."""
        # The profile store keeps it, not the session: nothing of the session to write.
        forgotten = await manager.run(partial(manager.use, session_id, Session.forget, key,
                                              write=False))
        return Forgotten(key=key, forgotten=forgotten)

    @app.get("/v1/map", dependencies=guarded, tags=["travel"], response_class=Response,
             responses={**_errors(503), 200: {"description": "a GeoJSON FeatureCollection",
                                              "content": {"application/geo+json": {
                                                  "schema": {"type": "object"}}}}})
    async def map_data(request: Request,
                       region: Annotated[str, Query(max_length=32)] = "helsinki") -> Response:
        """The streets, water, parks and buildings of a region's OSM extract as GeoJSON
        (the file the road network is read from), gzipped for clients that accept it."""
        plain, packed = await asyncio.to_thread(map_geojson, region)
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(packed, media_type="application/geo+json",
                            headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return Response(plain, media_type="application/geo+json",
                        headers={"Vary": "Accept-Encoding"})

    if config.dev:  # without --dev the route does not exist (404)
        @app.post("/v1/dev/inject", response_model=Injected, dependencies=guarded,
                  responses=_errors(404), tags=["development"])
        async def dev_inject(body: Injection, session_id: SessionId) -> Injected:
            """Put a fault, a trouble code, a harsh brake or a route drive into the
            session's simulated car (``incabin serve --dev`` only)."""
            return await manager.run(manager.use, session_id, inject, body)

    @app.websocket("/v1/ws")
    async def websocket(ws: WebSocket) -> None:
        await serve_socket(ws, manager, config)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(WEB_DIR / "favicon.svg", media_type="image/svg+xml")

    app.mount("/web", StaticFiles(directory=WEB_DIR), name="web")
    _install_error_handlers(app)
    if config.allow_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.allow_origins),
                           allow_methods=["GET", "POST", "PUT", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(RequestGuard, max_body_bytes=config.max_body_bytes,
                       allow_origins=config.allow_origins, allowed_hosts=config.hosts(),
                       has_token=bool(config.token))
    return app


def _error(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    body = ErrorOut(error=code, detail=detail, **extra).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status)


def _snake(name: str) -> str:
    """``InvalidDriver`` -> ``invalid_driver``: the error codes' spelling."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServerError)
    async def server_error(_: Request, err: ServerError) -> JSONResponse:
        return _error(err.status, err.code, str(err))

    @app.exception_handler(UnknownSignal)
    async def unknown_signal(_: Request, err: UnknownSignal) -> JSONResponse:
        return _error(404, "unknown_signal", str(err), suggestions=list(err.suggestions))

    @app.exception_handler(InvalidValue)
    async def invalid_value(_: Request, err: InvalidValue) -> JSONResponse:
        return _error(422, "invalid_value", str(err))

    @app.exception_handler(LLMError)
    async def llm_error(_: Request, err: LLMError) -> JSONResponse:
        log.warning("model failed: %s", err)
        return _error(503, "model_unavailable", str(err))

    @app.exception_handler(VoiceError)
    async def voice_error(_: Request, err: VoiceError) -> JSONResponse:
        status = {AudioFormatError: 415, AudioTooLong: 413}.get(type(err), 400)
        return _error(status, _snake(type(err).__name__), str(err))

    @app.exception_handler(MapDataUnavailable)
    async def map_unavailable(_: Request, err: MapDataUnavailable) -> JSONResponse:
        return _error(503, "map_data_unavailable", str(err))

    @app.exception_handler(IncabinError)
    async def incabin_error(_: Request, err: IncabinError) -> JSONResponse:
        return _error(422, _snake(type(err).__name__), str(err))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, err: RequestValidationError) -> JSONResponse:
        problems = []
        for e in err.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
            problems.append(f"{where}: {text_problem(e)}")
        return _error(422, "invalid_request", "; ".join(problems)[:1000])

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, err: HTTPException) -> JSONResponse:
        if err.status_code == 400:  # FastAPI's "error parsing the body": bad JSON, as above
            if isinstance(err.__cause__, UnicodeDecodeError):
                return _error(422, "invalid_request", not_utf8("body", err.__cause__))
            return _error(422, "invalid_request", f"the body is not valid JSON: {err.detail}")
        code = _STATUS_CODES.get(err.status_code, "error")
        return _error(err.status_code, code, str(err.detail))

    @app.exception_handler(Exception)
    async def internal(_: Request, err: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=err)
        return _error(500, "internal_error", "the server failed on this request; see its log")
