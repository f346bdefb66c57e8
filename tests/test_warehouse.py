"""DuckDB load: typed, idempotent, re-processed documents replace their rows; README queries run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import run
from pipeline.io.readers import read_articles

duckdb = pytest.importorskip("duckdb", reason="the warehouse extra is part of the test environment (requirements.lock)")
pytestmark = pytest.mark.model
README = Path(__file__).parent.parent / "README.md"


def _rows(path: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in path.glob("part-*.jsonl"))


def test_load_counts_idempotence_replacement_and_readme_queries(tmp_path, nlp):
    from importlib import resources

    from pipeline.warehouse import load

    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    with resources.as_file(resources.files("pipeline.corpus")) as corpus:
        run(read_articles([str(corpus)]), nlp, out, ["corpus"])
        first = load(out, db)
        tables = ("documents", "mentions", "officials", "events", "errors")
        assert first["counts"] == {t: _rows(out / t) for t in tables}
        assert load(out, db) == {"loaded": [], "counts": first["counts"]}
        run(read_articles([str(corpus)]), nlp, out, ["corpus"], full=True)  # every document again
        again = load(out, db)
    assert again["counts"] == first["counts"]  # replaced, not duplicated

    con = duckdb.connect(str(db))
    assert con.execute("SELECT typeof(published_at) FROM documents LIMIT 1").fetchone()[0] == "DATE"
    assert con.execute("SELECT typeof(number) FROM mentions WHERE type = 'FIGURE' LIMIT 1").fetchone()[0] == "DOUBLE"
    sql = README.read_text(encoding="utf-8").split("```sql")[1].split("```")[0]
    chunks = ["\n".join(line for line in chunk.splitlines() if not line.lstrip().startswith("--")) for chunk in sql.split(";")]
    queries = [q.strip() for q in chunks if q.strip()]
    december, encounters, shared = (con.execute(q).fetchall() for q in queries)
    assert ("Antony Blinken", "Secretary of State", "US") in december
    assert {n for n, _, _ in december} >= {"Alejandro Mayorkas", "Andrés Manuel López Obrador", "Antony Blinken"}
    assert [(n, d) for n, _, d in encounters][:2] == [(242418.0, "seed-002"), (242418.0, "seed-003")]
    meetings = [row for row in shared if row[1] == "MEETING" and str(row[2]) == "2023-12-27"]
    assert meetings and meetings[0][3] == ["seed-002", "seed-003"]
    for view in ("officials_by_person", "events_timeline", "figures_by_counts"):
        assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
