"""Hybrid mode: the car's own model first, a remote model when it helps and answers in time.

    create_chat_model("hybrid:embedded:0.5b,openai:http://fleet:8000/v1#Qwen/Qwen2.5-7B-Instruct")

The local model answers every request. The remote model is asked

* when the local reply calls no tool or only a declining one (``decline``, the agents'
  tool for "the car cannot do that"), or the local model failed (an invalid call
  twice), and
* at once, beside the local model, when the request is an open question (general
  knowledge, trip reasoning), which a small model answers poorly.

The remote answer stands when it comes within the deadline (``INCABIN_REMOTE_DEADLINE``
seconds, counted from when it was asked). When the remote cannot be reached, fails or
is too slow, the local answer stands and carries ``offline=True``, so the assistant
can say it is working offline. The remote's tool calls are validated against the
tools by its own backend and then go through the same licence check and safety rules
in the tool loop as the local model's: this class only chooses whose reply to return.

``stream`` (phrasing a passage the code already found) is always local: streamed text
cannot be taken back when a late remote answer would replace it.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace

from incabin.llm._base import ChatModel
from incabin.llm._errors import (
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    LLMError,
)
from incabin.llm._models import Message, ToolSpec

log = logging.getLogger(__name__)

DEFAULT_DEADLINE_S = 4.0
DECLINING_TOOLS = frozenset({"decline"})

# Polite requests are commands in question form ("can you open the window?"): the
# licence gate reads them as requests too, so they are not open questions.
_EN_REQUEST = re.compile(r"^(?:please|(?:can|could|would|will) you|can i get|let'?s)\b")
_EN_QUESTION = re.compile(
    r"^(?:why|how|what(?:'s)?|who(?:'s)?|where(?:'s)?|when|which|should|is|are|does|do|did|"
    r"explain|tell me)\b")
_ZH_REQUEST = ("能不能", "可不可以", "可以帮", "能帮", "帮我", "请")
_ZH_QUESTION = ("为什么", "怎么", "什么", "如何", "哪", "多少", "几", "吗", "呢", "？", "?")


def is_open_question(text: str) -> bool:
    """Whether ``text`` asks something rather than asking for something.

    Requests that reach the model have already passed the fast path, the status and
    manual question table and the trip planner, so a question left is one the car's
    own data does not answer: general knowledge or reasoning.
    """
    said = text.strip().lower()
    if re.search(r"[\u4e00-\u9fff]", said):
        return not said.startswith(_ZH_REQUEST) and any(w in said for w in _ZH_QUESTION)
    if _EN_REQUEST.match(said):
        return False
    return said.endswith("?") or bool(_EN_QUESTION.match(said))


@dataclass
class HybridStats:
    """What the hybrid model did, counted over its life (for benchmarks and logs)."""

    turns: int = 0
    remote_asked: int = 0
    remote_used: int = 0
    offline: int = 0


class HybridModel:
    """A ChatModel that answers with ``local`` and asks ``remote`` when it helps."""

    def __init__(self, local: ChatModel, remote: ChatModel, *,
                 deadline_s: float = DEFAULT_DEADLINE_S,
                 declining: Collection[str] = DECLINING_TOOLS) -> None:
        self.local = local
        self.remote = remote
        self.deadline_s = deadline_s
        self.declining = frozenset(declining)
        self.name = f"hybrid:{local.name},{remote.name}"
        self.stats = HybridStats()

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec] = (),
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        allowed: Collection[str] | None = None,
    ) -> Message:
        """The remote reply where it was asked and came in time, else the local one
        (``offline=True`` when the remote failed or was too slow).

        Raises the local model's LLMError when the local model failed and the remote
        gave no answer either.
        """
        def ask(model: ChatModel) -> Callable[[], Message]:
            return lambda: model.chat(messages, tools, max_tokens=max_tokens,
                                      temperature=temperature, allowed=allowed)

        self.stats.turns += 1
        last_user = next((m.content for m in reversed(messages) if m.role == "user"), "")
        remote: _Asked | None = None
        if is_open_question(last_user):
            remote = _Asked(ask(self.remote))  # beside the local model: it will be wanted
        local: Message | None = None
        local_error: LLMError | None = None
        try:
            local = ask(self.local)()
        except LLMError as err:
            local_error = err
            log.info("local model failed, asking the remote: %s", err)
        if remote is None and (local is None or (tools and self._declines(local))):
            remote = _Asked(ask(self.remote))
        if remote is None:
            assert local is not None  # only a failed local model leaves it unset
            return local
        self.stats.remote_asked += 1
        answer, why = remote.result(self.deadline_s)
        if answer is not None:
            self.stats.remote_used += 1
            return answer
        if local is None:
            assert local_error is not None
            raise local_error
        if why is None:  # the remote answered, but with an unusable call: not a network fault
            return local
        self.stats.offline += 1
        log.warning("remote model unavailable, answering offline: %s", why)
        return replace(local, offline=True)

    def _declines(self, reply: Message) -> bool:
        """Whether a reply only talks or only calls declining tools."""
        return all(call.name in self.declining for call in reply.tool_calls)

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int = 200, temperature: float = 0.0
    ) -> Iterator[str]:
        """The local model's streamed text (see the module docstring)."""
        return self.local.stream(messages, max_tokens=max_tokens, temperature=temperature)


class _Asked:
    """A remote call running in its own daemon thread, waited for until a deadline.

    A call given up on runs on in the background until the remote's own timeout ends
    it; a daemon thread never keeps the process alive for it.
    """

    def __init__(self, call: Callable[[], Message]) -> None:
        self.started = time.monotonic()
        self.future: Future[Message] = Future()
        threading.Thread(target=self._run, args=(call,), name="incabin-remote",
                         daemon=True).start()

    def _run(self, call: Callable[[], Message]) -> None:
        try:
            self.future.set_result(call())
        except BaseException as err:  # noqa: BLE001 - handed to the waiting thread
            self.future.set_exception(err)

    def result(self, deadline_s: float) -> tuple[Message | None, str | None]:
        """The remote reply, or None and why (None when the fault was not the network's)."""
        left = max(0.0, deadline_s - (time.monotonic() - self.started))
        try:
            return self.future.result(timeout=left), None
        except TimeoutError:
            return None, f"no answer within {deadline_s:g} s"
        except (BackendUnavailable, BackendTimeout, BackendError) as err:
            return None, str(err)
        except LLMError as err:
            log.info("remote model gave no usable answer: %s", err)
            return None, None
