"""The ``news_dates`` spaCy component: TimeML date spans with TIMEX3 values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.annotations import DATES
from pipeline.component import NewsComponent
from pipeline.dates import calendar as cal
from pipeline.dates.calendar import Point
from pipeline.dates.normalise import Context, Normaliser, Resolution
from pipeline.dates.not_dates import NotDates, load_not_dates
from pipeline.dates.recognise import PatternSet, build_holiday_matcher, build_matcher, names_calendar_date, recognise
from pipeline.dates.tables import DateTables, load_tables
from pipeline.dates.tense import clause_tense
from pipeline.lexicon import Lexicon
from pipeline.resources import DataFiles

# dateparser's periods → our granularities
DATEPARSER_PERIODS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year",
                      "time": "day"}
# rules (models/dates/rules.jsonl ids) whose value depends on the clause tense; the first tensed reading of an
# expression is remembered for its repetitions
TENSE_RULES = {"weekday", "pod_weekday", "month", "month_day_year", "day_month_year", "season", "holiday", "quarter"}


def reference(span: Span, refs: list[tuple[Span, Point]], tables: DateTables) -> Point | None:
    """The date a relative expression counts from: the last one mentioned before it.

    A date coordinated with this one ("in November, similar to October and the
    same period last year") is a sibling, not the reference, so it is skipped.
    """
    for i in range(len(refs) - 1, -1, -1):
        prev, point = refs[i]
        if i > 0 and _coordinated(prev, span, tables):
            continue
        return point
    return None


def _coordinated(a: Span, b: Span, tables: DateTables) -> bool:
    words = tables.lists
    between = a.doc[a.end:b.start]
    if len(between) > 3 or not any(t.lower_ in words.coordinators for t in between):
        return False
    return all(t.lower_ in words.coordinators or t.lower_ in words.coordination_words or t.is_punct
               for t in between) or \
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


@dataclass(frozen=True)
class _State:
    """What the recogniser builds once from its data and the lexicon."""

    tables: DateTables
    patterns: PatternSet
    holidays: PhraseMatcher
    normaliser: Normaliser
    not_dates: NotDates


class DateRecogniser(NewsComponent):
    """Writes ``doc.spans["news_dates"]``: DATE spans with ``span._.timex`` and ``span._.extractor``."""

    spans_key = DATES

    def __init__(self, nlp: Language, files: DataFiles, lexicon: Lexicon, scorer: Callable | None = None,
                 use_dateparser: bool = True, normalise: bool = True) -> None:
        super().__init__(files, lexicon, scorer)
        self.nlp = nlp
        self.use_dateparser = use_dateparser
        self.normalise = normalise

    def build(self) -> _State:
        assert self.lexicon is not None
        tables = load_tables(self.files, self.lexicon)
        fallback = DateParserFallback(lambda text: names_calendar_date(text, tables)) \
            if self.use_dateparser and self.normalise else None
        not_dates = NotDates(self.nlp, load_not_dates(self.files.jsonl("not_dates"), self.files.refs["not_dates"]))
        return _State(tables=tables, patterns=build_matcher(self.nlp.vocab, tables),
                      holidays=build_holiday_matcher(self.nlp, tables),
                      normaliser=Normaliser(tables, fallback=fallback), not_dates=not_dates)

    def __call__(self, doc: Doc) -> Doc:
        state = self.state
        tables = state.tables
        anchor = doc._.published_at
        if isinstance(anchor, dt.datetime):
            anchor = anchor.date()
        refs: list[tuple[Span, Point]] = []
        remembered: dict[str, tuple[str, bool]] = {}
        spans = []
        for span, source in recognise(doc, state.patterns, tables, state.holidays,
                                      not_dates=state.not_dates.blocked(doc), properties=state.not_dates.properties):
            span._.extractor = "model:ner+rule:dates" if source == "model:ner" else "rule:dates"
            if not self.normalise:      # spans only (benchmarks measure what normalisation costs)
                spans.append(span)
                continue
            tense, weak = clause_tense(span, tables.lists)
            key = span.text.lower()
            if tense is None and key in remembered:
                tense, weak = remembered[key]
            if tense is None and span.start > 0 and doc[span.start - 1].lower_ in tables.lists.past_prepositions:
                tense, weak = "past", False     # "since late December" is behind us
            ctx = Context(anchor=anchor, ref=reference(span, refs, tables), tense=tense, weak=weak,
                          is_set=self._is_frequency(span, tables))
            try:
                resolution = state.normaliser.normalise(span.text, ctx)
            except (OverflowError, ValueError):
                # the arithmetic left the calendar (an anchor near year 1 or 9999, "10,000 years ago"):
                # the span is a date without a value, never a failed document
                resolution = Resolution("DATE", None, rule="out_of_range")
            if resolution.value is None and self._bare_unit(span, tables):
                continue
            if resolution.rule in TENSE_RULES and ctx.tense is not None:
                remembered.setdefault(key, (ctx.tense, ctx.weak))
            # a date worked out from the reference ("a year earlier") does not move the reference
            from_ref = ctx.ref is not None and resolution.anchor == ctx.ref.start and resolution.anchor != anchor
            if resolution.point is not None and resolution.timex_type in ("DATE", "TIME") and not from_ref:
                refs.append((span, resolution.point))
            span._.timex = resolution.timex()
            spans.append(span)
        doc.spans[DATES] = spans
        return doc

    @staticmethod
    def _is_frequency(span: Span, tables: DateTables) -> bool:
        doc = span.doc
        if span[0].lower_ not in tables.lists.frequency_heads:
            return False
        for token in doc[max(0, span.start - 3):span.start]:
            if token.like_num or token.is_currency or token.lower_ in tables.lists.frequency_cues \
                    or any(c.isdigit() for c in token.text):
                return True             # "$5 a year", "75p an hour", "twice a week"
        return False

    @staticmethod
    def _bare_unit(span: Span, tables: DateTables) -> bool:
        """"year", "his day", "week" alone: a unit with nothing that dates or counts it."""
        words = [t.lower_ for t in span if t.lower_ not in tables.bare_words]
        return len(words) == 1 and words[0] in tables.units and words[0] not in tables.unit_plurals


@Language.factory(
    "news_dates",
    default_config={
        "calendar_words": "models:dates/calendar_words.tsv",
        "units": "models:dates/units.tsv",
        "modifiers": "models:dates/modifiers.jsonl",
        "vague": "models:dates/vague.jsonl",
        "holidays": "models:dates/holidays.jsonl",
        "sets": "models:dates/sets.jsonl",
        "rules": "models:dates/rules.jsonl",
        "patterns": "models:dates/patterns.jsonl",
        "trim": "models:dates/trim.tsv",
        "word_lists": "models:dates/word_lists.tsv",
        "meanings": "models:dates/meanings.tsv",
        "not_dates": "models:dates/not_dates.jsonl",
        "lexicon": {"@misc": "newsfacts.lexicon.v1"},
        "scorer": {"@scorers": "newsfacts.spans_scorer.v1"},
        "use_dateparser": True,
        "normalise": True,
    },
    # also reads doc._.published_at (the caller's) and token.pos (set by the base model's attribute ruler)
    requires=["doc.ents", "doc.spans", "token.dep", "token.tag", "token.lemma", "token.is_sent_start"],
    assigns=["doc.spans", "span._.timex", "span._.extractor"],
)
def make_dates(nlp: Language, name: str, calendar_words: str, units: str, modifiers: str, vague: str,
               holidays: str, sets: str, rules: str, patterns: str, trim: str, word_lists: str, meanings: str,
               not_dates: str, lexicon: Lexicon, scorer: Callable | None, use_dateparser: bool,
               normalise: bool) -> DateRecogniser:
    files = DataFiles({"calendar_words": calendar_words, "units": units, "modifiers": modifiers, "vague": vague,
                       "holidays": holidays, "sets": sets, "rules": rules, "patterns": patterns, "trim": trim,
                       "word_lists": word_lists, "meanings": meanings, "not_dates": not_dates})
    return DateRecogniser(nlp, files, lexicon, scorer, use_dateparser=use_dateparser, normalise=normalise)
