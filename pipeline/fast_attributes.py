"""``news_fast_attributes``: spaCy's ``attribute_ruler`` without the Matcher pass, same output.

In ``en_core_web_sm`` the attribute_ruler sets ``pos``, ``morph`` (and a few
lemmas, tags and deps) from the tagger's ``tag`` through 179 Matcher patterns:
a tag map (one pattern per tag) plus exceptions that also test ``LOWER``,
``DEP`` or ``IS_SPACE``, a handful of them over two tokens. Running the Matcher
costs about 18 % of bare spaCy's time. Every single-token pattern depends only
on four values of its token (tag, lower, dep, is_space), so the outcome of all
of them together is a function of that key. Of the lower-case form only two
things matter: whether a pattern names it, and which patterns' regexes it
matches; every other word is reduced to that (so "table" and "chair" share a
key), and the outcome is computed once per reduced key (824 on 300 news articles,
against 9,707 distinct words), then found by a dict lookup and written to the doc
with one array operation. Multi-token patterns are tried only where their
first token matches. The component is built from the ruler's own patterns
(:func:`replace_attribute_ruler`), so nothing is hand-copied, and a pattern
using anything this module cannot evaluate exactly is refused at build time.

Exactness follows the ruler's own semantics (``AttributeRuler.match`` and
``set_annotations``): all patterns are matched against the doc as the tagger
and parser left it, then applied in the order they were added, so for each
token and attribute the last matching pattern that sets it wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy
import srsly
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

PATTERNS_FILE = "patterns.jsonl"
# The token values a pattern may test, in the order of a key (columns read with Doc.to_array).
KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
KEY_IDS = (TAG, LOWER, DEP, IS_SPACE)
# The attributes a pattern may set, and their Doc.to_array ids.
SET_IDS = {"POS": POS, "MORPH": MORPH, "LEMMA": LEMMA, "TAG": TAG, "DEP": DEP}
MAX_MEMO = 500_000  # distinct words whose reduced form is remembered before starting afresh

Predicate = Callable[[tuple[int, int, int, int]], bool]
# An outcome: attribute id -> (pattern order, value); the highest order wins, as in the ruler.
Outcome = dict[int, tuple[int, int]]


class UnsupportedPattern(ValueError):
    """A pattern this component cannot reproduce exactly: keep spaCy's attribute_ruler."""


def _equals(col: int, want: int) -> Predicate:
    return lambda key: key[col] == want


def _member(col: int, hashes: frozenset[int], inside: bool) -> Predicate:
    return lambda key: (key[col] in hashes) == inside


def _searches(col: int, regex: re.Pattern[str], vocab: Vocab) -> Predicate:
    """The Matcher's REGEX: ``re.search`` on the attribute's string."""
    return lambda key: regex.search(vocab.strings[key[col]]) is not None


class FastAttributes:
    """Sets what ``attribute_ruler`` sets, from a table computed from its patterns."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler") -> None:
        self.vocab = vocab
        self.name = name
        self._patterns: list[dict[str, Any]] = []
        self._compile()

    # --- building ------------------------------------------------------------------------------

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The patterns, in ``AttributeRuler.patterns`` form (what ``to_disk`` writes)."""
        return [dict(p) for p in self._patterns]

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add patterns in ``AttributeRuler.add_patterns`` form; later ones take precedence."""
        self._patterns.extend({"patterns": p["patterns"], "attrs": p["attrs"], "index": p.get("index", 0)}
                              for p in patterns)
        self._compile()

    def _string(self, value: str) -> int:
        # permanent, so a value first seen inside a memory zone is not dropped with it
        return self.vocab.strings.add(value, allow_transient=False) if value else 0

    def _value(self, attr: str, value: Any) -> int:
        if attr == "POS":
            return POS_IDS[value] if isinstance(value, str) else int(value)
        if attr == "MORPH":
            return self.vocab.morphology.add(value)  # normalised as the ruler normalises it
        return self._string(value)

    def _token_predicate(self, token: dict[str, Any]) -> Predicate:
        tests: list[Predicate] = []
        for attr, spec in token.items():
            if attr not in KEY_ATTRS:
                raise UnsupportedPattern(f"cannot test {attr!r} (only {', '.join(KEY_ATTRS)}): {token}")
            col = KEY_ATTRS.index(attr)
            if attr == "IS_SPACE":
                if not isinstance(spec, bool):
                    raise UnsupportedPattern(f"IS_SPACE must be true or false: {token}")
                tests.append(_equals(col, int(spec)))
            elif isinstance(spec, str):
                tests.append(_equals(col, self._string(spec)))
                self._named[col].add(self._string(spec))
            elif isinstance(spec, dict) and len(spec) == 1 and ("IN" in spec or "NOT_IN" in spec):
                (op, values), = spec.items()
                hashes = frozenset(self._string(v) for v in values)
                tests.append(_member(col, hashes, op == "IN"))
                self._named[col].update(hashes)
            elif isinstance(spec, dict) and list(spec) == ["REGEX"]:
                regex = re.compile(spec["REGEX"])
                tests.append(_searches(col, regex, self.vocab))
                self._regexes[col].append(regex)
            else:
                raise UnsupportedPattern(f"cannot evaluate {attr}: {spec!r} exactly (pattern {token})")
        return lambda key: all(test(key) for test in tests)

    def _compile(self) -> None:
        """Pattern tables: single-token rules, and multi-token rules keyed by their first token."""
        self._single: list[tuple[Predicate, int, Outcome]] = []
        self._multi: list[tuple[list[Predicate], int, Outcome]] = []
        self._named: list[set[int]] = [set() for _ in KEY_ATTRS]  # values some pattern names, per key column
        self._regexes: list[list[re.Pattern[str]]] = [[] for _ in KEY_ATTRS]
        for order, rule in enumerate(self._patterns):
            attrs = rule["attrs"]
            unknown = set(attrs) - set(SET_IDS)
            if unknown:
                raise UnsupportedPattern(f"cannot set {sorted(unknown)} (only {', '.join(SET_IDS)}): {rule}")
            outcome = {SET_IDS[a]: (order, self._value(a, v)) for a, v in attrs.items()}
            for pattern in rule["patterns"]:
                if any(not isinstance(t, dict) or "OP" in t for t in pattern) or not pattern:
                    raise UnsupportedPattern(f"operators and empty patterns are not supported: {rule}")
                index = rule.get("index", 0)
                if not -len(pattern) <= index < len(pattern):
                    raise UnsupportedPattern(f"index {index} is outside its pattern: {rule}")
                predicates = [self._token_predicate(t) for t in pattern]
                if len(pattern) == 1:
                    self._single.append((predicates[0], order, outcome))
                else:
                    self._multi.append((predicates, index % len(pattern), outcome))
        # a key column whose every value is tested (TAG, DEP, IS_SPACE in practice) is kept whole; in the
        # others (LOWER) a value no pattern names is replaced by its regex results, so "table" and "chair"
        # share a key and the rules are evaluated once for both, not once per word
        self._reduced = [i for i, attr in enumerate(KEY_ATTRS) if attr == "LOWER"]
        self._canon: list[dict[int, int]] = [{} for _ in KEY_ATTRS]
        self._memo: dict[tuple[int, ...], tuple[int, list[int]]] = {}
        self._outcomes: list[Outcome] = []
        self._outcome_ids: dict[tuple[tuple[int, tuple[int, int]], ...], int] = {}
        self._tables: tuple[list[int], numpy.ndarray, numpy.ndarray] | None = None

    def _canonical(self, col: int, value: int) -> int:
        """``value`` if a pattern names it, else a negative code for which of the column's regexes match."""
        if value in self._named[col] or not value:
            return value
        text = self.vocab.strings[value] if self._regexes[col] else ""
        bits = sum(1 << i for i, regex in enumerate(self._regexes[col]) if regex.search(text))
        return -1 - bits

    def _outcome_id(self, outcome: Outcome) -> int:
        key = tuple(sorted(outcome.items()))
        found = self._outcome_ids.get(key)
        if found is None:
            found = self._outcome_ids[key] = len(self._outcomes)
            self._outcomes.append(outcome)
            self._tables = None
        return found

    def _lookup(self, key: tuple[int, ...], reduced: tuple[int, ...]) -> tuple[int, list[int]]:
        """What the single-token rules set on a token (an outcome id), and which multi rules may start there.

        Memoised by the reduced key; ``key`` (the token's own values) is one representative of it, and
        every value with the same reduced key satisfies exactly the same tests."""
        found = self._memo.get(reduced)
        if found is None:
            outcome: Outcome = {}
            for predicate, _, rule_outcome in self._single:
                if predicate(key):
                    outcome.update(rule_outcome)  # rules are in order: the last match wins
            starts = [i for i, (predicates, _, _) in enumerate(self._multi) if predicates[0](key)]
            found = self._memo[reduced] = (self._outcome_id(outcome), starts)
        return found

    def _outcome_tables(self) -> tuple[list[int], numpy.ndarray, numpy.ndarray]:
        """Per outcome id: the value each settable attribute gets, and whether it is set at all."""
        if self._tables is None:
            columns = [a for a in SET_IDS.values() if any(a in o for o in self._outcomes)]
            values = numpy.zeros((len(self._outcomes), len(columns)), dtype=numpy.uint64)
            is_set = numpy.zeros((len(self._outcomes), len(columns)), dtype=bool)
            for i, outcome in enumerate(self._outcomes):
                for c, attr in enumerate(columns):
                    if attr in outcome:
                        values[i, c] = outcome[attr][1]
                        is_set[i, c] = True
            self._tables = (columns, values, is_set)
        return self._tables

    # --- processing ----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        columns_in = [doc.to_array(attr).tolist() for attr in KEY_IDS]
        keys = list(zip(*columns_in))
        for col in self._reduced:
            canon = self._canon[col]
            if len(canon) >= MAX_MEMO:
                canon.clear()
            for value in set(columns_in[col]) - canon.keys():
                canon[value] = self._canonical(col, value)
            columns_in[col] = [canon[v] for v in columns_in[col]]
        lookup = self._lookup
        found = [lookup(key, reduced) for key, reduced in zip(keys, zip(*columns_in))]
        ids = [outcome for outcome, _ in found]
        if self._multi:
            for start, (_, starts) in enumerate(found):
                for m in starts:
                    predicates, index, rule_outcome = self._multi[m]
                    end = start + len(predicates)
                    if end <= n and all(p(keys[start + j]) for j, p in enumerate(predicates[1:], 1)):
                        target = start + index
                        merged = dict(self._outcomes[ids[target]])
                        for attr, (order, value) in rule_outcome.items():
                            if attr not in merged or merged[attr][0] < order:
                                merged[attr] = (order, value)
                        ids[target] = self._outcome_id(merged)
        columns, table, is_set = self._outcome_tables()
        if not columns:
            return doc
        rows = numpy.asarray(ids, dtype=numpy.intp)
        mask = is_set[rows]
        if not mask.any():
            return doc
        values = doc.to_array(columns).astype(numpy.uint64, copy=False)
        if values.ndim == 1:
            values = values.reshape((n, 1))
        values = numpy.where(mask, table[rows], values)
        doc.from_array(columns, values)
        return doc

    # --- serialisation -------------------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / PATTERNS_FILE, self._patterns)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> FastAttributes:
        self._patterns = list(srsly.read_jsonl(Path(path) / PATTERNS_FILE))
        self._compile()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"patterns": self._patterns})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> FastAttributes:
        self._patterns = list(srsly.msgpack_loads(data)["patterns"])
        self._compile()
        return self


@Language.factory("news_fast_attributes")
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    """Empty until given patterns: :func:`replace_attribute_ruler` copies the model's, ``from_disk`` reloads them."""
    return FastAttributes(nlp.vocab, name)


def replace_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> FastAttributes:
    """Swap the model's attribute_ruler for ``news_fast_attributes`` built from its own patterns.

    The pipe keeps its name, so ``exclude``/``disable`` lists naming ``attribute_ruler`` still work.
    Raises :class:`UnsupportedPattern` (leaving ``nlp`` unchanged) if a pattern cannot be reproduced exactly.
    """
    patterns = nlp.get_pipe(name).patterns
    probe = FastAttributes(nlp.vocab, name)
    probe.add_patterns(patterns)  # fails here, before the pipeline is touched
    component = nlp.replace_pipe(name, "news_fast_attributes")
    component.add_patterns(patterns)
    return component
