"""A real server (uvicorn on a free 127.0.0.1 port, in a thread) with scripted models.

Plain commands take the assistant's fast path; anything else reaches a scripted
model that looks up the manual and then streams a fixed phrase word by word, so
token streaming is exercised without a real model.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from incabin.agents import Assistant
from incabin.interfaces.server import ServerConfig, ServerThread, SessionManager
from incabin.llm import Message, ScriptedModel, ToolCall, ToolSpec

PHRASE = "Check the label on the driver's door pillar for the right tyre pressure."
MANUAL_QUESTION = "where can I find the right tyre pressure for my car"
TRIP = re.compile(r"take me to (?P<to>.+) via (?P<via>.+)", re.IGNORECASE)
FIND = re.compile(r"find (a|an|some) ", re.IGNORECASE)
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "server"


def manual_step(messages: Sequence[Message], tools: Sequence[ToolSpec]) -> Message:
    """Plan a trip for "take me to X via Y", search restaurants for "find a …"; otherwise
    search the manual, then phrase the passage (streamed)."""
    if not tools:
        return Message("assistant", PHRASE)
    if messages[-1].role == "tool":
        return Message("assistant", "Done.")
    trip = TRIP.match(messages[-1].content)
    if FIND.match(messages[-1].content) and any(t.name == "find_places" for t in tools):
        return Message("assistant", tool_calls=(ToolCall("find_places",
                                                         {"category": "restaurant"}),))
    if trip and any(t.name == "plan_trip" for t in tools):
        arguments = {"destination": trip["to"], "stops": [trip["via"]], "start_navigation": True}
        return Message("assistant", tool_calls=(ToolCall("plan_trip", arguments),))
    return Message("assistant",
                   tool_calls=(ToolCall("search_manual", {"question": "tyre pressure"}),))


class SlowModel(ScriptedModel):
    """A scripted model that takes ``delay_s`` per streamed word and per chat call."""

    def __init__(self, delay_s: float) -> None:
        super().__init__([manual_step] * 500)
        self.delay_s = delay_s

    def chat(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(self.delay_s)
        return super().chat(*args, **kwargs)

    def stream(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        for piece in super().stream(*args, **kwargs):
            time.sleep(self.delay_s)
            yield piece


def scripted_factory(delay_s: float = 0.0) -> Callable[[str], Assistant]:
    """Sessions with their own simulated car, a guest profile and a scripted model."""

    def factory(driver: str) -> Assistant:
        model = SlowModel(delay_s) if delay_s else ScriptedModel([manual_step] * 500)
        return Assistant.create(model, "sim", driver=driver, profiles="guest")

    return factory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Running:
    """A started server: its URL, its session manager and an HTTP client."""

    def __init__(self, thread: ServerThread) -> None:
        self.thread = thread
        self.manager = thread.manager
        self.url = thread.url
        self.ws_url = self.url.replace("http://", "ws://") + "/v1/ws"
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def session(self, driver: str = "Lin", **body: str) -> str:
        response = self.client.post("/v1/sessions", json={"driver": driver, **body})
        assert response.status_code == 201, response.text
        return str(response.json()["session"])

    def read(self, sid: str, path: str) -> object:
        response = self.client.get(f"/v1/vehicle/{path}", params={"session": sid})
        assert response.status_code == 200, response.text
        return response.json()["value"]


def start_server(factory: Callable[[str], Assistant] | None = None, **config: object) -> Running:
    cfg = ServerConfig(port=free_port(), **config)  # type: ignore[arg-type]
    manager = SessionManager(factory or scripted_factory(), max_sessions=cfg.max_sessions,
                             tick_s=cfg.tick_s, idle_s=cfg.idle_s, llm_name="scripted")
    thread = ServerThread(cfg, manager)
    thread.start()
    return Running(thread)


@pytest.fixture(scope="session", autouse=True)
def _incabin_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INCABIN_HOME", str(tmp_path_factory.mktemp("incabin-home")))
        yield


@pytest.fixture(scope="session")
def server(_incabin_home: None) -> Iterator[Running]:
    """One server for the suite: scripted models, the car's clock ticking every 0.2 s."""
    running = start_server(tick_s=0.2, max_sessions=200)
    yield running
    running.client.close()
    running.thread.stop()


@pytest.fixture(scope="session")
def slow_server(_incabin_home: None) -> Iterator[Running]:
    """A server whose model takes 0.15 s per call and per streamed word."""
    running = start_server(scripted_factory(0.15), tick_s=0.2)
    yield running
    running.client.close()
    running.thread.stop()


@pytest.fixture(scope="session")
def dev_server(_incabin_home: None) -> Iterator[Running]:
    """A server started as ``incabin serve --dev``: fault injection on, the car ticking."""
    running = start_server(tick_s=0.2, dev=True)
    yield running
    running.client.close()
    running.thread.stop()


# Module scope: Playwright's sync API runs an event loop while it is open, and the
# WebSocket tests call asyncio.run(), which cannot run inside one.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's chromium, headless (the page needs no GPU: the map draws on a 2-D canvas)."""
    from tests.server.browser import ARGS, CHROMIUM

    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    yield launched
    launched.close()
