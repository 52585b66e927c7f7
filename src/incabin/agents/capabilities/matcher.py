"""The fast matcher: a request whose every clause is one of the capabilities'
sentences becomes tool calls without the model ("open the driver's window a
crack", "座椅加热开到最高档"). A clause that asks for nothing and names nothing
any capability knows ("…, I'm done") is the driver's commentary and is let go; any
other clause that matches no sentence leaves the whole request to the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hassil import recognize_all

from incabin.agents.capabilities._models import Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue
from incabin.agents.capabilities.frames import (
    EN_STATEMENT, for_someone_else, forbids, last_part, only_negates, read_frame, reports,
    sets_condition, split_at_part, tells_situation)
from incabin.agents.capabilities.text import BODY, ZH_TOO, clauses, language, mentions, spans

Call = tuple[str, dict[str, Any]]
# "my back" is a body, not the back row ("massage my back"); "the back seat" is the row.
MAX_CHARS = 160  # longer requests are not plain commands
_QUESTION = re.compile(r"[?？]$")
# "too" before a word complains ("too bright"); at the end it means "as well".
_COMPLAINT = {"en": re.compile(r"\btoo\s+\w"), "zh": re.compile(rf"{ZH_TOO}|有点|有些")}
# A clause that says what the request is for ("for a bit of air", "好让后排透透气").
_PURPOSE = {"en": re.compile(r"(so that|so|for|to get|to let|i'd rather|i would rather|i'd prefer|i prefer)\b"),
            "zh": re.compile(r"为了|好让|让")}

@dataclass(frozen=True)
class Understood:
    """The calls a request asks for, in order, and the agent that owns them."""

    calls: list[Call]
    agent: str


def match(text: str, lang: Lang | None = None, data: Catalogue | None = None) -> Understood | None:
    """The calls for ``text`` when every clause matches a capability sentence or frame,
    else None."""
    data = data or catalogue()
    lang = lang or language(text)
    cleaned = data.normalise(text, lang)
    if not cleaned or len(cleaned) > MAX_CHARS:
        return None
    if data.excepts(text, lang):
        return None  # "open all the windows but the driver's": no call subtracts a part
    # Split before punctuation is dropped: commas separate clauses too.
    split = [(data.normalise(p, lang), item)
             for p, item in clauses(data.listed(text.lower(), lang), lang)]
    parts = [part for part, _ in split if part]
    items = [item for part, item in split if part]
    # A question ("any windows open back there?") is never read as an order.
    frames = not _QUESTION.search(text.strip())
    whole = _one(cleaned, lang, data, frames=frames and len(parts) == 1)
    if whole is not None:
        calls = [whole]
    else:
        calls = []
        reasons: list[Call] = []  # calls read from a situation told beside a request
        for index, clause in enumerate(parts):
            if forbids(clause, lang):
                continue  # what not to do ("…, but leave the fan running") asks for nothing
            clause = parts[index] = _placed(parts, index, lang, data)
            # A bare part ("…, the wheel heater and the A/C") takes its neighbour's verb,
            # never a template's default: "kill the seat heater, the wheel heater" is off.
            own = None  # the clause's call read from its own words
            if items[index] or _bare(clause, lang, data):
                call = _elided(parts, index, lang, data) if frames else None
                if call is not None and calls and _refines(calls[-1], call, data):
                    # "front demister on, the back one as well": one call says both.
                    calls[-1] = (call[0], {**calls[-1][1], **call[1]})
                    continue
            else:
                call = own = _one(clause, lang, data, frames=frames)
                if frames and (call is None or not _names_part(clause, call[0], lang, data)):
                    # "the fan, a bit lower": a neighbour's part before a template's guess.
                    elided = _elided(parts, index, lang, data)
                    if elided is not None and calls and _refines(calls[-1], elided, data):
                        # "给副驾座椅加个热，低档就行": the same seat, at low; "the fan is
                        # too loud, half is enough": half, not a step down as well.
                        dropped = {other for name, others in data.capabilities[elided[0]]
                                   .overrides.items() if name in elided[1] for other in others}
                        kept = {k: v for k, v in calls[-1][1].items() if k not in dropped}
                        calls[-1] = (elided[0], {**kept, **elided[1]})
                        continue
                    if elided is None and call is not None and _others_part(parts, index, call[0],
                                                                            lang, data):
                        # "远光太亮了，调低点": the beams are what is lowered, not the
                        # temperature a bare "调低点" stands for alone. The model reads it.
                        return None
                    call = elided or call
            if call is not None:
                # A clause that took a neighbour's verb asks; it is no reason.
                reason = own is not None and _reason(clause, call, lang, data)
                # "my hands are cold, heat the wheel": one call, the default part said or not.
                if _complete(call, data) not in [_complete(c, data) for c in calls]:
                    calls.append(call)
                    if reason:
                        reasons.append(call)
                elif not reason:  # "玻璃上全是雾，除一下": told, then asked for
                    reasons = [r for r in reasons if _complete(r, data) != _complete(call, data)]
            elif not _commentary(clause, lang, data):
                return None
        if len(reasons) == len(calls) > 1 and len({tool for tool, _ in calls}) > 1:
            # Only situations, for different controls ("it's chucking it down and the rain's
            # coming in on my side"): the window, the wipers, or both? Ask.
            return None
        if len(reasons) < len(calls):
            # "fog's gone, kill the fog lights", "shut the roof, it's getting chilly",
            # "窗户升上去吧，风太大了": the situation or complaint is the reason for the
            # request beside it, not a request of its own.
            calls = [call for call in calls if call not in reasons]
    if not calls:
        return None
    agents = {data.capabilities[tool].agent for tool, _ in calls}
    if len(agents) != 1:
        return None  # one turn, one agent: mixed requests go to the model
    return Understood(calls, agents.pop())


def _one(clause: str, lang: Lang, data: Catalogue, *, frames: bool) -> Call | None:
    """A template sentence (it spells out what a frame guesses), completed by the
    clause's frame where the template left an argument out ("put my window down");
    else the frame alone."""
    result = _recognize(clause, lang, data)
    frame = read_frame(clause, lang, data) if frames else None
    if frame is not None and data.unplaced_row(frame[0], clause, lang):
        frame = None  # "back fogs on" is no front fog light
    if result is None or result.intent is None:
        return frame
    tool, arguments = result.intent.name, _arguments(
        {name: entity.value for name, entity in result.entities.items()})
    if frame is not None and frame[0] == tool:
        cap = data.capabilities[tool]
        # Arguments that stand for one another (celsius/change, fan %/step) are not mixed.
        groups = [set(cap.numbers), *({name, *others} for name, others in cap.overrides.items())]
        arguments = {**{k: v for k, v in frame[1].items()
                        if not any(k in group and group & set(arguments) for group in groups)},
                     **arguments}
    # A template spells out its own words ("back the seat heat off", "all the way"): only
    # someone else said with it ("do her seat") keeps its default seat off the driver's.
    if for_someone_else(data.capabilities[tool], arguments, clause, lang, data, places=False) \
            or data.unplaced_row(tool, clause, lang):
        return None
    body = BODY.search(clause) if lang == "en" else None
    if body is not None:
        # "massage my back" is the driver's back, not the back seats; hers is not the driver's.
        if body.group(1) not in ("my", "our"):
            return None
        arguments = {k: v for k, v in arguments.items() if k not in data.capabilities[tool].targets}
    return tool, arguments


def _complete(call: Call, data: Catalogue) -> Call:
    """The call with its capability's defaults filled in, to compare two calls."""
    return call[0], {**data.capabilities[call[0]].defaults, **call[1]}


def _recognize(clause: str, lang: Lang, data: Catalogue) -> Any:
    """hassil's first match, except that a template with a wildcard slot ("play {query}")
    yields to any template that spells the clause out ("put on the windscreen heating"),
    and a name that names another capability's part is no name ("dial the seat back a
    bit" turns the seat heating down; it calls nobody). A message's text says anything."""
    first = None
    for result in recognize_all(clause, data.intents(lang)):
        wild = [(name, e) for name, e in result.entities.items() if e.is_wildcard]
        if not wild:
            return result
        # Another capability's, and no single Chinese character ("歌" in a song's name).
        parts = data.other_parts(result.intent.name, lang)
        if any(not name.endswith("text") and mentions(str(e.value), parts, lang)
               for name, e in wild):
            continue
        first = first or result
    return first


def _elided(parts: list[str], index: int, lang: Lang, data: Catalogue) -> Call | None:
    """A clause that leaves out what a neighbour says: the verb ("close the sunroof
    and the windows"; "近光灯和前雾灯都打开") or the part ("主驾座椅加热开高档，副驾开低档")."""
    clause = parts[index]
    tries: list[str] = []
    # The verb comes from the nearest clause before that says one: in "kill the seat
    # heater, the wheel heater and the A/C" the A/C takes "kill", not "the wheel heater";
    # past one that names no part ("风对着脸吹，眼睛都干了，小点": the fan).
    said = next((j for j in range(index - 1, -1, -1) if not _bare(parts[j], lang, data)), None)
    if said is not None and not split_at_part(parts[said], lang, data)[1]:
        said = next((j for j in range(said - 1, -1, -1)
                     if split_at_part(parts[j], lang, data)[1]), said)
    if said is None and not _bare(clause, lang, data):
        # A complaint or a dismissal that names only the part ("风太冲了，小一点", "窗户算了，
        # 还是关上吧") gives the part; a situation does not ("后挡风玻璃…": its glass is
        # read from its own words, not from the first part word in it).
        said = next((j for j in range(index - 1, -1, -1)
                     if not tells_situation(parts[j], lang, data)
                     and split_at_part(parts[j], lang, data)[1]), None)
    if said is None and index > 0 and lang == "en":
        # Only the part came first: "my side window, down about a third".
        tries.append(f"{parts[index - 1]} {clause}")
    if said is not None:
        before, part = split_at_part(parts[said], lang, data)
        if before.strip():  # nothing before the part: the clause alone says no more
            tries += [f"{before} {clause}" if lang == "en" else before + clause]
        if part:
            tries += [f"{part} {clause}" if lang == "en" else part + clause]
            if lang == "en":  # the part after the verb: "seat" + "back it off" is no "seat back"
                tries.append(f"{clause} {part}")
                # the verb after the part: "front demister on, the back one as well"
                after = parts[said].partition(part)[2].strip()
                if after:
                    tries += [f"{clause} {part} {after}", f"{clause} {after}"]
            # The part with what of it was set: "我座椅加热开高档，副驾关了" is the
            # passenger's seat *heating* off (a bare seat also ventilates).
            named = _named_argument(parts[said], part, lang, data)
            if named:
                tries += [f"{part} {named} {clause}" if lang == "en" else part + named + clause]
        final = last_part(parts[said], lang, data)
        if final and final != part:  # "enough heat on the wheel, switch it off": the wheel
            tries.append(f"{clause} {final}" if lang == "en" else final + clause)
    if index + 1 < len(parts) and lang == "zh":
        following = parts[index + 1]
        listed = data.derived("list_words", lang, lambda: {
            w for values in data.common.lists[lang].values() for ws in values.values() for w in ws})
        openings = {w for w in listed if following.startswith(w)}
        # 主驾和副驾座椅加热开到中档: one seat in place of the one the next clause names.
        tries += [clause + following[len(w):] for w in sorted(openings, key=len, reverse=True)]
        after = split_at_part(following, lang, data, last=True)[0]
        tries.append(clause + after)
    elif index + 1 < len(parts):
        following = parts[index + 1]
        rest = following.partition(" ")[2]
        if " " not in clause and rest:
            # One word in place of the word the next clause opens with: "front and rear
            # fogs on", "driver and passenger seats on high".
            tries.append(f"{clause} {rest}")
        if _bare(clause, lang, data):
            # The part first, then what to do with it: "my side window, down about a third".
            tries.append(f"{clause} {following}")
    for text in tries:
        call = read_frame(text.strip(), lang, data)
        if call is not None:
            return call
    return None


def _placed(parts: list[str], index: int, lang: Lang, data: Catalogue) -> str:
    """The clause at ``index`` with the place a clause before said of someone, where it
    asks for someone and names no place ("Grandma's in the back on the right, make it
    two degrees warmer for her"; "孩子在后排，给他温度调高两度")."""
    clause = parts[index]
    if not mentions(clause, data.common.others.of(lang), lang, inflected=False) \
            or _place(clause, lang, data):
        return clause
    # Where someone sits, said before and about no part ("Noah's right behind me").
    placed = next((p for j in range(index - 1, -1, -1)
                   if not split_at_part(parts[j], lang, data)[1] and (p := _place(parts[j], lang, data))),
                  "")
    if not placed:
        return clause
    return f"{clause} {placed}" if lang == "en" else placed + clause


def _place(clause: str, lang: Lang, data: Catalogue) -> str:
    """The longest seat, window or zone word ``clause`` says, or ""."""
    places = [w for w, _ in data.place_words(lang)]
    found = [clause[start:end] for start, end in spans(clause, places, lang, inflected=False)]
    return max(found, key=len, default="")


def _named_argument(clause: str, part: str, lang: Lang, data: Catalogue) -> str:
    """The argument word said right after ``part`` in ``clause`` ("座椅*加热*",
    "seat *heating*"), or ""."""
    after = clause[clause.find(part) + len(part):].lstrip()
    words = {w for cap in data.capabilities.values() if part in cap.licence.of(lang)
             for said in cap.arguments.values() for w in said.of(lang)}
    return next((w for w in sorted(words, key=len, reverse=True)
                 if after.startswith(w) and (lang == "zh" or after[len(w):len(w) + 1] in ("", " "))), "")


def _others_part(parts: list[str], index: int, tool: str, lang: Lang, data: Catalogue) -> bool:
    """A clause before ``index`` names a part of another system than ``tool``'s (the
    beams, not the climate: "有点冷" and "空调" are the temperature's neighbours): what
    the clause at ``index`` leaves unsaid is that part."""
    cap = data.capabilities[tool]
    named = {t for clause in parts[:index] for t in data.named_tools(clause, lang, cap.agent)}
    systems = {_system(path) for t in named if t in data.capabilities
               for path in data.capabilities[t].paths}
    return bool(named) and not systems & {_system(path) for path in cap.paths}


def _system(path: str) -> str:
    """The branch of the VSS tree a path is in ("Vehicle.Cabin.HVAC")."""
    return ".".join(path.split(".")[:3])


def _names_part(clause: str, tool: str, lang: Lang, data: Catalogue) -> bool:
    """The clause names ``tool``'s part or tells one of its situations."""
    cap = data.capabilities[tool]
    naming = [w for name in cap.naming for ws in data.value_words(tool, name, lang).values()
              for w in ws]
    return bool(mentions(clause, [*cap.licence.of(lang), *naming], lang)) or any(
        told.tool == tool for told in data.situations(clause, lang))


def _refines(previous: Call, call: Call, data: Catalogue) -> bool:
    """``call`` (read with a neighbour's words) says more about ``previous`` rather
    than naming another target (another seat, window, zone or light)."""
    if previous[0] != call[0]:
        return False
    targets = data.capabilities[call[0]].targets
    return not any(name in targets and previous[1].get(name) != value
                   for name, value in call[1].items())


def _bare(clause: str, lang: Lang, data: Catalogue) -> bool:
    """A clause that names something and says nothing about it (no verb, value or number)."""
    return (bool(mentions(clause, data.vocabulary(lang), lang))
            and not any(ch.isdigit() for ch in clause)
            # As written: "heating" names a part, it is not the verb "heat".
            and not mentions(clause, data.common.request_words.of(lang), lang, inflected=False)
            and not mentions(clause, data.value_vocabulary(lang), lang, inflected=False))


def _reason(clause: str, call: Call, lang: Lang, data: Catalogue) -> bool:
    """A clause that tells a situation or a feeling ("it's getting chilly", "有点冷"),
    states something ("the glass is misting up") or complains ("风太大了", "too
    bright"): beside a request, it is the reason for it."""
    if data.capabilities[call[0]].feeling or _COMPLAINT[lang].search(clause):
        return True
    if tells_situation(clause, lang, data):
        return True  # "my hands are freezing, …": why, even where a template says it too
    result = _recognize(clause, lang, data)
    if result is not None and not any(e.is_wildcard for e in result.entities.values()):
        return False  # a template sentence asks ("雨刮调到最快"), whatever it looks like
    if lang == "en":
        return bool(EN_STATEMENT.search(clause))
    return reports(clause, lang, data)


def _commentary(clause: str, lang: Lang, data: Catalogue) -> bool:
    """A clause that asks for nothing and names nothing any capability or missing
    feature knows, nor any value ("I'm done", "it's only drizzling"; not "留个缝"):
    the driver's commentary."""
    if any(ch.isdigit() for ch in clause) or sets_condition(clause, lang):
        return False  # "…and 24 for my wife" asks for something; "if it rains, …" is no aside
    if _COMPLAINT[lang].search(clause):
        return True  # "座椅加热调低点，有点烫屁股": why, beside what to do
    # What not to do asks for nothing ("…，别开大了", "温度别动，…", "天窗别全开了，…"); a
    # statement with a negation that names a part ("I can't see out the back window, …")
    # may say what the request beside it is for.
    parts = data.part_words(lang, feeling=None)
    if forbids(clause, lang) or only_negates(clause, lang) and not mentions(clause, parts, lang) or any(
            clause.startswith(word) for word in data.common.dismissals.of(lang)):
        return True  # "…，别开大了", "forget about the temperature, …": nothing more to do
    if _PURPOSE[lang].match(clause):
        # "…, just for a bit of air": why, not what; unless it says which seat or window.
        targets = data.derived("targets", lang, lambda: (
            word for cap in data.capabilities.values() for name in {*cap.defaults, *cap.naming}
            for words in data.value_words(cap.tool, name, lang).values() for word in words))
        return not mentions(clause, targets, lang, inflected=False)
    if mentions(clause, data.common.others.of(lang), lang, inflected=False) and not mentions(
            clause, [*data.common.request_words.of(lang), *data.part_words(lang)], lang):
        return True  # "她怕热，…", "the kids are cold, …": whom the request beside it is for
    # A request word as written: "plans have changed" tells, it asks for no change.
    quiet = not mentions(clause, data.vocabulary(lang), lang) and not mentions(
        clause, data.common.request_words.of(lang), lang, inflected=False) and not mentions(
        clause, data.value_vocabulary(lang), lang, inflected=False)
    return quiet or reports(clause, lang, data)


def _arguments(values: dict[str, Any]) -> dict[str, Any]:
    """Entity values as tool arguments; ``sign`` × ``amount`` is a relative change."""
    sign = values.pop("sign", None)
    amount = values.pop("amount", None)
    if sign is not None and "celsius" not in values:
        values["change"] = float(sign) * float(amount if amount is not None else 1)
    return values
