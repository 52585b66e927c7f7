"""Short answers to a pending question: yes/no for ``confirm``, a choice for ``clarify``,
and requests that try to talk the assistant out of its rules."""

from __future__ import annotations

import re
from typing import Any

_YES = re.compile(
    r"^(yes|yeah|yep|yup|sure|ok|okay|please do|go ahead|do it|confirm|confirmed|correct|right|"
    r"absolutely|of course|that's fine|fine)\b|^(是|是的|好|好的|可以|确定|确认|行|对|没问题|嗯)"
)
_NO = re.compile(
    r"^(no|nope|nah|don't|do not|cancel|stop|never mind|forget it|not now)\b|"
    r"^(不|不要|不用|取消|算了|别)"
)
# Text that is not a driver's request but tries to be an instruction: fake system or
# tool lines, chat-template markers, "ignore your rules", claimed authority, and
# encoded payloads. The whole request is declined: nothing in it is acted on.
_OVERRIDE = re.compile(
    r"(ignore|disregard|forget|override|bypass|skip) (all |your |the |any |of |previous |prior |"
    r"earlier |above |everything |you were told |what you were told )*"
    r"(rules|instructions|safety|restrictions|limits|guidelines|prompt|before|told)|"
    r"(disable|bypass|override|turn off|switch off|skip) (the |all |your )*(safety|rules|"
    r"restrictions|limits|interlocks?)|safety interlocks?|"
    r"developer mode|service mode|maintenance mode|debug mode|factory (engineer|mode)|"
    r"jailbreak|you are now|from now on you|pretend (you|the car|to be)|role-?play|act as (a|an|the)|"
    r"as an admin|admin(istrator)? (mode|access)|authori[sz]ation code|override code|system prompt|"
    r"^\W*(system|assistant|developer|tool|admin)\s*[:：]|\[\s*(system|admin|override)|"
    r"<\|im_(start|end)\|>|tool result\s*[:：]|function result|"
    r"(^|\s)[a-z0-9+/]{20,}={0,2}(\s|$)|"
    r"(忽略|无视|不要管|别管).{0,8}(规则|指令|设定|限制|安全|提示)|"
    r"(关闭|绕过|跳过|解除|取消).{0,4}(安全|规则|限制|联锁)|安全联锁|"
    r"开发者模式|维修模式|工程模式|调试模式|你现在是|假装|扮演|授权码|管理员|"
    r"【系统】|\[系统|系统提示|系统消息|系统指令|工具结果|工具返回|返回结果",
    re.IGNORECASE,
)
_ORDINALS = {"last": -1, "最后": -1, "second": 1, "2": 1, "第二": 1, "third": 2, "3": 2, "第三": 2,
             "fourth": 3, "4": 3, "第四": 3, "first": 0, "1": 0, "第一": 0}


def is_yes(text: str) -> bool:
    """An explicit yes."""
    return bool(_YES.search(text.strip().lower()))


_THANKS = {"thanks", "thank you", "谢谢", "谢了", "谢谢你", "多谢"}
_YES_AND = re.compile(
    r"^(?:yes|yeah|yep|yup|sure|ok|okay|please do|go ahead|do it|confirm|correct|of course)"
    r"[\s,.!]*(?:and|also|then|plus|but)\b[\s,]*(?:also\s+)?(?P<rest>.+)$|"
    r"^(?:是的|是|好的|好|可以|确定|确认|行|对|没问题|嗯)[\s,，.。!！]*"
    r"(?:然后|并且|而且|再|还有|另外|顺便|也|同时)?[\s,，]*(?P<rest_zh>.+)$"
)


def yes_and(text: str) -> str | None:
    """The rest of a yes that asks for more ("yes, and open the trunk too"), else None."""
    match = _YES_AND.match(text.strip().lower())
    if match is None:
        return None
    rest = (match.group("rest") or match.group("rest_zh") or "").strip(" ,，。.!！")
    # "好的", "可以的", "好吧": the particle belongs to the yes, it asks for nothing more.
    rest = rest.lstrip("的了吧啊呀嘛").strip(" ,，。.!！")
    if not rest or is_bare_answer(rest) or rest in _THANKS:
        return None
    return rest


def is_no(text: str) -> bool:
    """An explicit no."""
    return bool(_NO.search(text.strip().lower()))


_ANSWER_WORDS = {"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "no", "nope", "nah", "please",
                 "thanks", "thank", "you", "fine", "right", "correct", "confirm", "confirmed"}
_ANSWER_ZH = re.compile(r"^(是|是的|好|好的|可以|确定|确认|行|对|没问题|嗯|不|不要|不用|不是|算了|别)"
                        r"(了|吧|啊|呀|的)?(谢谢)?$")


def is_bare_answer(text: str) -> bool:
    """Only a yes or a no, with nothing else asked ("yes", "no thanks", "好的")."""
    words = re.sub(r"[\s,.!?，。！？]+", " ", text.strip().lower()).strip()
    if not words:
        return False
    if _ANSWER_ZH.match(words.replace(" ", "")):
        return True
    return all(w in _ANSWER_WORDS for w in words.split()) and (is_yes(words) or is_no(words))


def is_override_attempt(text: str) -> bool:
    """Instructions embedded in a request that try to change or skip the rules."""
    return bool(_OVERRIDE.search(text.lower()))


def pick_option(text: str, choices: dict[str, Any]) -> Any | None:
    """The value of the option the driver chose, by name or by position; None if unclear."""
    lowered = text.strip().lower()
    labels = list(choices)
    matches = [label for label in labels if label.lower() in lowered]
    if not matches:
        # Words of a label ("the rear left one" for "rear left window").
        matches = [label for label in labels
                   if all(w in lowered for w in label.lower().split()[:-1] or label.lower().split())]
    if not matches and len(lowered) >= 2:
        # Part of a label, as Chinese answers go ("主驾" for "主驾车窗").
        matches = [label for label in labels if lowered.strip("的。.！!") in label.lower()]
    if len(matches) == 1:
        return choices[matches[0]]
    for word, index in _ORDINALS.items():
        if re.search(rf"(^|\b){re.escape(word)}(\b|$)", lowered) or (
                not word.isascii() and word in lowered):
            return choices[labels[index]] if -len(labels) <= index < len(labels) else None
    return None
