"""``newsfacts eval``: predictions in the gold file's shape, then the scores of docs/evaluation.md.

Predictions come from running the pipeline on the gold texts, or from the
part files of an earlier ``extract`` run (``--pred DIR``); either way they
pass through the same records the warehouse sees, so what is scored is what
is shipped.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.evaluation.scoring import TYPES, Scores, score_documents
from pipeline.extract import process
from pipeline.io.articles import Article, parse_published_at
from pipeline.io.layout import output_folder_problem, part_files
from pipeline.io.readers import json_error
from pipeline.io.writer import TABLES as OUTPUT_TABLES

# our mention types → CoNLL-2003's, for --conll-mapping (docs/evaluation.md)
CONLL_MAPPING = {"PERSON": "PER", "AGENCY": "ORG", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": "MISC"}
CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")


GOLD_FORMAT = "a gold file is JSON lines, one document a line with doc_id and text (docs/evaluation.md)"


class EvalInputError(ValueError):
    """A gold file, ``--pred`` folder or ``--types`` value that eval cannot score; the message says why."""


def read_gold(path: Path) -> Iterator[dict[str, Any]]:
    """The gold documents of ``path``; anything else raises :class:`EvalInputError` naming the file and line."""
    with open(path, "rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            where = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise EvalInputError(f"{where}: not UTF-8 ({exc.reason} at byte {exc.start} of the line); "
                                     f"{GOLD_FORMAT}") from None
            if not line.strip():
                continue
            try:
                record = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                raise EvalInputError(f"{where}: invalid JSON: {json_error(exc)}; {GOLD_FORMAT}") from None
            if not isinstance(record, dict) or "doc_id" not in record or "text" not in record:
                raise EvalInputError(f"{where}: gold record needs doc_id and text; {GOLD_FORMAT}")
            yield record


def check_types(types: list[str], conll: bool) -> list[str]:
    """``types`` when each is a type eval scores (the CoNLL ones with ``conll``); else EvalInputError."""
    known = CONLL_TYPES if conll else TYPES
    unknown = [t for t in types if t not in known]
    if unknown:
        raise EvalInputError(f"--types: unknown mention type(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    return types


def check_inputs(gold_path: Path, types: str | None, conll: bool,
                 limit: int | None = None) -> tuple[list[dict[str, Any]], list[str] | None]:
    """The gold documents (the first ``limit``) and the ``--types`` list, checked before any scoring."""
    type_list = check_types([t.strip().upper() for t in types.split(",") if t.strip()], conll) if types else None
    gold = list(read_gold(gold_path))
    if not gold:
        raise EvalInputError(f"{gold_path}: no gold documents; {GOLD_FORMAT}")
    return (gold[:limit] if limit else gold), type_list


def check_predictions(gold: list[dict[str, Any]], predictions: dict[str, dict[str, Any]], pred_dir: Path | None) -> list[str]:
    """The gold doc_ids with no prediction in ``--pred`` output; EvalInputError when that is all of them
    (scoring would print zeros that say nothing about the pipeline)."""
    unmatched = [g["doc_id"] for g in gold if g["doc_id"] not in predictions]
    if len(unmatched) == len(gold):
        raise EvalInputError(
            f"--pred {pred_dir}: none of the {len(gold)} gold documents was processed there "
            f"(gold doc_ids such as {gold[0]['doc_id']!r}; {len(predictions)} other "
            f"document{'' if len(predictions) == 1 else 's'} found); "
            f"extract the gold texts with the same ids into that folder, or give the folder that holds them")
    return unmatched


def gold_article(record: dict[str, Any]) -> Article:
    published = record.get("published_at")
    return Article(
        doc_id=record["doc_id"], text=record["text"], input=f"gold:{record['doc_id']}",
        published_at=parse_published_at(published) if published else None,
        published_at_source="input" if published else None,
    )


def to_prediction(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Records of one document → the gold file's shape."""
    mentions = []
    by_id = {}
    for m in tables.get("mentions", []):
        item = {"start": m["start"], "end": m["end"], "text": m["text"], "type": m["type"], "canonical": m.get("canonical")}
        if m["type"] == "DATE":
            item["value"] = m.get("timex_value")
        elif m["type"] == "FIGURE":
            item.update(value=m.get("number"), unit=m.get("unit"), counts=m.get("counts"), qualifier=m.get("qualifier"))
        mentions.append(item)
        by_id[m["mention_id"]] = m
    officials = [
        {"name": o["name"], "title": o["title"], "org": o.get("org"), "country": o.get("country"), "former": o.get("former")}
        for o in tables.get("officials", [])
    ]
    events = [
        {
            "type": e["type"],
            "trigger": e["trigger"],
            "date": (e.get("date") or {}).get("timex_value"),
            "location": (e.get("location") or {}).get("canonical"),
            "participants": [p["canonical"] for p in e.get("participants") or []],
        }
        for e in tables.get("events", [])
    ]
    return {"mentions": mentions, "officials": officials, "events": events,
            "attributions": [_attribution(a) for a in tables.get("attributions", [])]}


def _attribution(row: dict[str, Any]) -> dict[str, Any]:
    """An ``attributions`` record → the gold shape (cue, source, content, content_fragments)."""
    return {"cue": row["cue"], "source": row.get("source"), "content": row.get("content"),
            "content_fragments": row.get("content_fragments") or []}


def statement_attributions(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Output without an attributions table: each STATEMENT event is one attribution (cue = trigger,
    source = the first participant's mention, no content), as the PolNeAR README scores it."""
    spans = {m["mention_id"]: {"start": m["start"], "end": m["end"]} for m in tables.get("mentions", [])}
    out = []
    for event in tables.get("events", []):
        if event["type"] != "STATEMENT":
            continue
        first = (event.get("participants") or [None])[0]
        source = spans.get(first.get("mention_id")) if first else None
        out.append({"cue": event["trigger"], "source": source, "content": None, "content_fragments": []})
    return out


def predict(gold: list[dict[str, Any]], nlp: Language) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for table, record in process((gold_article(g) for g in gold), nlp):
        if record.get("doc_id") is not None:
            tables[record["doc_id"]][table].append(record)
    return {doc_id: to_prediction(t) for doc_id, t in tables.items()}


def read_predictions(pred_dir: Path) -> dict[str, dict[str, Any]]:
    """The predictions in an output folder, by doc_id; every processed document has one, records or not."""
    problem = output_folder_problem(pred_dir, OUTPUT_TABLES)
    if problem:
        raise EvalInputError(f"--pred: {problem}")
    tables: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for table in ("documents", "mentions", "officials", "events", "attributions"):
        for part in part_files(pred_dir, table):
            with open(part, encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    if table == "documents":
                        tables[record["doc_id"]]  # noqa: B018 - a processed document with no records is a prediction too
                    else:
                        tables[record["doc_id"]][table].append(record)
    predictions = {doc_id: to_prediction(t) for doc_id, t in tables.items()}
    if not any(t.get("attributions") for t in tables.values()):  # output of a version without the table
        for doc_id, t in tables.items():
            predictions[doc_id]["attributions"] = statement_attributions(t)
    return predictions


def map_conll(doc: dict[str, Any]) -> dict[str, Any]:
    mentions = []
    for m in doc.get("mentions", []):
        if m["type"] in CONLL_MAPPING:
            mentions.append({**m, "type": CONLL_MAPPING[m["type"]]})
    return {**doc, "mentions": mentions}


def evaluate(gold: list[dict[str, Any]], predictions: dict[str, dict[str, Any]],
             types: Iterable[str] | None = None, conll: bool = False) -> Scores:
    empty: dict[str, Any] = {"mentions": [], "officials": [], "events": [], "attributions": []}
    pairs = []
    for g in gold:
        pred = predictions.get(g["doc_id"], empty)
        pairs.append((g, map_conll(pred) if conll else pred))
    if conll:
        types = tuple(types) if types else CONLL_TYPES
    return score_documents(pairs, types)
