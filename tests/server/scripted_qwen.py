"""A scripted stand-in for the fleet's Qwen server: OpenAI-compatible ``/v1/chat/completions``
over real HTTP, for server processes started with ``--llm openai:<url>#scripted``.

It answers like ``conftest.manual_step``: "take me to X via Y" plans that trip with a tool
call, a tool result is acknowledged, anything else gets a fixed sentence (streamed when
asked). ``delay_s`` per request plays a GPU server's latency; a request that says "take
your time" waits ``slow_s`` instead (a turn to kill mid-run). The multi-process tests and
``benchmarks/load.py`` use it, so model turns run through the real ``openai:`` backend
without a model on this 2-core machine.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TRIP = re.compile(r"(?:take your time, )?take me to (?P<to>.+?) via (?P<via>.+?)[.!]?$",
                  re.IGNORECASE)
SLOW = "take your time"  # a request with these words is answered after ``slow_s``
ANSWER = "I am the scripted stand-in for the Qwen server, answering from the fleet backend."


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """The assistant message for one request body."""
    messages = body.get("messages") or []
    last = messages[-1] if messages else {}
    tools = {t["function"]["name"] for t in body.get("tools") or []}
    if last.get("role") == "tool":
        return {"role": "assistant", "content": "Done."}
    trip = TRIP.match(str(last.get("content") or "").strip())
    if trip and "plan_trip" in tools:
        arguments = {"destination": trip["to"], "stops": [trip["via"]], "start_navigation": True}
        return {"role": "assistant", "content": None, "tool_calls": [{
            "id": "call0", "type": "function",
            "function": {"name": "plan_trip", "arguments": json.dumps(arguments)}}]}
    return {"role": "assistant", "content": ANSWER}


class ScriptedQwen:
    """The server on 127.0.0.1 (a free port), in a thread: ``with ScriptedQwen() as url``."""

    def __init__(self, delay_s: float = 0.0, slow_s: float = 8.0) -> None:
        self.delay_s = delay_s
        self.slow_s = slow_s
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle(self) -> None:
                try:
                    super().handle()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the asking server process was killed: nobody to answer

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                owner.requests += 1
                asked = str((body.get("messages") or [{}])[-1].get("content") or "")
                time.sleep(owner.slow_s if SLOW in asked.lower() else owner.delay_s)
                message = answer(body)
                if body.get("stream"):
                    self._stream(body, message.get("content") or "")
                    return
                payload = json.dumps({
                    "id": "scripted", "object": "chat.completion", "created": 0,
                    "model": body.get("model", "scripted"),
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self, body: dict[str, Any], text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                for index, word in enumerate(text.split(" ")):
                    chunk = {"id": "scripted", "object": "chat.completion.chunk", "created": 0,
                             "model": body.get("model", "scripted"),
                             "choices": [{"index": 0, "finish_reason": None, "delta": {
                                 "content": word if index == 0 else " " + word}}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.llm = f"openai:{self.url}#scripted"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedQwen:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
