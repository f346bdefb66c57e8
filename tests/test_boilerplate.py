import pytest
from spacy.tokens import Span  # noqa: F401

import spacy

from pipeline.boilerplate.rules import find_boilerplate

RULES = spacy.blank("en").add_pipe("news_boilerplate").state


@pytest.mark.parametrize("rule", [r for r in RULES if r.extent != "appeal"], ids=lambda r: r.id)
def test_every_rule_finds_its_example(rule):
    text = f"The minister spoke on Monday.\n{rule.example}\n"
    blocks = find_boilerplate(text, RULES)
    assert [b.kind for b in blocks] == [rule.kind]
    assert text[blocks[0].start:blocks[0].end].startswith(rule.example[:10])


def test_appeal_cues_need_company_and_stop_where_the_article_resumes():
    appeal = [r.example for r in RULES if r.extent == "appeal"]
    assert find_boilerplate(f"News.\n{appeal[0]}.\nMore news.", RULES) == []  # one cue alone is not enough
    text = f"Headline\n{appeal[0]}.\n{appeal[1]}A delegation arrived on Monday."
    (block,) = find_boilerplate(text, RULES)
    assert block.kind == "donation"
    assert text[block.start:block.end] == f"{appeal[0]}.\n{appeal[1]}"


def test_comment_form_runs_to_the_end_of_the_text():
    text = "The talks ended.\nLeave a Reply\nYour email address will not be published.\nName\nWebsite"
    (block,) = find_boilerplate(text, RULES)
    assert (block.kind, block.start, block.end) == ("comment_form", 17, len(text))


def test_prose_about_donations_is_not_boilerplate():
    text = "The United States pledged a donation of vaccines to Mexico, the White House said."
    assert find_boilerplate(text, RULES) == []


def test_component_writes_token_aligned_spans(blank):
    detector = blank.add_pipe("news_boilerplate")
    doc = detector(blank("Talks ended on Monday.\n#Blinken #Mexico #Migration\nMore text."))
    assert [(s.text, s.label_) for s in doc.spans["news_boilerplate"]] == [("#Blinken #Mexico #Migration", "hashtags")]
