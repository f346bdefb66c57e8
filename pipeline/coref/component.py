"""The ``news_coref`` spaCy component: ``doc._.coref``, pronouns and descriptions resolved to mentions.

(Skeleton: resolution rules are being written.)
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.component import NewsComponent
from pipeline.lexicon import Lexicon
from pipeline.resources import DataFiles


class Coreference(NewsComponent):
    """Sets ``doc._.coref``: one :class:`pipeline.annotations.Chain` per entity referred to."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.coref = []
        return doc


@Language.factory(
    "news_coref",
    default_config={"lexicon": {"@misc": "newsfacts.lexicon.v1"}},
    requires=["doc.spans", "doc.sents", "token.dep", "token.head", "token.tag", "span._.canonical",
              "span._.entity_id", "doc._.officials"],
    assigns=["doc._.coref"],
)
def make_coref(nlp: Language, name: str, lexicon: Lexicon) -> Coreference:
    return Coreference(DataFiles({}), lexicon)
