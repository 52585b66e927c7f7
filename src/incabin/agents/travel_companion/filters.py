"""The filters of a place search come only from the driver: what they said this turn
(the travel words, ``agents/travel_words``) or their stored profile. A small model under a
JSON schema fills every optional argument it sees, so a cuisine, diet, price or opening
time the request does not name is dropped here, in code, whatever the model passed.
The stored diet always applies to food, and the reply says so."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incabin.agents.context import TurnContext
from incabin.agents.speech import t
from incabin.agents.travel_words import (
    said_cuisine,
    said_diets,
    said_price,
    vocabulary,
)

FOOD_CATEGORIES = ("restaurant", "cafe", "fast_food")
OSM_DIETS = frozenset({"vegetarian", "vegan", "halal", "kosher", "gluten_free"})
# A time the driver said ("9 pm", "21:00", "九点"): only then may the model's open_at count.
_TIME_SAID = re.compile(r"\d|[一二三四五六七八九十两]+点")
_NEAR = {"here": ("near you", "附近的"), "route": ("on the way", "沿途的"),
         "destination": ("near your destination", "目的地附近的"),
         "next_charging_stop": ("near the next charging stop", "下一个充电站附近的")}


@dataclass(frozen=True)
class Wanted:
    """What the driver asked to find: the kind of place and the filters they stated or
    stored (``stored``: diets from the profile the request did not say)."""

    category: str
    cuisine: str | None
    diets: list[str]
    stored: list[str]
    max_price: int | None
    open_at: str | None


def wanted(ctx: TurnContext, category: str, cuisine: str | None, open_at: str | None) -> Wanted:
    """The search the driver asked for; the model's ``category``, ``cuisine`` and
    ``open_at`` count only where the request names them."""
    text = ctx.text
    named = vocabulary().categories.said(text)
    if named and category not in named:
        category = named[0]
    food = category in FOOD_CATEGORIES
    cuisine = _cuisine(text, cuisine) if food and category != "cafe" else None
    said = [d for d in said_diets(text) if d in OSM_DIETS] if food else []
    stored = [d for d in _stored_diets(ctx) if d not in said] if food else []
    return Wanted(category=category, cuisine=cuisine, diets=said + stored, stored=stored,
                  max_price=said_price(text) if food else None,
                  open_at=open_at if open_at and _TIME_SAID.search(text) else None)


def _cuisine(text: str, proposed: str | None) -> str | None:
    """The OSM cuisine the driver named; the model's value only when the request says it
    (a cuisine the vocabulary does not list, such as "Ethiopian", in the driver's word)."""
    said = said_cuisine(text)
    if said or not proposed:
        return said
    word = proposed.strip().lower().replace("_", " ")
    lexicon = vocabulary()
    if (not word or not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text.lower())
            or lexicon.categories.first(word) or lexicon.diets.first(word)):
        return None
    return word.replace(" ", "_")


def _stored_diets(ctx: TurnContext) -> list[str]:
    """The profile's diets the map can filter by (a single value counts as a list of one)."""
    stored = ctx.driver.get("food.diet") or []
    values = [stored] if isinstance(stored, str) else list(stored)
    return [str(d) for d in values if str(d) in OSM_DIETS]


def heading(ctx: TurnContext, want: Wanted, where: str) -> str:
    """ "Vegetarian Mexican restaurants near you" / "附近的素食墨西哥餐厅": what was searched
    for and where, so the driver hears which filters applied."""
    lexicon = vocabulary()
    lang = ctx.lang
    words = [lexicon.diets.name(d, lang) for d in want.diets]
    if want.cuisine:
        words.append(lexicon.cuisines.name(want.cuisine, lang))
    noun = lexicon.categories.name(want.category, lang)
    near_en, near_zh = _NEAR.get(where, _NEAR["here"])
    if lang == "zh":
        return f"{near_zh}{''.join(words)}{noun}"
    phrase = " ".join([*words, noun + ("" if noun.endswith("s") else "s")])
    return f"{phrase[:1].upper()}{phrase[1:]} {near_en}"


def none_found(ctx: TurnContext, want: Wanted, where: str) -> str:
    """Nothing matched: what was searched for, and the stored diet that narrowed it."""
    found = heading(ctx, want, where)
    said = t(ctx.lang, f"No {found[:1].lower()}{found[1:]} open now.", f"{found}现在都没有营业的。")
    if want.stored:
        diets = [vocabulary().diets.name(d, ctx.lang) for d in want.stored]
        said += t(ctx.lang, f" I went by your {' and '.join(diets)} diet.",
                  f"已按您的{'、'.join(diets)}饮食筛选。")
    return said
