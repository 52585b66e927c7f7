"""The travel layer (provisional exports; the map helper completes this list)."""

from incabin.travel._errors import (
    InvalidTravelRequest,
    MapDataUnavailable,
    NoRouteFound,
    OutsideMap,
    PlaceNotFound,
    TravelError,
)
from incabin.travel._models import LatLon, Place, Route, RouteSegment, RouteStep
from incabin.travel.along_route import haversine_km
from incabin.travel.charging import ChargePlan, ChargeStop, NoChargingPlan, plan_charging
from incabin.travel.hours import OpenState, open_state
from incabin.travel.navigation import Navigation, NoActiveRoute, TripPlan
from incabin.travel.places import PlaceMatch, search_places

try:
    from incabin.travel.atlas import Atlas
except ImportError:  # the atlas module is still being written
    Atlas = None  # type: ignore[assignment,misc]
