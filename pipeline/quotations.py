"""Quotations of a document, found once for every component that asks.

Two views: :func:`find_quotations` gives each quotation as segments, following a
long quotation across paragraphs (news style opens every paragraph of it again and
closes only the last), for the attributions component, whose content is the whole
quotation; :func:`quote_ids` gives each token the quotation it stands in, ending a
quotation at a paragraph break, for the pronoun rules (coreference and officials),
which must never let an unbalanced mark swallow the rest of the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

OPENING = frozenset({"“", "«", "„"})
CLOSING = frozenset({"”", "»"})
STRAIGHT = frozenset({'"', "''"})  # the same mark opens and closes ('' is the NYT's)
DOUBLE_STRAIGHT = frozenset({'"'})


@dataclass
class Quotation:
    """Token ranges [start, end) of each segment, quotation marks included."""

    segments: list[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def _paragraph_break(doc: Doc, i: int) -> bool:
    """True when a line break follows token ``i`` (in its trailing space or as the next, space token)."""
    tok = doc[i]
    if "\n" in tok.whitespace_:
        return True
    return tok.is_space and "\n" in tok.text


def find_quotations(doc: Doc) -> list[Quotation]:
    """The document's quotations, in text order."""
    out: list[Quotation] = []
    segments: list[tuple[int, int]] = []
    open_at: int | None = None
    broken = False  # a paragraph ended while the quotation was open
    for tok in doc:
        text = tok.text
        if text in STRAIGHT:  # which way a straight mark faces: by the space around it
            spaced_before = tok.i == 0 or bool(doc[tok.i - 1].whitespace_) or doc[tok.i - 1].is_space
            opens = spaced_before and not tok.whitespace_
            closes = not opens and (open_at is not None)
        else:
            opens, closes = text in OPENING, text in CLOSING
        if opens:
            if open_at is not None and broken:  # the quotation goes on in this paragraph
                end = tok.i
                while end > open_at and doc[end - 1].is_space:
                    end -= 1
                segments.append((open_at, end))
            else:  # a new quotation (an unclosed one before it is dropped)
                segments = []
            open_at, broken = tok.i, False
        elif closes and open_at is not None:
            segments.append((open_at, tok.i + 1))
            out.append(Quotation(segments))
            segments, open_at, broken = [], None, False
        elif open_at is not None and broken and not tok.is_space:
            # a paragraph without a closing mark or a reopening: the quotation was never closed
            segments, open_at, broken = [], None, False
        if open_at is not None and _paragraph_break(doc, tok.i):
            broken = True
    return out


def quote_ids(doc: Doc) -> list[int]:
    """For each token, the index of the double quotation it stands inside, or -1.

    A quotation ends at its closing mark or at a paragraph break (a quotation
    running over paragraphs is reopened by the next paragraph's opening mark),
    so an unbalanced mark never swallows the rest of the article. The marks
    themselves are outside.
    """
    out = [-1] * len(doc)
    current = -1
    count = 0
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            current = -1
            continue
        text = tok.text
        if text in OPENING or (text in DOUBLE_STRAIGHT and current < 0):
            current = count
            count += 1
            continue
        if text in CLOSING or text in DOUBLE_STRAIGHT:
            current = -1
            continue
        out[tok.i] = current
    return out
