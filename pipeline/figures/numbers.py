"""Reading the value of one written number: digits, number words, scale words.

Number words go through text2num (a maintained parser of English cardinals);
scale abbreviations, signs and number nouns come from the component's tables
(:mod:`pipeline.figures.tables`). Nothing here looks at syntax: deciding whether a number is a
figure at all is the recogniser's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from pipeline.figures.tables import FigureTables, Unit

# digits as news prints them: 6,000 · 2.5 · 242,418 · .5, with an optional sign glued
# before ("Mex$200", "Rs500") and a scale or unit glued after ("1.13bn", "240km/h")
DIGITS_RE = re.compile(
    r"^(?P<prefix>[^\d\s]*?)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<suffix>[^\d\s]*)$"
)
ALPHA_RE = re.compile(r"^[a-z]+$")
MAX_DIGITS_VALUE = 1e100  # written digits above this are not read as a number (scales multiply it further)


@dataclass(frozen=True)
class Numeral:
    """One token read as (part of) a number."""

    kind: str  # digits | word | scale | noun
    value: float
    prefix_unit: Unit | None = None  # sign glued before the digits
    suffix_unit: Unit | None = None  # unit glued after the digits
    suffix_scale: float = 1.0  # scale glued after the digits
    integer: bool = True  # written without a decimal point or thousands separators
    plain: bool = False  # bare digits with no sign, scale or unit glued on


def digits_value(text: str) -> float:
    return float(text.replace(",", ""))


def word_value(words: list[str]) -> float | None:
    """The value of a run of number words ("two", "twenty-five", "one hundred and twenty"), or None."""
    cleaned = [w.casefold() for w in words if w not in {"-", "‐"}]
    if not cleaned or any(not ALPHA_RE.match(w) for w in cleaned):
        return None
    # plurals ("thousands", "hundreds", "tens") are vague amounts, not numbers; text2num would read them as 1000
    if cleaned[-1].endswith("s") or cleaned[0] == "and" or cleaned[-1] == "and":
        return None
    try:
        return float(text2num(" ".join(cleaned), "en"))
    except (ValueError, TypeError):
        return None


def _glued_unit(text: str, position: str, tables: FigureTables) -> Unit | None:
    for unit in tables.units:
        if unit.position != position or len(unit.form) != 1:
            continue
        form = unit.form[0]
        if (text if unit.case else text.casefold()) == form:
            return unit
    return None


def read_numeral(text: str, tables: FigureTables) -> Numeral | None:
    """Read one token; None when it is not part of a number."""
    match = DIGITS_RE.match(text)
    if match:
        prefix, num, suffix = match["prefix"], match["num"], match["suffix"]
        value = digits_value(num)
        if not value <= MAX_DIGITS_VALUE:
            return None  # a run of 100+ digits is no amount; at 310 a float cannot hold it, and scaled it overflows
        prefix_unit = _glued_unit(prefix, "before", tables) if prefix else None
        if prefix and prefix_unit is None:
            return None
        suffix_unit, suffix_scale = None, 1.0
        if suffix:
            scale = tables.scales.get(suffix.casefold())
            if scale is not None:
                suffix_scale = scale.value
            else:
                suffix_unit = _glued_unit(suffix, "after", tables)
                if suffix_unit is None:
                    return None
        return Numeral("digits", value, prefix_unit, suffix_unit, suffix_scale,
                       integer="," not in num and "." not in num,
                       plain=not prefix and not suffix)
    low = text.casefold()
    if low in tables.scales and tables.scales[low].spaced:
        return Numeral("scale", tables.scales[low].value)
    if low in tables.number_nouns:
        return Numeral("noun", tables.number_nouns[low].value)
    value = word_value([low])
    if value is not None:
        return Numeral("word", value)
    return None
