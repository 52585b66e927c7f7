"""Errors of the driving coach.

    CoachError                 (IncabinError)
    ├── InvalidSample          a sample that cannot be analysed (time going back, NaN, wrong type)
    └── InvalidCoachConfig     thresholds or policy settings that make no sense
"""

from __future__ import annotations

from incabin._errors import IncabinError


class CoachError(IncabinError):
    """Base of every error the coach raises."""


class InvalidSample(CoachError):
    """A sample was rejected; the coach's state is unchanged."""


class InvalidCoachConfig(CoachError):
    """A coach setting is out of its allowed range."""
