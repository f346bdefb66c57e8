"""The ``news_officials`` spaCy component: who holds which office, in which body, for which country."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.component import NewsComponent
from pipeline.lexicon import Lexicon
from pipeline.officials.extract import OfficialsExtractor
from pipeline.officials.tables import Tables, load_word_lists
from pipeline.resources import DataFiles


class OfficialsRecogniser(NewsComponent):
    """Sets ``doc._.officials``: one :class:`pipeline.annotations.Official` per person and role stated, by offset."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], files: DataFiles, lexicon: Lexicon) -> None:
        super().__init__(files, lexicon)
        self.vocab = vocab
        self.make_doc = make_doc  # the pipeline's tokenizer: titles are matched as it splits them

    def build(self) -> OfficialsExtractor:
        words = load_word_lists(self.files.tsv("word_lists"), self.files.refs["word_lists"])
        return OfficialsExtractor(self.vocab, self.make_doc, Tables.from_lexicon(self.lexicon, words))

    def __call__(self, doc: Doc) -> Doc:
        doc._.officials = [statement.official for statement in self.state(doc)]
        return doc


@Language.factory(
    "news_officials",
    default_config={"word_lists": "models:officials/word_lists.tsv", "lexicon": {"@misc": "newsfacts.lexicon.v1"}},
    # token.pos is read too, but no base component declares it, so analyze_pipes would report it missing
    requires=["doc.spans", "token.tag", "token.dep", "token.lemma", "token.ent_type"],
    assigns=["doc._.officials"],
)
def make_officials(nlp: Language, name: str, word_lists: str, lexicon: Lexicon) -> OfficialsRecogniser:
    return OfficialsRecogniser(nlp.vocab, nlp.make_doc, DataFiles({"word_lists": word_lists}), lexicon)
