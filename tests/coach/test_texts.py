"""Spoken alert texts: short, with the number and its unit, in English and Chinese."""

from __future__ import annotations

import pytest

from incabin.coach import CoachEvent, EventKind, Priority, UpcomingStop, alert_text
from incabin.coach._texts import MAX_CHARS_ZH, MAX_WORDS_EN, word_count

STOP = UpcomingStop("Neste Kempele charging and rest area by the lake", "charging", 12.4, 9.0)

EVENTS = [
    (CoachEvent(EventKind.HARSH_BRAKE, 0, Priority.SAFETY, 5.24, "m/s²", 3.5), "5.2 m/s²"),
    (CoachEvent(EventKind.HARSH_ACCELERATION, 0, Priority.COMFORT, 3.6, "m/s²", 3.0), "3.6 m/s²"),
    (CoachEvent(EventKind.SHARP_CORNER, 0, Priority.SAFETY, 4.4, "m/s²", 4.0), "4.4 m/s²"),
    (CoachEvent(EventKind.SPEEDING, 0, Priority.SAFETY, 92, "km/h", 80), "92 km/h"),
    (CoachEvent(EventKind.FATIGUE, 0, Priority.SAFETY, 125, "min", 120), "2 h 5 min"),
    (CoachEvent(EventKind.FATIGUE, 0, Priority.SAFETY, 90, "min", 90, next_stop=STOP), "12 km"),
    (CoachEvent(EventKind.HIGH_CONSUMPTION, 0, Priority.EFFICIENCY, 21.3, "kWh/100 km", 16,
                extra=(("above_percent", 33.0),)), "21.3 kWh/100 km"),
    (CoachEvent(EventKind.LOW_ARRIVAL_SOC, 0, Priority.EFFICIENCY, 6.4, "%", 10), "6%"),
    (CoachEvent(EventKind.BATTERY_HOT, 0, Priority.VEHICLE_HEALTH, 52.0, "°C", 50), "52 °C"),
    (CoachEvent(EventKind.BATTERY_HOT, 0, Priority.VEHICLE_HEALTH, 61.0, "°C", 60,
                critical=True), "61 °C"),
    (CoachEvent(EventKind.BATTERY_COLD, 0, Priority.EFFICIENCY, -8.0, "°C", 0), "-8 °C"),
    (CoachEvent(EventKind.TYRE_LEAK, 0, Priority.VEHICLE_HEALTH, 231, "kPa", 7,
                subject="rear right", extra=(("drop_kpa", 19.0),)), "231 kPa"),
    (CoachEvent(EventKind.LOW_12V, 0, Priority.VEHICLE_HEALTH, 11.42, "V", 11.8), "11.4 V"),
    (CoachEvent(EventKind.NEW_DTC, 0, Priority.VEHICLE_HEALTH, subject="P0420",
                info="Catalyst system efficiency below threshold"), "P0420"),
    (CoachEvent(EventKind.NEW_DTC, 0, Priority.SAFETY, subject="P0A80", critical=True,
                info="Replace hybrid battery pack"), "P0A80"),
]


@pytest.mark.parametrize(("event", "figure"), EVENTS, ids=lambda x: getattr(x, "kind", x))
def test_alerts_are_short_and_carry_the_figure(event, figure):
    en, zh = alert_text(event, "en"), alert_text(event, "zh")
    assert word_count(en, "en") <= MAX_WORDS_EN, en
    assert word_count(zh, "zh") <= MAX_CHARS_ZH, zh
    assert figure in en, en
    assert figure.replace("2 h 5 min", "2小时5分钟") in zh, zh
    assert zh != en and any("\u4e00" <= ch <= "\u9fff" for ch in zh)


def test_long_stop_names_fall_back_to_the_distance():
    event = EVENTS[5][0]
    assert alert_text(event, "en") == "1 h 30 min at the wheel. Next stop in 12 km: take a break."
    short = CoachEvent(EventKind.FATIGUE, 0, Priority.SAFETY, 120, "min", 120,
                       next_stop=UpcomingStop("ABC Lahti", "charging", 8.0, 5.0))
    assert alert_text(short, "en") == "2 h at the wheel. Take a break at ABC Lahti, 8 km ahead."


def test_critical_texts_say_to_stop():
    assert "Stop safely" in alert_text(EVENTS[9][0], "en")
    assert "停车" in alert_text(EVENTS[-1][0], "zh")


def test_dtc_meaning_is_spoken_once_punctuated():
    event = CoachEvent(EventKind.NEW_DTC, 0, Priority.VEHICLE_HEALTH, subject="P0562",
                       info="The 12 V system voltage is low.")
    assert alert_text(event) == "Fault P0562: The 12 V system voltage is low. Ask me for details."
