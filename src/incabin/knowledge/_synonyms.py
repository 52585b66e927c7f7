"""Drivers' words for things the manual names differently, added to a query before search.

One row per everyday word: the manual's term for it. English keys are whole
lower-case words; Chinese keys match anywhere in the query.
"""

from __future__ import annotations

import re

from ._models import Lang

EN_SYNONYMS: dict[str, str] = {
    "aircon": "ac",
    "baby": "child",
    "babies": "child",
    "bonnet": "frunk",
    "boot": "trunk",
    "firefighter": "first responder",
    "firefighters": "first responder",
    "flap": "charge port",
    "hood": "frunk",
    "kid": "child",
    "kids": "child",
    "lamp": "light",
    "lamps": "light",
    "puncture": "flat tyre",
    "rapid": "dc fast",
    "supercharger": "dc fast charger",
    "tire": "tyre",
    "tires": "tyres",
    "windshield": "windscreen",
}

ZH_SYNONYMS: dict[str, str] = {
    "冬天": "冬季",
    "车祸": "事故",
    "拖走": "拖车",
    "小孩": "儿童",
    "孩子": "儿童",
    "宝宝": "儿童",
    "尾箱": "后备箱",
    "车顶窗": "天窗",
    "打气": "充气",
}

_WORD = re.compile(r"[a-z]+")


def expand_query(text: str, lang: Lang) -> str:
    """``text`` followed by the manual's terms for any everyday words it uses."""
    if lang == "zh":
        extra = [term for key, term in ZH_SYNONYMS.items() if key in text]
    else:
        extra = [EN_SYNONYMS[w] for w in _WORD.findall(text.lower()) if w in EN_SYNONYMS]
    return " ".join([text, *extra]) if extra else text
