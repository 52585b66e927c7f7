"""Manual.answer: the best section only when it is relevant enough to be the answer.

The bars (MIN_SHARE, MIN_SHARED_TERMS in knowledge/_manual.py) were calibrated on
these files. Today: answer() keeps every right top-1 hit of questions.yaml (recall
0.94, as search) and questions_heldout.yaml (0.85), and turns down 36 of the 37
requests in questions_unrelated.yaml; the one that passes ("what's the weather like
tomorrow" -> steering-wheel heating) is named in _manual.py. The floors leave room for
a reworded section, not for a bar that lets chatter through or starves real questions.
"""

from __future__ import annotations

import pytest

from incabin.knowledge import InvalidQuery, Manual, UnsupportedLanguage, detect_lang

from .conftest import load_questions

ANSWER_RECALL_FLOORS = {"questions.yaml": 0.88, "questions_heldout.yaml": 0.75}
UNRELATED_REJECTED_FLOOR = 0.9


@pytest.mark.parametrize("name", sorted(ANSWER_RECALL_FLOORS))
def test_relevant_questions_still_get_their_section(manual: Manual, name: str) -> None:
    rows = load_questions(name)
    answers = [manual.answer(row["q"]) for row in rows]
    right = sum(a is not None and a.section_id == row["section"] for a, row in zip(answers, rows))
    assert right / len(rows) >= ANSWER_RECALL_FLOORS[name], right / len(rows)
    # The bar never drops a right hit: it only turns down sections search ranked first.
    lost = [row["q"] for a, row in zip(answers, rows)
            if a is None and manual.search(row["q"], k=1)[0].section_id == row["section"]]
    assert lost == []


def test_unrelated_requests_fall_below_the_bar(manual: Manual) -> None:
    questions: list[str] = load_questions("questions_unrelated.yaml")  # type: ignore[assignment]
    assert len(questions) >= 30 and sum(detect_lang(q) == "zh" for q in questions) >= 10
    passed = [q for q in questions if manual.answer(q) is not None]
    assert 1 - len(passed) / len(questions) >= UNRELATED_REJECTED_FLOOR, passed


@pytest.mark.parametrize(
    "question",
    [
        "Play a song by Adele",
        "Play a song by Adele on the car radio",  # shares only "car" with towing
        "what time is it in Tokyo",  # shares only "time" with scheduled charging
        "What does P0A80 mean?",  # shares only "mean" with the warning-lights section
        "给孩子讲个睡前故事",  # 孩子 -> 儿童 finds child locks, at a small share
    ],
)
def test_the_issue_examples_and_one_word_coincidences_get_no_answer(
    manual: Manual, question: str
) -> None:
    assert manual.answer(question) is None


@pytest.mark.parametrize(
    ("query", "section_id"),
    [("towing", "towing"), ("isofix", "isofix"), ("range", "range"), ("天窗", "sunroof"),
     ("空调怎么用", "air-conditioning"), ("how do I open the charging flap", "charge-port")],
)
def test_short_queries_a_model_may_send_are_answered(
    manual: Manual, query: str, section_id: str
) -> None:
    hit = manual.answer(query)
    assert hit is not None and hit.section_id == section_id
    assert hit == manual.search(query, k=1)[0]


def test_the_answer_comes_in_the_requested_language(manual: Manual) -> None:
    hit = Manual.load("zh").answer("how do I open the charging flap")
    assert hit is not None and (hit.section_id, hit.lang) == ("charge-port", "zh")
    hit = manual.answer("怎么打开充电口盖", lang="en")
    assert hit is not None and (hit.section_id, hit.lang) == ("charge-port", "en")


def test_answer_checks_its_input_like_search(manual: Manual) -> None:
    assert manual.answer("") is None and manual.answer("the and of") is None
    with pytest.raises(InvalidQuery):
        manual.answer(None)  # type: ignore[arg-type]
    with pytest.raises(UnsupportedLanguage):
        manual.answer("towing", lang="fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(("question", "said", "left_out"), [
    ("car's dead and won't unlock, how do I get at the jump terminals?", "emergency cord",
     "powers the locks"),
    ("is there a spare wheel?", "no spare wheel", "sidewall"),
    ("电池质保几年", "8 年", "阴凉"),
])
def test_the_excerpt_is_the_sentences_that_answer(question, said, left_out):
    manual = Manual.load()
    hit = manual.answer(question)
    assert hit is not None
    excerpt = manual.excerpt(question, hit)
    assert said in excerpt and left_out not in excerpt
