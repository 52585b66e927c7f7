"""The event stream for the server: callbacks and an async iterator."""

from __future__ import annotations

import asyncio
import threading

import pytest

from incabin.coach import Alert, Coach, CoachEvent, EventKind
from tests.coach.traces import from_accel, pulse

BRAKES = from_accel(200, accel=lambda t: pulse(30, 2, -5.0)(t) + pulse(100, 2, -5.0)(t))


def test_callbacks_get_events_and_alerts_in_order_and_cancel_stops_them():
    coach = Coach()
    everything, alerts = [], []
    sub_all = coach.subscribe(everything.append)
    coach.subscribe(alerts.append, which="alerts")
    coach.feed_all(BRAKES[:1000])  # up to 100 s: one brake, its alert
    sub_all.cancel()
    sub_all.cancel()  # idempotent
    coach.feed_all(BRAKES[1000:])
    assert [type(x) for x in everything] == [CoachEvent, Alert]
    assert everything[1].event is everything[0]
    assert [a.event.started_at for a in alerts] == [30.0]  # second brake: cooling down


def test_a_failing_subscriber_does_not_stop_the_coach():
    coach = Coach()

    def broken(item: object) -> None:
        raise RuntimeError("display unplugged")

    got: list = []
    coach.subscribe(broken)
    coach.subscribe(got.append, which="events")
    coach.feed_all(BRAKES)
    assert [e.kind for e in got] == [EventKind.HARSH_BRAKE, EventKind.HARSH_BRAKE]


def test_bad_subscription_kind_is_refused():
    with pytest.raises(ValueError, match="which"):
        Coach().subscribe(print, which="everything")  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_async_iterator_receives_items_fed_from_another_thread():
    coach = Coach()
    received: list = []

    async def consume() -> None:
        async for item in coach.stream("events"):
            received.append(item)
            if len(received) == 2:
                return

    task = asyncio.create_task(consume())
    await asyncio.sleep(0)  # let the iterator register
    feeder = threading.Thread(target=coach.feed_all, args=(BRAKES,))
    feeder.start()
    await asyncio.wait_for(task, timeout=10)
    feeder.join()
    assert [e.started_at for e in received] == [30.0, 100.0]
