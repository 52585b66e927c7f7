"""The exception tree of incabin.

Exceptions are for faults; expected outcomes (a refused actuator call, a route
with no charging plan) are returned as result values.

    IncabinError
    ├── VehicleError            incabin.vehicle  (UnknownSignal, InvalidValue, SourceError, ...)
    ├── TravelError             incabin.travel   (PlaceNotFound, NoRouteFound, NoChargingPlan, ...)
    ├── ProfileError            incabin.profile  (CorruptStore, UnknownPreference, ...)
    ├── KnowledgeError          incabin.knowledge
    ├── CoachError              incabin.coach
    ├── LLMError                incabin.llm      (ModelNotFound, BackendTimeout, BackendUnavailable, ...)
    └── AgentError              incabin.agents   (UnknownTool, InvalidToolCall, ...)

Adapters translate library errors (serial, HTTP, SQLite, gRPC) into this tree
with ``raise ... from err`` so callers only need to catch ``IncabinError``.
Every error carries a message a driver or integrator can act on.
"""

from __future__ import annotations


class IncabinError(Exception):
    """Base of every error incabin raises on purpose."""
