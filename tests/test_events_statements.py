"""STATEMENT events from attributions: speakers from the attribution, one record per happening,
each attribution linked to its STATEMENT, nothing from the headline."""

from __future__ import annotations

import pytest

from pipeline.annotations import MENTIONS, Attribution, Speaker
from pipeline.events.context import headline_end


def test_headline_is_a_short_first_line_without_a_full_stop():
    assert headline_end("Mayor Says Plant Will Close\nThe mayor said on Monday ...") == 27
    assert headline_end("Plant will close, mayor says.\n\nThe mayor said ...") == 29
    lead = "The mayor of the city said on Monday that the steel plant on the river would close in March after losses."
    assert headline_end(lead + "\nShe added ...") == 0
    assert headline_end("A single line with no body") == 0
    assert headline_end("\nBody starts after a blank line.") == 0


def _annotate(nlp, text, make_attributions):
    """Run the pipeline up to the events, hand it ``make_attributions(doc)``, then run the events."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "news_events":
            break
        doc = component(doc)
    doc._.attributions = make_attributions(doc)
    return nlp.get_pipe("news_events")(doc)


def _span(doc, text, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return doc.char_span(start, start + len(text))


def _mention(doc, text):
    return next(m for m in doc.spans[MENTIONS] if m.text == text)


def _speech(doc, cue, source, speaker=None, content=None, source_nth=0, nth=0):
    cue_span = _span(doc, cue, nth)
    source_span = None if source is None else _span(doc, source, source_nth)
    return Attribution(kind="speech", cue=cue_span, sentence=cue_span.sent, source=source_span, speaker=speaker,
                       content=[_span(doc, content)] if content else [])


@pytest.mark.model
def test_a_resolved_pronoun_speaker_is_the_participant(nlp):
    text = "Maria Lopez toured the steel plant in Ohio. She said the plant would close in March."

    def attributions(doc):
        lopez = _mention(doc, "Maria Lopez")
        return [_speech(doc, "said", "She", Speaker(lopez._.canonical, lopez._.entity_id, lopez),
                        "the plant would close in March")]

    doc = _annotate(nlp, text, attributions)
    statements = [e for e in doc._.events if e.type == "STATEMENT"]
    assert [(e.trigger.text, e.trigger.start_char) for e in statements] == [("said", 48)]
    assert [(p.canonical, p.role) for p in statements[0].participants] == [("Maria Lopez", "speaker")]
    assert doc._.attributions[0].event is statements[0]


@pytest.mark.model
def test_an_unnamed_speakers_reports_are_one_statement(nlp):
    text = ("Steel outlook\nSteel output fell in May. Analysts said the fall would not last.\n"
            "Analysts added that prices would rise. Traders said stocks were thin.")

    def attributions(doc):
        return [_speech(doc, "said", "Analysts"), _speech(doc, "added", "Analysts", source_nth=1),
                _speech(doc, "said", "Traders", nth=1)]

    doc = _annotate(nlp, text, attributions)
    statements = [e for e in doc._.events if e.type == "STATEMENT"]
    assert [(e.trigger.start_char, e.participants) for e in statements] == [(49, []), (126, [])]
    assert [a.event.trigger.start_char for a in doc._.attributions] == [49, 49, 126]


@pytest.mark.model
def test_an_unresolved_pronoun_makes_no_statement(nlp):
    text = "The plant was quiet on Monday. He said the plant would close."
    doc = _annotate(nlp, text, lambda doc: [_speech(doc, "said", "He")])
    assert [e for e in doc._.events if e.type == "STATEMENT"] == []
    assert doc._.attributions[0].event is None


@pytest.mark.model
def test_a_cue_the_trigger_list_lacks_becomes_a_statement(nlp):
    text = "Maria Lopez visited Ohio on Monday. Maria Lopez shot back that the plant was safe."

    def attributions(doc):
        lopez = _mention(doc, "Maria Lopez")
        cue = _span(doc, "shot back")
        return [Attribution(kind="speech", cue=cue, sentence=cue.sent, source=_span(doc, "Maria Lopez", 1),
                            speaker=Speaker(lopez._.canonical, lopez._.entity_id, lopez))]

    doc = _annotate(nlp, text, attributions)
    statements = [e for e in doc._.events if e.type == "STATEMENT"]
    assert [(e.trigger.text, [p.canonical for p in e.participants]) for e in statements] == [
        ("shot back", ["Maria Lopez"])]


@pytest.mark.model
def test_no_statement_is_taken_from_the_headline(nlp):
    text = "Lopez Says Steel Plant Will Close\nMaria Lopez said on Monday that the plant would close."

    def attributions(doc):
        lopez = _mention(doc, "Maria Lopez")
        speaker = Speaker(lopez._.canonical, lopez._.entity_id, lopez)
        return [_speech(doc, "said", "Maria Lopez", speaker)]

    doc = _annotate(nlp, text, attributions)
    statements = [e for e in doc._.events if e.type == "STATEMENT"]
    assert [(e.trigger.text, e.trigger.start_char) for e in statements] == [("said", 46)]
