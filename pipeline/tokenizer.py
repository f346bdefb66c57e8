"""Tokenizer additions for news text.

"U.S.-Mexico border" is one token to spaCy's English tokenizer (its hyphen
infix needs a letter before the hyphen), so neither country could become a
mention. Splitting a hyphen that follows an abbreviation's full stop and
precedes a capital gives ``U.S.`` ``-`` ``Mexico``; "D.C.-based" is left alone.
"""

from __future__ import annotations

import re

from spacy.language import Language

NEWS_INFIX = r"(?<=[A-Z]\.)-(?=[A-Z][a-z])"


def add_news_infixes(nlp: Language) -> None:
    """Extend the loaded tokenizer's own infix rules (idempotent)."""
    finditer = nlp.tokenizer.infix_finditer
    current = finditer.__self__.pattern if finditer is not None else ""
    if NEWS_INFIX in current:
        return
    combined = f"{current}|{NEWS_INFIX}" if current else NEWS_INFIX
    nlp.tokenizer.infix_finditer = re.compile(combined).finditer
