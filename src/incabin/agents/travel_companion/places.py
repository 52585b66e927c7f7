"""Place tools: find somewhere to eat, charge, park or stop, and questions about a place."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Literal

from incabin.agents.context import TurnContext
from incabin.agents.speech import distance, num, t
from incabin.agents.tools import Outcome, Pending, tool
from incabin.agents.travel_companion._common import lookup, position, soc, trip_prefs
from incabin.travel import PlaceMatch, TravelError, haversine_km, open_state, search_places

Category = Literal["restaurant", "cafe", "fast_food", "charging", "fuel", "parking", "toilets"]
Near = Literal["auto", "here", "route", "next_charging_stop", "destination"]
OSM_DIETS = {"vegetarian", "vegan", "halal", "kosher", "gluten_free"}
MAX_OPTIONS = 3
_CATEGORY_WORDS = {
    "restaurant": ("restaurant", "餐厅"), "cafe": ("café", "咖啡馆"), "fast_food": ("fast-food place", "快餐店"),
    "charging": ("charger", "充电站"), "fuel": ("fuel station", "加油站"), "parking": ("car park", "停车场"),
    "toilets": ("toilet", "厕所"),
}


_NOT_A_CUISINE = {"", "all", "any", "none", "food", "restaurant", "restaurants", "anything",
                  "something", "general", "other", "local", "meal", "lunch", "dinner"}
# Words a driver uses -> OSM cuisine values.
_CUISINES = {
    "thai": "thai", "泰国": "thai", "italian": "italian", "意大利": "italian", "pizza": "pizza",
    "披萨": "pizza", "sushi": "sushi", "寿司": "sushi", "japanese": "japanese", "日本": "japanese",
    "chinese": "chinese", "中餐": "chinese", "中国菜": "chinese", "indian": "indian", "印度": "indian",
    "vietnamese": "vietnamese", "越南": "vietnamese", "burger": "burger", "汉堡": "burger",
    "kebab": "kebab", "mexican": "mexican", "墨西哥": "mexican", "nepalese": "nepalese",
    "korean": "korean", "韩国": "korean", "finnish": "finnish", "芬兰": "finnish",
    "french": "french", "法国": "french", "greek": "greek", "seafood": "seafood", "海鲜": "seafood",
    "ramen": "ramen", "拉面": "ramen", "steak": "steak_house", "牛排": "steak_house",
}
_DIETS = {"vegetarian": "vegetarian", "veggie": "vegetarian", "素食": "vegetarian", "吃素": "vegetarian",
          "vegan": "vegan", "纯素": "vegan", "halal": "halal", "清真": "halal",
          "gluten": "gluten_free", "无麸质": "gluten_free", "kosher": "kosher"}
_COFFEE = re.compile(r"\bcoffee\b|\bcaf[eé]\b|咖啡")


def said_cuisine(text: str) -> str | None:
    """The OSM cuisine the driver named, if any."""
    lowered = text.lower()
    return next((v for k, v in _CUISINES.items() if re.search(rf"\b{k}\b" if k.isascii() else k,
                                                                lowered)), None)


def said_diet(text: str) -> str | None:
    """The diet the driver named, if any."""
    lowered = text.lower()
    return next((v for k, v in _DIETS.items() if k in lowered), None)


def _when(ctx: TurnContext, open_at: str | None) -> datetime | None:
    """'21:00' / '9 pm' today, in the car's time zone."""
    if not open_at:
        return None
    match = re.match(r"^\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*$", open_at.lower())
    if not match:
        return None
    hour = int(match.group(1)) % 24
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    now = ctx.now()
    return datetime.combine(now.date(), time(hour, int(match.group(2) or 0)), now.tzinfo)


@tool
def find_places(ctx: TurnContext, category: Category = "restaurant",
                cuisine: str | None = None, diet: str | None = None, near: Near = "auto",
                open_at: str | None = None) -> Outcome:
    """Find places to eat, charge, park or stop: near the car, along the route, near the
    next charging stop or the destination; filtered by cuisine, diet and opening time
    (e.g. open_at "21:00")."""
    navigation = ctx.services.navigation
    atlas = ctx.services.atlas
    driver = ctx.driver
    # Filters come only from the driver: what they said now, or their stored diet. A
    # cuisine or diet the model filled in that the request never names is dropped.
    named = cuisine if cuisine and cuisine.lower().replace("_", " ") in ctx.text.lower() else None
    cuisine = said_cuisine(ctx.text) or (None if (named or "").lower() in _NOT_A_CUISINE
                                        else named)
    diet = said_diet(ctx.text)
    if cuisine in ("coffee_shop", "coffee") or _COFFEE.search(ctx.text.lower()):
        category, cuisine = "cafe", None
    food = category in ("restaurant", "cafe", "fast_food")
    diets = [d for d in ([diet] if diet else list(driver.get("food.diet") or []) if food else [])
             if d in OSM_DIETS]
    liked = [cuisine] if cuisine else []
    avoided = list(driver.get("food.avoid") or []) if food else []
    where = near
    if where == "auto":
        where = "route" if navigation.active else "here"
    if where != "here" and not navigation.active:
        where = "here"
    kwargs: dict[str, object] = {"categories": (category,), "cuisine": liked, "diet": diets,
                                 "avoid_cuisine": avoided, "now": ctx.now(),
                                 "arrive_at": _when(ctx, open_at), "limit": MAX_OPTIONS}
    try:
        if where == "route":
            plan = navigation.plan
            detour = float(driver.get("charging.max_detour_min") or 10)
            pois = atlas.pois(atlas.region_of(position(ctx)))
            matches = search_places(pois, route=plan.route, max_detour_min=detour, **kwargs)  # type: ignore[arg-type]
        else:
            point = position(ctx)
            if where == "next_charging_stop":
                charging = [s for s in navigation.plan.stops if s.kind == "charging"]
                point = charging[0].place.point if charging else point
            elif where == "destination":
                point = navigation.plan.destination.point
            pois = atlas.pois(atlas.region_of(point))
            matches = search_places(pois, near=point, radius_km=3.0, **kwargs)  # type: ignore[arg-type]
    except TravelError as err:
        return Outcome(ok=False, act="refuse", say=t(ctx.lang, f"I couldn't search: {err}.",
                                                      f"无法搜索：{err}。"))
    word_en, word_zh = _CATEGORY_WORDS[category]
    wanted = " ".join(filter(None, [*diets, cuisine]))
    if not matches:
        return Outcome(ok=True, act="inform", data=[], say=t(
            ctx.lang, f"I found no {wanted + ' ' if wanted else ''}{word_en} open"
                      f"{' on the way' if where == 'route' else ' nearby'}.",
            f"{'沿途' if where == 'route' else '附近'}没有找到营业的{wanted}{word_zh}。"))
    labels = [m.place.name for m in matches]
    if len(set(labels)) < len(labels):  # "Parking", "Parking": tell them apart by distance
        labels = [f"{m.place.name} ({distance(m.distance_km, ctx.lang)})" for m in matches]
    ctx.memory.last_places = [m.place for m in matches]
    ctx.memory.last_place_labels = labels
    details = [_detail(ctx, m) for m in matches]
    data = [{"name": m.place.name, "lat": m.place.lat, "lon": m.place.lon,
             "reasons": list(m.reasons), "detour_min": m.detour_min, "distance_km": m.distance_km}
            for m in matches]
    if len(matches) == 1:
        ctx.memory.last_place = matches[0].place
        return Outcome(ok=True, act="confirm", data=data, say=t(
            ctx.lang, f"{details[0]}. Shall I add it as a stop?" if navigation.active
            else f"{details[0]}. Shall I take you there?",
            f"{details[0]}。要加为途经点吗？" if navigation.active else f"{details[0]}。要导航过去吗？"),
            pending=Pending("go_to_place", {"name": labels[0]}))
    return Outcome(
        ok=True, act="clarify", options=tuple(labels), data=data,
        say=t(ctx.lang, f"I found {len(matches)}: {'; '.join(details)}. Which one?",
              f"找到{len(matches)}个：{'；'.join(details)}。选哪一个？"),
        pending=Pending("go_to_place", {}, choice_argument="name",
                        choices={label: label for label in labels}))


def _detail(ctx: TurnContext, match: PlaceMatch) -> str:
    extra = (t(ctx.lang, f"{num(match.detour_min)} minute detour", f"绕行{num(match.detour_min)}分钟")
             if match.detour_min >= 0.5 else
             distance(match.distance_km, ctx.lang))
    return f"{match.place.name}, {extra}" if ctx.lang == "en" else f"{match.place.name}，{extra}"


@tool
def go_to_place(ctx: TurnContext, name: str) -> Outcome:
    """Add a place the driver chose as a stop on the active route, or navigate to it."""
    chosen = next((p for p, label in zip(ctx.memory.last_places, ctx.memory.last_place_labels)
                   if name in (p.name, label)), None)
    if chosen is None:
        found = lookup(ctx, name, "go_to_place", {}, "name")
        if isinstance(found, Outcome):
            return found
        chosen = found
    navigation = ctx.services.navigation
    ctx.memory.last_place = chosen
    try:
        if navigation.active:
            navigation.add_stop(chosen)
            say = t(ctx.lang, f"Added {chosen.name} as a stop.", f"已把{chosen.name}加为途经点。")
        else:
            prefs = trip_prefs(ctx)
            navigation.start(position(ctx), chosen, mode=prefs.mode, avoid=prefs.avoid,
                             soc=soc(ctx), min_arrival_soc=prefs.min_arrival_soc)
            say = t(ctx.lang, f"Navigating to {chosen.name}.", f"开始导航去{chosen.name}。")
    except TravelError as err:
        return Outcome(ok=False, act="refuse", say=t(ctx.lang, f"I couldn't route there: {err}.",
                                                      f"无法规划路线：{err}。"))
    plan = navigation.plan
    return Outcome(ok=True, act="done", data=navigation.state(), say=say + t(
        ctx.lang, f" The trip is now {distance(plan.distance_km, ctx.lang)}.",
        f"全程{distance(plan.distance_km, ctx.lang)}。"))


@tool
def place_info(ctx: TurnContext, question: Literal["open_now", "opening_hours", "address", "distance"],
               place: str | None = None) -> Outcome:
    """A question about a place (by default the one just chosen): open now, hours,
    address or distance."""
    target = ctx.memory.last_place
    if place:
        found = lookup(ctx, place, "place_info", {"question": question}, "place")
        if isinstance(found, Outcome):
            return found
        target = found
    if target is None:
        return Outcome(ok=False, act="clarify", say=t(ctx.lang, "Which place do you mean?",
                                                       "您说的是哪个地方？"))
    ctx.memory.last_place = target
    if question in ("open_now", "opening_hours"):
        state = open_state(target, ctx.now())
        if state.is_open is None:
            say = t(ctx.lang, f"I don't know {target.name}'s opening hours.",
                    f"不清楚{target.name}的营业时间。")
        else:
            say = t(ctx.lang, f"{target.name} is {state.text}.",
                    f"{target.name}{'正在营业' if state.is_open else '现在不营业'}（{state.text}）。")
    elif question == "address":
        street = " ".join(filter(None, [target.tags.get("addr:street"), target.tags.get("addr:housenumber")]))
        say = t(ctx.lang, f"{target.name} is at {street}." if street else f"{target.name} has no address on the map.",
                f"{target.name}的地址是{street}。" if street else f"地图上没有{target.name}的地址。")
    else:
        km = haversine_km(position(ctx), target.point)
        say = t(ctx.lang, f"{target.name} is {distance(km, ctx.lang)} away as the crow flies.",
                f"{target.name}直线距离{distance(km, ctx.lang)}。")
    return Outcome(ok=True, act="inform", say=say, data={"place": target.name})
