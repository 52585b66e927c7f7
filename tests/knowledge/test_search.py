"""BM25 search over the manual: recall on real driver questions, languages, bad input."""

from __future__ import annotations

import pytest

from incabin.knowledge import (
    MAX_QUERY_CHARS,
    InvalidQuery,
    Manual,
    ManualHit,
    UnknownSection,
    UnsupportedLanguage,
    detect_lang,
)

from .conftest import load_questions

# Car Genius hands the top 3 sections to the model, so recall@3 is what an answer
# needs; recall@1 decides which section the answer cites. questions.yaml (64 questions)
# was used to tune the manual's wording and the synonym table and scores 0.94 / 1.00;
# questions_heldout.yaml (26) was written afterwards and never tuned on: 0.85 / 0.96.
# Each floor allows two or three more misses than today, so rewording a section does
# not fail CI, while a lost section, a broken tokenizer or wrong language routing does.
FLOORS = {
    "questions.yaml": {"recall@1": 0.88, "recall@3": 0.95},
    "questions_heldout.yaml": {"recall@1": 0.75, "recall@3": 0.88},
}


def recall(manual: Manual, rows: list[dict[str, str]], k: int) -> float:
    found = sum(
        row["section"] in [h.section_id for h in manual.search(row["q"], k=k)] for row in rows
    )
    return found / len(rows)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_question_sets_are_big_enough_and_name_real_sections(manual: Manual, name: str) -> None:
    rows = load_questions(name)
    ids = {s.section_id for s in manual.sections()}
    assert {row["section"] for row in rows} <= ids
    zh = [row for row in rows if detect_lang(row["q"]) == "zh"]
    assert len(rows) >= 25 and len(zh) >= 10


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_driver_questions_find_the_right_section(manual: Manual, name: str) -> None:
    rows = load_questions(name)
    at1, at3 = recall(manual, rows, 1), recall(manual, rows, 3)
    assert at1 >= FLOORS[name]["recall@1"], at1
    assert at3 >= FLOORS[name]["recall@3"], at3


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_language_on_its_own_meets_the_recall_at_3_floor(manual: Manual, lang: str) -> None:
    rows = [row for name in FLOORS for row in load_questions(name) if detect_lang(row["q"]) == lang]
    assert recall(manual, rows, 3) >= 0.88


@pytest.mark.parametrize(
    ("query", "section_id"),
    [
        ("how do I open the charging flap", "charge-port"),
        ("what does the turtle light mean", "reduced-power"),
        ("can I tow the car", "towing"),
        ("胎压多少合适", "tyre-pressure"),
    ],
)
def test_the_issue_examples_are_top_1(manual: Manual, query: str, section_id: str) -> None:
    assert manual.search(query, k=1)[0].section_id == section_id


def test_hits_are_ranked_positive_and_carry_the_section(manual: Manual) -> None:
    hits = manual.search("charge limit 80 percent", k=5)
    assert 1 <= len(hits) <= 5
    assert all(isinstance(h, ManualHit) and h.score > 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    top = hits[0]
    section = manual.section(top.section_id)
    assert (top.title, top.text, top.lang) == (section.title, section.text, "en")
    assert top.citation == f'Owner\'s manual, "{section.title}"'


def test_language_follows_the_query_when_none_is_given(manual: Manual) -> None:
    zh = manual.search("怎么打开充电口盖")
    en = manual.search("how do I open the charge port")
    assert zh[0].lang == "zh" and zh[0].title == manual.section("charge-port", "zh").title
    assert en[0].lang == "en" and en[0].section_id == "charge-port"
    assert zh[0].citation.startswith("《用户手册》")


def test_a_manual_in_one_language_answers_questions_in_either() -> None:
    english, chinese = Manual.load("en"), Manual.load("zh")
    assert english.lang == "en" and chinese.lang == "zh"
    hit = english.search("儿童安全座椅装在哪里")[0]
    assert (hit.section_id, hit.lang, hit.title) == ("isofix", "en", "ISOFIX and child seats")
    hit = chinese.search("how do I open the charging flap")[0]
    assert (hit.section_id, hit.lang) == ("charge-port", "zh")
    assert hit.text == chinese.section("charge-port").text
    assert chinese.section("isofix").title == "ISOFIX 与儿童座椅"


def test_an_explicit_lang_sets_the_answer_language(manual: Manual) -> None:
    by_query = manual.search("what pressure should my tyres be at")
    in_chinese = manual.search("what pressure should my tyres be at", lang="zh")
    assert [h.section_id for h in in_chinese] == [h.section_id for h in by_query]
    assert [h.score for h in in_chinese] == [h.score for h in by_query]
    assert all(h.lang == "zh" for h in in_chinese)
    assert in_chinese[0].title == manual.section("tyre-pressure", "zh").title


@pytest.mark.parametrize("query", ["", "   ", "?!…", "the and of", "吗？", "x" * 10_000])
def test_queries_with_nothing_to_search_give_no_hits(manual: Manual, query: str) -> None:
    assert manual.search(query) == []


def test_a_10000_character_query_is_cut_and_still_answered(manual: Manual) -> None:
    question = "what pressure should my tyres be at? "
    long_query = (question * (10_000 // len(question) + 1))[:10_000]
    assert len(long_query) == 10_000 > MAX_QUERY_CHARS
    assert manual.search(long_query)[0].section_id == manual.search(question)[0].section_id
    long_zh = ("胎压多少合适？" * 1500)[:10_000]
    assert manual.search(long_zh)[0].section_id == "tyre-pressure"


def test_k_larger_than_the_manual_returns_every_matching_section(manual: Manual) -> None:
    hits = manual.search("battery", k=1000)
    assert 3 < len(hits) <= len(manual.sections())
    assert len({h.section_id for h in hits}) == len(hits)


@pytest.mark.parametrize("k", [0, -1, 2.5, "3", True, None])
def test_bad_k_raises_invalid_query_and_search_still_works(manual: Manual, k: object) -> None:
    before = manual.search("fog lights")
    with pytest.raises(InvalidQuery, match="k must be a whole number"):
        manual.search("fog lights", k=k)  # type: ignore[arg-type]
    assert manual.search("fog lights") == before


@pytest.mark.parametrize("query", [None, 42, b"charging", ["charging"]])
def test_a_query_that_is_not_text_raises_invalid_query(manual: Manual, query: object) -> None:
    with pytest.raises(InvalidQuery, match="query must be text"):
        manual.search(query)  # type: ignore[arg-type]


def test_unknown_language_and_section_raise_typed_errors(manual: Manual) -> None:
    with pytest.raises(UnsupportedLanguage, match="no manual in 'fr'; available: en, zh"):
        Manual.load("fr")  # type: ignore[arg-type]
    with pytest.raises(UnsupportedLanguage):
        manual.search("hello", lang="de")  # type: ignore[arg-type]
    with pytest.raises(UnknownSection, match="no section 'warp-drive'"):
        manual.section("warp-drive")
    assert len(manual.sections()) >= 40


def test_detect_lang() -> None:
    assert detect_lang("胎压多少") == "zh"
    assert detect_lang("set 21 °C, 开空调") == "zh"
    assert detect_lang("tyre pressure 290 kPa") == "en"
    assert detect_lang("") == "en"
