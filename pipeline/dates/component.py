"""The ``news_dates`` spaCy component: TimeML date spans with TIMEX3 values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401
from pipeline.dates import calendar as cal
from pipeline.dates.calendar import Point
from pipeline.dates.normalise import Context, Normaliser, Timex
from pipeline.dates.recognise import build_holiday_matcher, build_matcher, names_calendar_date, recognise
from pipeline.dates.tables import load_tables
from pipeline.dates.tense import clause_tense

SPAN_KEY = "news_dates"
DATEPARSER_PERIODS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year",
                      "time": "day"}
# words before "a year" that make it a frequency ("$5 a year", "twice a week")
FREQUENCY_CUES = {"times", "once", "twice", "thrice", "percent", "%"}
PAST_PREPOSITIONS = {"since"}
BARE_WORDS = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "all", "whole", "entire", "'s", "’s"}
# expressions whose value depends on the clause tense; the first tensed one is remembered for the others
TENSE_RULES = {"weekday", "pod_weekday", "month", "month_day_year", "day_month_year", "season", "holiday", "quarter"}


def reference(span: Span, refs: list[tuple[Span, Point]]) -> Point | None:
    """The date a relative expression counts from: the last one mentioned before it.

    A date coordinated with this one ("in November, similar to October and the
    same period last year") is a sibling, not the reference, so it is skipped.
    """
    for i in range(len(refs) - 1, -1, -1):
        prev, point = refs[i]
        if i > 0 and _coordinated(prev, span):
            continue
        return point
    return None


def _coordinated(a: Span, b: Span) -> bool:
    between = a.doc[a.end:b.start]
    if len(between) > 3 or not any(t.lower_ in ("and", "or") for t in between):
        return False
    return all(t.lower_ in ("and", "or", ",", "the", "as", "well") or t.is_punct for t in between) or \
        a.root.head == b.root or b.root.head == a.root or a.root.head == b.root.head


class DateParserFallback:
    """One dateparser instance for what the rules leave; RELATIVE_BASE is always the anchor."""

    def __init__(self, names_date: Callable[[str], bool]) -> None:
        self.names_date = names_date
        self.parser = DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "current_period"})
        self._settings: dict[dt.date, object] = {}
        self._cache: dict[tuple[str, dt.date], Point | None] = {}
        # the first parse loads dateparser's English data; pay that once here, not on the first article
        self.parser._settings = self._settings_for(dt.date(2000, 1, 1))
        self.parser.get_date_data("1 January 2000")

    def _settings_for(self, anchor: dt.date):
        settings = self._settings.get(anchor)
        if settings is None:
            base = dt.datetime(anchor.year, anchor.month, anchor.day, 12, 0)
            settings = self.parser._settings.replace(RELATIVE_BASE=base)
            self._settings[anchor] = settings
        return settings

    def __call__(self, text: str, anchor: dt.date) -> Point | None:
        key = (text, anchor)
        if key in self._cache:
            return self._cache[key]
        point = None
        if self.names_date(text):
            # the settings object of the one parser is swapped per anchor: dateparser reads RELATIVE_BASE from it
            self.parser._settings = self._settings_for(anchor)
            try:
                data = self.parser.get_date_data(text)
            except (ValueError, TypeError, OverflowError):
                data = None
            if data is not None and data.date_obj is not None and data.period in DATEPARSER_PERIODS:
                year = data.date_obj.year
                # a year read from a stray number ("April 24 and 25" → 2025) must be written out
                if abs(year - anchor.year) <= 1 or str(year) in text:
                    point = cal.floor(data.date_obj.date(), DATEPARSER_PERIODS[data.period])
        if len(self._cache) > 20000:
            self._cache.clear()
        self._cache[key] = point
        return point


class DateRecognizer:
    """Writes ``doc.spans["news_dates"]``: DATE spans with ``span._.timex`` and ``span._.extractor``."""

    def __init__(self, nlp: Language, calendar_words: str, units: str, modifiers: str, vague: str,
                 holidays: str, sets: str, rules: str, patterns: str, trim: str, use_dateparser: bool,
                 normalise: bool = True) -> None:
        self.normalise = normalise
        self.tables = load_tables(calendar_words, units, modifiers, vague, holidays, sets, rules, patterns, trim)
        self.patterns = build_matcher(nlp.vocab, self.tables)
        self.holidays = build_holiday_matcher(nlp, self.tables)
        self.fallback = DateParserFallback(lambda text: names_calendar_date(text, self.tables)) \
            if use_dateparser and normalise else None
        self.normaliser = Normaliser(self.tables, fallback=self.fallback)

    def __call__(self, doc: Doc) -> Doc:
        anchor = doc._.published_at
        if isinstance(anchor, dt.datetime):
            anchor = anchor.date()
        refs: list[tuple[Span, Point]] = []
        remembered: dict[str, tuple[str, bool]] = {}
        spans = []
        for span, source in recognise(doc, self.patterns, self.tables, self.holidays):
            span._.extractor = "model:ner+rule:dates" if source == "model:ner" else "rule:dates"
            if not self.normalise:      # spans only (benchmarks measure what normalisation costs)
                spans.append(span)
                continue
            tense, weak = clause_tense(span)
            key = span.text.lower()
            if tense is None and key in remembered:
                tense, weak = remembered[key]
            if tense is None and span.start > 0 and doc[span.start - 1].lower_ in PAST_PREPOSITIONS:
                tense, weak = "past", False     # "since late December" is behind us
            ctx = Context(anchor=anchor, ref=reference(span, refs), tense=tense, weak=weak,
                          is_set=self._is_frequency(span))
            timex = self.normaliser.normalise(span.text, ctx)
            if timex.value is None and self._bare_unit(span):
                continue
            if timex.rule in TENSE_RULES and ctx.tense is not None:
                remembered.setdefault(key, (ctx.tense, ctx.weak))
            # a date worked out from the reference ("a year earlier") does not move the reference
            from_ref = ctx.ref is not None and timex.anchor == ctx.ref.start and timex.anchor != anchor
            if timex.point is not None and timex.timex_type in ("DATE", "TIME") and not from_ref:
                refs.append((span, timex.point))
            span._.timex = timex.as_dict()
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc

    @staticmethod
    def _is_frequency(span: Span) -> bool:
        doc = span.doc
        if span[0].lower_ not in ("a", "an", "per", "each", "every"):
            return False
        for token in doc[max(0, span.start - 3):span.start]:
            if token.like_num or token.is_currency or token.lower_ in FREQUENCY_CUES \
                    or any(c.isdigit() for c in token.text):
                return True             # "$5 a year", "75p an hour", "twice a week"
        return False

    def _bare_unit(self, span: Span) -> bool:
        """"year", "his day", "week" alone: a unit with nothing that dates or counts it."""
        words = [t.lower_ for t in span if t.lower_ not in BARE_WORDS]
        return len(words) == 1 and words[0] in self.tables.units and words[0] not in self.tables.unit_plurals


DEFAULT_DATA = {
    "calendar_words": "models:dates/calendar_words.tsv",
    "units": "models:dates/units.tsv",
    "modifiers": "models:dates/modifiers.jsonl",
    "vague": "models:dates/vague.jsonl",
    "holidays": "models:dates/holidays.jsonl",
    "sets": "models:dates/sets.jsonl",
    "rules": "models:dates/rules.jsonl",
    "patterns": "models:dates/patterns.jsonl",
    "trim": "models:dates/trim.tsv",
}


@Language.factory(
    "news_dates",
    default_config={**DEFAULT_DATA, "use_dateparser": True, "normalise": True},
    requires=["doc.ents"],
    assigns=["doc.spans"],
)
def make_dates(nlp: Language, name: str, calendar_words: str, units: str, modifiers: str, vague: str,
               holidays: str, sets: str, rules: str, patterns: str, trim: str, use_dateparser: bool,
               normalise: bool) -> DateRecognizer:
    return DateRecognizer(nlp, calendar_words, units, modifiers, vague, holidays, sets, rules, patterns, trim,
                          use_dateparser, normalise)


__all__ = ["DateRecognizer", "make_dates", "Timex", "SPAN_KEY"]
