from pathlib import Path

import pytest
from spacy.tokens import Span  # noqa: F401

import spacy

from pipeline.boilerplate.rules import MAX_LINE_CHARS, find_boilerplate, rule_view

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


# Text without line breaks (issue 18, item 7): the rules read sentences as lines where lines do not exist.

CORPUS = Path(__file__).parent.parent / "corpus"


def _blocks(text):
    return [(b.start, b.end, b.kind) for b in find_boilerplate(text, RULES)]


def test_a_text_with_lines_is_read_as_it_is():
    text = "Talks ended. The minister left.\nMore text."
    assert rule_view(text) is text


def test_a_text_without_lines_is_read_sentence_by_sentence_at_the_same_offsets():
    text = "U.S. officials met on Monday. “We agreed,” he said. the end? Yes (it is). Done"
    assert rule_view(text) == "U.S. officials met on Monday.\n“We agreed,” he said. the end?\nYes (it is).\nDone"


def test_a_credit_in_a_one_line_text_marks_its_sentence_only():
    text = "Mexico closed two crossings, officials said. This article originally appeared on Example News."
    assert _blocks(text) == [(text.index("This article"), len(text), "syndication")]
    assert text.index("This article") == 45


def test_a_line_longer_than_a_paragraph_is_read_sentence_by_sentence():
    body = "The minister spoke. " * (MAX_LINE_CHARS // 20 + 1) + "This story originally appeared in the Post."
    text = f"Headline\n{body}\nComments"
    start = text.index("This story")
    assert _blocks(text) == [(start, start + len("This story originally appeared in the Post."), "syndication"),
                             (len(text) - 8, len(text), "comment_form")]


@pytest.mark.parametrize("seed, blocks", [
    ("seed-001", [(272, 1205, "donation")]),
    ("seed-003", [(3029, 3247, "disclaimer")]),
])
def test_seeds_on_one_line_have_the_blocks_they_have_with_lines(seed, blocks):
    text = (CORPUS / f"{seed}.txt").read_text(encoding="utf-8")
    assert _blocks(text) == blocks
    assert _blocks(text.replace("\n", " ")) == blocks


@pytest.mark.model
def test_seed_003_on_one_line_gives_the_mentions_it_gives_with_lines(nlp):
    from pipeline.api import extract_text

    text = (CORPUS / "seed-003.txt").read_text(encoding="utf-8")

    def mentions(t):
        return [(m["start"], m["end"], m["type"], m["text"], m["canonical"])
                for m in extract_text(t, published_at="2024-01-02", doc_id="s3", nlp=nlp)["mentions"]]

    lines = mentions(text)
    assert len(lines) == 64
    assert mentions(text.replace("\n", " ")) == lines
