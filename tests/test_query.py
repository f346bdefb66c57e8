"""``newsfacts query``: one SQL question to a loaded database, printed as plain text."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "news.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (name VARCHAR, n DOUBLE, d DATE, tags VARCHAR[])")
    con.execute("INSERT INTO t VALUES ('Mayorkas', 3, DATE '2023-12-27', ['a', 'b']), ('Kirby', 2.5, NULL, [])")
    con.close()
    return path


def test_the_result_prints_as_a_plain_table(db):
    result = CliRunner().invoke(app, ["query", str(db), "SELECT * FROM t ORDER BY name"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "name | n | d | tags", "Kirby | 2.5 | NULL | []", "Mayorkas | 3 | 2023-12-27 | [a, b]", "(2 rows)"]


def test_bad_sql_and_a_missing_database_are_usage_errors(db, tmp_path):
    result = CliRunner().invoke(app, ["query", str(db), "SELECT nope FROM t"])
    assert result.exit_code == 2 and "nope" in result.output
    result = CliRunner().invoke(app, ["query", str(tmp_path / "none.duckdb"), "SELECT 1"])
    assert result.exit_code == 2 and "newsfacts load" in result.output
