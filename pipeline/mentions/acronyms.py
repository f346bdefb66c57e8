"""Acronyms defined in the text: "Economic Commission for Latin America and the
Caribbean (ECLAC)" makes every later "ECLAC" the same body.

The same idea as scispacy's abbreviation detector, cut down to what news
needs: a named body followed by a parenthesised all-capitals token whose
letters can be read off the long form's capitalised words.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

ACRONYM_RE = re.compile(r"^[A-Z][A-Z&.-]{1,9}$")


def _letters_fit(acronym: str, long_form: str) -> bool:
    letters = [ch for ch in acronym if ch.isalpha()]
    initials = [w[0] for w in re.split(r"[\s-]+", long_form) if w and w[0].isupper()]
    # Every acronym letter must appear, in order, among the capitalised initials.
    it = iter(initials)
    return all(any(letter == init for init in it) for letter in letters)


def find_definitions(doc: Doc, bodies: list[Span]) -> list[tuple[Span, int]]:
    """(long-form span, token index of the acronym) for each "Long Form (ACR)" in the doc."""
    out = []
    for span in bodies:
        i = span.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
            acronym = doc[i + 1].text
            if ACRONYM_RE.match(acronym) and _letters_fit(acronym, span.text):
                out.append((span, i + 1))
    return out
