"""Learning from corrections proposes, never stores."""

from __future__ import annotations

import pytest

from incabin.profile import CorrectionTracker, InvalidPreference, UnknownPreference, open_profiles


def test_same_correction_twice_proposes() -> None:
    tracker = CorrectionTracker()
    assert tracker.record("climate.temperature", 21, 23) is False
    assert tracker.record("climate.temperature", 21, "23.0") is True
    assert tracker.proposal("climate.temperature", 23) == 23.0
    # counted afresh after a proposal
    assert tracker.record("climate.temperature", 21, 23) is False


def test_different_corrections_do_not_add_up() -> None:
    tracker = CorrectionTracker()
    assert tracker.record("climate.temperature", 21, 23) is False
    assert tracker.record("climate.temperature", 21, 24) is False
    assert tracker.record("climate.seat_heating", 0, 66) is False
    assert tracker.record("climate.temperature", 21, 21) is False  # not a correction
    assert tracker.record("climate.temperature", 21, 24) is True


def test_declined_proposal_is_not_repeated() -> None:
    tracker = CorrectionTracker(threshold=2)
    tracker.record("route.mode", "fastest", "eco")
    assert tracker.record("route.mode", "fastest", "eco") is True
    tracker.decline("route.mode", "eco")
    for _ in range(3):
        assert tracker.record("route.mode", "fastest", "eco") is False
    tracker.reset("route.mode")
    tracker.record("route.mode", "fastest", "eco")
    assert tracker.record("route.mode", "fastest", "eco") is True


def test_bad_corrections_are_errors() -> None:
    tracker = CorrectionTracker()
    with pytest.raises(InvalidPreference):
        tracker.record("climate.temperature", 21, 40)
    with pytest.raises(UnknownPreference):
        tracker.record("climate.temp", 21, 23)
    with pytest.raises(ValueError):
        CorrectionTracker(threshold=0)


def test_tracker_never_touches_the_store() -> None:
    profiles = open_profiles("guest")
    lin = profiles.driver("Lin")
    tracker = CorrectionTracker(threshold=1)
    assert tracker.record("climate.temperature", 21, 23) is True
    assert lin.items() == []
