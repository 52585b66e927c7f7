"""Trip questions, answered by the route planner with the car's live charge: can I
reach X, do I need to charge, battery on arrival, charging time, the stops, ETA,
distance left, where am I. Never from the manual, never from the model's words: the
verdict and its numbers (arrival charge, stops needed) come from the energy model and
the charging planner."""

from __future__ import annotations

from typing import Literal

from incabin.agents.context import TurnContext
from incabin.agents.speech import distance, num, t
from incabin.agents.tools import Outcome, tool
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
from incabin.agents.travel_words import asks_if_charge_needed, place_after_lead
from incabin.travel import Navigation, NoChargingPlan, TravelError, haversine_km

# Questions whose answer depends on the charge: the planner must run for them.
FEASIBILITY = frozenset({"reach_without_charging", "battery_at_arrival", "charging_time"})
# "Can I get to Berlin without charging?" while navigating to Berlin asks about the active
# trip: a place looked up again lands within this distance of the route's destination.
_SAME_PLACE_KM = 1.0

Question = Literal["eta", "distance_left", "battery_at_arrival", "reach_without_charging",
                   "charging_time", "stops", "where_am_i"]


@tool
def trip_info(ctx: TurnContext, question: Question, destination: str | None = None) -> Outcome:
    """Answer a question about the trip: arrival time, distance left, battery on arrival,
    whether the car makes it without charging, charging time, the stops, or where we are;
    about ``destination`` when the driver names a place, else the active route."""
    if question == "where_am_i":
        here = ctx.services.atlas.reverse(position(ctx))
        return Outcome(ok=True, act="inform", say=t(ctx.lang, f"You're at {here.name}.",
                                                    f"您在{here.name_zh or here.name}。"))
    navigation = ctx.services.navigation
    place = _named_place(ctx, destination)
    if place:
        trip = _trip_to(ctx, question, place)
        if isinstance(trip, Outcome):
            return trip
        navigation = trip
    if not navigation.active:
        return Outcome(ok=False, act="inform", say=t(
            ctx.lang, "There's no active route. Where would you like to go?",
            "现在没有进行中的导航。您想去哪里？"))
    if navigation is not ctx.services.navigation and question in ("eta", "distance_left", "stops"):
        # "How long to X?" about a place the car is not going to: the whole plan, with its
        # charging stops and arrival charge.
        say = summarise(ctx, navigation.plan, started=False)
    else:
        say = _ANSWERS[question](ctx, navigation)
    # A question starts nothing: a plan made only to answer it stays a scratch plan.
    return Outcome(ok=True, act="inform", say=say, data={"question": question})


def _named_place(ctx: TurnContext, destination: str | None) -> str | None:
    """The place the driver asked about: the model's argument only when the request says
    it (a small model fills in the active destination or a guess), else the place the
    request names after "to"/"reach"/"到", else None (the active trip)."""
    said = last_named(ctx, None) or place_after_lead(ctx.text)
    if destination and destination.lower() in ctx.text.lower():
        return last_named(ctx, destination)
    return said


def _trip_to(ctx: TurnContext, question: str, destination: str) -> Navigation | Outcome:
    """The active trip when it already ends at ``destination``, else a plan there made on
    a scratch navigation (so the active trip stays as it is), or the Outcome that says
    why there is none."""
    arguments = {"question": question, "destination": destination}
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
        if isinstance(err, NoChargingPlan) and question in FEASIBILITY:
            # The question has an answer: no, and why.
            return Outcome(ok=True, act="inform", data={"error": "NoChargingPlan"}, say=t(
                ctx.lang, f"No, you can't reach {label(target, 'en')}: {err.reason}.",
                f"到不了{label(target, 'zh')}：{err.reason}。"))
        return plan_failed(ctx, err)
    return scratch


def _reach(ctx: TurnContext, navigation: Navigation) -> str:
    """Yes or no, with the arrival charge, and the charging stops the plan needs."""
    plan = navigation.plan
    left = navigation.remaining(position(ctx))
    now = soc(ctx)
    need = left.energy_kwh / navigation.car.battery_kwh * 100.0
    spare = now - need
    margin = trip_prefs(ctx).min_arrival_soc
    dest = label(plan.destination, ctx.lang)
    # "Do I need to charge?" asks the other way round: its "no" must not sound like one.
    need_asked = asks_if_charge_needed(ctx.text)
    if spare >= margin:
        return t(ctx.lang, f"{'No, you' if need_asked else 'Yes, you'}'ll make it without "
                           f"charging, reaching {dest} with about {num(spare)} percent.",
                 f"{'' if need_asked else '可以，'}不用充电就能到{dest}，到达时约剩{num(spare)}%电量。")
    verdict = t(ctx.lang, "You'll need to charge" if need_asked else "No",
                "需要充电" if need_asked else "不充电不行")
    if spare > 0:
        said = t(ctx.lang, f"{verdict}: you'd arrive with about {num(spare)} percent, below your "
                           f"{num(margin)} percent minimum",
                 f"{verdict}：到达时只剩约{num(spare)}%，低于您设定的{num(margin)}%")
    else:
        said = t(ctx.lang, f"{verdict}: {dest} takes about {num(need)} percent and you have "
                           f"{num(now)}",
                 f"{verdict}：去{dest}约需{num(need)}%电量，现在只有{num(now)}%")
    return said + _with_charging(ctx, navigation)


def _with_charging(ctx: TurnContext, navigation: Navigation) -> str:
    """", so the plan includes 2 charging stops, first at X, arriving with 23 percent."."""
    plan = navigation.plan
    charging = [s for s in navigation.remaining(position(ctx)).stops if s.kind == "charging"]
    if not charging:
        return t(ctx.lang, ".", "。")
    count = len(charging)
    return t(ctx.lang, f", so the plan includes {count} charging stop{'s' if count > 1 else ''}, "
                       f"first at {charging[0].place.name}, arriving with "
                       f"{num(plan.arrival_soc)} percent.",
             f"，所以计划途中充电{count}次（第一站{charging[0].place.name}），到达时剩{num(plan.arrival_soc)}%。")


def _arrival(ctx: TurnContext, navigation: Navigation) -> str:
    left = navigation.remaining(position(ctx))
    count = sum(1 for s in left.stops if s.kind == "charging")
    stops = t(ctx.lang, f", after {count} charging stop{'s' if count > 1 else ''}" if count else "",
              f"（途中充电{count}次）" if count else "")
    return t(ctx.lang, f"You'll arrive with about {num(left.arrival_soc)} percent battery{stops}.",
             f"到达时电量约{num(left.arrival_soc)}%{stops}。")


def _eta(ctx: TurnContext, navigation: Navigation) -> str:
    left = navigation.remaining(position(ctx))
    eta = navigation.eta(ctx.now(), position(ctx)).strftime("%H:%M")
    return t(ctx.lang, f"We'll arrive around {eta}, in {duration(left.duration_min, 'en')}.",
             f"预计{eta}到达，还需{duration(left.duration_min, 'zh')}。")


def _distance_left(ctx: TurnContext, navigation: Navigation) -> str:
    left = navigation.remaining(position(ctx))
    return t(ctx.lang, f"{distance(left.distance_km, 'en')} to go, "
                       f"about {duration(left.duration_min, 'en')}.",
             f"还有{distance(left.distance_km, 'zh')}，约{duration(left.duration_min, 'zh')}。")


def _charging_time(ctx: TurnContext, navigation: Navigation) -> str:
    charging = [s.charge for s in navigation.plan.stops if s.kind == "charging" and s.charge]
    if not charging:
        return t(ctx.lang, "No charging is needed on this trip.", "这次行程不需要充电。")
    first = charging[0]
    total = sum(c.charge_min for c in charging)
    return t(ctx.lang, f"{num(total)} minutes of charging in all; at {first.place.name} about "
                       f"{num(first.charge_min)} minutes, from {num(first.arrive_soc)} to "
                       f"{num(first.depart_soc)} percent.",
             f"总共充电约{num(total)}分钟；在{first.place.name}约{num(first.charge_min)}分钟，"
             f"从{num(first.arrive_soc)}%充到{num(first.depart_soc)}%。")


def _stops(ctx: TurnContext, navigation: Navigation) -> str:
    names = [s.place.name for s in navigation.plan.stops]
    return t(ctx.lang,
             f"Stops: {', '.join(names)}." if names else "There are no stops on this route.",
             f"途经：{'、'.join(names)}。" if names else "这条路线没有途经点。")


_ANSWERS = {"reach_without_charging": _reach, "battery_at_arrival": _arrival, "eta": _eta,
            "distance_left": _distance_left, "charging_time": _charging_time, "stops": _stops}
