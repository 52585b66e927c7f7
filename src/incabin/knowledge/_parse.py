"""Read a manual data file: one ``## Title {#section-id}`` heading per section."""

from __future__ import annotations

import re

from ._errors import ManualFormatError
from ._models import Lang, Section

_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*\{#(?P<id>[a-z0-9][a-z0-9-]*)\}\s*$")


def parse_manual(text: str, lang: Lang, source: str = "manual") -> list[Section]:
    """Split manual markdown into sections, in file order.

    Lines before the first ``##`` heading (the document title) are ignored.
    Raises ManualFormatError for a heading without an id, a duplicate id or
    a section with no text, naming ``source`` and the line.
    """
    sections: list[Section] = []
    seen: set[str] = set()
    current: tuple[str, str, int] | None = None
    body: list[str] = []

    def close() -> None:
        if current is None:
            return
        section_id, title, line_no = current
        content = " ".join(" ".join(body).split())
        if not content:
            raise ManualFormatError(f"{source}:{line_no}: section {section_id!r} has no text")
        sections.append(Section(section_id, title, content, lang))

    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            match = _HEADING.match(line)
            if match is None:
                raise ManualFormatError(
                    f"{source}:{line_no}: heading needs an id like '## Title {{#title-id}}'"
                )
            close()
            section_id = match["id"]
            if section_id in seen:
                raise ManualFormatError(f"{source}:{line_no}: duplicate section id {section_id!r}")
            seen.add(section_id)
            current, body = (section_id, match["title"], line_no), []
        elif current is not None:
            body.append(line.strip())
    close()
    if not sections:
        raise ManualFormatError(f"{source}: no '## Title {{#id}}' sections found")
    return sections
