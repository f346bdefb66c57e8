"""The ``news_attributions`` spaCy component: ``doc._.attributions``, one per cue.

(Skeleton: the cue, source and content rules are being written.)
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.component import NewsComponent
from pipeline.lexicon import Lexicon
from pipeline.resources import DataFiles


class AttributionFinder(NewsComponent):
    """Sets ``doc._.attributions``: a list of :class:`pipeline.annotations.Attribution` in cue order."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = []
        return doc


@Language.factory(
    "news_attributions",
    default_config={"lexicon": {"@misc": "newsfacts.lexicon.v1"}},
    requires=["doc.spans", "doc.sents", "token.dep", "token.head", "token.tag", "token.lemma",
              "span._.canonical", "span._.entity_id", "doc._.coref"],
    assigns=["doc._.attributions"],
)
def make_attributions(nlp: Language, name: str, lexicon: Lexicon) -> AttributionFinder:
    return AttributionFinder(DataFiles({}), lexicon)
