"""Finding attributions: cues from the lexicon, their sources and contents from the parse and the quotations.

One pass over the tokens looks each up in the cue lexicon (verbs by lemma, "according to", nouns
of "in a statement"); each cue then takes

- its source from the syntax: the verb's subject (or its governor's, for "and added", "went on to
  say", "…, saying"), the agent of a passive ("by X"), the object of "according to", the possessor
  of a nominal cue; a relative pronoun stays itself ("who said", as PolNeAR marks it);
- its content from a quotation next to it ("“…,” he said, “…”"), else from its complement clause,
  infinitive or object, else, for a parenthetical "he said" (parataxis), the rest of its
  governor's clause.

PolNeAR gives each token one role in one attribution, so a cue inside another attribution's
content is not an attribution of its own: the outer one is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pipeline.annotations import MENTIONS
from pipeline.attributions.lexicon import CueEntry, CueLexicon
from pipeline.quotations import Quotation, find_quotations

SUBJECTS = frozenset({"nsubj"})
CLAUSES = frozenset({"ccomp", "xcomp"})
OBJECTS = frozenset({"dobj", "attr", "oprd"})
INHERIT_SUBJECT = frozenset({"conj", "xcomp", "advcl"})  # "… and added", "went on to say", "…, saying"
CONTENT_PREPS = frozenset({"for", "on", "about", "against", "of", "as", "to", "that", "in"})
PUNCT_BETWEEN = frozenset({",", ":", "—", "–", "-", ";"})
MAX_BETWEEN = 6  # tokens allowed between a cue clause and an adjacent quotation ("told reporters on Monday")


@dataclass
class Found:
    """A cue and its parts as token ranges (before spans and speakers are made)."""

    entry: CueEntry
    cue: tuple[int, int]
    source: tuple[int, int] | None = None
    content: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False
    verb: Token | None = None  # the clause's verb (for the date)


def subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The range without punctuation and spaces at its edges (quotation marks kept), or None if empty."""
    while start < end and _edge_junk(doc[start]):
        start += 1
    while end > start and _edge_junk(doc[end - 1]):
        end -= 1
    return (start, end) if start < end else None


def _edge_junk(tok: Token) -> bool:
    return tok.is_space or (tok.is_punct and not tok.is_quote)


def minus(doc: Doc, outer: tuple[int, int], inner: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``outer`` without the ``inner`` ranges, as trimmed fragments."""
    pieces = []
    start = outer[0]
    for s, e in sorted(inner):
        if s > start:
            pieces.append((start, min(s, outer[1])))
        start = max(start, e)
    if start < outer[1]:
        pieces.append((start, outer[1]))
    return [t for t in (trim(doc, s, e) for s, e in pieces) if t]


class Finder:
    """The attributions of one document."""

    def __init__(self, doc: Doc, lexicon: CueLexicon, skip: frozenset[int]) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.skip = skip
        self.quotes = find_quotations(doc)
        # the quotation each token is in (by token index), and quotations by first and last token
        self.quote_of: dict[int, Quotation] = {}
        for q in self.quotes:
            for s, e in q.segments:
                for i in range(s, e):
                    self.quote_of[i] = q
        self.mention_types: dict[int, str] = {}
        for span in doc.spans.get(MENTIONS, []):
            for i in range(span.start, span.end):
                self.mention_types[i] = span.label_

    def run(self) -> list[Found]:
        found: list[Found] = []
        taken: set[int] = set()
        for tok in self.doc:
            if tok.i in self.skip or tok.i in taken or tok.i in self.quote_of:
                continue  # a cue inside a quotation is part of the quoted speaker's content
            item = self.at(tok)
            if item is not None:
                found.append(item)
                taken.update(range(*item.cue))
        return outermost(found)

    def at(self, tok: Token) -> Found | None:
        lemma = tok.lemma_.casefold()
        if tok.pos_ == "VERB" and lemma in self.lexicon.verbs:
            return self.verb_cue(tok, self.lexicon.verbs[lemma])
        if tok.lower_ in self.lexicon.preps or lemma in self.lexicon.preps:
            entry = self.lexicon.preps.get(lemma) or self.lexicon.preps[tok.lower_]
            return self.prep_cue(tok, entry)
        if tok.pos_ == "ADP" and tok.i + 1 < len(tok.doc):
            return self.nominal_cue(tok)
        if tok.text in self.lexicon.marks:
            return self.colon_cue(tok, self.lexicon.marks[tok.text])
        return None

    # --- verbs ---------------------------------------------------------------------------------

    def verb_cue(self, verb: Token, entry: CueEntry) -> Found | None:
        if entry.frame == "raising":
            return self.raising(verb, entry)
        children = list(verb.children)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
        if passive:
            return self.passive(verb, entry, children)
        item = Found(entry, (verb.i, verb.i + 1), verb=verb)
        item.source = self.source_of(verb)
        self.content_of(item, verb, entry, children)
        if not item.content:
            return None
        return item

    def source_of(self, verb: Token) -> tuple[int, int] | None:
        head = verb
        for _ in range(3):
            for c in head.children:
                if c.dep_ in SUBJECTS:
                    return subtree(c) if c.tag_ not in ("WP", "WDT") else (c.i, c.i + 1)
                if c.dep_ == "agent":
                    objs = [o for o in c.children if o.dep_ == "pobj"]
                    if objs:
                        return subtree(objs[0])
            if head.dep_ in INHERIT_SUBJECT and head.head.i != head.i:
                head = head.head
            else:
                break
        return None

    def content_of(self, item: Found, verb: Token, entry: CueEntry, children: list[Token]) -> None:
        quoted = self.adjacent_quotes(verb, item.source, children)
        if quoted:
            item.content, item.direct = quoted, True
            return
        for c in children:
            if c.dep_ in CLAUSES and not (c.dep_ == "xcomp" and c.i < verb.i):
                item.content = [subtree(c)]
                return
        if verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and verb.i > verb.head.i and self._inverted(verb)):
            head = verb.head
            rest = minus(self.doc, subtree(head), [subtree(verb)])
            if rest:
                item.content = rest
                return
        if entry.frame != "report":
            return
        for c in children:
            if c.dep_ in OBJECTS and c.i > verb.i and c.pos_ != "PRON":  # not "said nothing", "said it"
                item.content = [subtree(c)]
                return
        for c in children:
            if c.dep_ == "prep" and c.i > verb.i and c.lower_ in CONTENT_PREPS:
                objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
                if objs and objs[0].ent_type_ not in ("DATE", "TIME"):
                    item.content = [(c.i + 1, c.right_edge.i + 1)]
                    return

    def _inverted(self, verb: Token) -> bool:
        """", he said" parsed as an adverbial clause of the quoted verb: its own subject, a comma before it."""
        left = verb.left_edge.i
        has_subject = any(c.dep_ in SUBJECTS for c in verb.children)
        return has_subject and left > 0 and self.doc[left - 1].text in PUNCT_BETWEEN

    def adjacent_quotes(self, verb: Token, source: tuple[int, int] | None,
                        children: list[Token]) -> list[tuple[int, int]]:
        """The quotation before the cue clause and/or after it, as fragments (a split quotation gives two)."""
        if verb.i in self.quote_of:
            return []
        left = min(verb.i, source[0]) if source else verb.i
        right = max(verb.i, source[1] - 1) if source else verb.i
        # a clausal complement outside quotation marks is indirect speech: no quotation belongs to the cue
        for c in children:
            if c.dep_ == "ccomp" and c.i not in self.quote_of:
                return []
        out: list[tuple[int, int]] = []
        before = self._quote_before(left)
        if before is not None:
            out.extend(before.segments)
        after = self._quote_after(verb, right)
        if after is not None:
            out.extend(after.segments)
        return [t for t in (trim(self.doc, s, e) for s, e in out) if t]

    def _quote_before(self, left: int) -> Quotation | None:
        i = left - 1
        while i >= 0 and (self.doc[i].text in PUNCT_BETWEEN or self.doc[i].is_space) and i not in self.quote_of:
            i -= 1
        if i >= 0 and i in self.quote_of:
            q = self.quote_of[i]
            if q.end == i + 1:
                return q
        return None

    def _quote_after(self, verb: Token, right: int) -> Quotation | None:
        i = right + 1
        steps = 0
        doc = self.doc
        while i < len(doc) and steps <= MAX_BETWEEN and i not in self.quote_of:
            tok = doc[i]
            if tok.pos_ in ("VERB", "AUX") or tok.is_sent_start and tok.text not in PUNCT_BETWEEN and not tok.is_quote:
                return None
            if not (tok.is_punct or tok.is_space or tok.head.i == verb.i or _inside(tok, verb)):
                return None
            i += 1
            steps += 1
        if i < len(doc) and i in self.quote_of and self.quote_of[i].start == i:
            return self.quote_of[i]
        return None

    def raising(self, verb: Token, entry: CueEntry) -> Found | None:
        """"X appears to Y": no source; the subject and the infinitive are the content."""
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("EX",)]
        comp = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "oprd", "acomp", "attr")]
        if not comp:
            return None
        content = ([subtree(subj[0])] if subj and subj[0].lower_ != "it" else []) + [subtree(comp[0])]
        return Found(entry, (verb.i, verb.i + 1), None, content, verb=verb)

    def passive(self, verb: Token, entry: CueEntry, children: list[Token]) -> Found | None:
        """"X is expected to Y", "it is said that Y", "X was criticized by Y"."""
        source = None
        for c in children:
            if c.dep_ == "agent":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    source = subtree(objs[0])
        subj = next((c for c in children if c.dep_ == "nsubjpass"), None)
        comp = next((c for c in children if c.dep_ in CLAUSES), None)
        content: list[tuple[int, int]] = []
        if comp is not None:
            if subj is not None and subj.lower_ not in ("it", "there"):
                content.append(subtree(subj))
            content.append(subtree(comp))
        elif source is not None and subj is not None and entry.frame == "report":
            content.append(subtree(subj))
        if not content:
            return None
        start = min([verb.i] + [c.i for c in children if c.dep_ in ("auxpass", "aux") and c.i < verb.i])
        return Found(entry, (start, verb.i + 1), source, sorted(content), verb=verb)

    # --- "according to", "in a statement" ------------------------------------------------------

    def prep_cue(self, tok: Token, entry: CueEntry) -> Found | None:
        doc = self.doc
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if entry.follower and (nxt is None or nxt.lower_ != entry.follower):
            return None
        end = tok.i + 2 if entry.follower else tok.i + 1
        anchor = nxt if entry.follower else tok
        objs = [o for o in anchor.children if o.dep_ == "pobj"]
        source = subtree(objs[0]) if objs else None
        phrase = (tok.i, max(end, source[1] if source else end))
        head = tok.head
        while head.dep_ == "prep" and head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
            head = head.head  # "according" attached to its "to"
        content = minus(doc, subtree(head), [phrase]) if head.i != tok.i else []
        if not content:
            return None
        return Found(entry, (tok.i, end), source, content, verb=head if head.pos_ in ("VERB", "AUX") else None)

    def nominal_cue(self, prep: Token) -> Found | None:
        """"In a statement, the party said …" is the verb's; "In an interview, she defended …" is a cue."""
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None or obj.lemma_.casefold() not in self.lexicon.nouns or prep.lower_ != "in":
            return None
        head = prep.head
        if head.pos_ not in ("VERB", "AUX") or head.lemma_.casefold() in self.lexicon.verbs:
            return None
        entry = self.lexicon.nouns[obj.lemma_.casefold()]
        cue = (prep.i, obj.i + 1)
        poss = next((c for c in obj.children if c.dep_ == "poss"), None)
        source = subtree(poss) if poss is not None else self.source_of(head)
        content = minus(self.doc, subtree(head), [subtree(prep)] + ([source] if source else []))
        if not content:
            return None
        return Found(entry, cue, source, content, verb=head)


    def colon_cue(self, colon: Token, entry: CueEntry) -> Found | None:
        """"Trump: “…”", "FALLIN: I think …": a short verbless phrase before a colon is the source."""
        doc = self.doc
        start = colon.i
        while start > 0 and not _line_start(doc, start) and colon.i - start <= MAX_SOURCE:
            start -= 1
        left = trim(doc, start, colon.i)
        if left is None or colon.i - start > MAX_SOURCE or any(t.pos_ in ("VERB", "AUX") for t in doc[left[0]:left[1]]):
            return None
        if not any(t.ent_type_ in COLON_SOURCES or self.mention_types.get(t.i) in COLON_SOURCES
                   for t in doc[left[0]:left[1]]):
            return None
        nxt = colon.i + 1
        while nxt < len(doc) and doc[nxt].is_space:
            nxt += 1
        if nxt >= len(doc) or (_new_line(doc, nxt) and nxt not in self.quote_of):
            return None
        if nxt in self.quote_of and self.quote_of[nxt].start == nxt:
            content = list(self.quote_of[nxt].segments)
        else:
            end = nxt
            sentences = 0
            while end < len(doc) and not (end > nxt and _new_line(doc, end)):
                if end > nxt and doc[end].is_sent_start:
                    sentences += 1
                    if sentences > 1:
                        break
                end += 1
            content = [(nxt, end)]
        content = [t for t in (trim(doc, s, e) for s, e in content) if t]
        quoted = nxt in self.quote_of
        if not content or not (quoted or any(t.pos_ in ("VERB", "AUX") for s, e in content for t in doc[s:e])):
            return None  # a proposition: a quotation or a clause, not a tally ("Clinton: 1,769")
        return Found(entry, (colon.i, colon.i + 1), left, content, direct=quoted)


MAX_SOURCE = 8  # words of a source before a colon
COLON_SOURCES = frozenset({"PERSON", "ORG", "AGENCY"})


def _new_line(doc: Doc, i: int) -> bool:
    """Token ``i`` begins a line (or the text)."""
    return i == 0 or "\n" in doc[i - 1].whitespace_ or (doc[i - 1].is_space and "\n" in doc[i - 1].text)


def _line_start(doc: Doc, i: int) -> bool:
    """Token ``i`` begins a line or a sentence."""
    return doc[i].is_sent_start or _new_line(doc, i)


def _inside(tok: Token, verb: Token) -> bool:
    """``tok`` hangs off ``verb`` through a short chain (an addressee, "in an interview")."""
    head = tok
    for _ in range(3):
        head = head.head
        if head.i == verb.i:
            return True
        if head.head.i == head.i:
            return False
    return False


def outermost(found: list[Found]) -> list[Found]:
    """Drop cues inside another attribution's content (PolNeAR's one role per token): the outer one stays."""
    def inside(item: Found, other: Found) -> bool:
        c = item.cue[0]
        return other is not item and any(s <= c < e for s, e in other.content)

    roots = [f for f in found if not any(inside(f, o) for o in found)]
    kept = list(roots)
    for f in found:
        if any(f is r for r in roots):
            continue
        if not any(inside(f, o) for o in kept):
            kept.append(f)
    kept.sort(key=lambda f: f.cue)
    return kept


def spans(doc: Doc, ranges: list[tuple[int, int]]) -> list[Span]:
    return [doc[s:e] for s, e in ranges]
