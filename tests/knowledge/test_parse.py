"""Reading manual data files, and what a malformed one does."""

from __future__ import annotations

import pytest

from incabin import IncabinError
from incabin.knowledge import KnowledgeError, ManualFormatError, parse_manual

GOOD = """# Title line, ignored

## AC charging {#charging-ac}
Up to 11 kW.
Second line.

## 胎压 {#tyre-pressure}
290 kPa
"""


def test_sections_are_read_in_order_with_ids_titles_and_joined_text() -> None:
    sections = parse_manual(GOOD, "en")
    assert [(s.section_id, s.title, s.text) for s in sections] == [
        ("charging-ac", "AC charging", "Up to 11 kW. Second line."),
        ("tyre-pressure", "胎压", "290 kPa"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("## No id here\ntext\n", "m.md:1: heading needs an id"),
        ("## A {#a}\nx\n## B {#a}\ny\n", "m.md:3: duplicate section id 'a'"),
        ("## A {#a}\n\n## B {#b}\ny\n", "m.md:1: section 'a' has no text"),
        ("just a title\n", "m.md: no '## Title {#id}' sections found"),
        ("## Bad id {#Bad_Id}\nx\n", "m.md:1: heading needs an id"),
    ],
)
def test_malformed_files_raise_a_typed_error_naming_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ManualFormatError) as info:
        parse_manual(text, "en", source="m.md")
    assert str(info.value).startswith(message)
    assert isinstance(info.value, KnowledgeError)
    assert isinstance(info.value, IncabinError)
