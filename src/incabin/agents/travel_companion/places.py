"""Place tools: find somewhere to eat, charge, park or stop, and questions about a place."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Literal

from incabin.agents.context import TurnContext
from incabin.agents.speech import distance, num, t
from incabin.agents.tools import Outcome, Pending, tool
from incabin.agents.travel_companion._common import lookup, position, soc, trip_prefs
from incabin.agents.travel_companion.filters import FOOD_CATEGORIES, heading, none_found, wanted
from incabin.agents.travel_words import said_near
from incabin.travel import PlaceMatch, TravelError, haversine_km, open_state, search_places

Category = Literal["restaurant", "cafe", "fast_food", "charging", "fuel", "parking", "toilets"]
Near = Literal["auto", "here", "route", "next_charging_stop", "destination"]
MAX_OPTIONS = 3


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
                cuisine: str | None = None, near: Near = "auto",
                open_at: str | None = None) -> Outcome:
    """Find places to eat, charge, park or stop: near the car, along the route, near the
    next charging stop or the destination; by the cuisine and opening time the driver
    said (e.g. open_at "21:00"). Diets come from the request and the driver's profile."""
    navigation = ctx.services.navigation
    atlas = ctx.services.atlas
    driver = ctx.driver
    # Filters come only from the driver: what they said now, or their stored diet.
    want = wanted(ctx, category, cuisine, open_at)
    category = want.category
    food = category in FOOD_CATEGORIES
    where = said_near(ctx.text) or near  # the driver's words over the model's guess
    if where == "auto":
        where = "route" if navigation.active else "here"
    if where != "here" and not navigation.active:
        where = "here"
    kwargs: dict[str, object] = {
        "categories": (category,), "cuisine": [want.cuisine] if want.cuisine else [],
        "diet": want.diets, "max_price": want.max_price, "now": ctx.now(),
        "avoid_cuisine": list(driver.get("food.avoid") or []) if food else [],
        "arrive_at": _when(ctx, want.open_at), "limit": MAX_OPTIONS}
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
    if not matches:
        return Outcome(ok=True, act="inform", data=[], say=none_found(ctx, want, where))
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
            ctx.lang, f"{heading(ctx, want, where)}: {details[0]}. Shall I "
                      f"{'add it as a stop' if navigation.active else 'take you there'}?",
            f"{heading(ctx, want, where)}：{details[0]}。"
            f"{'要加为途经点吗？' if navigation.active else '要导航过去吗？'}"),
            pending=Pending("go_to_place", {"name": labels[0]}))
    return Outcome(
        ok=True, act="clarify", options=tuple(labels), data=data,
        say=t(ctx.lang, f"{heading(ctx, want, where)}: {'; '.join(details)}. Which one?",
              f"{heading(ctx, want, where)}：{'；'.join(details)}。选哪一个？"),
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
