"""The trigger rules and word lists of ``news_events``.

Triggers are data (``triggers.jsonl``): a lemma sequence, the part of speech
of its head, the event type and the conditions the parse must meet. The
closed word lists the rules consult (migrant nouns, light verbs, anaphoric
determiners ...) are ``word_lists.tsv``. Both come from the component's
config (``models/events/`` by default).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from pipeline.resources import check_keys, parse_word_lists

EVENT_TYPES = ("MEETING", "TRAVEL", "STATEMENT", "POLICY", "AGREEMENT", "MIGRATION", "STATISTIC")
POS_TAGS = ("VERB", "NOUN")
# Conditions a trigger record may name; pipeline.events.triggers implements each.
CONDITIONS = (
    "destination",  # a "to/into/in" phrase (or a direct object) naming a place
    "migrants",     # an argument names people on the move ("migrants", "migrant families")
    "figure",       # a FIGURE mention counts what the trigger names
    "xcomp",        # an infinitive complement: "agreed to take in"
    "no_ccomp",     # no clausal complement: "agreed that ..." is a statement, not an agreement
    "ccomp",        # a clausal complement: "added that ..."
    "object",       # the direct object's lemma is one of ``objects``
    "prep",         # a preposition or particle among ``preps`` depends on the trigger
    "actor",        # a named person, body or country takes part
    "appoint",      # the appointing sense of "name": "named X as envoy", "newly named envoy"
    "partner",      # the direct object, if any, is someone one can meet
    "plural",       # a plural noun: "talks", not "talk"
    "measure_value",   # a FIGURE states the value of the measure the noun names: "net income of $6.2bn"
    "change_figure",  # a FIGURE is the verb's own amount or level: "rose 5%", "fell to 3.2%"
    "measure_subject",  # the subject names a measure: "shares have risen" (no figure needed)
    "not_comparison",  # not the figure a report is compared with: "compared with a loss of $793m"
    "period",       # the report's date is a point or period ("in March", not "recently")
    "body",         # a named government body or country is the doer: "the State Department removed"
)
RECORD_KEYS = {"trigger", "pos", "type", "head", "group", "needs", "objects", "preps", "weak", "example"}
REQUIRED_KEYS = {"trigger", "pos", "type", "example"}
WORD_LISTS = ("migrant", "group", "government", "light", "report", "sender", "anaphor", "new", "attribution",
              "temporal_link", "appointed", "habitual", "no_statement",
              "value_verb", "comparison", "hypothetical", "counterpart", "wish",
              # object lists that several trigger records share, named in their "objects" as "@<list>"
              "enact_object", "aid_object", "rate_object", "rejected_object")


@dataclass(frozen=True)
class TriggerRule:
    lemmas: tuple[str, ...]
    pos: str
    type: str
    head: int
    group: str
    needs: tuple[str, ...]
    objects: frozenset[str]
    preps: frozenset[str]
    weak: bool
    example: str

    @classmethod
    def from_dict(cls, record: dict, where: str) -> TriggerRule:
        check_keys(record, RECORD_KEYS, REQUIRED_KEYS, where)
        lemmas = tuple(record["trigger"].lower().split())
        if not lemmas:
            raise ValueError(f"{where}: empty trigger")
        if record["pos"] not in POS_TAGS:
            raise ValueError(f"{where}: pos must be one of {POS_TAGS}")
        if record["type"] not in EVENT_TYPES:
            raise ValueError(f"{where}: type must be one of {EVENT_TYPES}")
        needs = tuple(record.get("needs", ()))
        unknown = [n for n in needs if n not in CONDITIONS]
        if unknown:
            raise ValueError(f"{where}: unknown conditions {unknown}")
        if "object" in needs and not record.get("objects"):
            raise ValueError(f"{where}: the object condition needs an objects list")
        if "prep" in needs and not record.get("preps"):
            raise ValueError(f"{where}: the prep condition needs a preps list")
        default_head = 0 if record["pos"] == "VERB" else len(lemmas) - 1
        head = int(record.get("head", default_head))
        if not 0 <= head < len(lemmas):
            raise ValueError(f"{where}: head out of range")
        return cls(
            lemmas=lemmas,
            pos=record["pos"],
            type=record["type"],
            head=head,
            group=record.get("group", record["type"].lower()),
            needs=needs,
            objects=frozenset(o.lower() for o in record.get("objects", ())),
            preps=frozenset(p.lower() for p in record.get("preps", ())),
            weak=bool(record.get("weak", False)),
            example=record["example"],
        )


@dataclass(frozen=True)
class TriggerLexicon:
    """The trigger rules, indexed by first lemma, and the named word lists."""

    rules: tuple[TriggerRule, ...]
    # first lemma → rules starting with it, longest first, then file order
    index: dict[str, tuple[TriggerRule, ...]]
    words: dict[str, frozenset[str]]
    # the rule a STATEMENT made from an attribution cue takes, by part of speech: the first "say"-group
    # verb ("say") and the first STATEMENT noun ("announcement")
    cue_rules: dict[str, TriggerRule]
    # first lemmas of: one-word STATISTIC noun records (measures), STATISTIC change records, and records of
    # happenings other than STATISTIC and STATEMENT; asked per token, so built once
    measure_nouns: frozenset[str] = frozenset()
    change_lemmas: frozenset[str] = frozenset()
    acting_lemmas: frozenset[str] = frozenset()

    @classmethod
    def build(cls, rules: tuple[TriggerRule, ...], words: dict[str, frozenset[str]]) -> TriggerLexicon:
        rules = tuple(_with_listed_objects(rule, words) for rule in rules)
        by_first: dict[str, list[tuple[int, int, TriggerRule]]] = defaultdict(list)
        for order, rule in enumerate(rules):
            by_first[rule.lemmas[0]].append((-len(rule.lemmas), order, rule))
        index = {lemma: tuple(r for _, _, r in sorted(entries, key=lambda e: (e[0], e[1])))
                 for lemma, entries in by_first.items()}
        cue_rules: dict[str, TriggerRule] = {}
        for rule in rules:
            if rule.type == "STATEMENT" and (rule.group == "say" or rule.pos == "NOUN"):
                cue_rules.setdefault(rule.pos, rule)
        return cls(rules=rules, index=index, words=words, cue_rules=cue_rules,
                   measure_nouns=frozenset(r.lemmas[0] for r in rules
                                           if r.type == "STATISTIC" and r.pos == "NOUN" and len(r.lemmas) == 1),
                   change_lemmas=frozenset(r.lemmas[0] for r in rules if r.type == "STATISTIC" and r.group == "change"),
                   acting_lemmas=frozenset(r.lemmas[0] for r in rules if r.type not in ("STATISTIC", "STATEMENT")))

    def has(self, list_name: str, lemma: str) -> bool:
        return lemma in self.words[list_name]


def _with_listed_objects(rule: TriggerRule, words: dict[str, frozenset[str]]) -> TriggerRule:
    """The rule with each "@<list>" of its objects replaced by that word list's words."""
    listed = {o for o in rule.objects if o.startswith("@")}
    if not listed:
        return rule
    objects = set(rule.objects - listed)
    for ref in sorted(listed):
        if not words.get(ref[1:]):
            raise ValueError(f"trigger {' '.join(rule.lemmas)!r}: objects name {ref}, which is no word list "
                             f"with words (lists: {', '.join(sorted(words))})")
        objects |= words[ref[1:]]
    return replace(rule, objects=frozenset(objects))


def load_rules(records: Iterable[dict[str, Any]], where: str) -> tuple[TriggerRule, ...]:
    return tuple(TriggerRule.from_dict(record, f"{where}:{i}") for i, record in enumerate(records, 1))


def load_word_lists(rows: Iterable[list[str]], where: str) -> dict[str, frozenset[str]]:
    """Closed lemma lists, lower-cased; a list the file leaves out is empty."""
    return parse_word_lists(iter(rows), WORD_LISTS, where, normalise=str.lower, require_all=False)
