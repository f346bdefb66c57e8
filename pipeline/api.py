"""newsfacts from Python: one text in, the CLI's records out.

``newsfacts extract`` is for batches of files; a notebook, a web handler or a
test has one text in hand. :func:`extract_text` runs it through the same
validation (:func:`pipeline.io.articles.make_article`: the dateline fallback,
the warnings) and the same record builder (:func:`pipeline.extract.process`),
so its records are exactly what the CLI writes for that text, table by table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.language import Language

from pipeline.extract import process
from pipeline.io.articles import make_article
from pipeline.nlp import cached_pipeline
from pipeline.schema import TABLES

def extract_text(text: str, published_at: str | dt.date | None = None, doc_id: str | None = None,
                 *, title: str | None = None, url: str | None = None, source: str | None = None,
                 model: str | None = None, nlp: Language | None = None) -> dict[str, list[dict[str, Any]]]:
    """The records of one article, by table: ``{"documents": [...], "mentions": [...], ..., "errors": [...]}``.

    ``published_at`` (an ISO date or a date) anchors relative dates; without it the text's dateline is
    used, if any. ``doc_id`` defaults to a hash of the text, as in the CLI. ``nlp`` is a pipeline you
    built (``pipeline.nlp.build_pipeline``); otherwise one is built for ``model`` and kept for later calls.
    A text the CLI would reject (empty, NUL bytes) gives one ``errors`` record and nothing else.
    """
    record: dict[str, Any] = {"text": text}
    for key, value in (("id", doc_id), ("title", title), ("url", url), ("source", source)):
        if value is not None:
            record[key] = value
    if published_at is not None:
        record["published_at"] = published_at.isoformat() if isinstance(published_at, dt.date) else published_at
    item = make_article(record, "extract_text", None)
    out: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for table, row in process([item], nlp if nlp is not None else cached_pipeline(model)):
        out[table].append(row)
    return out


__all__ = ["extract_text"]
