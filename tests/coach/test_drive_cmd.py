"""``incabin drive``: the simulator with the coach, alerts as spoken, then the summary."""

from __future__ import annotations

import argparse
import re

MULTI = re.MULTILINE

import pytest

from incabin.interfaces import drive_cmd


def drive(capsys, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="incabin")
    drive_cmd.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["drive", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def alert_lines(out: str) -> list[tuple[str, str]]:
    return re.findall(r"^\[(\d+:\d\d:\d\d)\] (?![·(])(.+)$", out, flags=MULTI)


def test_udds_with_planted_events_prints_alerts_then_summary(capsys):
    code, out, _ = drive(capsys, "--inject", "harsh-brake@120", "--inject", "tyre-leak@60",
                         "--inject", "dtc:P0420@300", "--speed-limit", "80")
    assert code == 0
    planted = re.search(r"^\[(\d:\d\d:\d\d)\] \(planted harsh-brake\)$", out, flags=MULTI)
    assert planted  # moved to the first moment above 30 km/h after 120 s
    alerts = alert_lines(out)
    texts = [text for _, text in alerts]
    assert texts[0] == "Hard braking, 5.0 m/s². Leave more distance ahead."
    assert any(t.startswith("Fault P0420:") for t in texts)
    assert any(t.startswith("Front left tyre losing pressure") for t in texts)
    assert [when for when, _ in alerts] == sorted(when for when, _ in alerts)
    assert re.search(r"^Trip: 11\.\d km in 23 min, \d+\.\d kWh/100 km", out, flags=MULTI)
    assert re.search(r"^Smoothness \d+/100, safety \d+/100\.$", out, flags=MULTI)
    assert f"At {planted.group(1)}, -20 points: Hard braking" in out
    assert "Tip: Look further ahead" in out


def test_chinese_output(capsys):
    code, out, _ = drive(capsys, "--lang", "zh", "--inject", "harsh-brake@120")
    assert code == 0
    assert "急刹车，5.0 m/s²。请保持车距。" in out and "平顺性" in out and "建议：" in out


def test_route_with_limits_stop_and_low_battery(capsys):
    code, out, _ = drive(capsys, "--route", "50:2,100:25", "--stop", "Cafe Aalto@20:rest",
                         "--inject", "speeding@400", "--soc", "13", "--events")
    assert code == 0
    texts = [text for _, text in alert_lines(out)]
    assert "You're at 115 km/h; the limit is 100 km/h." in texts
    assert any(t.startswith("You'd arrive with") and "below 10%" in t for t in texts)
    assert re.search(r"^Trip: 2[67]\.\d km", out, flags=MULTI)


def test_night_drive_gets_a_break_reminder_after_90_minutes(capsys):
    code, out, _ = drive(capsys, "--cycle", "hwfet", "--repeat", "8", "--start", "23:00")
    assert code == 0
    # Driving time counts from the first metres (HWFET reaches 5 km/h within 3 s).
    (when,) = [w for w, text in alert_lines(out) if text.endswith("Time for a break.")]
    assert "1:30:00" <= when <= "1:30:05"
    assert "Tip: Plan a 15-minute break every 2 hours" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--inject", "meteor@10"], "expected KIND@SECONDS"),
        (["--inject", "harsh-brake@soon"], "expected KIND@SECONDS"),
        (["--inject", "dtc@10"], "needs a code"),
        (["--inject", "speeding@10"], "needs --speed-limit"),
        (["--route", "50"], "expected LIMIT_KMH:KM"),
        (["--route", "500:3"], "limit 5-200 km/h"),
        (["--stop", "Cafe@3"], "--stop needs a --route"),
        (["--start", "25:00"], "expected HH:MM"),
        (["--repeat", "0"], "--repeat must be at least 1"),
        (["--inject", "tyre-leak:Row9.Left@10"], "wheel"),
        (["--inject", "dtc:XYZ@10"], "XYZ"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(capsys, argv, message):
    code, out, err = drive(capsys, *argv)
    assert code == 2 and message in err and err.startswith("incabin drive: ")
    assert "Trip:" not in out


def test_registered_in_the_incabin_command(capsys):
    from incabin.interfaces.cli import main

    assert main(["drive", "--cycle", "hwfet", "--inject", "harsh-brake@100"]) == 0
    out = capsys.readouterr().out
    assert "Hard braking, 5.0 m/s²." in out and re.search(r"^Trip: 16\.\d km", out, flags=MULTI)
