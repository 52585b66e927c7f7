"""Text normalisation shared by the recognisers and the word error rate: spoken numbers
become digits ("twenty one" -> "21") so a transcript reads the way the capability
matcher expects."""

from __future__ import annotations

import re

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNIT = {w: i for i, w in enumerate(UNITS)}
_TEN = {w: i * 10 for i, w in enumerate(TENS) if w}
_PUNCT = re.compile(r"[^\w\s'%./-]|(?<!\d)[./]|[./](?!\d)")


def spell(n: int) -> str:
    """0..100 in words, the way a driver says them ("twenty one")."""
    if not 0 <= n <= 100:
        raise ValueError(f"{n} is outside 0..100")
    if n == 100:
        return "one hundred"
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    return TENS[tens] + (f" {UNITS[unit]}" if unit else "")


def words_to_digits(text: str) -> str:
    """Replace runs of number words with digits: "set twenty one point five" -> "set 21.5"."""
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        value, used = _read_number(words, i)
        if used:
            if i + used + 1 < len(words) and words[i + used] == "point" \
                    and words[i + used + 1] in _UNIT:
                out.append(f"{value}.{_UNIT[words[i + used + 1]]}")
                used += 2
            else:
                out.append(str(value))
            i += used
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _read_number(words: list[str], i: int) -> tuple[int, int]:
    word = words[i]
    if word in _TEN:
        if i + 1 < len(words) and words[i + 1] in _UNIT and 0 < _UNIT[words[i + 1]] < 10:
            return _TEN[word] + _UNIT[words[i + 1]], 2
        return _TEN[word], 1
    if word in _UNIT:
        if i + 1 < len(words) and words[i + 1] == "hundred":
            return _UNIT[word] * 100, 2
        return _UNIT[word], 1
    return 0, 0


def normalize(text: str) -> str:
    """Lower case, no punctuation, numbers as digits, "a c" / "a/c" as "ac", "°" as degrees:
    the form transcripts are compared (WER) and matched in."""
    text = text.lower().replace("°c", " degrees").replace("°", " degrees")
    text = text.replace("%", " percent").replace("-", " ")
    text = re.sub(r"\ba\s*/\s*c\b|\ba\.\s*c\.?|\ba c\b", "ac", text)
    text = _PUNCT.sub(" ", text)
    return words_to_digits(" ".join(text.split()))


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edit distance in words, reference length) after :func:`normalize` of both."""
    ref, hyp = normalize(reference).split(), normalize(hypothesis).split()
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[len(hyp)], len(ref)


def word_error_rate(pairs: list[tuple[str, str]]) -> float:
    """Corpus WER over (reference, hypothesis) pairs: total errors / total reference words."""
    errors = words = 0
    for ref, hyp in pairs:
        e, n = word_errors(ref, hyp)
        errors, words = errors + e, words + n
    return errors / words if words else 0.0
