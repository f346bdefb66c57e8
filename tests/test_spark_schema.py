"""The Spark types of the output tables follow from ``pipeline.schema`` (type objects only: no Spark session, no JVM)."""

from __future__ import annotations

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (the spark extra): "
                    "python -m pip install -r requirements.lock -r requirements-spark.lock")


def test_the_attributions_table_has_its_spark_type():
    from pipeline.spark import spark_schema

    assert spark_schema("attributions").simpleString() == (
        "struct<schema_version:bigint,attribution_id:string,doc_id:string,kind:string,"
        "cue:struct<start:bigint,end:bigint,text:string>,source:struct<start:bigint,end:bigint,text:string>,"
        "speaker:struct<canonical:string,entity_id:string,mention_id:string>,"
        "content:struct<start:bigint,end:bigint,text:string>,"
        "content_fragments:array<struct<start:bigint,end:bigint,text:string>>,direct:boolean,"
        "sentence:struct<start:bigint,end:bigint>,"
        "date:struct<timex_value:string,date_start:date,date_end:date,mention_id:string>,event_id:string>")


def test_every_table_has_a_spark_type_with_the_schemas_fields():
    from pipeline.schema import TABLES, field_names
    from pipeline.spark import spark_schema

    for table in TABLES:
        assert [f.name for f in spark_schema(table).fields] == [f.name for f in TABLES[table]]
    assert [f.name for f in spark_schema("attributions").fields] == field_names("attributions")
