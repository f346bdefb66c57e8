"""Scale-out on Apache Spark: the same pipeline and the same records, scheduled by Spark.

``pip install 'newsfacts[spark]'``. :func:`extract_records` maps a DataFrame of
articles (columns ``id``, ``text`` and optionally ``published_at``, ``url``,
``title``, ``source``) through the pipeline with ``mapInPandas``: one model per
Python worker, loaded on first use; each output row is one record as the CLI
writes it (``table``, ``doc_id``, ``json``). :func:`extract_tables` turns them
into typed DataFrames per table, with the types of :mod:`pipeline.schema`.

    from pyspark.sql import SparkSession
    from pipeline.spark import extract_tables
    spark = SparkSession.builder.getOrCreate()
    tables = extract_tables(spark.read.json("articles.jsonl"))
    tables["mentions"].write.parquet("mentions/")
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.io.articles import RECORD_KEYS
from pipeline.schema import TABLES, Field

RECORD_COLUMNS = "table string, doc_id string, json string"
_PIPELINES: dict[str | None, Any] = {}


def _pipeline(model: str | None):
    """One pipeline per model per Python worker process."""
    if model not in _PIPELINES:
        from pipeline.nlp import build_pipeline

        _PIPELINES[model] = build_pipeline(model)
    return _PIPELINES[model]


def records_of_batches(batches: Iterator[Any], model: str | None = None, batch_size: int = 16) -> Iterator[Any]:
    """The ``mapInPandas`` function: pandas DataFrames of articles in, record rows out."""
    import pandas as pd

    from pipeline.extract import process_batch
    from pipeline.io.articles import make_article
    from pipeline.io.writer import dumps

    nlp = _pipeline(model)
    for frame in batches:
        items = []
        for i, row in enumerate(frame.to_dict("records")):
            record = {k: v for k, v in row.items() if v is not None and not (isinstance(v, float) and v != v)}
            items.append(make_article(record, f"spark:{record.get('id', i)}", None))
        rows = []
        for start in range(0, len(items), batch_size):
            for table, record in process_batch(nlp, items[start:start + batch_size]):
                rows.append((table, record.get("doc_id"), dumps(record)))
        yield pd.DataFrame(rows, columns=["table", "doc_id", "json"])


def extract_records(articles: Any, model: str | None = None) -> Any:
    """A DataFrame of (table, doc_id, json) rows: every record the CLI would write for these articles."""
    columns = [c for c in RECORD_KEYS if c in articles.columns]
    selected = articles.select(*[articles[c].cast("string") for c in columns])
    return selected.mapInPandas(lambda it: records_of_batches(it, model), RECORD_COLUMNS)


def spark_type(f: Field) -> Any:
    from pyspark.sql import types as T

    scalar = {"string": T.StringType(), "integer": T.LongType(), "number": T.DoubleType(),
              "boolean": T.BooleanType(), "date": T.DateType()}
    if f.type in scalar:
        return scalar[f.type]
    if f.type == "object":
        if not f.properties:
            return T.StringType()  # free-form (meta): kept as its JSON text
        return T.StructType([T.StructField(p.name, spark_type(p), True) for p in f.properties])
    if isinstance(f.items, tuple):
        return T.ArrayType(T.StructType([T.StructField(p.name, spark_type(p), True) for p in f.items]))
    return T.ArrayType(scalar[f.items or "string"])


def spark_schema(table: str) -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(f.name, spark_type(f), True) for f in TABLES[table]])


def extract_tables(articles: Any, model: str | None = None) -> dict[str, Any]:
    """Typed DataFrames per output table (documents, mentions, officials, events, attributions, errors)."""
    from pyspark.sql import functions as F

    records = extract_records(articles, model).cache()
    out = {}
    for table in TABLES:
        parsed = records.where(F.col("table") == table).select(F.from_json("json", spark_schema(table)).alias("r"))
        out[table] = parsed.select("r.*")
    return out
