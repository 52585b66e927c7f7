"""Features the assistant cannot operate ("set the ambient light to blue", "按摩一下"):
named in ``data/absent.yaml`` and declined before any model can guess a nearby tool."""

from __future__ import annotations

from incabin.agents.capabilities._models import Feature, Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue
from incabin.agents.capabilities.text import mentions


def missing_feature(text: str, lang: Lang, data: Catalogue | None = None) -> Feature | None:
    """The feature ``text`` asks for that the assistant cannot operate, if any.

    The longest matching phrase wins, so "reading light" beats a bare "light".
    """
    data = data or catalogue()
    best: tuple[int, Feature] | None = None
    for feature in data.features.values():
        for word in mentions(text, feature.words.of(lang), lang):
            if best is None or len(word) > best[0]:
                best = (len(word), feature)
    return best[1] if best else None


def decline_text(feature: Feature, lang: Lang) -> str:
    """What the driver hears: the car lacks it, or it has its own controls."""
    name = feature.name[lang]
    if feature.in_car:
        return (f"我没法用语音操作{name}，请用车上的按键。" if lang == "zh"
                else f"I can't operate the {name} by voice; please use the car's own controls.")
    return f"这辆车没有{name}功能，所以我什么都没改。" if lang == "zh" else (
        f"This car has no {name}, so I haven't changed anything.")
