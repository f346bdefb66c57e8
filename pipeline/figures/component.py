"""The ``news_figures`` component: numeric quantities that count or measure, normalised.

Writes ``doc.spans["news_figures"]`` (label ``FIGURE``) with ``span._.figure`` =
{"number", "unit", "counts", "qualifier", "range_end"}. Runs after the model's
NER and after ``news_dates`` and ``news_entities`` when they are present: a number
inside a date or a name is not a figure.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401
from pipeline.figures.counts import add_counts
from pipeline.figures.exclusions import DocInfo, labels_a_thing
from pipeline.figures.recognise import FigureReader, Found
from pipeline.figures.tables import DEFAULT_FILES, FigureTables, load_tables

# the model's labels for names; a number inside one is part of the name ("Title 42", "Air Force One").
# WORK_OF_ART is left out: the small model gives it to Title Case headlines ("Police Arrest 5 Men").
NAME_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
NUMERIC_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DATE_LABELS = frozenset({"DATE", "TIME"})
SPAN_KEY = "news_figures"
FIGURE_KEYS = ("number", "unit", "counts", "qualifier", "range_end")
LABEL = "FIGURE"
BOILERPLATE_KEY = "news_boilerplate"
DATES_KEY = "news_dates"
ENTITIES_KEY = "news_entities"
RULE_EXTRACTOR = "rule:figures"
MODEL_EXTRACTOR = "model:ner+rule:figures"
_YEARISH = re.compile(r"^(?:1[5-9]\d\d|20\d\d)s?$|^['’]\d\ds$|^\d{1,2}:\d\d$")


def is_temporal(span: Span, tables: FigureTables) -> bool:
    """Whether a date span really names time; "Between 10 and 20" mislabelled DATE does not."""
    return any(t.lower_ in tables.temporal_words or _YEARISH.match(t.text) for t in span)


def blocked_tokens(doc: Doc, tables: FigureTables, reader: FigureReader) -> set[int]:
    """Tokens no figure may use: boilerplate, dates, names."""
    blocked: set[int] = set()
    for span in doc.spans.get(BOILERPLATE_KEY, []):
        blocked.update(range(span.start, span.end))
    for span in doc.spans.get(DATES_KEY, []):
        if is_temporal(span, tables):
            blocked.update(range(span.start, span.end))
    for span in doc.spans.get(ENTITIES_KEY, []):
        if has_name_word(span, reader):
            blocked.update(range(span.start, span.end))
    for ent in doc.ents:
        if (ent.label_ in NAME_LABELS and has_name_word(ent, reader)) or \
                (ent.label_ in DATE_LABELS and is_temporal(ent, tables)):
            blocked.update(range(ent.start, ent.end))
    return blocked


def has_name_word(ent: Span, reader: FigureReader) -> bool:
    """A name needs a word: the model sometimes labels a bare amount ("NZ$40m", "500bn") ORG or NORP."""
    return any(any(c.isalpha() for c in t.text) and reader.numeral(t.text) is None for t in ent)


def figure_dict(f: Found, counted: str | None) -> dict:
    return {"number": f.number, "unit": f.unit, "counts": counted, "qualifier": f.qualifier,
            "range_end": f.range_end}


class FigureRecogniser:
    """Figures by rule over the parse; the model's numeric entities only name the extractor."""

    def __init__(self, nlp: Language, name: str, normalise: bool = True, **files: str) -> None:
        tokenizer = nlp.tokenizer
        self.tables = load_tables(**files, tokenize=lambda text: [t.text for t in tokenizer(text)])
        self.reader = FigureReader(self.tables)
        self.normalise = normalise

    def __call__(self, doc: Doc) -> Doc:
        info = DocInfo.of(doc)
        candidates = self.reader.candidates(doc, blocked_tokens(doc, self.tables, self.reader))
        found = [f for f in candidates if not labels_a_thing(doc, f, self.reader, info)]
        if self.normalise:
            found = [self.reader.qualify(doc, f) for f in found]
            with_counts = add_counts(doc, found, self.tables, info.parsed, info.text)
        else:
            with_counts = [(f, None) for f in found]
        numeric = {i for ent in doc.ents if ent.label_ in NUMERIC_LABELS for i in range(ent.start, ent.end)}
        spans = []
        for f, counted in with_counts:
            span = Span(doc, f.start, f.end, label=LABEL)
            span._.figure = figure_dict(f, counted) if self.normalise else dict.fromkeys(FIGURE_KEYS)
            span._.extractor = MODEL_EXTRACTOR if any(i in numeric for i in range(f.start, f.end)) \
                else RULE_EXTRACTOR
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory(
    "news_figures",
    default_config={"normalise": True, **DEFAULT_FILES},
    requires=["doc.ents"],
    assigns=["doc.spans"],
)
def make_figures(
    nlp: Language,
    name: str,
    units: str,
    qualifiers: str,
    scales: str,
    number_nouns: str,
    reference_words: str,
    temporal_words: str,
    skip_adjectives: str,
    count_nouns: str,
    tally_verbs: str,
    address_words: str,
    normalise: bool,
) -> FigureRecogniser:
    """``normalise = false`` keeps the spans but skips values, qualifiers and counted nouns (for benchmarks)."""
    return FigureRecogniser(nlp, name, normalise=normalise, units=units, qualifiers=qualifiers, scales=scales,
                            number_nouns=number_nouns, reference_words=reference_words,
                            temporal_words=temporal_words, skip_adjectives=skip_adjectives,
                            count_nouns=count_nouns, tally_verbs=tally_verbs,
                            address_words=address_words)
