"""The ``news_events`` spaCy component: ``doc._.events`` from the final mentions.

``doc._.events`` is a list of :class:`pipeline.annotations.Event`, in trigger
order: the trigger and its sentence as spans, the date, place, participants
and figures as references to spans of ``doc.spans["news_mentions"]``, and a
cluster id shared by reports of the same happening in other documents.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.component import NewsComponent
from pipeline.events.detect import extract_events
from pipeline.events.lexicon import TriggerLexicon, load_rules, load_word_lists
from pipeline.lexicon import Lexicon
from pipeline.resources import DataFiles


class EventExtractor(NewsComponent):
    """Sets ``doc._.events`` from the trigger rules, the parse and the mentions."""

    def build(self) -> TriggerLexicon:
        if self.lexicon is None:
            raise ValueError("news_events needs a lexicon (the countries of nationality words)")
        files = self.files
        words = load_word_lists(files.tsv("word_lists"), files.refs["word_lists"])
        # "the talks", "this meeting": the demonstratives are the lexicon's
        words["anaphor"] = words["anaphor"] | self.lexicon.words("demonstrative", "plural_demonstrative")
        return TriggerLexicon.build(load_rules(files.jsonl("triggers"), files.refs["triggers"]), words)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = extract_events(doc, self.state, self.lexicon.countries)
        return doc


@Language.factory(
    "news_events",
    default_config={
        "triggers": "models:events/triggers.jsonl",
        "word_lists": "models:events/word_lists.tsv",
        "lexicon": {"@misc": "newsfacts.lexicon.v1"},
    },
    # also read: token.pos (set by the attribute ruler, which declares no assigns) and doc._.published_at
    # (set by the caller, not by a component)
    requires=["doc.spans", "doc.sents", "token.dep", "token.head", "token.tag", "token.lemma", "span._.timex",
              "span._.figure", "span._.canonical", "span._.entity_id", "doc._.officials"],
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str, triggers: str, word_lists: str, lexicon: Lexicon) -> EventExtractor:
    return EventExtractor(DataFiles({"triggers": triggers, "word_lists": word_lists}), lexicon)
