"""The ``news_figures`` component: numeric quantities that count or measure, normalised.

Writes ``doc.spans["news_figures"]`` (label ``FIGURE``) with ``span._.figure`` a
:class:`pipeline.annotations.Figure`. Runs after the model's NER and after
``news_dates`` and ``news_entities`` when they are present: a number inside a
date or a name is not a figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.annotations import DATES, ENTITIES, FIGURES, Figure, boilerplate_tokens
from pipeline.component import NewsComponent
from pipeline.figures.counts import add_counts
from pipeline.figures.exclusions import DocInfo, labels_a_thing
from pipeline.figures.recognise import FigureReader
from pipeline.figures.tables import FigureTables, load_tables
from pipeline.resources import DataFiles

# the model's labels for names; a number inside one is part of the name ("Title 42", "Air Force One").
# WORK_OF_ART is left out: the small model gives it to Title Case headlines ("Police Arrest 5 Men").
NAME_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
NUMERIC_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DATE_LABELS = frozenset({"DATE", "TIME"})
LABEL = "FIGURE"
RULE_EXTRACTOR = "rule:figures"
MODEL_EXTRACTOR = "model:ner+rule:figures"
_YEARISH = re.compile(r"^(?:1[5-9]\d\d|20\d\d)s?$|^['’]\d\ds$|^\d{1,2}:\d\d$")


def is_temporal(span: Span, tables: FigureTables) -> bool:
    """Whether a date span really names time; "Between 10 and 20" mislabelled DATE does not."""
    return any(t.lower_ in tables.temporal_words or _YEARISH.match(t.text) for t in span)


def blocked_tokens(doc: Doc, reader: FigureReader) -> set[int]:
    """Tokens no figure may use: boilerplate, dates, names."""
    tables = reader.tables
    blocked = set(boilerplate_tokens(doc))
    for span in doc.spans.get(DATES, []):
        if is_temporal(span, tables):
            blocked.update(range(span.start, span.end))
    for span in doc.spans.get(ENTITIES, []):
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


class FigureRecogniser(NewsComponent):
    """Figures by rule over the parse; the model's numeric entities only name the extractor."""

    spans_key = FIGURES

    def __init__(self, make_doc: Callable[[str], Doc], files: DataFiles, scorer: Callable | None = None,
                 normalise: bool = True) -> None:
        super().__init__(files, scorer=scorer)
        self.make_doc = make_doc  # the pipeline's tokenizer: multi-word forms in the tables are split with it
        self.normalise = normalise

    def build(self) -> FigureReader:
        return FigureReader(load_tables(self.files, lambda text: [t.text for t in self.make_doc(text)]))

    def __call__(self, doc: Doc) -> Doc:
        reader: FigureReader = self.state
        info = DocInfo.of(doc)
        candidates = reader.candidates(doc, blocked_tokens(doc, reader))
        found = [f for f in candidates if not labels_a_thing(doc, f, reader, info)]
        if self.normalise:
            found = reader.share_conversions(doc, [reader.typed_age(doc, reader.qualify(doc, f)) for f in found])
            with_counts = add_counts(doc, found, reader.tables, info.parsed, info.text)
        else:
            with_counts = [(f, None) for f in found]
        numeric = {i for ent in doc.ents if ent.label_ in NUMERIC_LABELS for i in range(ent.start, ent.end)}
        spans = []
        for f, counted in with_counts:
            span = Span(doc, f.start, f.end, label=LABEL)
            span._.figure = Figure(f.number, f.unit, counted, f.qualifier, f.upper) if self.normalise else Figure()
            span._.extractor = MODEL_EXTRACTOR if any(i in numeric for i in range(f.start, f.end)) \
                else RULE_EXTRACTOR
            spans.append(span)
        doc.spans[FIGURES] = spans
        return doc


@Language.factory(
    "news_figures",
    default_config={
        "units": "models:figures/units.jsonl",
        "qualifiers": "models:figures/qualifiers.jsonl",
        "scales": "models:figures/scales.jsonl",
        "number_nouns": "models:figures/number_nouns.jsonl",
        "reference_words": "models:figures/reference_words.jsonl",
        "temporal_words": "models:figures/temporal_words.tsv",
        "skip_adjectives": "models:figures/counts_skip_adjectives.tsv",
        "count_nouns": "models:figures/count_nouns.tsv",
        "tally_verbs": "models:figures/tally_verbs.tsv",
        "address_words": "models:figures/address_words.tsv",
        "word_lists": "models:figures/word_lists.tsv",
        "normalise": True,
        "scorer": {"@scorers": "newsfacts.spans_scorer.v1"},
    },
    # token.pos is read too, but the attribute ruler that sets it from the tags declares no assigns
    requires=["doc.ents", "doc.spans", "token.tag", "token.dep", "token.lemma"],
    assigns=["doc.spans", "span._.figure", "span._.extractor"],
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
    word_lists: str,
    normalise: bool,
    scorer: Callable | None,
) -> FigureRecogniser:
    """``normalise = false`` keeps the spans but skips values, qualifiers and counted nouns (for benchmarks)."""
    files = DataFiles({
        "units": units, "qualifiers": qualifiers, "scales": scales, "number_nouns": number_nouns,
        "reference_words": reference_words, "temporal_words": temporal_words, "skip_adjectives": skip_adjectives,
        "count_nouns": count_nouns, "tally_verbs": tally_verbs, "address_words": address_words,
        "word_lists": word_lists,
    })
    return FigureRecogniser(nlp.make_doc, files, scorer=scorer, normalise=normalise)
