"""Shared pieces of the Travel Companion tools: where the car is, the driver's trip
preferences, place lookup with clarification, and spoken trip summaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from incabin.agents.context import TurnContext
from incabin.agents.speech import distance, join_list, num, t
from incabin.agents.tools import Outcome, Pending
from incabin.agents.travel_words import corrected_place
from incabin.travel import (
    AmbiguousPlace,
    LatLon,
    NoChargingPlan,
    Place,
    PlaceNotFound,
    TravelError,
    TripPlan,
    haversine_km,
)
from incabin.travel.place_index import SAME_DESTINATION_M

DEFAULT_MIN_ARRIVAL_SOC = 10.0


@dataclass(frozen=True)
class TripPrefs:
    """The driver's stored trip preferences, with defaults."""

    mode: str
    avoid: frozenset[str]
    min_arrival_soc: float


def position(ctx: TurnContext) -> LatLon:
    """Where the car is now."""
    return LatLon(float(ctx.vehicle.get("Vehicle.CurrentLocation.Latitude")),
                  float(ctx.vehicle.get("Vehicle.CurrentLocation.Longitude")))


def soc(ctx: TurnContext) -> float:
    """The battery's state of charge in percent."""
    return float(ctx.vehicle.get("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"))


def trip_prefs(ctx: TurnContext) -> TripPrefs:
    """Route mode, things to avoid and minimum arrival charge from the profile."""
    driver = ctx.driver
    return TripPrefs(
        mode=str(driver.get("route.mode") or "fastest"),
        avoid=frozenset(driver.get("route.avoid") or ()),
        min_arrival_soc=float(driver.get("charging.min_arrival_soc") or DEFAULT_MIN_ARRIVAL_SOC),
    )


def last_named(ctx: TurnContext, place: str | None) -> str | None:
    """The place the driver settled on: in "Nuremberg, no, I meant Ingolstadt" the model
    may pass either, and the last named place wins."""
    corrected = corrected_place(ctx.text)
    if corrected and place and corrected.lower() in place.lower():
        return place
    return corrected or place


def plan_failed(ctx: TurnContext, err: TravelError) -> Outcome:
    """The answer when no trip can be planned: the planner's reason, nothing changed."""
    if isinstance(err, NoChargingPlan):
        return Outcome(ok=False, act="refuse", data={"error": "NoChargingPlan"}, say=t(
            ctx.lang, f"I can't plan that trip: {err.reason}.", f"无法规划这次行程：{err.reason}。"))
    return Outcome(ok=False, act="refuse", data={"error": type(err).__name__}, say=t(
        ctx.lang, f"I can't plan that: {err}.", f"无法规划：{err}。"))


def saved_place(ctx: TurnContext, query: str) -> Place | None:
    """'home' / 'work' / '家' / '公司' from the driver's saved places."""
    key = {"home": "places.home", "家": "places.home", "work": "places.work",
           "office": "places.work", "公司": "places.work"}.get(query.strip().lower())
    saved = ctx.driver.get(key) if key else None
    if saved is None:
        return None
    if isinstance(saved, str):
        return find_place_strict(ctx, saved)
    return Place(name=str(saved.name), lat=float(saved.lat), lon=float(saved.lon), kind="waypoint")


def find_place_strict(ctx: TurnContext, query: str) -> Place:
    """The best match for ``query`` near the car (PlaceNotFound if none)."""
    return ctx.services.atlas.geocode(query, near=position(ctx), limit=1)[0]


def lookup(ctx: TurnContext, query: str, tool: str, arguments: Mapping[str, Any],
           argument: str) -> Place | Outcome:
    """Find ``query``; a place is only returned when the map is confident about it.

    Several different places that fit alike, or far-apart places of the same name,
    become a question; weak matches become "did you mean"; nothing becomes a refusal.
    The question's pending call re-runs ``tool`` with ``argument`` set to the choice;
    a chosen place travels as ``@lat,lon,name`` so it is not looked up again.
    """
    place = place_from_choice(query) or saved_place(ctx, query)
    if place is not None:
        return place
    try:
        matches = ctx.services.atlas.geocode(query, near=position(ctx), limit=5)
    except AmbiguousPlace as err:
        return _choose(ctx, err.candidates, tool, arguments, argument,
                       t(ctx.lang, f"Which {query} do you mean?", f"您要去哪个{query}？"))
    except PlaceNotFound as err:
        suggestions = list(err.suggestions)[:3]
        if not suggestions:
            return Outcome(ok=False, act="refuse", say=t(
                ctx.lang, f"I can't find {query} on the map.", f"地图上找不到{query}。"))
        return Outcome(ok=False, act="clarify", options=tuple(suggestions),
                       say=t(ctx.lang, f"I can't find {query}. Did you mean "
                                       f"{join_list(suggestions, 'en').replace(' and ', ' or ')}?",
                             f"找不到{query}。您是说{join_list(suggestions, 'zh').replace('和', '还是')}吗？"),
                       pending=Pending(tool, dict(arguments), choice_argument=argument,
                                       choices={s: s for s in suggestions}))
    best = matches[0]
    # Same-named places close together (a square and its tram stop) are one destination.
    twins = [best] + [m for m in matches[1:] if m.name.lower() == best.name.lower()
                      and haversine_km(best.point, m.point) * 1000 > SAME_DESTINATION_M]
    if len(twins) > 1 and query.strip().lower() == best.name.lower():
        return _choose(ctx, twins, tool, arguments, argument,
                       t(ctx.lang, f"There are several places called {query}. Which one?",
                         f"有好几个地方叫{query}，您要去哪一个？"))
    return best


def _choose(ctx: TurnContext, places: list[Place], tool: str, arguments: Mapping[str, Any],
            argument: str, question: str) -> Outcome:
    """A clarify answer listing up to three places, each told apart by where it is."""
    labels = [f"{m.name} ({describe_area(ctx, m)})" for m in places[:3]]
    return Outcome(ok=False, act="clarify", options=tuple(labels), say=question,
                   pending=Pending(tool, dict(arguments), choice_argument=argument,
                                   choices={lbl: f"@{m.lat},{m.lon},{m.name}"
                                            for lbl, m in zip(labels, places)}))


def place_from_choice(value: str) -> Place | None:
    """A place chosen from a clarify list ('@lat,lon,name'), else None."""
    if not value.startswith("@"):
        return None
    lat, lon, name = value[1:].split(",", 2)
    return Place(name=name, lat=float(lat), lon=float(lon), kind="waypoint")


def label(place: Place, lang: str) -> str:
    """A place's name in the driver's language where the map has one."""
    return place.name_zh if lang == "zh" and place.name_zh else place.name


def describe_area(ctx: TurnContext, place: Place) -> str:
    """A few words that tell two same-named places apart."""
    street = place.tags.get("addr:street")
    if street:
        return street
    away = distance(haversine_km(position(ctx), place.point), ctx.lang)
    return t(ctx.lang, f"{away} away", f"{away}外")


def clock(minutes_from_now: float, now: datetime) -> str:
    """Arrival time of day, e.g. '14:35'."""
    return (now + timedelta(minutes=minutes_from_now)).strftime("%H:%M")


def duration(minutes: float, lang: str) -> str:
    """'2 hours 5 minutes' / '2小时5分钟'."""
    hours, mins = divmod(round(minutes), 60)
    if lang == "zh":
        return (f"{hours}小时" if hours else "") + (f"{mins}分钟" if mins or not hours else "")
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + (
        [f"{mins} minute{'s' if mins != 1 else ''}"] if mins or not hours else [])
    return " ".join(parts)


def summarise(ctx: TurnContext, plan: TripPlan, started: bool) -> str:
    """One or two spoken sentences: distance, time, arrival, stops, arrival battery."""
    lang = ctx.lang
    dest = label(plan.destination, lang)
    charging = [s for s in plan.stops if s.kind == "charging"]
    arrive = clock(plan.duration_min, ctx.now())
    head = t(lang, f"{'Navigating' if started else 'Route'} to {dest}: "
                   f"{distance(plan.distance_km, lang)}, "
                   f"{duration(plan.duration_min, 'en')}, arriving around {arrive}",
             f"{'开始导航' if started else '路线'}去{dest}：{distance(plan.distance_km, lang)}，"
             f"约{duration(plan.duration_min, 'zh')}，预计{arrive}到达")
    if charging:
        names = [s.place.name for s in charging]
        minutes = sum(s.charge.charge_min for s in charging if s.charge)
        stops = t(lang, f" with {len(charging)} charging stop{'s' if len(charging) > 1 else ''} "
                        f"({num(minutes)} minutes charging, first at {names[0]})",
                  f"，途中充电{len(charging)}次（共{num(minutes)}分钟，第一站{names[0]}）")
    else:
        stops = t(lang, ", no charging needed", "，无需充电")
    tail = t(lang, f", with {num(plan.arrival_soc)} percent battery left.",
             f"，到达时剩余电量{num(plan.arrival_soc)}%。")
    return head + stops + tail
