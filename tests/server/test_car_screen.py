"""The page as a car screen, in Debian's chromium at 800×480, 1280×720 and 1920×720, in
English and Chinese, day and night: layout facts (no sideways scrolling, every control on
screen and ≥ 76 px, text ≥ 24 px), the offline map from the OSM extract with the route and
a moving car, the question of a confirm/clarify beside its buttons, a turn that shows it
is working and queues what comes next, and requests typed while offline kept.

Screenshots go to test-output/server/ (the README shows four of them).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.server.browser import (
    SIZES,
    TOUCH_PX,
    ask,
    layout_problems,
    needs_chromium,
    open_page,
    show,
)
from tests.server.conftest import MANUAL_QUESTION, OUTPUT, Running

pytestmark = needs_chromium
AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"
TRIP = "take me to Kampin kappeli via Vapiano"
# Every value and control a driver needs, and the pane it is on.
REACHABLE = {"talk": ["#text", "#send", "#mic"],
             "map": ["#map", "#trip"],
             "car": ["#speed", "#soc", "#range", "#cabin", "#setpoint", "#ac", "#doors", "#trunk",
                     "#tyre-fl", "#tyre-fr", "#tyre-rl", "#tyre-rr",
                     "#window-fl", "#window-fr", "#window-rl", "#window-rr"]}


def _sid(page: Page) -> str:
    sid = page.locator("body").get_attribute("data-session")
    assert sid
    return sid


def _within_screen(page: Page, selector: str) -> None:
    """``selector`` can be brought on screen with no sideways scrolling."""
    element = page.locator(selector)
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    width, height = page.viewport_size["width"], page.viewport_size["height"]  # type: ignore[index]
    assert box is not None, f"{selector} is not shown"
    assert 0 <= box["x"] and box["x"] + box["width"] <= width + 0.5, f"{selector} off the side"
    assert box["y"] < height and box["y"] + box["height"] > 0, f"{selector} off screen"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("lang", "theme"), [("en", "night"), ("zh", "day")])
def test_every_pane_fits_the_screen(browser: Browser, server: Running, size: str, lang: str,
                                    theme: str) -> None:
    page = open_page(browser, server, f"driver=Lin&lang={lang}&theme={theme}", SIZES[size])
    expect(page.locator("#map")).to_have_attribute("data-state", "ready", timeout=15_000)
    for view, selectors in REACHABLE.items():
        show(page, view)
        page.wait_for_timeout(200)
        assert layout_problems(page) == [], (size, lang, view)
        for selector in selectors:
            _within_screen(page, selector)
        page.screenshot(path=str(OUTPUT / f"screen-{size}-{lang}-{theme}-{view}.png"))
    if size == "1280x720" and lang == "en":
        show(page, "map")
        page.screenshot(path=str(OUTPUT / "readme-start.png"))
    page.close()


def test_map_draws_the_extract_the_route_and_the_moving_car(browser: Browser,
                                                            dev_server: Running) -> None:
    page = open_page(browser, dev_server)
    map_box = page.locator("#map")
    expect(map_box).to_have_attribute("data-state", "ready", timeout=15_000)
    assert int(map_box.get_attribute("data-street") or 0) > 500
    assert int(map_box.get_attribute("data-building") or 0) > 100
    assert int(map_box.get_attribute("data-water") or 0) > 0
    assert page.locator("#map canvas").count() >= 1  # Leaflet's canvas with the features
    car = page.locator("#map .car-marker")
    expect(car).to_have_count(1)
    ask(page, TRIP)
    expect(page.locator("#map path.route-line")).to_have_count(1, timeout=10_000)
    expect(page.locator("#map .stop-marker.stop-restaurant")).to_have_count(1)
    expect(page.locator("#map .dest-marker")).to_have_count(1)
    expect(page.locator("#trip")).to_contain_text("Kampin kappeli")
    start = (car.get_attribute("data-lat"), car.get_attribute("data-lon"))
    injected = dev_server.client.post("/v1/dev/inject", params={"session": _sid(page)},
                                      json={"kind": "drive_route", "speed_kmh": 50})
    assert injected.status_code == 200, injected.text
    expect(page.locator("#speed")).to_have_text("50", timeout=10_000)
    page.wait_for_function(
        """([lat, lon]) => {
             const car = document.querySelector('#map .car-marker');
             return car.dataset.lat !== lat || car.dataset.lon !== lon; }""",
        arg=list(start), timeout=10_000)
    page.wait_for_timeout(1500)
    # following: the car stays on the visible map while it drives
    box, car_box = map_box.bounding_box(), page.locator("#map .car-arrow").bounding_box()
    assert box and car_box
    assert box["x"] <= car_box["x"] <= box["x"] + box["width"]
    assert box["y"] <= car_box["y"] <= box["y"] + box["height"]
    page.screenshot(path=str(OUTPUT / "readme-route-driving.png"))
    for size in ("800x480", "1920x720"):
        width, height = SIZES[size]
        page.set_viewport_size({"width": width, "height": height})
        show(page, "map")
        page.wait_for_timeout(500)
        assert layout_problems(page) == []
        page.screenshot(path=str(OUTPUT / f"route-driving-{size}.png"))
    page.close()


def test_place_results_are_markers_on_the_map(browser: Browser, server: Running) -> None:
    page = open_page(browser, server)
    ask(page, "find a restaurant nearby")
    expect(page.locator("#log li.bot[data-act]")).to_have_count(1, timeout=15_000)
    expect(page.locator("#map .place-marker span").first).to_be_visible(timeout=5_000)
    assert int(page.locator("#map").get_attribute("data-places") or 0) >= 1
    page.screenshot(path=str(OUTPUT / "places.png"))
    page.close()


@pytest.mark.parametrize("size", ["800x480", "1280x720"])
def test_the_confirm_question_stays_beside_its_buttons(browser: Browser, server: Running,
                                                       size: str) -> None:
    page = open_page(browser, server, size=SIZES[size])
    server.manager.get(_sid(page)).assistant.vehicle.set(AC, True)
    for _ in range(4):  # a long conversation before it: the question must still show
        ask(page, "turn on the A/C")
    expect(page.locator("#log li.bot[data-act='done']")).to_have_count(4, timeout=15_000)
    ask(page, "open the driver's window")
    question, yes, no = (page.locator(s) for s in ("#question-text", "#choices .yes",
                                                   "#choices .no"))
    expect(yes).to_be_visible(timeout=10_000)
    expect(question).to_contain_text("?")
    _question_above_buttons(page, question, [yes, no])
    page.screenshot(path=str(OUTPUT / f"confirm-{size}.png"))
    if size == "1280x720":
        page.screenshot(path=str(OUTPUT / "readme-confirm.png"))
    yes.click()
    expect(page.locator("#log li.bot[data-act='done']")).to_have_count(5, timeout=10_000)
    expect(page.locator("#question")).to_be_hidden()
    expect(page.locator("#log li.bot[data-act='confirm']")).to_be_visible()  # back in the log
    page.close()


@pytest.mark.parametrize(("size", "lang"), [("800x480", "zh"), ("1280x720", "en")])
def test_the_clarify_question_stays_beside_its_choices(browser: Browser, server: Running,
                                                       size: str, lang: str) -> None:
    page = open_page(browser, server, f"driver=Lin&lang={lang}", SIZES[size])
    show(page, "car")  # the question brings the conversation back to the front
    ask_box = page.locator("#text")
    if not ask_box.is_visible():
        show(page, "talk")
    ask(page, "打开车窗" if lang == "zh" else "open the window")
    chips = page.locator("#choices button.option")
    expect(chips.first).to_be_visible(timeout=10_000)
    _question_above_buttons(page, page.locator("#question-text"), chips.all())
    assert layout_problems(page) == []
    page.screenshot(path=str(OUTPUT / f"clarify-{size}-{lang}.png"))
    if size == "1280x720":
        page.screenshot(path=str(OUTPUT / "readme-clarify.png"))
    chips.nth(1).click()
    expect(page.locator("#log li.bot[data-act='done']")).to_have_count(1, timeout=10_000)
    page.close()


def _question_above_buttons(page: Page, question, buttons) -> None:  # type: ignore[no-untyped-def]
    height = page.viewport_size["height"]  # type: ignore[index]
    q = question.bounding_box()
    assert q and q["y"] >= 0 and q["y"] + q["height"] <= height, "the question is off screen"
    for button in buttons:
        b = button.bounding_box()
        assert b and b["y"] + b["height"] <= height, "a choice is off screen"
        assert b["y"] >= q["y"] + q["height"] - 1, "a choice covers the question"
        assert b["height"] >= TOUCH_PX - 0.5


def test_a_long_turn_shows_it_works_queues_the_next_and_lets_car_commands_pass(
        browser: Browser, slow_server: Running) -> None:
    page = open_page(browser, slow_server)
    ask(page, MANUAL_QUESTION)
    working = page.locator("#log li.bot.working .elapsed")
    expect(working).to_contain_text(re.compile(r"Working… [1-9] s"), timeout=5_000)
    ask(page, "where is the spare tyre")  # another model turn: waits its turn, flagged
    queued = page.locator("#log li.me[data-state='queued']")
    expect(queued).to_contain_text("Queued")
    ask(page, "turn on the A/C")  # a car command does not wait behind the model
    expect(page.locator("#log li.bot[data-act='done']")).to_contain_text("A/C", timeout=5_000)
    assert page.locator("#log li.bot[data-act='inform']").count() == 0
    expect(page.locator("#ac")).to_have_text("on")
    page.screenshot(path=str(OUTPUT / "working-and-queued.png"))
    expect(page.locator("#log li.bot[data-act='inform']")).to_have_count(2, timeout=40_000)
    expect(page.locator("#log li[data-state='queued']")).to_have_count(0)
    expect(page.locator("#log li.bot.working")).to_have_count(0)
    page.close()


def test_requests_typed_offline_wait_for_the_connection(browser: Browser,
                                                        server: Running) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    sockets, blocked = [], [False]

    def route(ws) -> None:  # type: ignore[no-untyped-def]
        if blocked[0]:
            ws.close()
            return
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket(re.compile(r".*/v1/ws.*"), route)
    page.goto(f"{server.url}/?driver=Lin")
    expect(page.locator("#status")).to_have_attribute("data-state", "online", timeout=15_000)
    blocked[0] = True
    sockets[-1].close()
    expect(page.locator("#status")).to_have_attribute("data-state", "offline", timeout=5_000)
    ask(page, "turn on the A/C")
    waiting = page.locator("#log li.me[data-state='waiting']")
    expect(waiting).to_contain_text("Offline")
    page.screenshot(path=str(OUTPUT / "offline-waiting.png"))
    blocked[0] = False
    expect(page.locator("#log li.bot[data-act='done']")).to_contain_text("A/C", timeout=15_000)
    expect(waiting).to_have_count(0)
    page.close()


def test_the_mic_is_off_where_no_recogniser_hears_the_language(browser: Browser,
                                                               server: Running) -> None:
    page = open_page(browser, server, "driver=Lin&lang=zh", SIZES["800x480"])
    mic = page.locator("#mic")
    expect(mic).to_be_disabled()
    assert "中文" in (mic.get_attribute("title") or "")
    page.click("#lang")
    expect(mic).to_be_enabled()
    page.close()


def test_injected_faults_show_warnings_and_toasts(browser: Browser, dev_server: Running) -> None:
    page = open_page(browser, dev_server, "driver=Lin&theme=day")
    response = dev_server.client.post("/v1/dev/inject", params={"session": _sid(page)},
                                      json={"kind": "battery_overheat"})
    assert response.status_code == 200, response.text
    expect(page.locator(".toast").first).to_be_visible(timeout=15_000)
    show(page, "car")
    expect(page.locator("#warnings li")).to_contain_text("P0A7E", timeout=10_000)
    assert layout_problems(page) == []
    page.screenshot(path=str(OUTPUT / "fault-toast.png"))
    page.close()
