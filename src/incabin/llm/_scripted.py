"""A scripted stand-in model for tests of tool loops and agents."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

from incabin.llm._errors import InvalidToolCall, ScriptExhausted
from incabin.llm._models import Message, ToolSpec
from incabin.llm._parsing import RawCall
from incabin.llm._validation import validate_calls

ScriptStep = Message | Callable[[Sequence[Message], Sequence[ToolSpec]], Message]


class ScriptedModel:
    """Plays back scripted replies in order, one per ``chat``/``stream`` call.

    A step is an assistant Message or a callable ``(messages, tools) -> Message``
    that can look at what it was sent. Tool calls in a step are validated like
    a real model's, so a script cannot smuggle an invalid call past the checks.
    """

    name = "scripted"

    def __init__(self, responses: Iterable[ScriptStep] = ()) -> None:
        self._steps: deque[ScriptStep] = deque(responses)
        self.calls: list[tuple[tuple[Message, ...], tuple[ToolSpec, ...]]] = []

    def add(self, *steps: ScriptStep) -> None:
        """Append more steps to the script."""
        self._steps.extend(steps)

    @property
    def remaining(self) -> int:
        """How many scripted steps have not been played yet."""
        return len(self._steps)

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec] = (),
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        allowed: Collection[str] | None = None,
    ) -> Message:
        """Return the next scripted reply after checking its tool calls against ``tools``
        (``allowed`` is ignored: a script replays what a model might call anyway)."""
        reply = self._next(messages, tools)
        if not reply.tool_calls:
            return reply
        raw = [RawCall(name=c.name, arguments=c.arguments, id=c.id) for c in reply.tool_calls]
        calls, problems = validate_calls(raw, tools)
        if problems:
            raise InvalidToolCall(
                "the scripted reply holds an invalid tool call: " + "; ".join(problems),
                raw=repr(reply),
                problems=problems,
            )
        return Message(role="assistant", content=reply.content, tool_calls=calls)

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int = 200, temperature: float = 0.0
    ) -> Iterator[str]:
        """Yield the next scripted reply's text word by word."""
        words = self._next(messages, ()).content.split(" ")
        for index, word in enumerate(words):
            yield word if index == 0 else " " + word

    def _next(self, messages: Sequence[Message], tools: Sequence[ToolSpec]) -> Message:
        self.calls.append((tuple(messages), tuple(tools)))
        if not self._steps:
            last = messages[-1].content if messages else ""
            raise ScriptExhausted(
                f"the scripted model has no reply left for call {len(self.calls)} "
                f"(last message: {last[:80]!r}); add more steps to the script"
            )
        step = self._steps.popleft()
        return step if isinstance(step, Message) else step(messages, tools)
