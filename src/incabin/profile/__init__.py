"""Drivers, preferences and memory: personalisation the driver can see and erase.

    from incabin.profile import open_profiles, extract_statements
    profiles = open_profiles()                 # SQLite under INCABIN_HOME; "guest" stores nothing
    lin = profiles.switch("Lin")
    for statement in extract_statements("I'm vegetarian and I usually like 21 degrees"):
        lin.apply(statement)
    lin.get("climate.temperature")             # 21.0
    lin.describe("zh")                         # spoken list of what is known
    lin.forget("places.home")                  # really erased from the file
"""

from incabin.profile._catalogue import CATALOGUE, PreferenceSpec, keys_under, spec
from incabin.profile._corrections import CorrectionTracker
from incabin.profile._describe import (
    describe_change,
    describe_forgotten,
    describe_preferences,
    phrase,
)
from incabin.profile._errors import (
    CorruptStore,
    ForeignStore,
    InvalidDriver,
    InvalidPreference,
    ProfileError,
    SchemaTooNew,
    StoreError,
    StoreUnavailable,
    UnknownPreference,
)
from incabin.profile._extract import extract_statements
from incabin.profile._guest import GuestStore
from incabin.profile._intents import forget_request, is_profile_question
from incabin.profile._models import (
    ForgetRequest,
    Preference,
    PreferenceChange,
    PreferenceSource,
    PreferenceStatement,
    Resolved,
    SavedPlace,
)
from incabin.profile._profiles import DriverProfile, Profiles, open_profiles
from incabin.profile._sqlstore import SqlProfileStore
from incabin.profile._store import ProfileStore

__all__ = [
    "CATALOGUE",
    "CorrectionTracker",
    "CorruptStore",
    "DriverProfile",
    "ForeignStore",
    "ForgetRequest",
    "GuestStore",
    "InvalidDriver",
    "InvalidPreference",
    "Preference",
    "PreferenceChange",
    "PreferenceSource",
    "PreferenceSpec",
    "PreferenceStatement",
    "ProfileError",
    "ProfileStore",
    "Profiles",
    "Resolved",
    "SavedPlace",
    "SchemaTooNew",
    "SqlProfileStore",
    "StoreError",
    "StoreUnavailable",
    "UnknownPreference",
    "describe_change",
    "describe_forgotten",
    "describe_preferences",
    "extract_statements",
    "forget_request",
    "is_profile_question",
    "keys_under",
    "open_profiles",
    "phrase",
    "spec",
]
