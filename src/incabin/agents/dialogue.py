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
_OVERRIDE = re.compile(
    r"ignore (all |your |the |previous |prior )*(rules|instructions|safety)|"
    r"(disable|bypass|override|turn off|switch off|skip) (the |all |your )*(safety|rules|restrictions|limits)|"
    r"developer mode|jailbreak|you are now|pretend (you|the car)|as an admin|system prompt|"
    r"忽略(所有|你的|之前的)?(规则|指令|安全)|(关闭|绕过|跳过|解除)(安全|规则|限制)|开发者模式"
)
_ORDINALS = {"last": -1, "最后": -1, "second": 1, "2": 1, "第二": 1, "third": 2, "3": 2, "第三": 2,
             "fourth": 3, "4": 3, "第四": 3, "first": 0, "1": 0, "第一": 0}


def is_yes(text: str) -> bool:
    """An explicit yes."""
    return bool(_YES.search(text.strip().lower()))


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
