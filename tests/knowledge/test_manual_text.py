"""The manual's text: enough sections, the same ones in both languages, and the car's rules."""

from __future__ import annotations

import re

import pytest

from incabin.knowledge import LANGS, Manual

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_at_least_40_sections(manual: Manual, lang: str) -> None:
    sections = manual.sections(lang)
    assert len(sections) >= 40
    assert all(s.lang == lang for s in sections)


def test_both_languages_have_the_same_sections_in_the_same_order(manual: Manual) -> None:
    en = [s.section_id for s in manual.sections("en")]
    zh = [s.section_id for s in manual.sections("zh")]
    assert en == zh
    assert len(set(en)) == len(en)


def test_english_sections_are_short(manual: Manual) -> None:
    lengths = {s.section_id: len(s.text.split()) for s in manual.sections("en")}
    too_short_or_long = {k: n for k, n in lengths.items() if not 60 <= n <= 150}
    assert too_short_or_long == {}


def test_chinese_sections_are_chinese_and_short(manual: Manual) -> None:
    for s in manual.sections("zh"):
        assert CJK.search(s.title), s.section_id
        cjk_chars = len(CJK.findall(s.text))
        assert 80 <= cjk_chars <= 320, (s.section_id, cjk_chars)


@pytest.mark.parametrize(
    ("section_id", "facts"),
    [
        ("tyre-pressure", ["290 kPa"]),
        ("charge-limit", ["50%", "100%"]),
        ("climate-temperature", ["16", "28"]),
        ("charging-ac", ["11 kW"]),
        ("charging-dc", ["170 kW"]),
        ("vehicle-overview", ["57.5 kWh", "CCS2", "GB/T"]),
        ("air-conditioning", ["20%"]),
        ("defrost", ["40%"]),
    ],
)
def test_figures_match_the_car_in_both_languages(
    manual: Manual, section_id: str, facts: list[str]
) -> None:
    for lang in LANGS:
        text = manual.section(section_id, lang).text.replace(" %", "%")
        for fact in facts:
            assert fact in text, (lang, section_id, fact)


def test_rules_the_vehicle_layer_enforces_are_written_down(manual: Manual) -> None:
    def en(section_id: str) -> str:
        return manual.section(section_id, "en").text

    for section_id in ("charge-port", "trunk", "frunk", "doors-locking"):
        assert "while the car is moving" in en(section_id) or "while moving" in en(section_id)
        assert "行驶中" in manual.section(section_id, "zh").text
    assert "only work together with the low beams" in en("fog-lights")
    assert "switches off the high beams" in en("fog-lights")
    assert "only open when the sunshade is open" in en("sunroof")
    assert "no seat massage" in en("seat-ventilation")
    assert "没有座椅按摩功能" in manual.section("seat-ventilation", "zh").text
