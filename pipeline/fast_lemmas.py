"""``news_fast_lemmatizer``: spaCy's rule or lookup lemmatizer, once per distinct word form, same output.

spaCy's ``Lemmatizer.__call__`` walks the doc token by token in Python, builds a
``Token``, reads its part of speech and morphology as strings and sets
``token.lemma_``; in ``en_core_web_sm`` that is about 6 % of the pipeline's
time. In its ``rule`` and ``lookup`` modes the lemma is a pure function of the
token's text, coarse tag and morphology (``rule_lemmatize`` reads nothing else,
and ``lookup_lemmatize`` only the text), so this component reads those three
columns with ``Doc.to_array``, asks the model's own lemmatizer once per distinct
(text, pos, morph) and writes every lemma back with one ``Doc.from_array``.
Nothing is copied from spaCy: the wrapped lemmatizer, with its tables, does the
lemmatising, and it is what ``to_disk`` saves. The one change is in the copy
that does the asking: spaCy's rule mode tests ``form in index`` against a list
of up to 57,000 words, so that copy holds the same words as sets (membership,
the only use, is the same).  Other modes, and lemmatizer
classes whose ``lemmatize`` may read more of the token, are left as they are
(:func:`replace_lemmatizer` returns ``None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import copy

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

MODES = ("rule", "lookup")
# Classes whose rule/lookup lemmatising reads only the token's text, pos and morph (checked by reading them).
KNOWN_CLASSES = (Lemmatizer, EnglishLemmatizer)
MAX_MEMO = 500_000  # distinct (text, pos, morph) remembered before starting afresh


def _asking_copy(inner: Lemmatizer) -> Lemmatizer:
    """The lemmatizer with its ``lemma_index`` lists as sets: the same answers, found by hashing."""
    asking = copy.copy(inner)
    lookups = Lookups()
    for name in inner.lookups.tables:
        table = inner.lookups.get_table(name)
        fast = lookups.add_table(name)
        for key, value in table.items():  # keys are already string hashes
            fast[key] = frozenset(value) if name == "lemma_index" else value
    asking.lookups = lookups
    asking.cache = {}
    asking.lemmatize = getattr(asking, f"{inner.mode}_lemmatize")  # the copied attribute is bound to ``inner``
    return asking


class FastLemmatizer:
    """Sets what the wrapped lemmatizer sets, asking it once per distinct (orth, pos, morph)."""

    def __init__(self, inner: Lemmatizer, name: str = "lemmatizer") -> None:
        self.inner = inner
        self.name = name
        self._memo: dict[tuple[int, int, int], str] = {}
        self._asking: Lemmatizer | None = None

    @property
    def mode(self) -> str:
        return self.inner.mode

    @property
    def lookups(self) -> Any:
        return self.inner.lookups

    def _forget(self) -> None:
        """The wrapped lemmatizer's tables changed: answers remembered from the old ones are void."""
        self._memo.clear()
        self._asking = None

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        self.inner.initialize(*args, **kwargs)
        self._forget()

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        inner = self.inner
        if self._asking is None:
            if not inner._validated:
                inner._validate_tables()
            self._asking = _asking_copy(inner)
        asking = self._asking
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        memo = self._memo
        if len(memo) >= MAX_MEMO:
            memo.clear()
            asking.cache.clear()  # spaCy's own cache of the forms behind the lemmas, unbounded otherwise
        overwrite = inner.overwrite
        lemmas: list[str | None] = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas.append(None)  # set before (by the attribute_ruler): kept, as spaCy keeps it
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = memo[key] = asking.lemmatize(doc[i])[0]
            lemmas.append(found)
        strings = doc.vocab.strings
        hashes = {text: strings.add(text) for text in set(lemmas) if text is not None}
        values = numpy.array([row[3] if text is None else hashes[text] for row, text in zip(rows, lemmas)],
                             dtype=numpy.uint64).reshape((n, 1))
        doc.from_array([LEMMA], values)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    # --- serialisation: the wrapped lemmatizer's tables ----------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.inner.to_disk(path, exclude=exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> FastLemmatizer:
        self.inner.from_disk(path, exclude=exclude)
        self._forget()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return self.inner.to_bytes(exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> FastLemmatizer:
        self.inner.from_bytes(data, exclude=exclude)
        self._forget()
        return self


@Language.factory("news_fast_lemmatizer", assigns=["token.lemma"],
                  default_config={"mode": "rule", "overwrite": False})
def make_fast_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> FastLemmatizer:
    """The language's own ``lemmatizer`` factory (EnglishLemmatizer for English), wrapped."""
    inner = nlp.create_pipe("lemmatizer", name=name, config={"mode": mode, "overwrite": overwrite})
    return FastLemmatizer(inner, name)


def replace_lemmatizer(nlp: Language, name: str = "lemmatizer") -> FastLemmatizer | None:
    """Wrap the model's lemmatizer in ``news_fast_lemmatizer``, keeping its loaded tables and its name.

    ``None`` (the pipeline unchanged) when the lemmatizer is not one whose output this reproduces exactly."""
    original = nlp.get_pipe(name)
    if type(original) not in KNOWN_CLASSES or original.mode not in MODES:
        return None
    component = nlp.replace_pipe(name, "news_fast_lemmatizer",
                                 config={"mode": original.mode, "overwrite": original.overwrite})
    component.inner = original
    component._forget()
    return component
