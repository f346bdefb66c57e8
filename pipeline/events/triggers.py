"""Trigger candidates: lexicon entries matched on lemmas, kept when the parse meets
the record's conditions.

Matching is a lookup of each token's lower-cased lemma in an index built once
from the trigger file (first lemma → records), then a check of the following
lemmas for multiword triggers ("phone call", "set out"). Lower-casing the
lemma is why this is not spaCy's ``Matcher`` on ``LEMMA``: a sentence-initial
"Talks" has the lemma "Talks" and must still match.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.events.context import PLACE_TYPES, DocContext
from pipeline.events.lexicon import TriggerRule
from pipeline.events.syntax import (
    by_agents, children, clause_tokens, conjuncts, governing_verb, noun_frame, pobjs, subject_of,
)

DESTINATION_PREPS = ("to", "into", "toward", "towards")
# arcs climbed from a verb to the nouns it says something about ("migrants ... arriving")
CLIMB_DEPS = ("acl", "relcl", "amod", "dobj", "pobj", "prep", "conj")
GOVERNMENT_TYPES = ("PERSON", "AGENCY", "GPE")
# prepositions whose object is the amount or level of a change ("fell to 3.2%", "grew by 5%")
CHANGE_PREPS = ("to", "by", "from", "at", "around", "above", "below", "over", "under", "past")


@dataclass(frozen=True)
class Candidate:
    rule: TriggerRule
    start: int  # token indices of the trigger words
    end: int
    head: Token

    @property
    def type(self) -> str:
        return self.rule.type


def find_candidates(ctx: DocContext) -> list[Candidate]:
    """Every trigger in the document, left to right, at most one per token."""
    doc = ctx.doc
    out: list[Candidate] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        rules = ctx.rules.index.get(token.lemma_.lower())
        matched = None
        if rules and i not in ctx.blocked and not ctx.in_entity(token):
            for rule in rules:
                end = i + len(rule.lemmas)
                if end > len(doc):
                    continue
                if any(doc[i + k].lemma_.lower() != lemma for k, lemma in enumerate(rule.lemmas[1:], 1)):
                    continue
                head = doc[i + rule.head]
                if not _pos_fits(head, rule) or any(ctx.in_entity(doc[k]) for k in range(i, end)):
                    continue
                if _negated(head):
                    continue
                if all(CHECKS[need](ctx, head, rule) for need in rule.needs):
                    matched = Candidate(rule, i, end, head)
                    break
        if matched is not None:
            out.append(matched)
            i = matched.end
        else:
            i += 1
    return out


def _pos_fits(head: Token, rule: TriggerRule) -> bool:
    """A noun record also takes a capitalised common noun the tagger calls proper ("the Party
    Conference"); names are already excluded, being mentions."""
    return head.pos_ == rule.pos or (rule.pos == "NOUN" and head.pos_ == "PROPN")


def _negated(token: Token) -> bool:
    """A happening the article says did not happen is not reported as one."""
    return any(c.dep_ == "neg" for c in token.children)


# -- conditions -----------------------------------------------------------

def place_objects(ctx: DocContext, token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Head tokens of the places in ``token``'s ``prep`` phrases ("to Mexico and Guatemala")."""
    out = []
    for prep in children(token, ("prep", "dative")):
        if prep.lower_ not in preps:
            continue
        for pobj in pobjs(prep):
            for tok in [pobj, *conjuncts(pobj)]:
                if ctx.entity(tok, PLACE_TYPES) is not None or _place_modifier(ctx, tok) is not None:
                    out.append(tok)
    return out


def _place_modifier(ctx: DocContext, token: Token) -> Token | None:
    """The place named in a modifier of a common noun: "the US border", "Mexico's southern border"."""
    if token.pos_ != "NOUN":
        return None
    for child in token.children:
        if child.dep_ in ("compound", "poss", "nmod", "amod") and ctx.entity(child, PLACE_TYPES) is not None:
            return child
    return None


def _destination(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """A place the trip goes to: "to/into/towards" + place (plus the record's own ``preps``,
    "arrived in Guatemala"), or a place as direct object ("visited Guatemala")."""
    preps = DESTINATION_PREPS + tuple(sorted(rule.preps))
    if place_objects(ctx, head, preps):
        return True
    return any(ctx.entity(c, PLACE_TYPES) is not None for c in children(head, ("dobj",)))


def _migrants(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    return bool(migrant_arguments(ctx, head))


def migrant_arguments(ctx: DocContext, head: Token) -> list[Token]:
    """The arguments of ``head`` that name people on the move.

    Looked for in the subject and object, the noun a participle modifies
    ("migrants arriving") and the nouns above it ("a caravan comprising 6,000
    people set out", where the parser hangs "set out" under "people"), a noun
    trigger's own modifiers ("migrant arrivals") and its "of" phrase ("the flow of
    migrants").
    """
    words = ctx.rules.words["migrant"]
    args: list[Token] = []
    if head.pos_ == "NOUN":
        args.append(head)
        args += [p for prep in children(head, ("prep",)) if prep.lower_ == "of" for p in pobjs(prep)]
    else:
        args += children(head, ("nsubj", "nsubjpass", "dobj"))
        current = head
        for _ in range(5):
            if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
                break
            if current.dep_ == "conj" and children(current, ("nsubj",)):
                break
            current = current.head
            if current.pos_ in ("NOUN", "PROPN"):
                args.append(current)
            elif current.pos_ == "VERB":
                args += children(current, ("nsubj", "nsubjpass"))
    found = []
    for arg in args:
        for tok in [arg, *conjuncts(arg)]:
            if _names_migrants(tok, words):
                found.append(tok)
    return found


def _names_migrants(token: Token, words: frozenset[str]) -> bool:
    if token.lemma_.lower() in words or token.lower_.rstrip("s") in words:
        return True
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i < token.i and (
                child.lemma_.lower() in words or child.lower_.rstrip("s") in words):
            return True
        if child.dep_ == "prep" and child.lower_ == "of":
            if any(_names_migrants(p, words) for p in pobjs(child)):
                return True
    return False


def _figure(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    return bool(figure_spans(ctx, head))


def figure_spans(ctx: DocContext, head: Token) -> list:
    """FIGURE mentions counting what the trigger names: in its own phrase, in the noun a
    participle modifies ("18,945 family members encountered"), in the clause the trigger is
    an argument of ("the April count is expected to be lower, at around 129,000"), or in the
    clause a noun trigger frames ("In an early-October poll, she led 56 percent to 32 percent")."""
    scopes = [head]
    if head.pos_ == "VERB" and head.dep_ in ("acl", "relcl", "amod"):
        scopes.append(head.head)
    if head.pos_ == "NOUN" and head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        scopes.append(head.head)
    if head.pos_ == "NOUN":
        verb, dep = noun_frame(head)
        if verb is not None and dep == "pobj":
            scopes.append(verb)
    return _figures_in(ctx, scopes)


def value_figures(ctx: DocContext, head: Token) -> list:
    """FIGURE mentions stating the value of the measure a noun names: in its own phrase ("a
    20% rise", "net income of $6.2bn"), in the predicate it is the subject of ("turnover was
    $44.7bn", "sales totalled 1,751,000", "the unemployment rate stayed at 5.4%"), or in the
    clause of a verb that holds it ("had net income of", "took 2004's total to 2.2 million").
    Not a verb that acts on it: in "raised interest rates to 2.25%" the rise is a decision."""
    own = _figures_in(ctx, [head])
    verb = head.head
    if head.dep_ in ("nsubj", "nsubjpass") and verb.pos_ in ("VERB", "AUX") and not acts_on(ctx, verb):
        others: set[int] = set()
    elif head.dep_ == "dobj" and ctx.rules.has("value_verb", verb.lemma_.lower()):
        # the verb's clause, but not its other objects ("had net income of $6.2bn ..., and revenues of $28.4bn")
        others = {t.i for c in verb.children if c.i != head.i and c.dep_ in ("dobj", "conj", "appos")
                  for t in c.subtree}
    else:
        return own
    seen = {s.start for s in own}
    for tok in clause_tokens(verb):
        span = ctx.figure_span(tok)
        if (span is not None and tok.i not in others and span.start not in seen and not _is_year(span)
                and not _partitive(span)):
            seen.add(span.start)
            own.append(span)
    return own


def acts_on(ctx: DocContext, verb: Token) -> bool:
    """The verb is a trigger of another kind of happening ("rates were raised", "jobs were cut")."""
    return verb.lemma_.lower() in ctx.rules.acting_lemmas


def _figures_in(ctx: DocContext, scopes: list[Token]) -> list:
    seen: set[int] = set()
    out = []
    for scope in scopes:
        for tok in clause_tokens(scope):
            span = ctx.figure_span(tok)
            if span is not None and span.start not in seen and not _is_year(span) and not _partitive(span):
                seen.add(span.start)
                out.append(span)
    return out


def change_figures(ctx: DocContext, verb: Token) -> list:
    """FIGURE mentions that are the amount or level of a change: the verb's own arguments ("rose
    5%", "fell to 3.2%", "grew by $7.2bn", "stayed at 5.4%", "totalled 1,751,000"), not a
    figure deeper in the clause ("falling into the hands of Rosneft in a deal worth $9.4bn")."""
    args = [c for c in verb.children if c.dep_ in ("npadvmod", "dobj", "attr", "advmod", "acomp")]
    args += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in CHANGE_PREPS for p in pobjs(c)]
    out = []
    for arg in args:
        for tok in arg.subtree:
            span = ctx.figure_span(tok)
            if span is not None and span not in out and not _is_year(span) and not _partitive(span):
                out.append(span)
    return out


def _change_figure(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    return bool(change_figures(ctx, head))


def _measure_value(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    return bool(value_figures(ctx, head))


def is_measure(ctx: DocContext, token: Token) -> bool:
    """A noun naming a measure: one with a STATISTIC noun record ("profits", "turnover", "shares")."""
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in ctx.rules.measure_nouns


def _measure_subject(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """"Shares in Barclays have risen": a change said of a measure stands without its figure."""
    if head.tag_ == "VB":  # "would see sales rise": not a change reported
        return False
    subjects, voice = subject_of(head, hops=1)
    return voice == "agent" and any(is_measure(ctx, s) for s in subjects)


def _not_comparison(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """"(compared to a profit of £13m in the year-ago period)": the figure a report is compared
    with belongs to that report, not a happening of its own."""
    for tok in head.ancestors:
        if ctx.rules.has("comparison", tok.lemma_.lower()) and tok.dep_ in ("prep", "advcl", "pcomp", "cc"):
            return False
        # "an improvement on the 3.3% growth", "up from a profit of $153m": the base of a change
        if tok.dep_ == "prep" and tok.lower_ in ("on", "from", "over", "than") and is_change(ctx, tok.head):
            return False
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("prep", "acl", "advcl"):
            break
    return True


def is_change(ctx: DocContext, token: Token) -> bool:
    """A word naming a change in a measure ("rise", "improvement", "up")."""
    if token.lower_ in ("up", "down"):
        return True
    return token.lemma_.lower() in ctx.rules.change_lemmas


def _period(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """Checked on the built report (pipeline.events.detect): a date that is a point or period,
    not "recently", is among the trigger's arguments."""
    return True


def _body(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """A government body or country is named as the doer ("The State Department has removed",
    "a State Department decision"): stricter than ``actor``, which lets an unnamed doer pass."""
    doers = list(by_agents(head))
    if head.pos_ == "NOUN":
        doers += [c for c in head.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < head.i]
    else:
        subjects, voice = subject_of(head)
        if voice == "agent":
            doers += subjects
    return any(e.type in ("AGENCY", "GPE") for tok in doers for e in ctx.np_entities(tok))


def _partitive(span) -> bool:
    """"one of Japan's businessmen": a share of a group, not a count."""
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in span.root.children)


def _is_year(span) -> bool:
    return len(span) == 1 and span.text.isdigit() and len(span.text) == 4 and span.text[:2] in ("19", "20")


def _xcomp(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    return any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in head.children)


def _no_ccomp(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    return not any(c.dep_ in ("ccomp", "xcomp") for c in head.children)


def _ccomp(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    return any(c.dep_ == "ccomp" for c in head.children)


def _object(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    objects = children(head, ("dobj", "nsubjpass"))
    if head.pos_ == "NOUN":  # "the creation of offices"
        objects = [p for prep in children(head, ("prep",)) if prep.lower_ == "of" for p in pobjs(prep)]
    if head.dep_ in ("acl", "amod") and head.tag_ == "VBN":
        objects.append(head.head)
    for obj in objects:
        # "a pair of rail crossings", "dozens of offices": the object is what the quantity counts
        objects += [p for prep in children(obj, ("prep",)) if prep.lower_ == "of" for p in pobjs(prep)]
    for obj in objects:
        for tok in [obj, *conjuncts(obj)]:
            if tok.lemma_.lower() in rule.objects:
                return True
            if any(c.dep_ == "compound" and f"{c.lemma_.lower()} {tok.lemma_.lower()}" in rule.objects
                   for c in tok.children):
                return True
    return False


def _prep(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """A preposition or particle among ``preps`` on the trigger, or on its object when the
    parser attaches a secondary predicate there ("described the increase as dramatic")."""
    carriers = [head, *children(head, ("dobj",))]
    return any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in rule.preps
               for carrier in carriers for c in carrier.children)


def _actor(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """A government acts: the named doers, if any are named, include a person, a government
    body or a country ("Mexico agreed to take in migrants", not "Illva agreed to buy 33%")."""
    doers = list(by_agents(head))
    if head.pos_ == "NOUN":
        doers += [c for c in head.children if c.dep_ in ("poss", "compound", "amod") and c.i < head.i]
        verb = governing_verb(head)
        if verb is not None:
            doers += subject_of(verb)[0]
    else:
        subjects, voice = subject_of(head)
        if voice == "agent":
            doers += subjects
    entities = [e for tok in doers for e in ctx.np_entities(tok)]
    return not entities or any(e.type in GOVERNMENT_TYPES for e in entities)


def _partner(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """"met Mexican officials", "met him", not "met his fiscal rule": whom one meets is a
    person, a body or a group of people, when the object is there at all."""
    for obj in children(head, ("dobj",)):
        lemma = obj.lemma_.lower()
        if ctx.entity(obj) is None and obj.pos_ != "PRON" and not (
                ctx.rules.has("group", lemma) or ctx.rules.has("counterpart", lemma)):
            return False
    return True


def _plural(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """"talks" are a meeting, "talk" of a takeover is not."""
    return head.tag_ in ("NNS", "NNPS")


def _appoint(ctx: DocContext, head: Token, rule: TriggerRule) -> bool:
    """The appointing sense of "name": someone is named to a post ("named Zuniga as envoy",
    "the newly named Special Envoy", "Zuniga was named envoy"), not "names Russia as a threat"."""
    appointee = children(head, ("dobj", "nsubjpass"))
    if head.dep_ in ("acl", "amod"):
        appointee.append(head.head)
    if any(ctx.entity(tok) is not None and ctx.entity(tok).type != "PERSON" for tok in appointee):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in head.children):
        return any(ctx.entity(tok) is not None for tok in appointee)
    if any(c.dep_ in ("oprd", "attr") for c in head.children):
        return True
    if any(c.dep_ == "advmod" and ctx.rules.has("appointed", c.lower_) for c in head.children):
        return True
    # "named Special Envoy for the Northern Triangle": a capitalised title as object complement
    return head.dep_ in ("acl", "amod") and any(
        c.dep_ in ("dobj", "attr") and c.text[:1].isupper() and ctx.mention(c) is None for c in head.children)


CHECKS = {
    "destination": _destination,
    "migrants": _migrants,
    "figure": _figure,
    "xcomp": _xcomp,
    "no_ccomp": _no_ccomp,
    "ccomp": _ccomp,
    "object": _object,
    "prep": _prep,
    "actor": _actor,
    "partner": _partner,
    "plural": _plural,
    "appoint": _appoint,
    "measure_value": _measure_value,
    "change_figure": _change_figure,
    "measure_subject": _measure_subject,
    "not_comparison": _not_comparison,
    "period": _period,
    "body": _body,
}
