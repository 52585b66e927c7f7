"""The travel layer: OSM maps, routing, geocoding, EV energy, charging and places.

Map data © OpenStreetMap contributors (ODbL); place data © GeoNames (CC BY 4.0);
the intercity corridors are modelled and say so (``modelled=True``).
"""

from incabin.travel._errors import (
    AmbiguousPlace,
    InvalidTravelRequest,
    MapDataUnavailable,
    NoRouteFound,
    OutsideMap,
    PlaceNotFound,
    TravelError,
)
from incabin.travel._models import LatLon, Place, PlaceKind, Route, RouteSegment, RouteStep
from incabin.travel.along_route import haversine_km
from incabin.travel.atlas import Atlas, Region
from incabin.travel.charging import ChargePlan, ChargeStop, NoChargingPlan, plan_charging
from incabin.travel.corridors import corridor_network
from incabin.travel.geocoding import Gazetteer
from incabin.travel.hours import OpenState, open_state
from incabin.travel.map_features import map_features
from incabin.travel.navigation import Navigation, NoActiveRoute, TripPlan
from incabin.travel.network import GEONAMES_ATTRIBUTION, OSM_ATTRIBUTION, RoadNetwork
from incabin.travel.osm import helsinki_pbf, load_pbf, monaco_pbf
from incabin.travel.osrm import OsrmRouter
from incabin.travel.places import PlaceMatch, search_places
from incabin.travel.routing import GraphRouter, RouteMode, Router

__all__ = [
    "GEONAMES_ATTRIBUTION",
    "OSM_ATTRIBUTION",
    "AmbiguousPlace",
    "Atlas",
    "ChargePlan",
    "ChargeStop",
    "Gazetteer",
    "GraphRouter",
    "InvalidTravelRequest",
    "LatLon",
    "MapDataUnavailable",
    "Navigation",
    "NoActiveRoute",
    "NoChargingPlan",
    "NoRouteFound",
    "OpenState",
    "OsrmRouter",
    "OutsideMap",
    "Place",
    "PlaceKind",
    "PlaceMatch",
    "PlaceNotFound",
    "Region",
    "RoadNetwork",
    "Route",
    "RouteMode",
    "RouteSegment",
    "RouteStep",
    "Router",
    "TravelError",
    "TripPlan",
    "corridor_network",
    "haversine_km",
    "helsinki_pbf",
    "load_pbf",
    "map_features",
    "monaco_pbf",
    "open_state",
    "plan_charging",
    "search_places",
]
