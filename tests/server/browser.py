"""Driving the web page in Debian's chromium (never a downloaded browser): the launch
flags, opening the page at a screen size, typing a request, and the layout facts a car
screen must hold."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

if TYPE_CHECKING:
    from tests.server.conftest import Running

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"800x480": (800, 480), "1280x720": (1280, 720), "1920x720": (1920, 720)}
TOUCH_PX = 76
TEXT_PX = 24

needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None,
                                    reason="Debian's chromium is not installed "
                                           "(scripts/setup_test_system.sh installs it)")


def open_page(browser: Browser, server: Running, query: str = "driver=Lin",
              size: tuple[int, int] = (1280, 720)) -> Page:
    """The page at ``size``, online, with no script error."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{server.url}/?{query}")
    expect(page.locator("#status")).to_have_attribute("data-state", "online", timeout=15_000)
    assert errors == []
    return page


def ask(page: Page, text: str) -> None:
    """Type a request and send it."""
    page.fill("#text", text)
    page.click("#send")


def show(page: Page, view: str) -> None:
    """Bring a pane to the front on a screen that shows it behind a tab."""
    tab = page.locator(f".tab[data-view='{view}']")
    if tab.is_visible():
        tab.click()


# Every visible control and text block, with its box and font size, in one pass.
_LAYOUT = """() => {
  const seen = [];
  for (const el of document.querySelectorAll('button, input, .bar *, .pane *, .toast')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!r.width || !r.height || style.visibility === 'hidden') continue;
    // the map's own panes are clipped to the map, which is checked itself
    if (el.closest('.leaflet-control-attribution, .leaflet-map-pane')) continue;
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    seen.push({id: el.id || el.className || el.tagName, tag: el.tagName, text,
               control: el.matches('button, input') && !el.closest('.leaflet-control'),
               left: r.left, right: r.right, top: r.top, bottom: r.bottom,
               width: r.width, height: r.height, font: parseFloat(style.fontSize)});
  }
  return {items: seen, scrollWidth: document.documentElement.scrollWidth,
          bodyWidth: document.body.scrollWidth, width: innerWidth, height: innerHeight};
}"""


def layout_problems(page: Page) -> list[str]:
    """What breaks the car-screen rules on the page as shown: sideways overflow, controls
    outside the screen or under 76 px, text under 24 px."""
    facts = page.evaluate(_LAYOUT)
    width, height = facts["width"], facts["height"]
    problems = []
    if max(facts["scrollWidth"], facts["bodyWidth"]) > width:
        problems.append(f"the page is {facts['scrollWidth']} px wide on a {width} px screen")
    for item in facts["items"]:
        name = f"{item['tag']} {item['id']}"
        if item["right"] > width + 0.5 or item["left"] < -0.5:
            problems.append(f"{name} runs off the side ({item['left']:.0f}..{item['right']:.0f})")
        if item["control"]:
            if item["bottom"] > height + 0.5 or item["top"] < -0.5:
                problems.append(f"{name} is off screen ({item['top']:.0f}..{item['bottom']:.0f})")
            if min(item["width"], item["height"]) < TOUCH_PX - 0.5:
                problems.append(f"{name} is {item['width']:.0f}×{item['height']:.0f} px")
        if item["text"] and item["font"] < TEXT_PX:
            problems.append(f"{name} has {item['font']:.0f} px text")
    return problems
