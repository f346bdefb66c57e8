"""Boilerplate detection over raw text: page furniture that is not the article.

Works on the string, before and independently of tokenisation, so the
offsets it reports are exact code-point offsets into the original text.

The rules are anchored to lines (``^``/``$``, "the matching line"), which is
right for page furniture where the text keeps its line breaks. Where it has
none (a JSONL text field often has none), the one "line" is the whole article,
and a line rule that matched a credit at its end marked all of it: so the rules
read sentences as lines where lines do not exist (see :func:`rule_view`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterable

from pipeline.resources import check_keys

EXTENTS = {"line", "to_end", "appeal"}
_SENTENCE_END = re.compile(r"[.!?](?:[\"”’')\]]*)")
# The end of a sentence inside a line: its punctuation, closing quotes or brackets, then spaces.
_SENTENCE_GAP = re.compile(r"[.!?][\"”’')\]]*([ \t\u00a0]+)")
# A line longer than this is no paragraph but text whose line breaks were lost (the longest paragraph
# of the bundled corpus and the general gold has 1,188 characters).
MAX_LINE_CHARS = 2000


@dataclass(frozen=True)
class BoilerplateRule:
    id: str
    kind: str
    regex: re.Pattern[str]
    extent: str
    example: str

    @classmethod
    def from_dict(cls, record: dict, where: str) -> "BoilerplateRule":
        check_keys(record, {"id", "kind", "regex", "extent", "example"}, {"id", "kind", "regex", "extent", "example"}, where)
        if record["extent"] not in EXTENTS:
            raise ValueError(f"{where}: extent must be one of {sorted(EXTENTS)}")
        return cls(
            id=record["id"],
            kind=record["kind"],
            regex=re.compile(record["regex"], re.IGNORECASE | re.MULTILINE),
            extent=record["extent"],
            example=record["example"],
        )


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str


def load_rules(records: Iterable[dict], ref: str) -> tuple[BoilerplateRule, ...]:
    return tuple(BoilerplateRule.from_dict(r, f"{ref}[{r.get('id')}]") for r in records)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _line_index(lines: list[tuple[int, int]], offset: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def rule_view(text: str) -> str:
    """The text the rules read: ``text`` itself, or, where it has no lines, ``text`` with its sentences on lines.

    A text has no lines when it holds no line break, and a line is no line when it is longer than
    MAX_LINE_CHARS. In those, the first space after each sentence end (before a word that is not
    lower case: "U.S. officials" stays whole) becomes a line break, one character for one, so
    offsets found in the view are offsets in ``text``."""
    if "\n" in text.strip() and all(len(line) <= MAX_LINE_CHARS for line in text.split("\n")):
        return text
    flat = "\n" not in text.strip()
    chars = list(text)
    pos = 0
    for line in text.split("\n"):
        if flat or len(line) > MAX_LINE_CHARS:
            for gap in _SENTENCE_GAP.finditer(line):
                after = gap.end()
                if after < len(line) and not line[after].islower():
                    chars[pos + gap.start(1)] = "\n"
        pos += len(line) + 1
    return "".join(chars)


def _sentence_end(text: str, pos: int, limit: int) -> int:
    match = _SENTENCE_END.search(text, pos, limit)
    return match.end() if match else limit


def find_boilerplate(text: str, rules: tuple[BoilerplateRule, ...]) -> list[Block]:
    """Boilerplate blocks, sorted and non-overlapping.

    Appeal cues are grouped: a donation box is several lines of which only
    some carry a cue, and its last sentence often runs into the article text
    with no line break ("...all the difference.A U.S. delegation...").
    """
    text, original = rule_view(text), text
    # where the rules read sentences, the first sentence may hold a headline without a full stop
    # ("... both countries Your support helps us ..."): an appeal starts at its first cue there
    from_cue = text is not original
    lines = _lines(text)
    blocks: list[Block] = []
    appeal_hits: list[tuple[int, int, str, int]] = []  # (line index, end of cue sentence, kind, start of cue)
    for rule in rules:
        for match in rule.regex.finditer(text):
            if rule.extent == "to_end":
                blocks.append(Block(lines[_line_index(lines, match.start())][0], len(text), rule.kind))
            elif rule.extent == "line":
                start, end = lines[_line_index(lines, match.start())]
                blocks.append(Block(start, end, rule.kind))
            else:
                idx = _line_index(lines, match.start())
                appeal_hits.append((idx, _sentence_end(text, match.end(), lines[idx][1]), rule.kind, match.start()))
    appeal_hits.sort()
    group: list[tuple[int, int, str, int]] = []
    for hit in appeal_hits + [(len(lines) + 10, 0, "", 0)]:
        if group and hit[0] - group[-1][0] > 2:
            if len(group) >= 2:  # one cue alone is too weak to drop text
                first, last = group[0][0], group[-1][0]
                last_end = max(h[1] for h in group if h[0] == last)
                end = lines[last][1]
                if text[last_end:end].strip():  # article text follows on the same line
                    end = last_end
                start = min(h[3] for h in group if h[0] == first) if from_cue else lines[first][0]
                blocks.append(Block(start, end, group[0][2]))
            group = []
        group.append(hit)
    return _merge(blocks, original)


def _merge(blocks: list[Block], text: str) -> list[Block]:
    """Blocks without the space around them, overlapping ones joined; so are blocks of one line of ``text``
    that only spaces separate (sentences of a line that :func:`rule_view` split: the line is one block)."""
    merged: list[Block] = []
    for block in sorted(blocks, key=lambda b: (b.start, -b.end)):
        start, end = block.start, block.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if merged and (start <= merged[-1].end or not text[merged[-1].end:start].strip(" \t\u00a0")):
            prev = merged[-1]
            merged[-1] = Block(prev.start, max(prev.end, end), prev.kind)
        else:
            merged.append(Block(start, end, block.kind))
    return merged
