"""Document-level typing: one referent, one type.

The model types each mention of a name on its own, so a company can be ORG in
one sentence and PERSON in the next ("Fiat"). After the candidates are
chosen, the mentions of each name (folded text) are grouped, the evidence for
each type is collected from every mention in the document, and the best
evidence types them all:

===========  =====  ===========================================================
evidence     level  where from
===========  =====  ===========================================================
gazetteer    5      a listed body or region with this name (its id)
expansion    5      an acronym defined after a long form: "Japan International
                    Cooperation Agency (JICA)" types every "JICA"
org          4      :meth:`Evidence.org_reason` on any mention (suffix,
                    apposition, "carmaker Fiat", "Fiat's truck unit", shares)
person cue   4      an honorific or a title just before a mention ("Mr Agnelli")
surname      3      the name ends a longer PERSON of the document ("Gianni
                    Agnelli") or is a listed person's surname (a name that opens
                    one, "Victoria Beckham", is never made a place)
place        2      a country, or a place the lexicon knows (a single word only
                    with a place cue: "in Kirkby", "Bolton and Kirkby")
known place  1      a place the lexicon knows that the model calls a place in
                    one of its mentions ("from Tapachula" GPE, "left Tapachula"
                    PERSON)
===========  =====  ===========================================================

The highest level wins if it names one type; two types at the highest level
(a person and his company, "Mr Dell" and "Dell, the computer maker") leave every
mention as it was. No evidence leaves the model's types. The decided type is
then given to every mention of the name, and to the name's occurrences the
model missed ("Unilever shares up" in a headline), when they stand alone.

Names inside product names ("the Honda Civic hatchback", "Airbus A380") are
not entities: they are dropped, with the reason recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.attrs import ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from pipeline.entities import repairs
from pipeline.entities.evidence import Evidence, positions
from pipeline.entities.select import Candidate
from pipeline.ids import fold
from pipeline.lexicon.bodies import Entry
from pipeline.mentions.acronyms import ACRONYM_RE, _letters_fit

# The labels the document-level typing may change: the model's guesses and the repairs' (never a
# gazetteer's or a pattern's, never a party word's).
RETYPABLE = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "from", "across", "around", "throughout"})
LEVELS = {"gazetteer": 5, "expansion": 5, "org": 4, "person_cue": 4, "surname": 3, "place": 2, "known_place": 1}


@dataclass
class Context:
    """What the typing reads: evidence words, the lexicon's lookups, the candidates' word classes."""

    evidence: Evidence
    words: repairs.Words
    entries: dict[str, Entry]
    title_words: frozenset[str]
    known_surnames: frozenset[str]
    is_known_place: Callable[[str], bool] = field(default=lambda text: False)
    is_nationality: Callable[[str], bool] = field(default=lambda text: False)
    country_aliases: frozenset[str] = frozenset()  # folded written forms of countries ("us", "uk")

    def __post_init__(self) -> None:
        self.folded_surnames = frozenset(fold(s) for s in self.known_surnames)
        # "U.S." is listed, so "US" is a country's usual short form too; "EC" or "CH" are not
        self.country_aliases = frozenset(a.replace(".", "") for a in self.country_aliases)

    def is_country(self, text: str) -> bool:
        """A country's name; a bare upper-case code only where it is the usual short form ("US", not "EC")."""
        if self.words.country_code(text) is None:
            return False
        letters = text.replace(".", "")
        return not (letters.isupper() and len(letters) <= 3) or fold(letters) in self.country_aliases


@dataclass
class Decision:
    label: str
    reason: str


# The candidates whose type is the model's guess (or copied from one): only these are retyped.
GUESSED = ("model:ner", "rule:surname", "rule:same_name")


def _retypable(cand: Candidate) -> bool:
    return cand.extractor.startswith(GUESSED) and cand.label in RETYPABLE | {"NORP"}


def _place_cue(span: Span, place_labels: dict[int, str]) -> bool:
    """"in Woolwich", "pubs in Guildford and Woolwich", "Porto Alegre, Brazil"."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in PLACE_PREPOSITIONS:
        return True
    if root.dep_ == "conj" and (place_labels.get(head.i) in ("GPE", "LOC") or
                                (head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS)):
        return True
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "," and place_labels.get(span.end + 1) == "GPE"


def _acronym_types(doc: Doc, chosen: list[Candidate]) -> dict[str, str]:
    """Acronyms defined after a body ("... Cooperation Agency (JICA)") → the body's type."""
    out: dict[str, str] = {}
    for cand in chosen:
        i = cand.end
        if cand.label not in ("AGENCY", "ORG") or i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
            continue
        acronym = doc[i + 1].text
        if ACRONYM_RE.match(acronym) and _letters_fit(acronym, doc[cand.start:cand.end].text):
            out.setdefault(fold(acronym), cand.label)
    return out


def _local(span: Span, ctx: Context, place_labels: dict[int, str], org: dict[tuple[int, int], str | None]) \
        -> tuple[str, str] | None:
    """The type one mention's own context shows, and its evidence level, if any: "prosecutors in Parma" is
    the city even where "football club Parma" is the club."""
    if org.get((span.start, span.end)):
        return "ORG", "org"
    if repairs.preceded_by_person_cue(ctx.words, span, ctx.title_words) and repairs.is_name_like(span, ctx.words.particles):
        return "PERSON", "person_cue"
    if (ctx.is_country(span.text) or ctx.is_known_place(span.text)) and _place_cue(span, place_labels):
        return "GPE", "place"
    return None


def decide(doc: Doc, chosen: list[Candidate], ctx: Context,
           org: dict[tuple[int, int], str | None] | None = None) -> dict[str, Decision]:
    """Folded name → its type and the evidence that decided it, for names with positive evidence
    (``org`` receives each candidate's organisation evidence, for reuse)."""
    org = {} if org is None else org
    place_labels = {i: c.label for c in chosen for i in range(c.start, c.end)}
    persons = [Span(doc, c.start, c.end) for c in chosen if c.label == "PERSON"]
    tails = {fold(tail) for tail, full in repairs.surname_index(persons).items() if tail != full}
    # first names ("Victoria Beckham") are no evidence of a person, but keep a name from being made a place
    first_names = {fold(doc[c.start].text) for c in chosen if c.label == "PERSON" and c.end - c.start > 1
                   and doc[c.start].is_alpha}
    acronyms = _acronym_types(doc, chosen)
    found: dict[str, dict[str, set[str]]] = {}  # name → level name → labels

    def add(key: str, level: str, label: str) -> None:
        found.setdefault(key, {}).setdefault(level, set()).add(label)

    for cand in chosen:
        span = Span(doc, cand.start, cand.end, label=cand.label)
        key = fold(span.text)
        if cand.entry_id and cand.entry_id in ctx.entries:
            add(key, "gazetteer", ctx.entries[cand.entry_id].label)
            continue
        if cand.label not in RETYPABLE and cand.label != "AGENCY":
            continue
        if key in acronyms:
            add(key, "expansion", acronyms[key])
        reason = ctx.evidence.org_reason(span)
        if reason == "org_suffix" and cand.label in ("GPE", "LOC"):
            reason = None  # a place the model found is not a company by its last word alone ("West Bank")
        org[(cand.start, cand.end)] = reason
        if reason:
            add(key, "org", "ORG")
        if repairs.preceded_by_person_cue(ctx.words, span, ctx.title_words) and repairs.is_name_like(span, ctx.words.particles):
            add(key, "person_cue", "PERSON")
        if key in tails or key in ctx.folded_surnames:
            add(key, "surname", "PERSON")
        if key in first_names:
            continue
        if ctx.is_country(span.text):
            add(key, "place", "GPE")
        elif ctx.is_known_place(span.text):
            if len(span) > 1 or _place_cue(span, place_labels):
                add(key, "place", "GPE")
            elif cand.label in ("GPE", "LOC") and cand.extractor.startswith("model:ner"):
                add(key, "known_place", "GPE")
    out: dict[str, Decision] = {}
    for key, levels in found.items():
        best = max(levels, key=lambda name: LEVELS[name])
        labels = levels[best]
        if len(labels) == 1:
            out[key] = Decision(next(iter(labels)), best)
    return out


def apply(doc: Doc, chosen: list[Candidate], ctx: Context, blocked: frozenset[int],
          drop: Callable[[int, int, str], None], ents: list[Span] | None = None) -> list[Candidate]:
    """Retype every mention of a decided name, add its missed stand-alone occurrences, drop product names."""
    org: dict[tuple[int, int], str | None] = {}
    decisions = decide(doc, chosen, ctx, org)
    place_labels = {i: c.label for c in chosen for i in range(c.start, c.end)}
    out: list[Candidate] = []
    for cand in chosen:
        if _retypable(cand):
            span = Span(doc, cand.start, cand.end, label=cand.label)
            decision = decisions.get(fold(span.text))
            label = decision.label if decision is not None else cand.label
            local = _local(span, ctx, place_labels, org)
            reason = decision.reason if decision is not None else ""
            if local is not None and local[0] != label and (
                    decision is None or LEVELS[local[1]] >= LEVELS[decision.reason] or local[0] == cand.label):
                # this mention's own context outweighs the name's, unless the name's evidence is stronger and
                # the model did not see it so either ("Bolton and Ferguson said", with "Alex Ferguson" above)
                label, reason = local[0], "local"
            elif local is not None and local[0] == label:
                reason = "local"
            if label != cand.label and _may_become(cand, span, label, ctx, reason):
                cand = Candidate(cand.start, cand.end, label, cand.source,
                                 f"{cand.extractor}+rule:doc_type_{reason}", cand.entry_id)
        out.append(cand)
    out = _drop_products(doc, out, ctx, drop)
    out.extend(_missed_occurrences(doc, out, decisions, blocked, list(doc.ents) if ents is None else ents))
    return sorted(out, key=lambda c: (c.start, c.end))


def _may_become(cand: Candidate, span: Span, label: str, ctx: Context, reason: str) -> bool:
    """A place the model found stays one (LOC is not made GPE, a country never an organisation), an
    organisation is made a place only by its own place cue; a NORP
    becomes only a person ("the 22-year-old Kowalczyk"), and never a nationality word."""
    if cand.label == "LOC" and label == "GPE":
        return False
    if cand.label == "ORG" and label == "GPE" and reason != "local":
        return False  # a club or company named after its town ("Chelsea", "Sale") stays one, unless "in Sale"
    if cand.label == "GPE" and ctx.is_country(span.text) and label != "PERSON":
        return False
    if cand.label == "NORP":
        return label == "PERSON" and len(span) == 1 and not ctx.is_nationality(span.text)
    return True


def _drop_products(doc: Doc, chosen: list[Candidate], ctx: Context, drop: Callable[[int, int, str], None]) -> list[Candidate]:
    kinds: dict[int, str | None] = {}
    by_name: dict[str, list[int]] = {}
    for n, cand in enumerate(chosen):
        by_name.setdefault(fold(doc[cand.start:cand.end].text), []).append(n)
        span = doc[cand.start:cand.end]
        if cand.source == "gazetteer" and cand.label == "ORG":
            # a listed company inside a product's name ("Airbus A380") is the product's, not a mention
            kinds[n] = "name" if ctx.evidence.product(span) == "name" else None
            continue
        if cand.source != "model" or cand.label not in ("ORG", "PERSON", "GPE", "FAC"):
            continue
        if cand.label == "GPE" and (ctx.words.country_code(span.text) or ctx.is_known_place(span.text)):
            continue
        kinds[n] = ctx.evidence.product(span)
    out = []
    for n, cand in enumerate(chosen):
        kind = kinds.get(n)
        if kind == "modifier":
            # "Camry models" is a product only if the name is never used on its own ("Toyota models" is not)
            others = by_name[fold(doc[cand.start:cand.end].text)]
            if any(kinds.get(m) is None or chosen[m].entry_id for m in others):
                kind = None
        if kind is not None:
            drop(cand.start, cand.end, "product")
            continue
        out.append(cand)
    return out


def _missed_occurrences(doc: Doc, chosen: list[Candidate], decisions: dict[str, Decision],
                        blocked: frozenset[int], ents: list[Span]) -> list[Candidate]:
    """The occurrences of a name the document types that the model left out: exact text, standing alone."""
    texts = [tuple(t.text for t in doc[c.start:c.end]) for c in chosen]
    model_labels: dict[tuple[str, ...], list[str]] = {}
    for words, cand in zip(texts, chosen):
        if cand.extractor.startswith("model:ner"):
            model_labels.setdefault(words, []).append(cand.label)
    names: dict[tuple[str, ...], str] = {}
    for words, cand in zip(texts, chosen):
        if not _retypable(cand) and not (cand.source == "model" and cand.label in ("NORP", "AGENCY")):
            continue
        if not words[0][:1].isupper():
            continue
        decision = decisions.get(fold(" ".join(words)))
        if decision is not None:
            label = decision.label
        elif _self_evident(words, cand.label, model_labels.get(words, [])):
            label = cand.label
        else:
            continue  # only a name the document types, or an evident one, is copied to its misses
        if names.setdefault(words, label) != label:
            names[words] = ""  # typed two ways: leave the misses alone
    first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, label in names.items():
        if label:
            first.setdefault(words[0], []).append((words, label))
    if not first:
        return []
    taken = {i for c in chosen for i in range(c.start, c.end)}
    in_model = {i for ent in ents for i in range(ent.start, ent.end)}
    lowered: set[str] | None = None
    out: list[Candidate] = []
    keys = frozenset(hash_string(word) for word in first)
    for i in positions(doc, ORTH, keys):
        tok = doc[i]
        if tok.i in taken or tok.i in in_model or tok.i in blocked:
            continue
        if lowered is None:
            lowered = {t.lower_ for t in doc if t.is_lower}
        for words, label in sorted(first[tok.text], key=lambda x: -len(x[0])):
            end = tok.i + len(words)
            if end > len(doc) or tuple(t.text for t in doc[tok.i:end]) != words:
                continue
            if any(i in taken or i in in_model or i in blocked for i in range(tok.i, end)):
                continue
            if not _stands_alone(doc, tok.i, end, lowered):
                continue
            out.append(Candidate(tok.i, end, label, "repair", "rule:same_name"))
            taken.update(range(tok.i, end))
            break
    return out


def _self_evident(words: tuple[str, ...], label: str, model_labels: list[str]) -> bool:
    """A name whose model type needs no evidence to be copied: an acronym ("IRA"), a person's full name,
    or a name the model types alike at least twice."""
    if len(words) == 1 and words[0].isupper() and words[0].isalpha() and 2 <= len(words[0]) <= 6:
        return True
    if label == "PERSON" and len(words) >= 2:
        return True
    return len(model_labels) >= 2 and all(lab == label for lab in model_labels)


def _stands_alone(doc: Doc, start: int, end: int, lowered: set[str]) -> bool:
    """Not part of a longer capitalised name ("Barclays Capital", "Honda Civic"), not a common word
    opening a sentence ("Apple" where the text also says "apple")."""
    def capital(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].text[:1].isupper() and doc[i].is_alpha
    if capital(end) or doc[end - 1].text in ("-",) or (end < len(doc) and doc[end].text == "-"):
        return False
    if start > 0 and (doc[start - 1].text == "-" or (capital(start - 1) and not doc[start].is_sent_start)):
        return False
    if doc[start].is_sent_start and doc[start].lower_ in lowered:
        return False
    return True
