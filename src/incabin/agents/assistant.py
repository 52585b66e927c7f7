"""The conversation boundary: ``Assistant.send(text) -> Reply``. CLI, server and voice
all call it.

One turn, in order: answers to a pending question (yes/no — "yes, and …" goes on
as a new request — or a choice), requests that try to override the rules,
requests whose every clause is a capability sentence (``capabilities.match``),
what the driver says about themself (preferences, forget, "what do you know
about me"), manual and data questions (``fallback``), features the car lacks
(declined, nothing moves), and only then the model with the routed agent's
tools, each call licensed by the request. All calls of a turn run as one plan
(``turn_plan``): everything or nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from incabin.agents import (
    capabilities,
    car_genius,
    dialogue,
    fallback,
    learning,
    memory_tools,
    router,
    travel_companion,
)
from incabin.agents._errors import InvalidRequest
from incabin.agents._models import Act, AgentName, Lang, Reply
from incabin.agents.context import Memory, Services, TurnContext
from incabin.agents.loop import LoopResult, run_calls, run_loop
from incabin.agents.speech import detect_lang, spoken, t
from incabin.agents.tools import Outcome, Pending, Toolbox
from incabin.agents.travel_companion._common import find_place_strict, position, soc, trip_prefs
from incabin.coach import Coach, VehicleFeed, attach
from incabin.llm import (
    ChatModel, LLMError, Message, ToolCall, create_chat_model, shown_exchanges, worked_reply)
from incabin.profile import Profiles, open_profiles
from incabin.travel import Atlas, Navigation
from incabin.vehicle import Vehicle, open_vehicle

log = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 1000
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ACT_ORDER: tuple[Act, ...] = ("confirm", "clarify", "refuse", "done", "inform")

AGENTS: dict[AgentName, tuple[str, Toolbox]] = {
    "car_genius": (car_genius.SYSTEM_PROMPT, car_genius.TOOLBOX),
    "travel_companion": (travel_companion.SYSTEM_PROMPT, travel_companion.TOOLBOX),
}


class Assistant:
    """One conversation with one driver in one car."""

    def __init__(self, model: ChatModel, services: Services) -> None:
        self.model = model
        self.services = services
        self.memory = Memory()
        self._exchanges = 0  # turns answered: the model's history window grows with them
        self._coach_feed: VehicleFeed | None = None

    @classmethod
    def create(
        cls,
        llm: str | ChatModel | None = None,
        vehicle: str | Vehicle | None = None,
        *,
        driver: str = "driver",
        profiles: str | Profiles | None = None,
        clock: Callable[[], datetime] | None = None,
        atlas: Callable[[], Atlas] | None = None,
    ) -> Assistant:
        """Build an assistant; strings select backends as the CLI flags do
        (``llm="embedded"``, ``vehicle="sim"``, ``profiles="guest"``). ``atlas`` loads
        the map on first use (default: ``Atlas.default``)."""
        model = llm if llm is not None and not isinstance(llm, str) else create_chat_model(llm)
        car = vehicle if isinstance(vehicle, Vehicle) else open_vehicle(vehicle)
        store = profiles if isinstance(profiles, Profiles) else open_profiles(profiles)
        store.switch(driver)
        coach = Coach()
        services = Services(vehicle=car, profiles=store, driver_name=driver,
                            atlas_loader=atlas or _default_atlas,
                            clock=clock or (lambda: datetime.now().astimezone()), coach=coach)
        assistant = cls(model, services)
        assistant._coach_feed = attach(coach, car)
        return assistant

    @property
    def vehicle(self) -> Vehicle:
        """The car (``get``/``set``/``actuate``/``subscribe``)."""
        return self.services.vehicle

    @property
    def navigation(self) -> Navigation:
        """The active trip; ``state()`` gives DESIGN.md's navigation state."""
        return self.services.navigation

    def switch_driver(self, name: str) -> None:
        """Talk to another driver (by name or key identifier) from the next turn on."""
        self.services.profiles.switch(name)
        self.services.driver_name = name

    def start_navigation(self, destination: str, stops: Sequence[str] = ()) -> dict[str, Any]:
        """Navigate to named places with the driver's preferences (HMI buttons, scenarios)."""
        ctx = TurnContext(self.services, self.memory, "en", "")
        target = find_place_strict(ctx, destination)
        via = [find_place_strict(ctx, name) for name in stops]
        prefs = trip_prefs(ctx)
        self.navigation.start(position(ctx), target, via, mode=prefs.mode, avoid=prefs.avoid,
                              soc=soc(ctx), min_arrival_soc=prefs.min_arrival_soc)
        return self.navigation.state()

    def warm_up(self) -> None:
        """Evaluate each agent's fixed prompt prefix now (e.g. in a background thread while
        the driver speaks) so the first real turn only pays for its own words."""
        for prompt, toolbox in AGENTS.values():
            try:
                self.model.chat([Message("system", prompt), Message("user", "hello")],
                                toolbox.specs, max_tokens=8)
            except LLMError as err:
                log.warning("warm-up failed: %s", err)

    def close(self) -> None:
        """Stop the coach's feed and release the vehicle source."""
        if self._coach_feed is not None:
            self._coach_feed.close()
        self.services.vehicle.close()

    def send(self, text: str, on_text: Callable[[str], None] | None = None) -> Reply:
        """Answer one request. ``on_text`` receives the reply text as it is produced.

        ``text`` must be a str (else InvalidRequest); lone surrogates, which no
        encoder accepts, become U+FFFD so the request is still understood.
        """
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise InvalidRequest(text)
        text = _SURROGATE.sub("\ufffd", text).strip()
        lang = detect_lang(text) if text else "en"
        ctx = TurnContext(self.services, self.memory, lang, text)
        emit = _Emitter(on_text)
        reply = self._respond(ctx, emit)
        self.memory.remember_turn(text[:200], reply.text)
        self._exchanges += 1
        self.memory.last_agent = reply.agent
        self.memory.last_tools = capabilities.followed_up({a.tool for a in reply.actions}, text)
        if on_text is not None and not emit.used:
            on_text(reply.text)
        return reply

    def _respond(self, ctx: TurnContext, on_text: _Emitter) -> Reply:
        text, lang, memory = ctx.text, ctx.lang, self.memory
        agent = memory.last_agent or "car_genius"
        if not text:
            return Reply(t(lang, "I didn't catch that. What would you like?", "我没听清，您需要什么？"),
                         "inform", agent, lang=lang)
        if len(text) > MAX_REQUEST_CHARS:
            return Reply(t(lang, "That's too long for me. Please say it in a sentence or two.",
                           "内容太长了，请用一两句话说。"), "refuse", agent, lang=lang)
        pending, pending_agent = memory.pending, memory.pending_agent or agent
        memory.pending, memory.pending_agent = None, None
        if pending is not None:
            answered = self._answer_pending(ctx, pending, pending_agent, on_text)
            if answered is not None:
                return answered
        if dialogue.is_bare_answer(text):
            # A yes with nothing to say yes to must not make the model guess an action.
            return Reply(t(lang, "There's nothing waiting for an answer. What would you like?",
                           "现在没有需要确认的事情。您需要什么？"), "inform", agent, lang=lang)
        understood = capabilities.match(text, lang)
        if understood is not None and not all(
                capabilities.licensed(tool, arguments, text, memory.last_tools).ok
                for tool, arguments in understood.calls):
            # A sentence that names no part ("turn it down") is not a command on its own:
            # the same gate as for the model decides, and a follow-up may still qualify.
            understood = None
        agent = (understood.agent if understood is not None  # type: ignore[assignment]
                 else router.route(text, memory.last_agent, self.services.navigating))
        if dialogue.is_override_attempt(text):
            return Reply(t(lang, "I can't follow instructions that try to change my rules, "
                              "so I haven't changed anything.",
                           "我不能执行试图更改规则的指令，所以什么都没有改。"), "refuse", agent, lang=lang)
        if understood is not None:
            result = LoopResult()
            run_calls(ctx, AGENTS[agent][1], understood.calls, result)
            return self._compose(ctx, agent, result, on_text)
        remembered = LoopResult()
        about_me = memory_tools.handle(ctx)
        if about_me is not None:
            remembered, complete = about_me
            if complete:
                return self._compose(ctx, agent, remembered, on_text)
        question = fallback.direct_question(agent, text)
        missing = capabilities.missing_feature(text, lang, has=self.vehicle.has)
        if missing is not None and (question is None or question[0] != "search_manual"):
            # Declined before any model can guess a nearby tool: nothing moves.
            remembered.outcomes.append(Outcome(ok=True, act="refuse",
                                               say=capabilities.decline_text(
                                                   missing, lang, in_car=self._has(missing))))
            return self._compose(ctx, "car_genius", remembered, on_text)
        situation = None if question is not None else _told(text, lang, memory.last_tools)
        if question is not None or situation is not None:
            # A situation the capabilities declare ("my fingers are going numb") asks for
            # their calls: the data decides, not the model's guess between nearby tools.
            calls = [question] if question is not None else situation.calls
            agent = agent if question is not None else situation.agent
            result = LoopResult()
            run_calls(ctx, AGENTS[agent][1], calls, result)
        elif capabilities.tells_habit(text, lang) and not capabilities.is_question(text, lang):
            # "I'm someone who feels the cold": heard; the gate would refuse any call.
            result = LoopResult()
            result.outcomes.append(_heard(lang))
        elif _unreachable(text, AGENTS[agent][1]):
            # What the request is about is a capability the model is not shown (the prompt
            # must fit its context): it could only guess a neighbouring tool. Ask instead.
            result = LoopResult()
            result.outcomes.append(Outcome(ok=False, act="clarify", say=t(
                lang, "I didn't catch what to do there. Could you say it another way?",
                "我没听明白要怎么操作，能换个说法吗？")))
        else:
            prompt, toolbox = AGENTS[agent]
            messages = [Message("system", prompt)]
            # A window that only grows keeps the cached prompt valid (llm.shown_exchanges).
            shown = shown_exchanges(self._exchanges)
            for asked, replied in memory.history[-shown:] if shown else ():
                messages += [Message("user", asked), Message("assistant", replied)]
            # The grammar lets the model call only the tools the request could license.
            everything = [spec.name for spec in toolbox.specs]
            allowed = capabilities.callable_tools(everything, text, memory.last_tools)
            if len(allowed) < len(everything):
                # The request names what it is about: worked calls of those tools show how
                # its words become arguments (relative amounts, which seat, which way).
                for worked in capabilities.examples_for(text, lang, allowed):
                    messages += [Message("user", worked.example.said),
                                 worked_reply([ToolCall(worked.tool, worked.example.arguments)])]
            messages.append(Message("user", text))
            result = run_loop(ctx, self.model, toolbox, messages, allowed=allowed)
            if not result.outcomes:
                offline = result.offline
                result = self._without_model_words(ctx, agent, result)
                result.offline = offline
        result.actions[:0] = remembered.actions
        result.outcomes[:0] = remembered.outcomes
        return self._compose(ctx, agent, result, on_text)

    def _has(self, feature: capabilities.Feature) -> bool | None:
        """Whether the car profile says this car has ``feature`` (None: it does not say)."""
        return self.vehicle.has(feature.profile) if feature.profile else None

    def _without_model_words(self, ctx: TurnContext, agent: AgentName,
                             result: LoopResult) -> LoopResult:
        """The model called no tool: answer a recognisable question from data instead,
        and never speak numbers the model made up."""
        # Asked for something to be done that no tool should do: no manual lecture.
        call = fallback.question_call(
            agent, ctx.text, direct=result.blocked and fallback.asks_for_action(ctx.text))
        if call is not None:
            answered = LoopResult()
            run_calls(ctx, AGENTS[agent][1], [call], answered)
            return answered
        if result.blocked and capabilities.clearly_named(
                [spec.name for spec in AGENTS[agent][1].specs], ctx.text):
            # The request names a part this car can move, but not what to do with it the
            # model's call said: ask, rather than claim the car cannot do it.
            unsure = LoopResult()
            unsure.outcomes.append(Outcome(ok=False, act="clarify", say=t(
                ctx.lang, "I'm not sure what to change there. Could you say it another way?",
                "我不确定要怎么调，能换个说法吗？")))
            return unsure
        if result.blocked:
            refused = LoopResult()
            refused.outcomes.append(Outcome(ok=False, act="refuse", say=t(
                ctx.lang, "Sorry, that's not something I can do from the car.",
                "抱歉，这个我在车上做不到。")))
            return refused
        # Trip facts in the model's own words are guesses: only car small talk is spoken.
        if agent == "travel_companion" or not fallback.trustworthy(result.text):
            return LoopResult(failed=True)
        return result

    def _answer_pending(self, ctx: TurnContext, pending: Pending, agent: AgentName,
                        on_text: _Emitter) -> Reply | None:
        toolbox = learning.TOOLBOX if pending.tool in learning.TOOLBOX else AGENTS[agent][1]
        if pending.choice_argument is None:  # a confirm
            rest = dialogue.yes_and(ctx.text)
            # "开吧，没事" to "it's raining, open anyway?": the held call said again is a yes.
            if rest is not None or dialogue.is_yes(ctx.text) or capabilities.restates(
                    pending.tool, pending.arguments, ctx.text):
                result = LoopResult()
                run_calls(replace(ctx, confirmed=True), toolbox, pending.calls, result)
                confirmed = self._compose(ctx, agent, result, _Emitter(None))
                if rest is None:
                    return confirmed
                # "Yes, and open the trunk too": the rest is a request of its own.
                following = self._respond(replace(ctx, text=rest, confirmed=False), on_text)
                return _joined(confirmed, following)
            if dialogue.is_no(ctx.text):
                learning.declined(ctx, pending)
                return Reply(t(ctx.lang, "OK, I won't.", "好的，不执行。"), "inform", agent, lang=ctx.lang)
            return None
        choice = dialogue.pick_option(ctx.text, pending.choices)
        if choice is None:
            return None
        calls = pending.calls
        calls[0] = (pending.tool, _with_choice(pending, choice))
        result = LoopResult()
        run_calls(ctx, toolbox, calls, result)
        return self._compose(ctx, agent, result, _Emitter(None))

    def _compose(self, ctx: TurnContext, agent: AgentName, result: LoopResult,
                 on_text: _Emitter) -> Reply:
        lang = ctx.lang
        outcomes = result.outcomes
        if not outcomes:
            # Not understood, the driver is asked to say it again: a question, not an answer.
            act: Act = "clarify"
            if result.failed or not result.text.strip():
                text = t(lang, "Sorry, I couldn't work that out. Could you say it another way?",
                         "抱歉，我没能理解。能换个说法吗？")
            else:
                text, act = spoken(result.text, lang=lang), "inform"
            if result.offline:
                text += t(lang, " I'm working offline right now.", "我现在处于离线状态。")
            return Reply(text, act, agent, result.actions, lang=lang)
        act = min((o.act for o in outcomes), key=_ACT_ORDER.index)
        parts = []
        for outcome in outcomes:
            parts.append(outcome.say)
            if outcome.needs_phrasing:
                parts.append(self._phrase(ctx, outcome, on_text))
        if result.text:
            parts.append(result.text)
        options: list[str] = []
        for outcome in outcomes:
            if outcome.pending is not None and outcome.act == act:
                self.memory.pending, self.memory.pending_agent = outcome.pending, agent
            if outcome.options and outcome.act == act:
                options = list(outcome.options)
        if result.offline:  # the driver should know a better answer may come back online
            parts.append(t(lang, "I'm working offline right now.", "我现在处于离线状态。"))
        text = spoken(("" if lang == "zh" else " ").join(p.strip() for p in parts if p), limit=400)
        return Reply(text, act, agent, result.actions, options, lang=lang)

    def _phrase(self, ctx: TurnContext, outcome: Outcome, on_text: _Emitter) -> str:
        """Let the model say a retrieved passage in one or two short sentences."""
        passage = outcome.data.get("text", "") if isinstance(outcome.data, dict) else str(outcome.data)
        instruction = t(ctx.lang,
                        "Answer the driver's question in at most two short spoken sentences, "
                        "using only this passage. Plain text, no lists.",
                        "只根据这段内容，用最多两句简短的中文口语回答司机的问题，不要列表。")
        messages = [Message("system", f"{instruction}\n\n{passage}"), Message("user", ctx.text)]
        pieces: list[str] = []
        on_text(outcome.say + " ")
        try:
            for piece in self.model.stream(messages, max_tokens=90):
                pieces.append(piece)
                on_text(piece)
        except LLMError as err:
            log.warning("phrasing failed: %s", err)
            return spoken(passage, limit=200, lang=ctx.lang)
        return "".join(pieces).strip() or spoken(passage, limit=200, lang=ctx.lang)


def _unreachable(text: str, toolbox: Toolbox) -> bool:
    """The request names capabilities hidden from the model and, besides them, only
    visible ones that move the same signals or say a feeling: for "后排座椅开一下通风"
    seat heating is the only tool the model could reach for the ventilation, and a guess."""
    hidden = capabilities.clearly_named(toolbox.hidden, text)
    if not hidden:
        return False
    data = capabilities.catalogue()
    moved = {path for tool in hidden for path in data.capabilities[tool].paths}
    # A feeling said with it is why ("座椅通风开一下，太热了"), not a request of its own.
    visible = [tool for tool in capabilities.clearly_named([spec.name for spec in toolbox.specs], text)
               if not data.capabilities[tool].feeling]
    return all(set(data.capabilities[tool].paths) & moved for tool in visible)


class _Emitter:
    """Passes streamed text on, and remembers whether any was streamed."""

    def __init__(self, sink: Callable[[str], None] | None) -> None:
        self.sink = sink
        self.used = False

    def __call__(self, piece: str) -> None:
        if self.sink is not None:
            self.sink(piece)
            self.used = True


def _joined(first: Reply, second: Reply) -> Reply:
    """Two replies of one turn spoken as one: both texts, all actions, the weightier act."""
    act = min((first.act, second.act), key=_ACT_ORDER.index)
    gap = "" if first.lang == "zh" else " "
    return Reply(f"{first.text}{gap}{second.text}".strip(), act, second.agent,
                 [*first.actions, *second.actions], second.options or first.options,
                 lang=second.lang)


def _heard(lang: Lang) -> Outcome:
    """What is said to a statement of how the driver usually is: heard, nothing moved."""
    return Outcome(ok=True, act="inform", say=t(
        lang, "Understood. Tell me whenever you'd like something changed.",
        "明白了，想调什么随时跟我说。"))


def _told(text: str, lang: str, previous: frozenset[str] | set[str]) -> capabilities.Understood | None:
    """The calls the situations ``text`` tells ask for, when the licence gate lets them all run."""
    told = capabilities.told(text, lang)
    if told is None or not all(capabilities.licensed(tool, arguments, text, previous).ok
                               for tool, arguments in told.calls):
        return None
    return told


def _default_atlas() -> Atlas:
    return Atlas.default()


def _with_choice(pending: Pending, choice: object) -> dict[str, object]:
    """The pending call's arguments with the driver's choice filled in; ``stops.1``
    names one element of a list argument."""
    name, _, index = (pending.choice_argument or "").partition(".")
    arguments = dict(pending.arguments)
    if index:
        items = list(arguments.get(name) or [])
        items[int(index)] = choice
        arguments[name] = items
    else:
        arguments[name] = choice
    return arguments
