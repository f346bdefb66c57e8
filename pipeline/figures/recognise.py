"""Finding figures in a parsed doc: where a quantity starts and ends, and its value and unit.

A figure is built outwards from its number tokens: digits or number words (read by
:mod:`pipeline.figures.numbers`), scale words after them, a currency sign before
and a unit word after. Approximators and comparatives around it ("about", "more
than") set the qualifier but stay outside the span, as the extraction standard cuts them.
Two numbers joined as a range ("between 10 and 20", "3% to 3.5%") become one
figure. Numbers that label rather than count are dropped by
:mod:`pipeline.figures.exclusions`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from pipeline.figures.numbers import Numeral, read_numeral, word_value
from pipeline.figures.tables import FigureTables, Qualifier, Unit

DASHES = frozenset({"-", "–", "—", "‐"})
# a range's upper end stays within this factor of its lower end ("10 to 20"); "fell 11,000 to 813,200" is not one
RANGE_MAX_RATIO = 10
# ages: "turns 70" has unit "year" (singular, as the general gold's README writes ages)
AGE_UNIT = "year"
AGE_MAX = 120
AGE_DEPS = frozenset({"dobj", "attr", "npadvmod", "oprd"})


@dataclass(frozen=True)
class Found:
    """A figure before its counted noun is known; token offsets into the doc."""

    start: int
    end: int
    num_start: int  # the number's own tokens, without sign or unit
    num_end: int
    number: float
    unit: str | None = None
    unit_kind: str | None = None
    qualifier: str | None = None
    ranged: bool = False  # two numbers joined as a range ("10 to 20"); the number is the lower end
    upper: float | None = None  # a range's upper end, scaled like the number ("10 to 20" → 20)
    scaled: bool = False  # a scale word or abbreviation multiplied the number
    words: bool = False  # written in words ("two", "a pair")
    noun: str | None = None  # the number noun ("pair", "half") when there is one


def lower_at(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def glued(doc: Doc, i: int) -> bool:
    """Token i follows token i-1 with no space between them."""
    return 0 < i < len(doc) and not doc[i - 1].whitespace_


class FigureReader:
    """The tables, indexed; ``find`` returns the candidate figures of one doc, sorted, non-overlapping."""

    def __init__(self, tables: FigureTables) -> None:
        self.tables = tables
        self._cache: dict[str, Numeral | None] = {}
        metres = [u for u in tables.units if u.unit == "m" and u.kind == "measure"]
        self.metre: Unit | None = metres[0] if metres else None
        # units and qualifiers indexed by the word next to the number, longest forms first
        self._units: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        for unit in tables.units:
            key = unit.form[-1] if unit.position == "before" else unit.form[0]
            self._units[(unit.position, key)].append(unit)
        self._qualifiers: dict[tuple[str, str], list[Qualifier]] = defaultdict(list)
        for q in tables.qualifiers:
            key = q.phrase[-1] if q.position == "before" else q.phrase[0]
            self._qualifiers[(q.position, key)].append(q)
        self._words = frozenset(tables.scales) | frozenset(tables.number_nouns)

    def numeral(self, text: str) -> Numeral | None:
        if text not in self._cache:
            self._cache[text] = read_numeral(text, self.tables)
        return self._cache[text]

    def numerals(self, doc: Doc) -> list[Numeral | None]:
        # the token's shape ("dd,ddd", "d.ddxx") is a cached lexeme attribute: a cheap digit test
        return [self.numeral(t.text) if (t.like_num or "d" in t.shape_ or t.lower_ in self._words)
                else None for t in doc]

    # --- units ------------------------------------------------------------------------------------

    def match_unit(self, doc: Doc, i: int, position: str) -> tuple[Unit, int] | None:
        """The longest unit form ending at token i (before) or starting at token i (after) → (unit, length)."""
        if not 0 <= i < len(doc):
            return None
        candidates = self._units.get((position, doc[i].text), []) + self._units.get((position, doc[i].lower_), [])
        best: tuple[Unit, int] | None = None
        for unit in candidates:
            n = len(unit.form)
            lo = i - n + 1 if position == "before" else i
            if lo < 0 or lo + n > len(doc) or (best is not None and n <= best[1]):
                continue
            if all((doc[lo + k].text if unit.case else doc[lo + k].lower_) == unit.form[k] for k in range(n)):
                best = (unit, n)
        return best

    # --- building ---------------------------------------------------------------------------------

    def _scale_at(self, doc: Doc, j: int) -> float | None:
        """The scale of token j if it can continue the number before it ("million", glued "m", "bn.")."""
        if j >= len(doc):
            return None
        low = doc[j].lower_
        scale = self.tables.scales.get(low)
        if scale is None and low.endswith(".") and glued(doc, j):
            scale = self.tables.scales.get(low[:-1])  # "$500m." at the end of a sentence
        if scale is None or not (scale.spaced or glued(doc, j)):
            return None
        return scale.value

    def _word_run(self, doc: Doc, i: int, nums: list[Numeral | None]) -> tuple[int, float | None]:
        """The longest run of number words from token i that reads as one number ("twenty-five")."""
        j = i
        parts: list[str] = []
        best: tuple[int, float | None] = (i + 1, None)
        while j < len(doc):
            num = nums[j]
            if num is not None and num.kind in {"word", "scale"}:
                parts.append(doc[j].lower_)
                value = word_value(parts)
                if value is not None:
                    best = (j + 1, value)
                j += 1
                continue
            nxt = nums[j + 1] if j + 1 < len(doc) else None
            if doc[j].text in DASHES and glued(doc, j) and glued(doc, j + 1) and nxt is not None \
                    and nxt.kind == "word":
                j += 1
                continue
            if doc[j].lower_ == "and" and parts and parts[-1] in self.tables.and_scales \
                    and nxt is not None and nxt.kind == "word":
                parts.append("and")
                j += 1
                continue
            break
        return best

    def _number(self, doc: Doc, i: int, nums: list[Numeral | None]) -> tuple[int, float, bool, bool, str | None] | None:
        """The number starting at token i → (end, value, scaled, words, number noun)."""
        first = nums[i]
        assert first is not None
        j, scaled, words, noun = i + 1, first.suffix_scale != 1.0, False, None
        if first.kind == "digits":
            value = first.value * first.suffix_scale
            while first.suffix_unit is None and (scale := self._scale_at(doc, j)) is not None:
                value, scaled, j = value * scale, True, j + 1
        elif first.kind == "word":
            j, word = self._word_run(doc, i, nums)
            if word is None:
                return None
            value, words = word, True
        elif first.kind == "scale":
            if lower_at(doc, i - 1) not in self.tables.one_articles:
                return None  # "a million people": the article stands for one; a bare "million" is vague
            j, word = self._word_run(doc, i, nums)  # "a hundred thirty million"
            value, words = (word if word is not None else first.value), True
        else:  # a number noun on its own: "a pair of", "a dozen", "half of", "a third of"
            entry = self.tables.number_nouns[doc[i].lower_]
            prev = lower_at(doc, i - 1)
            if entry.word == "half":
                if prev in self.tables.half_blockers or lower_at(doc, i + 1) in DASHES:
                    return None
            elif entry.kind == "group" and prev in self.tables.group_determiners:
                if i + 1 >= len(doc) or doc[i + 1].tag_ not in {"NNS", "NNPS"}:
                    return None  # "the dozen emails" counts; "the pair met" is a pronoun
            elif prev not in (self.tables.one_articles if entry.kind == "group" else self.tables.fraction_openers):
                return None
            value, words, noun = first.value, True, entry.word
            # "half a million", "half a trillion dollars"
            if entry.kind == "fraction" and lower_at(doc, j) in self.tables.one_articles and j + 1 < len(doc) \
                    and nums[j + 1] is not None and nums[j + 1].kind == "scale":
                value, scaled, noun, j = value * nums[j + 1].value, True, None, j + 2
        # "two and a half", "one and a half million"
        if value == int(value) and [lower_at(doc, j + k) for k in range(3)] == ["and", "a", "half"]:
            value, j = value + 0.5, j + 3
            while (scale := self._scale_at(doc, j)) is not None:
                value, scaled, j = value * scale, True, j + 1
        # a number noun after a number: "two dozen", "two-thirds", "three quarters"
        k = j + 1 if lower_at(doc, j) in DASHES and glued(doc, j) else j
        if noun is None and lower_at(doc, k) in self.tables.number_nouns and value == int(value) and not scaled \
                and first.suffix_unit is None and lower_at(doc, k) != "half":
            entry = self.tables.number_nouns[doc[k].lower_]
            value, noun, j, words = value * entry.value, entry.word, k + 1, True
        if noun is not None:
            entry = self.tables.number_nouns[noun]
            follower = lower_at(doc, j)
            if (entry.needs_of and follower != "of") or \
                    (entry.word == "half" and follower not in self.tables.half_followers):
                return None
        return j, value, scaled, words, noun

    def _group(self, doc: Doc, i: int, nums: list[Numeral | None]) -> Found | None:
        """The figure whose number starts at token i, with its scale words, sign and unit."""
        first = nums[i]
        assert first is not None
        read = self._number(doc, i, nums)
        if read is None:
            return None
        j, value, scaled, words, noun = read
        start, end = i, j
        unit: Unit | None = first.prefix_unit or first.suffix_unit
        if first.prefix_unit is None and (unit is None or unit.position == "after"):
            before = self.match_unit(doc, i - 1, "before")
            if before is not None and unit is None:
                unit, start = before[0], i - before[1]
        if unit is None:
            # "a 2,000-mile border": the unit may be hyphenated to the number
            k = j + 1 if lower_at(doc, j) in DASHES and glued(doc, j) and glued(doc, j + 1) else j
            after = self.match_unit(doc, k, "after")
            if after is not None:
                unit, end = after[0], k + after[1]
        # "m" glued to digits means million in money and before a counted plural, else metres ("the 100m")
        glued_m = (doc[i].lower_.endswith("m") and first.suffix_scale == 1e6) or \
            (first.kind == "digits" and j > i + 1 and lower_at(doc, i + 1).rstrip(".") == "m" and glued(doc, i + 1))
        if glued_m and unit is None and self.metre is not None:
            nxt = doc[end] if end < len(doc) else None
            if not (nxt is not None and (nxt.tag_ in {"NNS", "NNPS"} or nxt.lower_ == "of")):
                unit, value = self.metre, value / 1e6
        number = value * (unit.factor if unit else 1.0)
        return Found(start, end, i, j, number, unit.unit if unit else None, unit.kind if unit else None,
                     scaled=scaled, words=words, noun=noun)

    # --- ranges, qualifiers -----------------------------------------------------------------------

    def _plain_int(self, doc: Doc, f: Found) -> bool:
        num = self.numeral(doc[f.num_start].text)
        return f.num_end - f.num_start == 1 and num is not None and num.plain and num.integer

    def join_ranges(self, doc: Doc, found: list[Found]) -> list[Found]:
        """Join "10 to 20", "between 10 and 20", "3%-5%" into one figure; drop scores ("won 3-1")."""
        out: list[Found] = []
        i = 0
        while i < len(found):
            if i + 1 < len(found):
                joined = self._range(doc, found[i], found[i + 1])
                if joined == "score":
                    i += 2
                    continue
                if isinstance(joined, Found):
                    out.append(joined)
                    i += 2
                    continue
            out.append(found[i])
            i += 1
        return out

    def _range(self, doc: Doc, a: Found, b: Found) -> Found | str | None:
        if b.start != a.end + 1 or doc[a.end].lower_ not in self.tables.range_separators:
            return None
        sep = doc[a.end].lower_
        if sep in DASHES and self._plain_int(doc, a) and self._plain_int(doc, b) and glued(doc, a.end) \
                and glued(doc, b.start) and b.number <= a.number:
            return "score"  # "won 3-1", "a 219-213 vote": ranges go upwards, tallies need not
        prev_low = lower_at(doc, a.start - 1)
        if sep == "and" and prev_low != "between":
            return None
        if sep == "to" and (prev_low in self.tables.change_words
                            or (a.start > 0 and doc[a.start - 1].lemma_.lower() in self.tables.tally_verbs)):
            return None
        if a.unit and b.unit and a.unit != b.unit:
            return None
        low = a.number
        b_first = self.numeral(doc[b.num_start].text)
        if b.scaled and not a.scaled and a.unit is None and b_first is not None and b_first.value:
            # "between 2 and 3 million": the scale of the upper end applies to the lower one
            scale = b.number / b_first.value
            if a.number * scale <= b.number:
                low = a.number * scale
        if low >= b.number or (sep == "to" and b.number > RANGE_MAX_RATIO * low):
            return None
        return Found(a.start, b.end, a.num_start, b.num_end, low, b.unit or a.unit, b.unit_kind or a.unit_kind,
                     ranged=True, upper=b.number, scaled=a.scaled or b.scaled, words=a.words and b.words)

    def qualify(self, doc: Doc, f: Found) -> Found:
        """Set the qualifier from an approximator or comparative right before or after the figure;
        a loose number noun ("a couple of") is approximate by itself."""
        found = self._qualified(doc, f)
        if found.qualifier is None and f.noun is not None and self.tables.number_nouns[f.noun].approx:
            return replace(found, qualifier="approx")
        return found

    @staticmethod
    def share_conversions(doc: Doc, found: list[Found]) -> list[Found]:
        """"about $48bn (£25.5bn)": an amount converted in brackets is as approximate as the one it converts."""
        out = list(found)
        for k in range(1, len(out)):
            a, b = out[k - 1], out[k]
            if b.qualifier is None and a.qualifier is not None and a.unit_kind == b.unit_kind == "currency" \
                    and b.start == a.end + 1 and doc[a.end].text == "(" and lower_at(doc, b.end) == ")":
                out[k] = replace(b, qualifier=a.qualifier)
        return out

    def typed_age(self, doc: Doc, f: Found) -> Found:
        """"She turns 70": a bare whole number that a verb of reaching an age takes is an age in years."""
        last = doc[f.num_end - 1]
        if f.unit is not None or f.ranged or f.scaled or f.noun is not None or f.number != int(f.number) \
                or not 0 < f.number <= AGE_MAX or last.dep_ not in AGE_DEPS \
                or last.head.lemma_.lower() not in self.tables.age_verbs:
            return f
        return replace(f, unit=AGE_UNIT, unit_kind="measure")

    def _qualified(self, doc: Doc, f: Found) -> Found:
        if f.start > 0:
            for q in self._qualifiers.get(("before", doc[f.start - 1].lower_), []):
                lo = f.start - len(q.phrase)
                if lo >= 0 and all(doc[lo + k].lower_ == w for k, w in enumerate(q.phrase)):
                    return replace(f, qualifier=q.qualifier)
        if f.end < len(doc):
            for q in self._qualifiers.get(("after", doc[f.end].lower_), []):
                n = len(q.phrase)
                if f.end + n <= len(doc) and all(doc[f.end + k].lower_ == w for k, w in enumerate(q.phrase)):
                    if q.phrase == ("plus",) and f.end + 1 < len(doc) and doc[f.end + 1].is_alpha:
                        continue  # "5,000 plus bonuses": a conjunction, not "5,000-plus"
                    return replace(f, qualifier=q.qualifier)
        return f

    # --- main -------------------------------------------------------------------------------------

    def candidates(self, doc: Doc, blocked: set[int]) -> list[Found]:
        """Every quantity of the doc outside ``blocked`` tokens (dates, names, boilerplate), ranges joined."""
        nums = self.numerals(doc)
        found: list[Found] = []
        i = 0
        while i < len(doc):
            if nums[i] is None or i in blocked:
                i += 1
                continue
            f = self._group(doc, i, nums)
            if f is None or (found and f.start < found[-1].end):
                i += 1
                continue
            if any(k in blocked for k in range(f.num_start, f.num_end)):
                i = f.num_end
                continue
            found.append(f)
            i = max(f.end, i + 1)
        return self.join_ranges(doc, found)
