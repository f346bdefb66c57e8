"""The run-state database as newsfacts created it before DocKey (user_version 0), for migration tests."""

V0_TABLES = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, text_sha256 TEXT NOT NULL, pipeline_version TEXT NOT NULL,
                        run_id TEXT NOT NULL, processed_at TEXT NOT NULL);
CREATE TABLE parts (run_id TEXT NOT NULL, table_name TEXT NOT NULL, committed_bytes INTEGER NOT NULL,
                    PRIMARY KEY (run_id, table_name));
CREATE TABLE runs (run_id TEXT PRIMARY KEY, status TEXT NOT NULL, started_at TEXT NOT NULL);
"""
