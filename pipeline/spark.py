"""Scale-out on Apache Spark: the same pipeline and the same records, scheduled by Spark.

``pip install 'newsfacts[spark]'``. Two steps, as in the CLI:

- :func:`read_articles` reads the CLI's inputs (files and folders: ``.txt`` with
  its ``.meta.json``, ``.jsonl``, ``.jsonl.gz``) by the CLI's own reader, one
  Spark task per file: the same articles, the same input errors with the same
  codes and ``input`` (file and line), null fields kept as null. A DataFrame of
  already structured articles (a table, Parquet) works too: see
  :func:`items_of_dataframe`.
- :func:`extract_records` applies the CLI's run rules (a ``doc_id`` seen before
  is a ``duplicate_doc_id`` error, the first in input order is kept) and maps
  the articles through the pipeline with ``mapInPandas``: one model per Python
  worker, loaded on first use; each output row is one record as the CLI writes
  it (``table``, ``doc_id``, ``json``). :func:`extract_tables` turns them into
  typed DataFrames per table, with the types of :mod:`pipeline.schema`.

    from pyspark.sql import SparkSession
    from pipeline.spark import extract_tables, read_articles
    spark = SparkSession.builder.getOrCreate()
    tables = extract_tables(read_articles(spark, ["articles.jsonl"]))
    tables["mentions"].write.parquet("mentions/")

What the CLI does and Spark does not: the run state (every call processes every
document; there is no skipping of unchanged ones) and the output folder layout.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.io.articles import Article, InputError, duplicate_doc_error, make_article
from pipeline.io.readers import expand_inputs, missing_inputs
from pipeline.io.readers import read_articles as cli_read_articles
from pipeline.schema import TABLES, Field

RECORD_COLUMNS = "table string, doc_id string, json string"
# One row per article or input error, as the CLI's reader yields them. (input_no, item_no) is the
# CLI's reading order: which of two articles with one doc_id comes first. ``item`` is the pickled
# Article or InputError, so the CLI's own objects travel between the reading and the processing.
ITEM_COLUMNS = "input_no int, item_no long, doc_id string, article boolean, item binary"
# --- reading: the CLI's reader, one Spark task per file ------------------------------------------

def read_input(kind: str, path: Path | None, root: Path | None, fallback_date: dt.date | None,
               stdin: IO[str] | None = None) -> Iterator[Article | InputError]:
    """The articles and input errors of one input of :func:`pipeline.io.readers.expand_inputs`, as the CLI reads them.

    An adapter: ``pipeline.io.readers.read_articles`` reads a whole list of inputs and does not say which
    file each item came from. A file other than ``.txt`` reads the same alone as within its folder; a
    ``.txt`` file's ``doc_id`` is its path relative to the folder given, so it goes to the reader's
    ``_read_txt`` with that folder.
    """
    from pipeline.io.readers import DUPLICATE, duplicate_input_error

    if kind == DUPLICATE and path is not None:
        yield duplicate_input_error(path)   # the CLI reads a file reached twice once
    elif kind == ".txt" and path is not None and path.exists():
        # the one reader that needs the folder given
        from pipeline.io.readers import _read_txt

        yield _read_txt(path, root or path.parent, fallback_date)
    else:
        yield from cli_read_articles(["-" if kind == "-" else str(path)], fallback_date, stdin)


def parse_line(line: str, where: str, fallback_date: dt.date | None) -> Iterator[Article | InputError]:
    """The CLI's reading of one JSON line (an adapter for ``pipeline.io.readers._parse_line``)."""
    from pipeline.io.readers import _parse_line

    return _parse_line(line, where, fallback_date)


def _item_row(input_no: int, item_no: int, item: Article | InputError) -> tuple[int, int, str | None, bool, bytes]:
    return (input_no, item_no, item.doc_id, isinstance(item, Article), pickle.dumps(item, pickle.HIGHEST_PROTOCOL))


def read_articles(spark: Any, inputs: Iterable[str], published_at: dt.date | None = None,
                  stdin: IO[str] | None = None) -> Any:
    """A DataFrame of items (:data:`ITEM_COLUMNS`): what ``newsfacts extract INPUTS`` reads, one Spark task per file.

    Folders are listed here, on the driver, and each file is read on a worker, so the files must be
    readable from the workers (local mode, or a shared file system). ``-`` (JSON lines on stdin) is
    read here, on the driver. ``published_at`` is the CLI's ``--published-at``. An input that names no
    file or folder is the CLI's usage error: FileNotFoundError, before any Spark job.
    """
    inputs = list(inputs)
    missing = missing_inputs(inputs)
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    files: list[tuple[int, str, str | None, str | None]] = []
    local: list[tuple[int, int, str | None, bool, bytes]] = []
    for input_no, (kind, path, root) in enumerate(expand_inputs(inputs)):
        if kind == "-":
            local += [_item_row(input_no, n, item) for n, item in enumerate(read_input(kind, None, None, published_at, stdin))]
        else:
            files.append((input_no, kind, str(path), str(root) if root is not None else None))

    def read(spec: tuple[int, str, str, str | None]) -> Iterator[tuple[int, int, str | None, bool, bytes]]:
        input_no, kind, path, root = spec
        for n, item in enumerate(read_input(kind, Path(path), Path(root) if root else None, published_at)):
            yield _item_row(input_no, n, item)

    rows = spark.sparkContext.parallelize(files, max(1, len(files))).flatMap(read) if files else None
    items = spark.createDataFrame(rows, ITEM_COLUMNS) if rows is not None else None
    if local or items is None:
        driver = spark.createDataFrame(local, ITEM_COLUMNS)
        items = driver if items is None else items.unionByName(driver)
    return items


def items_of_dataframe(articles: Any, published_at: dt.date | None = None) -> Any:
    """Items of a DataFrame of articles, one per row, validated by the CLI's ``make_article``.

    Every column goes into the record with its type (a numeric ``text`` column is ``text_not_string``,
    columns other than the CLI's record keys are ``meta``). Two things a DataFrame has lost: a column has
    one type (``spark.read.json`` reads a number among strings as a string), and a missing key is not told
    from a null one (every key of any line is a column of every row), so null columns count as missing. Rows are
    numbered in the DataFrame's order, and that number is their ``input`` (``<dataframe>:N``) and their
    order for duplicate ids. For the CLI's exact records, including ``invalid_json`` with file and line,
    read the files with :func:`read_articles` instead.
    """
    from pyspark.sql import functions as F

    as_json = articles.select(F.to_json(F.struct(*[articles[c] for c in articles.columns])).alias("json"))

    def item(row_and_index: tuple[Any, int]) -> tuple[int, int, str | None, bool, bytes]:
        row, index = row_and_index
        record = json.loads(row["json"])
        where = f"<dataframe>:{index + 1}"
        corrupt = record.pop("_corrupt_record", None)  # a line spark.read.json could not parse
        found = next(parse_line(corrupt, where, published_at), None) if corrupt is not None else None
        return _item_row(0, index, found or make_article(record, where, published_at))

    return articles.sparkSession.createDataFrame(as_json.rdd.zipWithIndex().map(item), ITEM_COLUMNS)


def _is_items(frame: Any) -> bool:
    return frame.columns == [c.split()[0] for c in ITEM_COLUMNS.split(", ")]


# --- processing: the CLI's run rules and the pipeline ----------------------------------------------

def records_of_batches(batches: Iterator[Any], model: str | None = None, batch_size: int = 16) -> Iterator[Any]:
    """The ``mapInPandas`` function: pandas DataFrames of items (plus ``duplicate``) in, record rows out."""
    import pandas as pd

    from pipeline.extract import process_batch
    from pipeline.io.writer import dumps
    from pipeline.nlp import cached_pipeline

    nlp = cached_pipeline(model)  # one pipeline per model per Python worker process
    for frame in batches:
        items = [duplicate_doc_error(item) if duplicate else item
                 for item, duplicate in ((pickle.loads(b), d) for b, d in zip(frame["item"], frame["duplicate"]))]
        rows = []
        for start in range(0, len(items), batch_size):
            for table, record in process_batch(nlp, items[start:start + batch_size]):
                rows.append((table, record.get("doc_id"), dumps(record)))
        yield pd.DataFrame(rows, columns=["table", "doc_id", "json"])


def extract_records(articles: Any, model: str | None = None, published_at: dt.date | None = None) -> Any:
    """A DataFrame of (table, doc_id, json) rows: every record the CLI would write for these articles.

    ``articles`` is the result of :func:`read_articles`, or any DataFrame of articles (columns ``id``,
    ``text`` and optionally ``published_at``, ``url``, ``title``, ``source``; others are ``meta``), read
    by :func:`items_of_dataframe` with ``published_at`` as the fallback date. Of the articles with one
    ``doc_id``, the first in input order is processed and the others are ``duplicate_doc_id`` errors.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    items = articles if _is_items(articles) else items_of_dataframe(articles, published_at)
    first = Window.partitionBy("doc_id").orderBy("input_no", "item_no")
    marked = items.withColumn("duplicate", F.col("article") & (F.row_number().over(first) > 1))
    # the shuffle by doc_id leaves few, uneven partitions; the model work is spread over every core
    spread = marked.repartition(max(2, items.sparkSession.sparkContext.defaultParallelism))
    return spread.select("item", "duplicate").mapInPandas(lambda it: records_of_batches(it, model), RECORD_COLUMNS)


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


def extract_tables(articles: Any, model: str | None = None, published_at: dt.date | None = None) -> dict[str, Any]:
    """Typed DataFrames per output table (documents, mentions, officials, events, attributions, errors)."""
    from pyspark.sql import functions as F

    records = extract_records(articles, model, published_at).cache()
    out = {}
    for table in TABLES:
        parsed = records.where(F.col("table") == table).select(F.from_json("json", spark_schema(table)).alias("r"))
        out[table] = parsed.select("r.*")
    return out
