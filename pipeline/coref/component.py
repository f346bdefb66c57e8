"""The ``news_coref`` spaCy component: ``doc._.coref``, pronouns and descriptions resolved to mentions.

Rule-based and deterministic, one pass over the document (pipeline.coref.resolve):
third-person pronouns by number, gender, recency and subject salience;
descriptions ("the mayor", "the company", "his campaign", "a spokeswoman for X")
through the document's officials, titles and entity types. The word tables are
data (models/coref/), so a config can swap any of them. Neural coreference
packages are not used: their models download at run time.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.component import NewsComponent
from pipeline.coref.resolve import resolve
from pipeline.coref.tables import (
    CorefTables, load_descriptions, load_gendered, load_pronouns, load_word_lists,
)
from pipeline.lexicon import Lexicon
from pipeline.resources import DataFiles


class Coreference(NewsComponent):
    """Sets ``doc._.coref``: one :class:`pipeline.annotations.Chain` per entity referred to."""

    def build(self) -> CorefTables:
        f = self.files
        return CorefTables(
            pronouns=load_pronouns(f.tsv("pronouns"), f.refs["pronouns"]),
            descriptions=load_descriptions(f.jsonl("descriptions"), f.refs["descriptions"]),
            gender_words=load_gendered(f.tsv("gender_words"), f.refs["gender_words"]),
            given_names=load_gendered(f.tsv("given_names"), f.refs["given_names"]),
            words=load_word_lists(f.tsv("word_lists"), f.refs["word_lists"]),
        )

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        doc._.coref = resolve(doc, self.state, lexicon.titles if lexicon else None,
                              lexicon.countries if lexicon else None)
        return doc


@Language.factory(
    "news_coref",
    default_config={
        "pronouns": "models:coref/pronouns.tsv",
        "descriptions": "models:coref/descriptions.jsonl",
        "gender_words": "models:coref/gender_words.tsv",
        "given_names": "models:coref/given_names.tsv",
        "word_lists": "models:coref/word_lists.tsv",
        "lexicon": {"@misc": "newsfacts.lexicon.v1"},
    },
    # also read: token.pos (set by the attribute ruler, which declares no assigns)
    requires=["doc.spans", "doc.sents", "token.dep", "token.head", "token.tag", "span._.canonical",
              "span._.entity_id", "doc._.officials"],
    assigns=["doc._.coref"],
)
def make_coref(nlp: Language, name: str, pronouns: str, descriptions: str, gender_words: str, given_names: str,
               word_lists: str, lexicon: Lexicon) -> Coreference:
    files = {"pronouns": pronouns, "descriptions": descriptions, "gender_words": gender_words,
             "given_names": given_names, "word_lists": word_lists}
    return Coreference(DataFiles(files), lexicon)
