"""Features the assistant cannot operate ("set the ambient light to blue", "按摩一下"):
named in ``data/absent.yaml`` and declined before any model can guess a nearby tool."""

from __future__ import annotations

from collections.abc import Callable

from incabin.agents.capabilities._models import Feature, Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue
from incabin.agents.capabilities.text import mask, mentions


def missing_feature(text: str, lang: Lang, data: Catalogue | None = None,
                    has: Callable[[str], bool] | None = None) -> Feature | None:
    """The feature ``text`` asks for that the assistant cannot operate, if any.

    ``has`` asks the car profile: a feature a capability operates (``tools``) is not
    missing on a car that has it.

    The longest matching phrase wins, so "reading light" beats a bare "light". A word
    inside a situation a capability declares is no request for the feature: "it's
    like a fridge in here" tells the driver is cold.
    """
    data = data or catalogue()
    text = text.lower()
    text = mask(text, [told.span for told in data.situations(text, lang)])
    best: tuple[int, Feature] | None = None
    for feature in data.features.values():
        if feature.tools and feature.profile and has is not None and has(feature.profile):
            continue
        for word in mentions(text, feature.words.of(lang), lang):
            if best is None or len(word) > best[0]:
                best = (len(word), feature)
    return best[1] if best else None


def decline_text(feature: Feature, lang: Lang, *, in_car: bool | None = None) -> str:
    """What the driver hears: the car lacks it, or it has its own controls (``in_car``:
    what the car profile says, else the feature's own ``in_car``)."""
    name = feature.name[lang]
    if feature.in_car if in_car is None else in_car:
        return (f"我没法用语音操作{name}，请用车上的按键。" if lang == "zh"
                else f"I can't operate the {name} by voice; please use the car's own controls.")
    return f"这辆车没有{name}功能，所以我什么都没改。" if lang == "zh" else (
        f"This car has no {name}, so I haven't changed anything.")
