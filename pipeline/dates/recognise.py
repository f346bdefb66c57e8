"""Date spans as TimeML cuts them, from spaCy's DATE/TIME entities and our own patterns.

spaCy's entities carry prepositions ("on Tuesday"), possessives ("Wednesday’s"),
ages ("50 years old") and bare numbers; they miss vague references ("recently",
"in recent months") and some modifiers ("over a year"). Candidates are re-cut
here: edges trimmed by the trim table, modifiers from the modifier table and
"ago/earlier/before" pulled in, conjoined dates split, non-temporal spans
dropped, overlaps resolved longest-first. The words each step reads are the
lists of ``models/dates/word_lists.tsv`` (``tables.lists``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.annotations import boilerplate_tokens
from pipeline.dates.tables import DateTables

_YEARLIKE = re.compile(r"^(?:1[0-9]{3}|20[0-9]{2})s?$")
_TIMELIKE = re.compile(r"^\d{1,2}:\d{2}$|^(?:am|pm)$|^'?\d{2,3}0s$|^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}/\d{1,2}/\d{2,4}$")


@dataclass(frozen=True)
class Candidate:
    start: int      # token offsets
    end: int
    source: str     # "model:ner" or "rule:dates"
    temporal: bool = False  # a pattern's match that is a date without a time word ("the latest period")


def _expand(value, lists: dict[str, list[str]]):
    """Replace "%NAME%" strings in a token pattern by the word list of that table."""
    if isinstance(value, str) and value.startswith("%") and value.endswith("%"):
        if value[1:-1] not in lists:
            raise ValueError(f"unknown pattern placeholder {value}")
        return lists[value[1:-1]]
    if isinstance(value, dict):
        return {k: _expand(v, lists) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, lists) for v in value]
    return value


def pattern_lists(tables: DateTables) -> dict[str, list[str]]:
    def of_kind(kind: str) -> list[str]:
        words = sorted(w for w, kinds in tables.words.items() if kind in kinds)
        return sorted(set(words) | {w + "." for w in words if len(w) <= 4})

    return {
        "MONTH": of_kind("month"), "WEEKDAY": of_kind("weekday"), "SEASON": of_kind("season"),
        "PART_OF_DAY": of_kind("part_of_day"),
        "UNIT": sorted(w for w in tables.units if w not in tables.unit_plurals),
        "UNITS": sorted(tables.unit_plurals),
    }


@dataclass
class PatternSet:
    """The patterns of ``patterns.jsonl``, each run only on the sentences that hold its trigger words.

    spaCy's Matcher costs time per token and per pattern; a sentence without a
    pattern's trigger (the word list of its most telling required token) cannot
    match it and is skipped.
    """

    matchers: list[tuple[frozenset[str] | None, frozenset[str], Matcher]]
    cuts: dict[str, tuple[int, int]]
    temporal: frozenset[str] = frozenset()   # ids of the patterns whose matches are dates by themselves

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        # a pattern that tests POS or TAG cannot run on a doc without them (a blank pipeline in tests)
        usable = [(trigger, matcher) for trigger, needs, matcher in self.matchers
                  if all(doc.has_annotation(attr) for attr in needs)]
        if not doc.has_annotation("SENT_START"):
            return [m for _, matcher in usable for m in matcher(doc)]
        sentences = [(sent, {t.lower_ for t in sent}) for sent in doc.sents]
        found = []
        for trigger, matcher in usable:
            for sent, lowers in sentences:
                if trigger is None or not trigger.isdisjoint(lowers):
                    found.extend((m.label, m.start, m.end) for m in matcher(sent, as_spans=True))
        return found


def _trigger(pattern: list[dict], common_words: frozenset[str]) -> frozenset[str] | None:
    """The word list of the required token with the fewest common words (the last one on ties)."""
    best: tuple[int, int] | None = None
    trigger = None
    for i, token in enumerate(pattern):
        if token.get("OP") in ("?", "*"):
            continue
        lower = token.get("LOWER")
        words = [lower] if isinstance(lower, str) else (
            lower.get("IN") if isinstance(lower, dict) and isinstance(lower.get("IN"), list) else None)
        if not words:
            continue
        score = (sum(w in common_words for w in words), -i)
        if best is None or score < best:
            best, trigger = score, frozenset(words)
    return trigger


def build_matcher(vocab, tables: DateTables) -> PatternSet:
    lists = pattern_lists(tables)
    matchers = []
    cuts: dict[str, tuple[int, int]] = {}
    for pattern in tables.patterns:
        expanded = _expand(pattern.pattern, lists)
        matcher = Matcher(vocab, validate=True)
        matcher.add(pattern.id, [expanded], greedy="LONGEST")
        needs = frozenset(attr for token in expanded for attr in ("POS", "TAG", "DEP", "LEMMA") if attr in token)
        matchers.append((_trigger(expanded, tables.lists.common_words), needs, matcher))
        cuts[pattern.id] = (pattern.drop_first, pattern.drop_last)
    return PatternSet(matchers, cuts, frozenset(p.id for p in tables.patterns if p.temporal))


def build_holiday_matcher(nlp, tables: DateTables) -> PhraseMatcher:
    """Holiday names from the holiday table, matched case-insensitively (capitals checked on match)."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, holiday in sorted(tables.holidays.items()):
        forms = {holiday.name, holiday.name.replace("'", "’")}
        matcher.add(f"holiday:{key}", [nlp.make_doc(form) for form in sorted(forms)])
    return matcher


def is_temporal(words: str, tables: DateTables) -> bool:
    """Whether a normalised expression holds any word that makes it a date, time, duration or set."""
    if not words:
        return False
    if words in tables.vague or " ".join(w for w in words.split() if w != "the") in tables.vague:
        return True
    for word in words.split():
        kinds = tables.words.get(word)
        if kinds and ("month" in kinds or "weekday" in kinds or "season" in kinds or "part_of_day" in kinds):
            return True
        if word in tables.units or word in tables.lists.deictic or word in tables.sets:
            return True
        if _YEARLIKE.match(word) or _TIMELIKE.match(word):
            return True
        if word.endswith("s") and tables.words.get(word[:-1], {}).get("weekday"):
            return True
    return any(name in words for name in tables.holidays)


def names_calendar_date(text: str, tables: DateTables) -> bool:
    """Whether a text names a month, weekday, year or numeric date (what dateparser is worth asking about)."""
    return _calendar_side(tables.normalise_text(text).split(), tables)


def _calendar_side(tokens: list[str], tables: DateTables) -> bool:
    """A side of a conjunction that names a calendar date by itself (not just a unit: "weeks and months")."""
    for word in tokens:
        kinds = tables.words.get(word)
        if kinds and ("month" in kinds or "weekday" in kinds or "season" in kinds):
            return True
        if _YEARLIKE.match(word) or _TIMELIKE.match(word) or word in tables.lists.deictic_days:
            return True
    return False


def _is_quantity(token_text: str, tables: DateTables) -> bool:
    return token_text[:1].isdigit() or token_text in tables.lists.quantity_words


def _names_date(token, tables: DateTables, determiner: str) -> bool:
    """Whether a determiner before ``token`` is outside the date ("the Dec. 21, 1988, bombing")."""
    low = token.lower_.rstrip(".")
    if _YEARLIKE.match(low) and not _YEARLIKE.match(low).group().endswith("s"):
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        # but "the 1988 quarter" is one date
        return nxt is None or not (nxt.lower_ in tables.lists.period_nouns or tables.units.get(nxt.lower_) is not None)
    if re.match(r"^\d{1,2}(?:st|nd|rd|th)$", low):
        return determiner != "the"
    # "the 1990s" keeps its article (a decade is named with it); "the Dec. 21 bombing" does not
    return determiner == "the" and tables.kind(low, "month") is not None


def trim(doc: Doc, start: int, end: int, tables: DateTables) -> tuple[int, int]:
    """Cut prepositions, punctuation and possessives from the edges."""
    always = tables.trim.get("start", set())
    unless_number = tables.trim.get("start_unless_number", set())
    at_end = tables.trim.get("end", set())
    while start < end:
        token = doc[start]
        low = token.lower_
        if token.is_punct or token.is_space or low in always:
            start += 1
            continue
        if low in unless_number and start + 1 < end and not _is_quantity(doc[start + 1].lower_, tables):
            start += 1
            continue
        if low in tables.articles and start + 1 < end and _names_date(doc[start + 1], tables, low):
            start += 1              # "the Dec. 21, 1988, bombing", "a 20th century democrat"
            continue
        if low in ("a", "an") and start + 1 < end and _modifies_noun_after(doc, end):
            start += 1              # "a weekend press report", "a fourth-quarter charge": the article is the noun's
            continue
        if token.dep_ == "mark" and start + 1 < end:
            start += 1              # "predicting that full year profits would rise": a conjunction, not "that year"
            continue
        if start + 2 < end and doc[start + 1].lower_ == "as" and any(m.words == (low,) for m in tables.modifiers_before):
            start += 2              # "as early as next year's first quarter": a comparison, not a modifier
            continue
        break
    while end > start:
        token = doc[end - 1]
        if token.is_punct or token.is_space or token.lower_ in at_end or token.tag_ == "POS":
            end -= 1
            continue
        break
    return start, end


def _modifies_noun_after(doc: Doc, end: int) -> bool:
    """The span's last word modifies a noun after the span ("a weekend [press report]")."""
    last = doc[end - 1]
    return last.dep_ in ("compound", "amod", "nmod") and last.head.i >= end and last.head.pos_ in ("NOUN", "PROPN")


def extend(doc: Doc, start: int, end: int, tables: DateTables) -> tuple[int, int]:
    """Pull in a modifier before the span and an adverb such as "ago" or "before" after it."""
    before = doc[start - 1].lower_ if start > 0 else None
    for modifier in tables.modifiers_before if before in tables.modifier_last_words else ():
        n = len(modifier.words)
        if start - n < 0:
            continue
        if tuple(t.lower_ for t in doc[start - n:start]) != modifier.words:
            continue
        if (modifier.needs == "number" or modifier.words[-1] in tables.trim.get("start_unless_number", ())) \
                and not _is_quantity(doc[start].lower_, tables):
            continue                # "about two years", but "worried about the future"
        start -= n
        break
    if _YEARLIKE.match(doc[end - 1].lower_) and end < len(doc) and doc[end].lower_ in tables.lists.period_nouns:
        end += 1                    # "the 1988 period"
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
    if start > 0 and doc[start - 1].lower_ in tables.lists.left_words and doc[start - 1].pos_ != "VERB":
        start -= 1
    if start > 1 and doc[start - 1].text == "-" and any(m.words == (doc[start - 2].lower_,)
                                                         for m in tables.modifiers_before):
        start -= 2                  # "early-October": the modifier written with a hyphen
    if end + 1 < len(doc) and doc[end - 1].lower_ in ("ago", "earlier") and end - start >= 3 \
            and doc[end - 2].text == "-" and doc[end].lower_ in tables.lists.period_nouns:
        end += 1                    # "the year-ago period", "the year-earlier quarter"
    if end < len(doc):
        nxt = doc[end]
        after = doc[end + 1] if end + 1 < len(doc) else None
        trailing = tables.lists.trailing_adverbs
        if (nxt.lower_ in trailing or nxt.lower_ in tables.lists.trailing_prepositions) \
                and not any(c.dep_ in ("pobj", "pcomp") for c in nxt.children):
            # "ago", "earlier", "later" are adverbs; "before", "after" only when nothing follows them
            if nxt.lower_ in trailing or after is None or after.is_punct or after.is_sent_start:
                end += 1
    return start, end


def cut_leading_junk(doc: Doc, start: int, end: int, tables: DateTables) -> int:
    """Drop a leading word that is neither temporal nor grammar ("coup d'etat last year")."""
    for _ in range(2):
        if end - start < 2:
            break
        token = doc[start]
        low = token.lower_
        if token.like_num and doc[start + 1].lower_ in ("a", "an") and end - start >= 3:
            start += 1              # "up from seven a year ago"
            continue
        if low in tables.start_words or token.like_num or low in tables.words or low in tables.units \
                or low in tables.sets or is_temporal(tables.normalise_text(token.text), tables):
            break
        if any(name.startswith(low) for name in tables.holidays):
            break
        if low in ("a", "an") and end - start >= 3:
            nxt = doc[start + 1]
            if nxt.pos_ in ("NOUN", "PROPN") and not _is_quantity(nxt.lower_, tables) \
                    and not is_temporal(tables.normalise_text(nxt.text), tables) \
                    and is_temporal(tables.normalise_text(doc[start + 2:end].text), tables):
                start += 2          # "an interview several months before"
                continue
        if not is_temporal(tables.normalise_text(doc[start + 1:end].text), tables):
            break
        start += 1
    return start


def split_conjoined(doc: Doc, start: int, end: int, tables: DateTables) -> list[tuple[int, int]]:
    """"Tuesday and Wednesday", "1990 to 1995" are two TIMEX3s; "a year and a half" is one.

    So are "the first nine months" and "1997" in "the first nine months of 1997".
    """
    words = tables.lists
    for i in range(start + 1, end - 1):
        low = doc[i].lower_
        if low not in words.splitters and low != "of" and low not in words.period_ends:
            continue
        left = tables.normalise_text(doc[start:i].text).split()
        right = tables.normalise_text(doc[i + 1:end].text).split()
        if low in words.period_ends:
            if _calendar_side(right, tables) and is_temporal(" ".join(left), tables):
                return [(start, i), (i + 1, end)]
            continue
        if low == "of":
            counted = len(left) >= 2 and left[-2][:1].isdigit() and left[-1] in tables.unit_plurals
            if counted and _calendar_side(right, tables):
                return [(start, i), (i + 1, end)]
            continue
        if _calendar_side(left, tables) and _calendar_side(right, tables):
            return [(start, i)] + split_conjoined(doc, i + 1, end, tables)
    return [(start, end)]


def split_adjacent(doc: Doc, start: int, end: int, tables: DateTables) -> list[tuple[int, int]]:
    """Two expressions run together with nothing between them are two TIMEX3s: a duration and
    a date or "now" ("for more than four hours Friday", "for decades now"), a vague adverb and a
    date ("recently last October")."""
    for i in range(start + 1, end):
        if _two_expressions(doc, (start, i), (i, end), tables):
            return [(start, i), (i, end)]
    return [(start, end)]


def _two_expressions(doc: Doc, left: tuple[int, int], right: tuple[int, int], tables: DateTables) -> bool:
    """A duration or a vague adverb followed by a date or "now": two expressions side by side."""
    words = tables.normalise_text(doc[left[0]:left[1]].text).split()
    after = tables.normalise_text(doc[right[0]:right[1]].text).split()
    if not words or not after or doc[right[0]].lower_ in tables.lists.trailing_adverbs:
        return False
    duration = words[-1] in tables.unit_plurals or (words[-1] in tables.units and any(
        _is_quantity(w, tables) or w in tables.lists.vague_quantities for w in words[:-1]))
    vague = len(words) == 1 and words[0] in tables.vague and words[0] not in tables.lists.deictic
    dated = _calendar_side(after, tables) or (len(after) == 1 and after[0] in tables.lists.deictic)
    return (duration or vague) and dated


def _mergeable(doc: Doc, left: tuple[int, int, str], right: tuple[int, int, str], tables: DateTables) -> bool:
    """Adjacent pieces of one expression ("noon" "Thursday", "Thursday" "evening", "Saturday," "April 25")."""
    gap = doc[left[1]:right[0]]
    if len(gap) == 0:
        return not _two_expressions(doc, left[:2], right[:2], tables)
    if len(gap) == 1 and gap[0].text == ",":
        return tables.kind(doc[left[1] - 1].lower_, "weekday") is not None and \
            tables.kind(doc[right[0]].lower_.rstrip("."), "month") is not None
    return False


def _bare_part_of_day(words: str, tables: DateTables) -> bool:
    """"the morning" alone dates nothing; "overnight", "midday" date themselves (deictic)."""
    parts = [w for w in words.split() if w not in tables.lists.pod_fillers]
    return len(parts) == 1 and tables.kind(parts[0], "part_of_day") is not None and parts[0] not in tables.lists.deictic


def candidates(doc: Doc, patterns: PatternSet, holidays: PhraseMatcher | None = None) -> list[Candidate]:
    found: list[Candidate] = []
    if holidays is not None:
        for _match_id, start, end in holidays(doc):
            if doc[start].is_title:
                found.append(Candidate(start, end, "rule:dates"))
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            found.append(Candidate(ent.start, ent.end, "model:ner"))
    for match_id, start, end in patterns(doc):
        name = doc.vocab.strings[match_id]
        first, last = patterns.cuts.get(name, (0, 0))
        if end - last - (start + first) > 0:
            found.append(Candidate(start + first, end - last, "rule:dates", name in patterns.temporal))
    return found


def recognise(doc: Doc, patterns: PatternSet, tables: DateTables, holidays: PhraseMatcher | None = None,
              not_dates: set[int] | None = None, properties: frozenset[str] = frozenset()) -> list[tuple[Span, str]]:
    """Date spans with the recogniser that found them, sorted and non-overlapping.

    ``not_dates``: tokens of names and idioms no span may cover ("the Mail on Sunday", "saved the
    day"); ``properties``: frequency words that before a noun name a kind of thing ("annual report")."""
    blocked = boilerplate_tokens(doc) | (not_dates or set())
    pieces: list[tuple[int, int, str]] = []
    cuts: set[int] = set()      # where a candidate was split: the pieces must not be joined again
    for cand in candidates(doc, patterns, holidays):
        start, end = trim(doc, cand.start, cand.end, tables)
        if start >= end:
            continue
        parts = [part for piece in split_conjoined(doc, start, end, tables)
                 for part in split_adjacent(doc, *piece, tables)]
        cuts.update(e for _, e in parts[:-1])
        for s, e in parts:
            s, e = trim(doc, s, e, tables)
            if s >= e:
                continue
            s = cut_leading_junk(doc, s, e, tables)
            s, e = extend(doc, s, e, tables)
            words = tables.normalise_text(doc[s:e].text)
            if not (cand.temporal or is_temporal(words, tables)):
                continue
            age_words = tables.lists.age_words
            if any(w in age_words for w in words.split()) or (e < len(doc) and doc[e].lower_ in age_words):
                continue
            if e - s == 1 and words in properties and (
                    doc[s].dep_ == "amod" or (doc[s].head.pos_ in ("NOUN", "PROPN") and doc[s].head.i > s)):
                continue            # "annual report": a property; "a daily news conference" is a frequency
            if any(i in blocked for i in range(s, e)):
                continue
            pieces.append((s, e, cand.source))
    # longest first, then leftmost; model spans before rule spans on ties
    pieces.sort(key=lambda p: (-(p[1] - p[0]), p[0], p[2] != "model:ner"))
    taken: list[tuple[int, int, str]] = []
    for s, e, source in pieces:
        if any(s < te and ts < e for ts, te, _ in taken):
            continue
        taken.append((s, e, source))
    taken.sort()
    merged: list[tuple[int, int, str]] = []
    for piece in taken:
        if merged and piece[0] not in cuts and _mergeable(doc, merged[-1], piece, tables):
            last = merged.pop()
            source = last[2] if last[2] == piece[2] else "model:ner"
            piece = (last[0], piece[1], source)
        merged.append(piece)
    out = []
    for s, e, source in merged:
        if _bare_part_of_day(tables.normalise_text(doc[s:e].text), tables):
            continue
        out.append((Span(doc, s, e, label="DATE"), source))
    return out
