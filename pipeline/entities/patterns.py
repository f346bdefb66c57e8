"""Token patterns for bodies that no gazetteer lists ("Ministry of …", "… Commission").

Besides pattern records the file holds token classes, ``{"define": "NAME",
"token": {...}}``, that patterns use as ``{"use": "NAME", "OP": "*"}``,
optionally excluding more words (``"not": ["Oval"]``, added to the class's
``TEXT`` ``NOT_IN``); so a word list is written once, not in every pattern.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.schemas import validate_token_pattern

from pipeline.lexicon.bodies import LABELS
from pipeline.resources import check_keys

PATTERN_KEYS = frozenset({"label", "pattern", "example"})


def load_token_rules(records: Iterable[dict], ref: str) -> list[dict]:
    """The pattern records, expanded and checked: label, pattern, example (plain spaCy token dicts only)."""
    records = list(records)
    classes: dict[str, dict] = {}
    for n, record in enumerate(records, 1):
        if "define" in record:
            check_keys(record, {"define", "token"}, {"define", "token"}, f"{ref}[{n}]")
            if record["define"] in classes or not isinstance(record["token"], dict):
                raise ValueError(f"{ref}[{n}]: bad or repeated token class {record['define']!r}")
            classes[record["define"]] = record["token"]
    rules: list[dict] = []
    for n, record in enumerate(records, 1):
        if "define" in record:
            continue
        where = f"{ref}[{n}]"
        check_keys(record, set(PATTERN_KEYS), set(PATTERN_KEYS), where)
        if record["label"] not in LABELS:
            raise ValueError(f"{where}: label must be one of {sorted(LABELS)}")
        if not isinstance(record["pattern"], list) or not record["pattern"]:
            raise ValueError(f"{where}: pattern must be a non-empty list of token dicts")
        pattern = [_expand_token(token, classes, where) for token in record["pattern"]]
        errors = validate_token_pattern(pattern)
        if errors:
            raise ValueError(f"{where}: invalid token pattern: {errors}")
        if not isinstance(record["example"], str) or not record["example"].strip():
            raise ValueError(f"{where}: example must be a non-empty string")
        rules.append({"label": record["label"], "pattern": pattern, "example": record["example"]})
    return rules


def _expand_token(token: object, classes: dict[str, dict], where: str) -> dict:
    if not isinstance(token, dict) or "use" not in token:
        if not isinstance(token, dict):
            raise ValueError(f"{where}: a token must be a dict, got {token!r}")
        return token
    check_keys(token, {"use", "OP", "not"}, {"use"}, where)
    if token["use"] not in classes:
        raise ValueError(f"{where}: unknown token class {token['use']!r}")
    # classes are shared: a token gets a copy of the dicts it changes, and shares the word lists (read only;
    # a deep copy per token held 6 MB of duplicate lists)
    expanded = dict(classes[token["use"]])
    if "not" in token:
        text = expanded.get("TEXT")
        if not isinstance(text, dict) or not isinstance(token["not"], list):
            raise ValueError(f"{where}: 'not' needs a class with a TEXT predicate and a list of words")
        expanded["TEXT"] = {**text, "NOT_IN": sorted(set(text.get("NOT_IN", [])) | set(token["not"]))}
    if "OP" in token:
        expanded["OP"] = token["OP"]
    return expanded


def token_patterns(records: Iterable[dict], ref: str) -> list[dict]:
    """spaCy span_ruler token patterns ``{"label", "pattern"}``, without ids (an id marks a gazetteer match)."""
    return [{"label": r["label"], "pattern": r["pattern"]} for r in load_token_rules(records, ref)]
