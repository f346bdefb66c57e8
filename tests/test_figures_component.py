"""The news_figures component on spacy.blank("en") with hand-set spans and entities (no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

import pipeline.figures.component  # noqa: F401  (registers the factory until entry points are enabled)
from pipeline.annotations import Figure


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("news_figures")
    return nlp


NLP = _nlp()


def figures(doc: Doc) -> list[tuple[str, float, str | None, str | None]]:
    doc = NLP.get_pipe("news_figures")(doc)
    return [(s.text, s._.figure.number, s._.figure.unit, s._.figure.qualifier) for s in doc.spans["news_figures"]]


def run(text: str) -> list[tuple[str, float, str | None, str | None]]:
    return figures(NLP.make_doc(text))


def test_span_group_contract():
    text = "Profits rose 76% to $1.13bn (£600m), and about 6,000 people left."
    doc = NLP(text)
    spans = list(doc.spans["news_figures"])
    assert [s.text for s in spans] == ["76%", "$1.13bn", "£600m", "6,000"]
    for span in spans:
        assert span.label_ == "FIGURE"
        assert text[span.start_char:span.end_char] == span.text
        assert isinstance(span._.figure, Figure)
        assert span._.extractor == "rule:figures"
    assert spans[1]._.figure == Figure(number=1130000000.0, unit="USD", counts=None, qualifier=None)
    assert spans[2]._.figure.number == 600000000.0
    assert spans[3]._.figure.qualifier == "approx"


def test_money_percent_and_scales():
    assert run("Biden has spoken of sending $4 billion in aid.") == [("$4 billion", 4e9, "USD", None)]
    assert run("an increase of 168 percent and 63 per cent") == [
        ("168 percent", 168.0, "percent", None), ("63 per cent", 63.0, "percent", None)]
    assert run("a loan of US$300 million and 5 million euros") == [
        ("US$300 million", 3e8, "USD", None), ("5 million euros", 5e6, "EUR", None)]
    assert run("a tax of 50 cents a gallon") == [("50 cents", 0.5, "USD", None)]
    assert run("it was set at $500m.") == [("$500m.", 5e8, "USD", None)]


def test_measures_and_hyphenated_units():
    assert run("a 2,000-mile border and a 15 km stretch") == [
        ("2,000-mile", 2000.0, "miles", None), ("15 km", 15.0, "km", None)]


def test_qualifiers_stay_outside_the_span():
    assert run("more than 250,000 migrants, up to 3,000 troops and 200 or so protesters") == [
        ("250,000", 250000.0, None, "more_than"), ("3,000", 3000.0, None, "at_most"),
        ("200", 200.0, None, "approx")]


def test_ranges():
    assert run("between 2 and 3 million people") == [("2 and 3 million", 2e6, None, None)]
    assert run("a 3% to 3.5% improvement") == [("3% to 3.5%", 3.0, "percent", None)]
    assert run("growth of 8-9% this year") == [("8-9%", 8.0, "percent", None)]
    # a change from one figure to another is two figures
    assert run("it rose from 10 to 20") == [("10", 10.0, None, None), ("20", 20.0, None, None)]
    assert run("the total fell by 11,000 to 813,200") == [
        ("11,000", 11000.0, None, None), ("813,200", 813200.0, None, None)]


def test_a_range_is_one_figure_valued_at_its_lower_end():
    reader = NLP.get_pipe("news_figures").state
    (found,) = reader.candidates(NLP.make_doc("between 2 and 3 million people"), set())
    assert found.ranged and (found.start, found.end, found.number) == (1, 5, 2e6)
    assert not any(f.ranged for f in reader.candidates(NLP.make_doc("it rose from 10 to 20"), set()))


def test_number_words_and_nouns():
    assert run("half a million dollars, two dozen eggs and two-thirds of voters") == [
        ("half a million dollars", 5e5, "USD", None), ("two dozen", 24.0, None, None),
        ("two-thirds", 2 / 3, None, None)]
    assert run("they closed a pair of crossings") == [("pair", 2.0, None, None)]
    # vague plurals are no numbers
    assert run("tens of thousands of migrants, hundreds of children and dozens of people") == []


def test_not_figures():
    assert run("In 1990 and in 2019 things changed.") == []
    assert run("Call 555-1234 or +44 20 7946 0958 today.") == []
    assert run("the first, 2nd and third round") == []
    assert run("a COVID-19 test and an F-35 jet and a one-off fee") == []
    assert run("under Title 42, Section 8 and Article 5, the No. 1 seed") == []
    assert run("1. First point\n2. Second point") == []
    assert run("the meeting at 10:30 ended") == []
    assert run("they won 3-1 at home") == []


def test_date_spans_block_only_when_temporal():
    doc = NLP.make_doc("Between 10 and 20 people came in the three months to March.")
    doc.spans["news_dates"] = [Span(doc, 0, 4, label="DATE"), Span(doc, 8, 13, label="DATE")]
    # "Between 10 and 20" has no temporal word: a mislabelled date does not hide the figure
    assert figures(doc) == [("10 and 20", 10.0, None, None)]


def test_model_date_entities_block():
    doc = NLP.make_doc("It took three months and 500 people.")
    doc.ents = [Span(doc, 2, 4, label="DATE")]
    assert figures(doc) == [("500", 500.0, None, None)]


def test_names_block_numbers_inside_them():
    doc = NLP.make_doc("Air Force Two landed and 40 people met.")
    doc.ents = [Span(doc, 0, 3, label="ORG")]
    assert figures(doc) == [("40", 40.0, None, None)]


def test_name_label_on_a_bare_amount_does_not_block():
    doc = NLP.make_doc("a ¥500bn budget")
    doc.ents = [Span(doc, 2, 3, label="NORP")]
    assert figures(doc) == [("¥500bn", 5e11, "JPY", None)]


def test_entity_and_boilerplate_spans_block():
    doc = NLP.make_doc("The G 20 met. Donate $5 now to keep us going.")
    doc.spans["news_entities"] = [Span(doc, 1, 3, label="ORG")]
    doc.spans["news_boilerplate"] = [Span(doc, 4, len(doc), label="donation")]
    assert figures(doc) == []


def test_extractor_names_the_model_when_an_entity_overlaps():
    doc = NLP.make_doc("about 6,000 people")
    doc.ents = [Span(doc, 0, 2, label="CARDINAL")]
    out = NLP.get_pipe("news_figures")(doc)
    assert [s._.extractor for s in out.spans["news_figures"]] == ["model:ner+rule:figures"]


def test_deterministic():
    text = "Profits rose 76% to $1.13bn (£600m) while 6,000 people and two-thirds of voters left."
    assert run(text) == run(text)


def test_factory_config_is_data():
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("news_figures", config={"qualifiers": "models:figures/qualifiers.jsonl"})
    assert pipe.files.refs["qualifiers"] == "models:figures/qualifiers.jsonl"
    assert pipe.state.tables.qualifiers
    assert nlp.get_pipe_meta("news_figures").requires == [
        "doc.ents", "doc.spans", "token.tag", "token.dep", "token.lemma"]
    assert nlp.get_pipe_meta("news_figures").assigns == ["doc.spans", "span._.figure", "span._.extractor"]


def test_tables_are_built_once_on_first_use():
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("news_figures")
    assert pipe._state is None  # nothing read when the component is made
    nlp("about 6,000 people")
    reader = pipe.state
    nlp("and 7,000 more")
    assert pipe.state is reader


def test_saved_component_keeps_its_data(tmp_path):
    ours = tmp_path / "units.jsonl"
    ours.write_text('{"form": "widgets", "unit": "widget", "kind": "measure", "position": "after", '
                    '"example": "5 widgets"}\n', encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("news_figures", config={"units": str(ours)})
    nlp.to_disk(tmp_path / "saved")
    ours.unlink()  # the saved pipeline must not need the file it was built from
    loaded = spacy.load(tmp_path / "saved")
    doc = loaded("they made 5 widgets")
    assert [(s.text, s._.figure.unit) for s in doc.spans["news_figures"]] == [("5 widgets", "widget")]
    pipe = nlp.get_pipe("news_figures")
    copy = spacy.blank("en").add_pipe("news_figures").from_bytes(pipe.to_bytes())
    assert copy.files.refs == pipe.files.refs and copy.files.all_texts() == pipe.files.all_texts()


def test_score_uses_the_figures_group():
    from spacy.training import Example

    doc = NLP("about 6,000 people and $4 billion")
    reference = NLP.make_doc(doc.text)
    reference.spans["news_figures"] = [Span(reference, 1, 2, label="FIGURE")]
    scores = NLP.get_pipe("news_figures").score([Example(doc, reference)])
    assert scores["spans_news_figures_p"] == 0.5 and scores["spans_news_figures_r"] == 1.0


def test_normalise_off_keeps_spans_without_values():
    nlp = spacy.blank("en")
    nlp.add_pipe("news_figures", config={"normalise": False})
    doc = nlp("about 6,000 people and $4 billion")
    assert [s.text for s in doc.spans["news_figures"]] == ["6,000", "$4 billion"]
    assert all(s._.figure == Figure() for s in doc.spans["news_figures"])
