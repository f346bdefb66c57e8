"""The ``news_attributions`` spaCy component: ``doc._.attributions``, one per cue.

The cues are data (models/attributions/cues.jsonl); :mod:`pipeline.attributions.detect` finds
cues, sources and contents, :mod:`pipeline.attributions.speakers` resolves who the source is and
dates the clause. Nothing is read from boilerplate blocks.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.annotations import Attribution, boilerplate_tokens
from pipeline.attributions.detect import Finder, spans
from pipeline.attributions.lexicon import CueLexicon, load_cues
from pipeline.attributions.speakers import Mentions, speaker_of
from pipeline.component import NewsComponent
from pipeline.lexicon import Lexicon
from pipeline.resources import DataFiles


class AttributionFinder(NewsComponent):
    """Sets ``doc._.attributions``: a list of :class:`pipeline.annotations.Attribution` in cue order."""

    def build(self) -> CueLexicon:
        return load_cues(self.files.jsonl("cues"), self.files.refs["cues"])

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = find_attributions(doc, self.state)
        return doc


def find_attributions(doc: Doc, cues: CueLexicon) -> list[Attribution]:
    mentions = Mentions(doc)
    out = []
    for item in Finder(doc, cues, boilerplate_tokens(doc)).run():
        cue = doc[item.cue[0]:item.cue[1]]
        source = doc[item.source[0]:item.source[1]] if item.source else None
        out.append(Attribution(
            kind=item.entry.kind, cue=cue, sentence=cue.sent, source=source,
            speaker=speaker_of(doc, source, mentions), content=spans(doc, item.content), direct=item.direct,
            date=mentions.date_of(item.verb),
        ))
    return out


@Language.factory(
    "news_attributions",
    default_config={"cues": "models:attributions/cues.jsonl", "lexicon": {"@misc": "newsfacts.lexicon.v1"}},
    requires=["doc.spans", "doc.sents", "token.dep", "token.head", "token.tag", "token.lemma",
              "span._.canonical", "span._.entity_id", "span._.timex", "doc._.coref"],
    assigns=["doc._.attributions"],
)
def make_attributions(nlp: Language, name: str, cues: str, lexicon: Lexicon) -> AttributionFinder:
    return AttributionFinder(DataFiles({"cues": cues}), lexicon)
