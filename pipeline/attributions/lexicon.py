"""The cue data of ``news_attributions`` (models/attributions/cues.jsonl), read into lookup tables.

A cue is a word that credits a proposition to a source: a verb ("said", "believes"), the
preposition of "according to", or a noun inside a phrase such as "in a statement". Each entry
names the kind of attribution and its ``frame``, the complement the cue needs to count: a speech
verb takes any complement ("called for new elections"), a belief verb only a clause ("thinks that
…", not "thinks of the children"), and a raising verb ("appears to") has its subject as content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.resources import check_keys

KINDS = frozenset({"speech", "thought", "according_to"})
FRAMES = frozenset({"report", "clause", "raising"})
POS = frozenset({"VERB", "ADP", "NOUN", "PUNCT"})
_KEYS = frozenset({"lemma", "pos", "kind", "frame", "example", "with"})
_REQUIRED = frozenset({"lemma", "pos", "kind", "frame", "example"})


@dataclass(frozen=True)
class CueEntry:
    lemma: str
    pos: str
    kind: str
    frame: str
    follower: str | None = None  # the fixed word after an ADP cue ("according" + "to")


@dataclass
class CueLexicon:
    """Cue entries by part of speech and lemma."""

    verbs: dict[str, CueEntry] = field(default_factory=dict)
    preps: dict[str, CueEntry] = field(default_factory=dict)
    nouns: dict[str, CueEntry] = field(default_factory=dict)
    marks: dict[str, CueEntry] = field(default_factory=dict)  # a colon after a name: "Trump: “…”"


def load_cues(records: Iterable[dict[str, Any]], where: str) -> CueLexicon:
    """The cue lexicon of ``records``; a bad entry is an error naming the file."""
    lexicon = CueLexicon()
    tables = {"VERB": lexicon.verbs, "ADP": lexicon.preps, "NOUN": lexicon.nouns, "PUNCT": lexicon.marks}
    for record in records:
        check_keys(record, _KEYS, _REQUIRED, where)
        if record["pos"] not in POS or record["kind"] not in KINDS or record["frame"] not in FRAMES:
            raise ValueError(f"{where}: bad pos, kind or frame in {record}")
        lemma = record["lemma"].casefold()
        table = tables[record["pos"]]
        if lemma in table:
            raise ValueError(f"{where}: {record['pos']} {lemma!r} listed twice")
        table[lemma] = CueEntry(lemma, record["pos"], record["kind"], record["frame"], record.get("with"))
    return lexicon
