"""news_coref on the real English model through the whole pipeline: exact chains for hand-written news sentences."""

from __future__ import annotations

import pytest

from pipeline.annotations import referent

pytestmark = pytest.mark.model

CASES = [
    # subject salience and gender from given names
    ("Hillary Clinton spoke in Iowa on Monday. She said the economy was strong. Donald Trump disagreed. "
     "He said it was weak.",
     [("Hillary Clinton", [("She", 8)]), ("Donald Trump", [("He", 19)])]),
    # a body: the description, then "it" as the subject after it
    ("Acme Corp cut 200 jobs on Tuesday. The company said it expects more cuts.",
     [("Acme Corp", [("The company", 8), ("it", 11)])]),
    # an office: the document's holder of it
    ("Mayor Jane Ortiz opened the bridge. The mayor said it was overdue.",
     [("Jane Ortiz", [("The mayor", 7)])]),
    # "he" as subject of a clause is not its object: "him" is the other man
    ("John Smith met Peter Brown. He praised him.",
     [("John Smith", [("He", 6)]), ("Peter Brown", [("him", 8)])]),
    # a pronoun inside a quotation with no name in it stays unresolved; the speaker's "he" is the subject
    ('Bernie Sanders attacked Hillary Clinton on Monday. "She is wrong," he said.',
     [("Bernie Sanders", [("he", 14)])]),
    # cataphora: a fronted clause before the main clause's subject
    ("When he arrived in Paris, John Smith said the talks would resume.",
     [("John Smith", [("he", 1)])]),
    # "the department": the body whose name holds the head word
    ("The State Department issued a warning. The department said travel was unsafe.",
     [("State Department", [("The department", 7)])]),
    # a spokesperson is the person or body spoken for
    ("Barack Obama was away, his spokesman said.",
     [("Barack Obama", [("his", 5), ("his spokesman", 5)])]),
    ("Tesco cut prices, a spokeswoman for the company said.",
     [("Tesco", [("a spokeswoman", 4), ("the company", 7)])]),
    # a campaign is its candidate's; the bare campaign is the last one named
    ("Bernie Sanders's campaign raised $5 million. The campaign said small donors gave most.",
     [("Bernie Sanders", [("Bernie Sanders's campaign", 0), ("The campaign", 9)])]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_chains(nlp, text, expected):
    doc = nlp(text)
    got = [(c.entity.text, [(r.text, r.start) for r in c.refs]) for c in doc._.coref]
    assert got == expected
    for chain in doc._.coref:
        assert chain.entity in list(doc.spans["news_mentions"])
        for ref in chain.refs:
            assert doc.text[ref.start_char:ref.end_char] == ref.text
            assert referent(doc, ref) == chain.entity


def test_government_of_a_nationality(nlp):
    doc = nlp("Indonesia was hit by the tsunami. The Indonesian government said it would publish the figures.")
    got = [(c.entity.text, [(r.text, r.start) for r in c.refs]) for c in doc._.coref]
    assert got == [("Indonesia", [("The Indonesian government", 7), ("it", 11)])]


def test_resolution_is_deterministic(nlp):
    text = CASES[0][0] + " " + CASES[1][0]
    first = [(c.entity.start, [(r.start, r.end) for r in c.refs]) for c in nlp(text)._.coref]
    assert first == [(c.entity.start, [(r.start, r.end) for r in c.refs]) for c in nlp(text)._.coref]
