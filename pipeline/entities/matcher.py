"""Gazetteer and pattern matching for ``news_entities``.

spaCy's ``SpanRuler`` runs the whole pipeline over its phrase patterns when it
is used outside ``nlp.pipeline``; building the PhraseMatcher from
``nlp.tokenizer.pipe`` gives the same matches from tokenisation alone, in a
fraction of the start-up time.

The token patterns return every length of a match (``NAME* NAME Ministry``
matches "Interior Ministry" and "Ministry" alike; the consumer keeps the
longest), so over a run of capitalised words spaCy's Matcher does work, and
returns matches, in the square of the run's length: a tag line of 3 KB took
70 s. A match is at most :data:`MAX_PATTERN_TOKENS` long, and long regions
are searched in overlapping windows, which keeps the work linear in the text.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

# The longest body name a token pattern may match, in tokens. The longest pattern example,
# "Federal Ministry of the Interior and Community of the United Mexican States", has 13.
MAX_PATTERN_TOKENS = 16


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
        self.anchors = _anchors([p["pattern"] for p in token_patterns])

    def __call__(self, doc: Doc) -> list[Span]:
        found = set()
        matches = list(self.phrases(doc))
        for region in self._regions(doc):
            matches += self._token_matches(region)
        for key, start, end in matches:
            label, id_ = self.keys[key]
            found.add((start, end, label, id_))
        return [Span(doc, s, e, label=label, span_id=id_) for s, e, label, id_ in sorted(found)]

    def _token_matches(self, region: Span) -> set[tuple[int, int, int]]:
        """Token-pattern matches (key, start, end) of at most MAX_PATTERN_TOKENS inside ``region``.

        Windows of twice that length, starting every MAX_PATTERN_TOKENS tokens, hold every such match
        whole (a window starting at or before a match's first token covers all of it), and a match
        depends on its own tokens only, so the windows find exactly the region's short matches."""
        size = MAX_PATTERN_TOKENS
        found: set[tuple[int, int, int]] = set()
        for start in range(region.start, max(region.end - size, region.start + 1), size):
            window = region.doc[start:min(start + 2 * size, region.end)]
            found.update((key, start + s, start + e) for key, s, e in self.tokens(window) if e - s <= size)
        return found

    def _regions(self, doc: Doc) -> list[Span]:
        """The sentences where a token pattern can match at all: those holding one of its anchor words.
        Running the token patterns (broad, regex-based) only there is most of this component's speed."""
        if not len(self.tokens):
            return []
        if self.anchors is None or not doc.has_annotation("SENT_START"):
            return [doc[:]]
        return [sent for sent in doc.sents if any(tok.text in self.anchors for tok in sent)]


def _anchors(patterns: list[list[dict]]) -> frozenset[str] | None:
    """Words one of which every match must contain: per pattern, its required capitalised literals
    ("Ministry", "Bureau"). None if some pattern has no such literal (then every sentence is searched)."""
    anchors: set[str] = set()
    for pattern in patterns:
        literals: set[str] = set()
        for token in pattern:
            if token.get("OP") in ("?", "*", "!"):
                continue
            for key in ("ORTH", "TEXT"):
                value = token.get(key)
                values = [value] if isinstance(value, str) else value.get("IN", []) if isinstance(value, dict) else []
                if values and all(isinstance(v, str) and v[:1].isupper() for v in values):
                    literals.update(values)
                    break
            if literals:
                break
        if not literals:
            return None
        anchors |= literals
    return frozenset(anchors)
