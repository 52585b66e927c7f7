"""Trip tools: plan and start a trip, edit the route, trip questions, cancel."""

from __future__ import annotations

import re
from typing import Literal

from incabin.agents.context import TurnContext
from incabin.agents.speech import distance, num, t
from incabin.agents.tools import Outcome, Pending, tool
from incabin.agents.travel_companion._common import (
    duration,
    label,
    lookup,
    position,
    soc,
    summarise,
    trip_prefs,
)
from incabin.travel import Navigation, NoChargingPlan, Place, TravelError, haversine_km
from incabin.travel.energy import DEFAULT_CAR

# The driver asked to go, not just to plan: navigation starts without asking.
_GO = re.compile(r"\b(take me|navigate|drive (me )?to|go to|let's go|head to|start navigation|"
                 r"directions to|get me to)\b|导航|带我去|开车去|出发去|我要去|去往")


# "How long does it take to drive to X?" asks, it does not ask to go.
_QUESTION = re.compile(r"\b(how long|how far|how much time|what time|when (would|will|do)|is it far)\b|"
                       r"多久|多远|几点|要多长")


# "Plan a route to X" asks for a plan, not to go (the model may still say start).
_PLAN = re.compile(r"\bplan\b|\broute (to|for)\b|规划|路线|计划")
# "Change the destination to X" while navigating edits the trip.
_NEW_DESTINATION = re.compile(r"destination|instead|change .* to|改成|改为|换成|目的地|改去")


# "Can I get to Berlin without charging?" while navigating to Berlin asks about the active
# trip: a place looked up again lands within this distance of the route's destination.
_SAME_PLACE_KM = 1.0

_MOTORWAY = re.compile(r"motorway|highway|freeway|autobahn|expressway|高速")
_TOLL = re.compile(r"toll|收费")


def _plan_failed(ctx: TurnContext, err: TravelError) -> Outcome:
    if isinstance(err, NoChargingPlan):
        return Outcome(ok=False, act="refuse", data={"error": "NoChargingPlan"}, say=t(
            ctx.lang, f"I can't plan that trip: {err.reason}.", f"无法规划这次行程：{err.reason}。"))
    return Outcome(ok=False, act="refuse", data={"error": type(err).__name__}, say=t(
        ctx.lang, f"I can't plan that: {err}.", f"无法规划：{err}。"))


@tool
def plan_trip(ctx: TurnContext, destination: str, stops: list[str] | None = None,
              start_navigation: bool = False) -> Outcome:
    """Plan an EV trip to a destination (with charging stops as needed); start navigation
    if the driver asked to go there."""
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
    asked = ctx.text.lower()
    ctx.memory.last_place = target
    navigation = ctx.services.navigation
    if navigation.active and _NEW_DESTINATION.search(asked):
        return edit_route.fn(ctx, "change_destination", destination)  # keeps the stops
    wants_to_go = bool(_GO.search(asked)) or start_navigation and not _PLAN.search(asked)
    start = ctx.confirmed or wants_to_go and not _QUESTION.search(asked)
    # A plan the driver has not asked to follow is made on a scratch navigation,
    # so an active trip stays as it is until they say yes.
    if not start:
        navigation = Navigation(ctx.services.atlas)
    try:
        plan = navigation.start(position(ctx), target, via, mode=prefs.mode, avoid=prefs.avoid,
                                soc=soc(ctx), min_arrival_soc=prefs.min_arrival_soc)
    except TravelError as err:
        return _plan_failed(ctx, err)
    data = navigation.state()
    if start:
        return Outcome(ok=True, act="done", say=summarise(ctx, plan, started=True), data=data)
    return Outcome(ok=True, act="confirm", data=data,
                   say=summarise(ctx, plan, started=False) + t(ctx.lang, " Shall I start navigation?",
                                                              "要开始导航吗？"),
                   pending=Pending("plan_trip", arguments))


@tool
def edit_route(ctx: TurnContext,
               action: Literal["add_stop", "remove_stop", "replace_stop", "change_destination"],
               place: str | None = None, old_stop: str | None = None) -> Outcome:
    """Change the active route: add, remove or replace a stop, or change the destination."""
    navigation = ctx.services.navigation
    if not navigation.active:
        return Outcome(ok=False, act="refuse", say=t(
            ctx.lang, "There's no active route to change. Where would you like to go?",
            "现在没有进行中的导航。您想去哪里？"))
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
            navigation.set_destination(new_place)  # type: ignore[arg-type]
            said = t(ctx.lang, f"New destination: {new_place.name}.",  # type: ignore[union-attr]
                     f"目的地已改为{label(new_place, 'zh')}。")  # type: ignore[arg-type]
        elif action == "remove_stop":
            stop = old_stop or place or ""
            navigation.remove_stop(stop)
            said = t(ctx.lang, f"Removed the stop {stop}.", f"已删除途经点{stop}。")
        else:
            navigation.replace_stop(old_stop or "", new_place)  # type: ignore[arg-type]
            said = t(ctx.lang, f"Replaced {old_stop} with {new_place.name}.",  # type: ignore[union-attr]
                     f"已将{old_stop}换成{new_place.name}。")  # type: ignore[union-attr]
    except TravelError as err:
        return Outcome(ok=False, act="refuse", say=t(ctx.lang, f"I couldn't change the route: {err}.",
                                                      f"无法修改路线：{err}。"))
    plan = navigation.plan
    return Outcome(ok=True, act="done", data=navigation.state(), say=said + " " + t(
        ctx.lang, f"Now {distance(plan.distance_km, 'en')}, {duration(plan.duration_min, 'en')}.",
        f"全程{distance(plan.distance_km, 'zh')}，约{duration(plan.duration_min, 'zh')}。"))


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
    asked = ctx.text.lower()
    for flag, name, said in ((avoid_motorways, "motorways", _MOTORWAY), (avoid_tolls, "tolls", _TOLL)):
        if flag is True and not said.search(asked):
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
def trip_info(ctx: TurnContext,
              question: Literal["eta", "distance_left", "battery_at_arrival",
                                "reach_without_charging", "charging_time", "stops",
                                "where_am_i"],
              destination: str | None = None) -> Outcome:
    """Answer a question about the trip: arrival time, distance left, battery on arrival,
    whether the car makes it without charging (to ``destination`` when the driver names a
    place), charging time, the stops, or where we are."""
    if question == "where_am_i":
        here = ctx.services.atlas.reverse(position(ctx))
        return Outcome(ok=True, act="inform", say=t(ctx.lang, f"You're at {here.name}.",
                                                    f"您在{here.name_zh or here.name}。"))
    navigation = ctx.services.navigation
    if destination and question == "reach_without_charging":
        trip = _trip_to(ctx, destination)
        if isinstance(trip, Outcome):
            return trip
        navigation = trip
    if not navigation.active:
        return Outcome(ok=False, act="inform", say=t(
            ctx.lang, "There's no active route. Where would you like to go?",
            "现在没有进行中的导航。您想去哪里？"))
    plan = navigation.plan
    left = navigation.remaining(position(ctx))
    charging = [s.charge for s in plan.stops if s.kind == "charging" and s.charge is not None]
    if question == "eta":
        eta = navigation.eta(ctx.now(), position(ctx)).strftime("%H:%M")
        say = t(ctx.lang, f"We'll arrive around {eta}, in {duration(left.duration_min, 'en')}.",
                f"预计{eta}到达，还需{duration(left.duration_min, 'zh')}。")
    elif question == "distance_left":
        say = t(ctx.lang, f"{distance(left.distance_km, 'en')} to go, "
                          f"about {duration(left.duration_min, 'en')}.",
                f"还有{distance(left.distance_km, 'zh')}，约{duration(left.duration_min, 'zh')}。")
    elif question == "battery_at_arrival":
        say = t(ctx.lang, f"You'll arrive with about {num(left.arrival_soc)} percent battery.",
                f"到达时电量约{num(left.arrival_soc)}%。")
    elif question == "reach_without_charging":
        need = left.energy_kwh / DEFAULT_CAR.battery_kwh * 100.0
        spare = soc(ctx) - need
        margin = trip_prefs(ctx).min_arrival_soc
        if spare >= margin:
            say = t(ctx.lang, f"Yes, you'll make it without charging, arriving with about {num(spare)} percent.",
                    f"可以，不用充电，到达时约剩{num(spare)}%电量。")
        else:
            say = t(ctx.lang, f"No: you'd arrive with {num(max(spare, 0))} percent, below your {num(margin)} "
                              f"percent margin, so the plan includes {len(charging)} charging stop(s).",
                    f"不行：到达时只剩{num(max(spare, 0))}%，低于您设定的{num(margin)}%，"
                    f"所以计划了{len(charging)}次充电。")
    elif question == "charging_time":
        if not charging:
            say = t(ctx.lang, "No charging is planned on this trip.", "这次行程不需要充电。")
        else:
            first = charging[0]
            total = sum(c.charge_min for c in charging)
            say = t(ctx.lang, f"{num(total)} minutes of charging in all; at {first.place.name} about "
                              f"{num(first.charge_min)} minutes, from {num(first.arrive_soc)} to "
                              f"{num(first.depart_soc)} percent.",
                    f"总共充电约{num(total)}分钟；在{first.place.name}约{num(first.charge_min)}分钟，"
                    f"从{num(first.arrive_soc)}%充到{num(first.depart_soc)}%。")
    else:
        names = [s.place.name for s in plan.stops]
        say = t(ctx.lang, f"Stops: {', '.join(names)}." if names else "There are no stops on this route.",
                f"途经：{'、'.join(names)}。" if names else "这条路线没有途经点。")
    return Outcome(ok=True, act="inform", say=say, data={"question": question})


def _trip_to(ctx: TurnContext, destination: str) -> Navigation | Outcome:
    """The active trip when it already ends at ``destination``, else a plan there made on
    a scratch navigation (so the active trip stays as it is), or the Outcome that says
    why there is none."""
    arguments = {"question": "reach_without_charging", "destination": destination}
    target = lookup(ctx, destination, "trip_info", arguments, "destination")
    if isinstance(target, Outcome):
        return target
    navigation = ctx.services.navigation
    if navigation.active and haversine_km(navigation.plan.destination.point,
                                          target.point) < _SAME_PLACE_KM:
        return navigation
    scratch = Navigation(ctx.services.atlas)
    prefs = trip_prefs(ctx)
    try:
        scratch.start(position(ctx), target, [], mode=prefs.mode, avoid=prefs.avoid, soc=soc(ctx),
                      min_arrival_soc=prefs.min_arrival_soc)
    except TravelError as err:
        return _plan_failed(ctx, err)
    return scratch


@tool
def cancel_navigation(ctx: TurnContext) -> Outcome:
    """Stop navigating."""
    navigation = ctx.services.navigation
    if not navigation.active:
        return Outcome(ok=True, act="inform", say=t(ctx.lang, "No navigation is running.",
                                                    "现在没有导航。"))
    navigation.cancel()
    return Outcome(ok=True, act="done", say=t(ctx.lang, "Navigation cancelled.", "导航已取消。"))
