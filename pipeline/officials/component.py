"""The ``news_officials`` spaCy component: who holds which office, in which body, for which country."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401
from pipeline.officials.extract import OfficialsExtractor


class OfficialsRecogniser:
    """Sets ``doc._.officials``: one dict per person and role stated, sorted by offset."""

    def __init__(self, nlp: Language, titles: str, agencies: str) -> None:
        self.extractor = OfficialsExtractor(nlp.vocab, nlp.make_doc, titles, agencies or None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.officials = self.extractor(doc)
        return doc


@Language.factory(
    "news_officials",
    default_config={"titles": "models:lexicon/titles.jsonl", "agencies": "models:lexicon/agencies.jsonl"},
    requires=["doc.spans"],
    assigns=["doc._.officials"],
)
def make_officials(nlp: Language, name: str, titles: str, agencies: str) -> OfficialsRecogniser:
    return OfficialsRecogniser(nlp, titles, agencies)
