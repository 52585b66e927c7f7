"""Trip tools: plan and start a trip, edit the route, route options, cancel.

Trip questions ("can I reach X", "how long to X") are in ``trip_questions``. What the
driver asked for (go or only plan, a new destination, a self-correction, which stop)
is read from the request with the travel words (``agents/travel_words``): the model's
arguments never start or change navigation the driver did not ask for.
"""

from __future__ import annotations

from typing import Literal

from incabin.agents.context import TurnContext
from incabin.agents.speech import distance, join_list, t
from incabin.agents.tools import Outcome, Pending, tool
from incabin.agents.travel_companion._common import (
    duration,
    label,
    last_named,
    lookup,
    plan_failed,
    position,
    soc,
    summarise,
    trip_prefs,
)
from incabin.agents.travel_companion.trip_questions import FEASIBILITY, trip_info
from incabin.agents.travel_words import (
    asks_for_plan,
    asks_new_destination,
    asks_to_go,
    corrected_away,
    said_avoid,
    stop_edit,
    stop_position,
    trip_question,
)
from incabin.travel import Navigation, Place, TravelError, haversine_km
from incabin.travel.navigation import TripStop

# A driver's stop still makes sense for a new destination when going through it adds at
# most this share to the straight line from here (plus a little, for stops in town).
_DETOUR_RATIO = 1.3
_DETOUR_SLACK_KM = 2.0


@tool
def plan_trip(ctx: TurnContext, destination: str, stops: list[str] | None = None,
              start_navigation: bool = False) -> Outcome:
    """Plan an EV trip to a destination (with charging stops as needed); start navigation
    if the driver asked to go there."""
    destination = last_named(ctx, destination) or destination
    # "Jinan, no, Tianjin": the model may keep the first place as a stop; it is taken back.
    stops = [s for s in stops or [] if not corrected_away(ctx.text, s)] or None
    asked = trip_question(ctx.text)
    if not ctx.confirmed and asked is not None and asked.kind in FEASIBILITY:
        # "Can I reach X?" wants the planner's verdict, not a route summary.
        return trip_info.fn(ctx, asked.kind, destination)
    edit = stop_edit(ctx.text)
    if edit in ("add_stop", "remove_stop") and not stops and not ctx.confirmed:
        # "Add Kiasma as a stop", "take the Stockmann stop off": an edit, never a new trip.
        return edit_route.fn(ctx, edit, destination)
    navigation = ctx.services.navigation
    # Only the driver's words start navigation: "take me to X" does, "plan a trip to X"
    # and "how long to X" ask first, whatever the model set.
    wants_to_go = asks_to_go(ctx.text) or start_navigation and not asks_for_plan(ctx.text)
    start = ctx.confirmed or wants_to_go and asked is None
    if navigation.active and not ctx.confirmed and not stops and asked is None and (
            start or asks_new_destination(ctx.text)):
        # Somewhere else mid-route: a new destination, keeping the stops still on the way.
        return edit_route.fn(ctx, "change_destination", destination)
    arguments = {"destination": destination, "stops": stops, "start_navigation": True}
    target = lookup(ctx, destination, "plan_trip", arguments, "destination")
    if isinstance(target, Outcome):
        return target
    via: list[Place] = []
    for index, name in enumerate(stops or []):
        found = lookup(ctx, name, "plan_trip", arguments, f"stops.{index}")
        if isinstance(found, Outcome):
            return found
        via.append(found)
    prefs = trip_prefs(ctx)
    ctx.memory.last_place = target
    # A plan the driver has not asked to follow is made on a scratch navigation,
    # so an active trip stays as it is until they say yes.
    if not start:
        navigation = Navigation(ctx.services.atlas)
    try:
        plan = navigation.start(position(ctx), target, via, mode=prefs.mode, avoid=prefs.avoid,
                                soc=soc(ctx), min_arrival_soc=prefs.min_arrival_soc)
    except TravelError as err:
        return plan_failed(ctx, err)
    data = navigation.state()
    if start:
        return Outcome(ok=True, act="done", say=summarise(ctx, plan, started=True), data=data)
    return Outcome(ok=True, act="confirm", data=data,
                   say=summarise(ctx, plan, started=False) + t(ctx.lang, " Shall I start navigation?",
                                                              "要开始导航吗？"),
                   pending=Pending("plan_trip", arguments))


def _no_route(ctx: TurnContext) -> Outcome:
    return Outcome(ok=False, act="refuse", say=t(
        ctx.lang, "There's no active route to change. Where would you like to go?",
        "现在没有进行中的导航，没有路线可改。您想去哪里？"))


def _which_stop(ctx: TurnContext, navigation: Navigation, named: str | None) -> int | None:
    """The stop the driver means, as its index: by position ("the second stop", "最后一个",
    counting their own stops when they have any, else the charging stops), by the name
    they said, by the model's name for it, or the only stop of theirs there is."""
    stops = navigation.plan.stops
    own = [i for i, s in enumerate(stops) if not s.planned]
    pool = own or list(range(len(stops)))
    for words in (named or "", ctx.text):
        position_said = stop_position(words) if words else None
        if position_said is not None and -len(pool) <= position_said < len(pool):
            return pool[position_said]
    asked = ctx.text.lower()
    said = [i for i, s in enumerate(stops)
            if any(n and n.lower() in asked for n in (s.place.name, s.place.name_zh))]
    if len(said) == 1:
        return said[0]
    wanted = (named or "").strip().lower()
    guessed = [i for i, s in enumerate(stops) if wanted and wanted in s.place.name.lower()]
    if len(guessed) == 1:
        return guessed[0]
    return own[0] if len(own) == 1 else None


@tool
def edit_route(ctx: TurnContext,
               action: Literal["add_stop", "remove_stop", "replace_stop", "change_destination"],
               place: str | None = None, old_stop: str | None = None) -> Outcome:
    """Change the active route: add, remove or replace a stop (by name or position),
    or change the destination."""
    navigation = ctx.services.navigation
    if not navigation.active:
        return _no_route(ctx)
    if stop_edit(ctx.text) == "remove_stop" and action in ("add_stop", "replace_stop"):
        # "Take the Stockmann stop off": a removal, whichever action the model chose.
        action, old_stop = "remove_stop", place
    if action != "remove_stop":
        place = last_named(ctx, place)
    arguments = {"action": action, "place": place, "old_stop": old_stop}
    new_place = None
    if action != "remove_stop":
        if not place:
            return Outcome(ok=False, act="clarify", say=t(ctx.lang, "Which place?", "哪个地方？"))
        found = lookup(ctx, place, "edit_route", arguments, "place")
        if isinstance(found, Outcome):
            return found
        new_place = found
    try:
        if action == "add_stop":
            navigation.add_stop(new_place)  # type: ignore[arg-type]
            said = t(ctx.lang, f"Added {new_place.name} as a stop.",  # type: ignore[union-attr]
                     f"已添加途经点{label(new_place, 'zh')}。")  # type: ignore[arg-type]
        elif action == "change_destination":
            said = _redirect(ctx, navigation, new_place)  # type: ignore[arg-type]
        else:
            named = old_stop or (place if action == "remove_stop" else None)
            stop = _which_stop(ctx, navigation, named)
            if stop is None:
                names = [s.place.name for s in navigation.plan.stops]
                if not names:
                    return Outcome(ok=False, act="refuse", say=t(
                        ctx.lang, "This route has no stops to change.", "这条路线没有途经点。"))
                return Outcome(ok=False, act="clarify", options=tuple(names), say=t(
                    ctx.lang, f"Which stop: {join_list(names, 'en').replace(' and ', ' or ')}?",
                    f"哪个途经点：{join_list(names, 'zh').replace('和', '还是')}？"),
                    pending=Pending("edit_route", arguments, choice_argument="old_stop",
                                    choices={n: n for n in names}))
            name = label(navigation.plan.stops[stop].place, ctx.lang)
            if action == "remove_stop":
                navigation.remove_stop(stop)
                said = t(ctx.lang, f"Removed the stop {name}.", f"已删除途经点{name}。")
            else:
                navigation.replace_stop(stop, new_place)  # type: ignore[arg-type]
                said = t(ctx.lang,
                         f"Replaced {name} with {new_place.name}.",  # type: ignore[union-attr]
                         f"已将{name}换成{label(new_place, 'zh')}。")  # type: ignore[arg-type]
    except TravelError as err:
        return Outcome(ok=False, act="refuse", say=t(ctx.lang, f"I couldn't change the route: {err}.",
                                                      f"无法修改路线：{err}。"))
    plan = navigation.plan
    return Outcome(ok=True, act="done", data=navigation.state(), say=said + t(
        ctx.lang, f" Now {distance(plan.distance_km, 'en')}, {duration(plan.duration_min, 'en')}.",
        f"全程{distance(plan.distance_km, 'zh')}，约{duration(plan.duration_min, 'zh')}。"))


def _redirect(ctx: TurnContext, navigation: Navigation, new: Place) -> str:
    """Make ``new`` the destination from where the car is, keeping the driver's stops
    that are still on the way there; says which were kept or dropped."""
    here = position(ctx)
    direct = haversine_km(here, new.point)

    def on_the_way(stop: TripStop) -> bool:
        via = haversine_km(here, stop.place.point) + haversine_km(stop.place.point, new.point)
        return via <= direct * _DETOUR_RATIO + _DETOUR_SLACK_KM

    own = list(navigation.plan.settings.stops)
    navigation.set_destination(new, keep=on_the_way, origin=here)
    kept = [label(s.place, ctx.lang) for s in own if on_the_way(s)]
    dropped = [label(s.place, ctx.lang) for s in own if not on_the_way(s)]
    said = t(ctx.lang, f"New destination: {new.name}.", f"目的地已改为{label(new, 'zh')}。")
    if kept:
        said += t(ctx.lang, f" Keeping the stop {join_list(kept, 'en')}.",
                  f"保留途经点{join_list(kept, 'zh')}。")
    if dropped:
        said += t(ctx.lang, f" Dropped {join_list(dropped, 'en')}, which is off the way.",
                  f"已去掉不顺路的{join_list(dropped, 'zh')}。")
    return said


@tool
def set_route_options(ctx: TurnContext,
                      mode: Literal["fastest", "shortest", "eco"] | None = None,
                      avoid_motorways: bool | None = None,
                      avoid_tolls: bool | None = None) -> Outcome:
    """Switch the active route to fastest/shortest/eco, or avoid motorways or tolls."""
    navigation = ctx.services.navigation
    if not navigation.active:
        return Outcome(ok=False, act="refuse", say=t(
            ctx.lang, "There's no active route to change.", "现在没有进行中的导航。"))
    avoid = set(navigation.plan.settings.avoid)
    named = said_avoid(ctx.text)
    for flag, name in ((avoid_motorways, "motorways"), (avoid_tolls, "tolls")):
        if flag is True and name not in named:
            continue  # a small model adds what was not asked for
        if flag is True:
            avoid.add(name)
        elif flag is False:
            avoid.discard(name)
    try:
        if mode is not None:
            navigation.set_mode(mode)
        navigation.set_avoid(avoid)
    except TravelError as err:
        return Outcome(ok=False, act="refuse", say=t(ctx.lang, f"I couldn't change the route: {err}.",
                                                      f"无法修改路线：{err}。"))
    plan = navigation.plan
    what = [w for w in (mode and t(ctx.lang, f"{mode} route", {"fastest": "最快路线", "shortest": "最短路线", "eco": "节能路线"}[mode]),
                        *(t(ctx.lang, f"avoiding {a}", {"motorways": "避开高速", "tolls": "避开收费"}[a])
                          for a in sorted(avoid))) if w]
    return Outcome(ok=True, act="done", data=navigation.state(), say=t(
        ctx.lang, f"Switched to the {', '.join(what) or 'standard route'}: {distance(plan.distance_km, 'en')}, "
                  f"{duration(plan.duration_min, 'en')}.",
        f"已切换为{'，'.join(what) or '标准路线'}：{distance(plan.distance_km, 'zh')}，"
        f"约{duration(plan.duration_min, 'zh')}。"))


@tool
def cancel_navigation(ctx: TurnContext) -> Outcome:
    """Stop navigating."""
    navigation = ctx.services.navigation
    if not navigation.active:
        return Outcome(ok=True, act="inform", say=t(ctx.lang, "No navigation is running.",
                                                    "现在没有导航。"))
    navigation.cancel()
    return Outcome(ok=True, act="done", say=t(ctx.lang, "Navigation cancelled.", "导航已取消。"))
