"""The profile database schema and its versioned migrations.

``MIGRATIONS[n]`` brings a store from version n to n + 1; each applied version is
recorded in ``profile_schema_version``. The SQL is plain enough for SQLite and
PostgreSQL alike. The SQLAlchemy tables below describe the current version.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, Text

# "incb": marks an SQLite file as ours (PRAGMA application_id).
APPLICATION_ID = 0x696E6362

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v1: drivers and their preferences
    (
        ("CREATE TABLE profile_schema_version ("
         " version INTEGER NOT NULL, applied_at TEXT NOT NULL)"),
        ("CREATE TABLE profile_drivers ("
         " driver_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL)"),
        ("CREATE TABLE profile_preferences ("
         " driver_id TEXT NOT NULL REFERENCES profile_drivers (driver_id) ON DELETE CASCADE,"
         " key TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL,"
         " updated_at TEXT NOT NULL, PRIMARY KEY (driver_id, key))"),
    ),
    # v2: key fobs and seats that pick a driver
    (
        ("CREATE TABLE profile_driver_keys ("
         " identifier TEXT PRIMARY KEY,"
         " driver_id TEXT NOT NULL REFERENCES profile_drivers (driver_id) ON DELETE CASCADE,"
         " assigned_at TEXT NOT NULL)"),
        "CREATE INDEX profile_driver_keys_driver ON profile_driver_keys (driver_id)",
    ),
)
CURRENT_VERSION = len(MIGRATIONS)
OUR_TABLES = frozenset(
    {"profile_schema_version", "profile_drivers", "profile_preferences", "profile_driver_keys"}
)

metadata = MetaData()
schema_version = Table(
    "profile_schema_version", metadata,
    Column("version", Integer, nullable=False),
    Column("applied_at", Text, nullable=False),
)
drivers = Table(
    "profile_drivers", metadata,
    Column("driver_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)
preferences = Table(
    "profile_preferences", metadata,
    Column("driver_id", Text, ForeignKey("profile_drivers.driver_id"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)
driver_keys = Table(
    "profile_driver_keys", metadata,
    Column("identifier", Text, primary_key=True),
    Column("driver_id", Text, ForeignKey("profile_drivers.driver_id"), nullable=False),
    Column("assigned_at", Text, nullable=False),
)
