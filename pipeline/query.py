"""``newsfacts query``: one SQL question to a loaded DuckDB database, answered as plain text.

The ``duckdb`` Python package ships no command-line program, so the README's
SQL examples need a way to run from the shell; the printed form is plain
(tab-free, one row a line, values as DuckDB's Python API returns them) so that
tests can compare it with the README's answers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any


class QueryError(ValueError):
    """The query could not run (syntax, unknown table or column)."""


def run_query(db: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        result = con.execute(sql)
        columns = [d[0] for d in result.description or []]
        return columns, result.fetchall()
    except duckdb.Error as exc:
        raise QueryError(str(exc).splitlines()[0]) from None
    finally:
        con.close()


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(_cell(v) for v in value) + "]"
    return str(value)


def format_result(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    """A header line and one line per row, columns separated by " | "."""
    lines = [" | ".join(columns)]
    lines += [" | ".join(_cell(v) for v in row) for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
