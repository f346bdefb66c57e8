"""Gazetteer and pattern matching for ``news_entities``.

spaCy's ``SpanRuler`` runs the whole pipeline over its phrase patterns when it
is used outside ``nlp.pipeline``; building the PhraseMatcher from
``nlp.tokenizer.pipe`` gives the same matches from tokenisation alone, in a
fraction of the start-up time.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span


class GazetteerMatcher:
    def __init__(self, nlp: Language, phrase_patterns: list[dict], token_patterns: list[dict]) -> None:
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.tokens = Matcher(nlp.vocab, validate=True)
        self.keys: dict[int, tuple[str, str]] = {}
        by_key: dict[tuple[str, str], list[str]] = {}
        for pattern in phrase_patterns:
            by_key.setdefault((pattern["label"], pattern.get("id", "")), []).append(pattern["pattern"])
        for (label, id_), texts in sorted(by_key.items()):
            name = f"{label}\x1f{id_}"
            self.keys[nlp.vocab.strings.add(name)] = (label, id_)
            self.phrases.add(name, list(nlp.tokenizer.pipe(texts)))
        for i, pattern in enumerate(token_patterns):
            name = f"{pattern['label']}\x1f\x1fpattern{i}"
            self.keys[nlp.vocab.strings.add(name)] = (pattern["label"], "")
            self.tokens.add(name, [pattern["pattern"]])

    def __call__(self, doc: Doc) -> list[Span]:
        found = set()
        for key, start, end in list(self.phrases(doc)) + list(self.tokens(doc)):
            label, id_ = self.keys[key]
            found.add((start, end, label, id_))
        return [Span(doc, s, e, label=label, span_id=id_) for s, e, label, id_ in sorted(found)]
