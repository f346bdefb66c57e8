"""STATEMENT reports from the attributions (``doc._.attributions``, set by news_attributions).

The trigger rules find the words that name a statement ("said", "a statement",
"news conference"); the attributions know more about each report of speech:
who the source is once "he" or "the mayor" is resolved, and the cues the trigger
list has no entry for ("shot back", "castigated", a colon before a quotation).
So every speech attribution becomes a report (or lends its speaker to the
trigger report at its cue), and the merge step then makes one STATEMENT per
happening. Each report remembers its attributions, so each attribution can
name the STATEMENT it belongs to.

A source the attribution component could not resolve ("analysts", "a spokesman")
still makes a report, with no participants, when it is a noun phrase: the
standard keeps specific statements by unnamed speakers. An unresolved pronoun
makes none: "he" with no antecedent is a failure to resolve, not a speaker.
"""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.annotations import Attribution, Speaker
from pipeline.events.arguments import date_value, event_date
from pipeline.events.context import DocContext, Entity
from pipeline.events.lexicon import TriggerRule
from pipeline.events.model import Report
from pipeline.events.triggers import Candidate
from pipeline.ids import entity_id
from pipeline.sentences import sentence_of

# attribution kinds that report speech; thoughts and beliefs are not statements
STATEMENT_KINDS = ("speech",)
# a source made only of these is a pronoun ("he", "who"): unresolved, it names no speaker
PRONOUN_TAGS = ("PRP", "PRP$", "WP", "WDT")


def speaker_entity(ctx: DocContext, speaker: Speaker | None) -> Entity | None:
    """The participant a resolved speaker is, with the offsets of the mention naming it."""
    if speaker is None or speaker.mention is None:
        return None
    found = ctx.entity(ctx.doc[speaker.mention.start])
    if found is not None:
        return found
    mention = speaker.mention
    type_ = mention.label_
    return Entity(speaker.canonical, speaker.entity_id or entity_id(type_, speaker.canonical), type_,
                  mention.start_char, mention.end_char)


def attach_attributions(ctx: DocContext, reports: list[Report], attributions: list[Attribution],
                        say_rule_of: dict[str, TriggerRule]) -> list[Report]:
    """Give each STATEMENT report the attributions whose cue it names (their speakers replace
    the participants the parse found), and make a report of every other speech attribution.

    ``say_rule_of``: the trigger rule a cue-made report takes, by part of speech ("VERB", "NOUN").
    Returns the reports, new ones included, in trigger order."""
    statements = [r for r in reports if r.type == "STATEMENT"]
    out = list(reports)
    for att in attributions:
        if att.kind not in STATEMENT_KINDS:
            continue
        cue = trigger_of(ctx, att.cue)
        report = next((r for r in statements if _names_cue(r, cue)), None)
        speaker = speaker_entity(ctx, att.speaker)
        if report is not None:
            report.attributions.append(att)
            if speaker is not None:
                report.participants = [(speaker, "speaker")]
            elif _unresolved_pronoun(att):
                report.participants = []
            elif not report.participants and att.source is not None:
                report.unnamed = True
            continue
        if _in_reported_event(att, reports) or _no_statement(ctx, att):
            continue
        if speaker is None and (att.source is None or _unresolved_pronoun(att)):
            continue
        report = _report_of(ctx, att, cue, speaker, say_rule_of)
        if report is not None:
            out.append(report)
    return sorted(out, key=lambda r: r.start)


def _names_cue(report: Report, cue: Span) -> bool:
    trigger = report.trigger
    return trigger.start < cue.end and cue.start < trigger.end


def _in_reported_event(att: Attribution, reports: list[Report]) -> bool:
    """The cue is already a hidden report (a saying that only attributes another happening) or
    names a happening of another kind ("proposed the rules", "rejected the offer": a POLICY)."""
    return any((r.hidden or r.type != "STATEMENT") and _names_cue(r, att.cue) for r in reports)


def _no_statement(ctx: DocContext, att: Attribution) -> bool:
    """Speech the text attributes without reporting a statement made: a habit ("female MPs often
    say"), a refusal or a question ("declined to comment", "asked"), the one spoken to ("Asked
    about X, Reid said": the participle is Reid being asked), or a figure reported (a STATISTIC:
    "Ford reported net income of $104m")."""
    head = att.cue.root
    if ctx.rules.has("no_statement", head.lemma_.lower()):
        return True
    if any(c.dep_ in ("advmod", "neg") and ctx.rules.has("habitual", c.lower_) for c in head.children):
        return True
    if head.dep_ == "advcl" and head.tag_ == "VBN" and not any(c.dep_.startswith("nsubj") for c in head.children):
        return True
    objects = [c for c in head.children if c.dep_ == "dobj"]
    clauses = [c for c in head.children if c.dep_ in ("ccomp", "parataxis")]
    return bool(objects) and not clauses and not att.direct and any(
        ctx.figure_span(t) is not None for obj in objects for t in obj.subtree)


def _unresolved_pronoun(att: Attribution) -> bool:
    return att.speaker is None and att.source is not None and all(t.tag_ in PRONOUN_TAGS for t in att.source)


def trigger_of(ctx: DocContext, cue: Span) -> Span:
    """The words that name the statement an attribution reports: its cue, or for a nominal cue
    that frames a verb ("In an interview with NPR, Obama castigated Trump") the verb."""
    head = cue.root
    if head.pos_ == "ADP":
        head = next((c for c in head.children if c.dep_ == "pobj" and c.i < cue.end), head)
    if head.pos_ in ("NOUN", "PROPN") and head.head.dep_ == "prep" and head.head.head.pos_ == "VERB":
        verb = head.head.head
        return ctx.doc[verb.i:verb.i + 1]
    return cue


def _report_of(ctx: DocContext, att: Attribution, cue: Span, speaker: Entity | None,
               say_rule_of: dict[str, TriggerRule]) -> Report | None:
    head = cue.root
    rule = say_rule_of.get("NOUN" if head.pos_ in ("NOUN", "PROPN") else "VERB")
    if rule is None:
        return None
    cand = Candidate(rule, cue.start, cue.end, head)
    date = att.date or date_value(event_date(ctx, cand))
    return Report(
        cand=cand,
        trigger=cue,
        sentence=sentence_of(ctx.doc, head.i),
        paragraph=ctx.paragraph(cue.start_char),
        date=date,
        location=None,
        participants=[(speaker, "speaker")] if speaker is not None else [],
        figures=[],
        attributions=[att],
        unnamed=speaker is None,
    )
