"""The ``news_events`` spaCy component: ``doc._.events`` from the final mentions.

Each event is a dict, in trigger order::

    {"type": "MEETING", "trigger": {"start", "end", "text"}, "sentence": {"start", "end"},
     "date": {"timex_value", "date_start", "date_end", "mention": {"start", "end"}} | None,
     "location": {"canonical", "entity_id", "mention": {"start", "end"}} | None,
     "participants": [{"canonical", "entity_id", "mention": {"start", "end"}, "role"}],
     "figures": [{"start", "end"}], "evidence": [{"start", "end"}], "cluster_id": "c-..."}

Every ``mention`` reference is the offsets of a span in ``doc.spans["news_mentions"]``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401
from pipeline.events.detect import extract_events
from pipeline.events.lexicon import load_lexicon

DEFAULT_TRIGGERS = "models:events/triggers.jsonl"
DEFAULT_WORD_LISTS = "models:events/word_lists.tsv"


class EventExtractor:
    def __init__(self, triggers: str = DEFAULT_TRIGGERS, word_lists: str = DEFAULT_WORD_LISTS) -> None:
        self.lexicon = load_lexicon(triggers, word_lists)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = extract_events(doc, self.lexicon)
        return doc


@Language.factory(
    "news_events",
    default_config={"triggers": DEFAULT_TRIGGERS, "word_lists": DEFAULT_WORD_LISTS},
    requires=["doc.spans"],
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str, triggers: str, word_lists: str) -> EventExtractor:
    return EventExtractor(triggers, word_lists)
