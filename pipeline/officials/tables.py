"""What ``news_officials`` knows, taken once from the lexicon in the shapes its steps read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.lexicon import Lexicon
from pipeline.lexicon.countries import Countries
from pipeline.lexicon.people import KnownPeople
from pipeline.lexicon.titles import TitleEntry
from pipeline.officials.bodies import BodyIndex
from pipeline.officials.parties import PartyIndex
from pipeline.resources import parse_word_lists

WORD_LISTS = ("copulas", "appointing", "serving", "leaving", "past_role", "tenure_nouns", "leaving_nouns", "leading",
              "negations", "reporting", "time_nouns", "company_nouns", "ordinals", "complement_preps",
              "institution_nouns", "name_suffixes", "male_pronouns", "female_pronouns", "male_courtesy",
              "female_courtesy")


def load_word_lists(rows: Iterable[list[str]], where: str) -> dict[str, frozenset[str]]:
    """The named lists of ``list<TAB>word`` rows; every list of WORD_LISTS must be there, and no other."""
    return parse_word_lists(iter(rows), WORD_LISTS, where)


@dataclass(frozen=True)
class Tables:
    entries: dict[str, TitleEntry]  # title as matched → its entry
    non_offices: frozenset[str]  # posts that are no public office ("chief executive")
    modifiers: dict[str, str]  # word → former | status | rank | keep | honorific
    honorifics: frozenset[str]
    rank_words: frozenset[str]
    parties: PartyIndex  # party names as written → country and canonical name
    government_words: frozenset[str]
    countries: Countries
    people: KnownPeople
    bodies: BodyIndex
    articles: frozenset[str]  # "the", "a", "an"
    name_particles: frozenset[str]  # lower-case particles inside personal names ("da", "von", "bin")
    words: dict[str, frozenset[str]]  # the officials' own word lists (models/officials/word_lists.tsv)
    determiners: frozenset[str]  # words that open a title's noun phrase: articles, possessives, "this", "that"
    possessive_marks: frozenset[str]  # "'s", "’s", "'", "’"

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon, words: dict[str, frozenset[str]]) -> "Tables":
        titles = lexicon.titles
        non_offices = frozenset(titles.non_offices)
        clash = non_offices & titles.phrases
        if clash:
            raise ValueError(f"titles listed both as offices and as non-offices: {sorted(clash)}")
        modifiers = titles.modifiers
        return cls(
            entries=titles.by_title,
            non_offices=non_offices,
            modifiers=modifiers,
            honorifics=frozenset(w for w, kind in modifiers.items() if kind == "honorific"),
            rank_words=frozenset(w for w, kind in modifiers.items() if kind == "rank"),
            parties=PartyIndex(lexicon.parties),
            government_words=titles.government_words,
            countries=lexicon.countries,
            people=lexicon.people,
            bodies=BodyIndex(lexicon.bodies.of_label("AGENCY"), titles.ministries, lexicon.countries),
            articles=lexicon.words("article"),
            name_particles=lexicon.words("name_particle"),
            words=words,
            # a title is singular: "these"/"those" before one are pronouns ("those President Biden met")
            determiners=lexicon.words("article", "possessive", "demonstrative"),
            possessive_marks=lexicon.words("clitic"),
        )
