"""The normalised word form of a temporal expression, which the rules of ``models/dates/rules.jsonl`` read.

"Third-quarter", "mid-1996", "Sept. 30, 1989", "twenty four hours" and
"Wednesday’s" become "third quarter", "mid 1996", "sept 30 1989", "24 hours"
and "wednesday": lower case, no possessive, no abbreviation stops or commas,
hyphens between words split, number words as digits (via text2num).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from text_to_num import text2num

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‑": "-", "\u00a0": " "})
_AMPM = re.compile(r"\b([ap])\.?\s?m\b\.?")
_DECADE_APOS = re.compile(r"(\d0)'s\b")
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])'s\b|(?<=s)'(?=\s|$)")
_PUNCT = re.compile(r"[,;!?\"()\[\]{}]|\.(?!\d)|(?<!\d):|:(?!\d)")
_WORD_HYPHEN = re.compile(r"(?<=[a-z'])-(?=[a-z0-9'])|(?<=[0-9])-(?=[a-z])")
_HALF = re.compile(r"\b(\d+) 1/2\b")
_DECADE_WORD = re.compile(r"'\d0s")


class TextNormaliser:
    """The normal form of a text (see above); ``not_numbers`` are words text2num reads as numbers
    that are not numbers in a date ("a", "second"). Results are cached per text."""

    def __init__(self, not_numbers: frozenset[str]) -> None:
        self.not_numbers = not_numbers
        self._number = lru_cache(maxsize=4096)(self._number_uncached)
        self.normalise: Callable[[str], str] = lru_cache(maxsize=65536)(self._normalise)

    def _number_uncached(self, words: tuple[str, ...]) -> int | None:
        if any(w in self.not_numbers or not w.isalpha() for w in words):
            return None
        try:
            return int(text2num(" ".join(words), "en"))
        except ValueError:
            return None

    def numbers_to_digits(self, words: list[str]) -> list[str]:
        """Replace maximal runs of number words by their digits ("twenty four" → "24").

        A spoken year is two runs, "nineteen ninety six": a run of 11-20 followed by
        one of 10-99 becomes a year (1996).
        """
        out: list[str] = []
        spoken: list[bool] = []
        i = 0
        while i < len(words):
            if self._number((words[i],)) is None:
                out.append(words[i])
                spoken.append(False)
                i += 1
                continue
            for j in range(min(len(words), i + 6), i, -1):
                value = self._number(tuple(words[i:j]))
                if value is not None:
                    if spoken and spoken[-1] and 11 <= int(out[-1]) <= 20 and 10 <= value <= 99:
                        out[-1] = str(int(out[-1]) * 100 + value)
                        spoken[-1] = False
                    else:
                        out.append(str(value))
                        spoken.append(True)
                    i = j
                    break
        return out

    def _normalise(self, text: str) -> str:
        s = text.lower().translate(_QUOTES)
        s = _AMPM.sub(lambda m: f" {m.group(1)}m ", s)
        s = _DECADE_APOS.sub(r"\1s", s)
        s = _POSSESSIVE.sub("", s)
        s = s.replace("/", " / ") if re.search(r"[a-z]/|/[a-z]", s) else s
        s = _PUNCT.sub(" ", s)
        s = _WORD_HYPHEN.sub(" ", s)
        s = _HALF.sub(r"\1.5", s)
        words = [w.strip("'") if not _DECADE_WORD.fullmatch(w) else w for w in s.split()]
        return " ".join(self.numbers_to_digits([w for w in words if w]))
