import gzip
import io
import json

from pipeline.io.articles import Article, InputError
from pipeline.io.readers import read_articles


def _kinds(items):
    return [(type(i).__name__, i.doc_id, getattr(i, "error", None)) for i in items]


def test_folder_of_txt_files_with_meta_sidecars(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"published_at": "2021-03-22", "title": "A"}), encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text("Beta text.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_articles([str(tmp_path)]))
    assert _kinds(items) == [("Article", "a", None), ("Article", "sub/b", None)]
    assert items[0].title == "A" and items[0].published_at.isoformat() == "2021-03-22"
    assert items[1].published_at is None


def test_jsonl_gz_and_stdin(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "g1", "text": "Gz text."}) + "\n\n")
    stdin = io.StringIO(json.dumps({"id": "s1", "text": "Stdin text."}) + "\n")
    items = list(read_articles([str(path), "-"], stdin=stdin))
    assert _kinds(items) == [("Article", "g1", None), ("Article", "s1", None)]
    assert items[1].input == "<stdin>:1"


def test_bad_input_yields_errors_and_reading_goes_on(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 latin-1")
    lines = tmp_path / "mixed.jsonl"
    lines.write_bytes(
        b'{"id": "ok1", "text": "Good."}\n'
        b'{"id": "broken", "text": \n'
        b'{"id": "notext"}\n'
        b'[1, 2]\n'
        b'{"id": "bytes", "text": "\xff"}\n'
        b'{"id": "ok2", "text": "Also good."}\n'
    )
    items = list(read_articles([str(tmp_path / "bad.txt"), str(lines), str(tmp_path / "missing.jsonl")]))
    assert _kinds(items) == [
        ("InputError", "bad", "invalid_utf8"),
        ("Article", "ok1", None),
        ("InputError", None, "invalid_json"),
        ("InputError", "notext", "missing_text"),
        ("InputError", None, "invalid_record"),
        ("InputError", None, "invalid_utf8"),
        ("Article", "ok2", None),
        ("InputError", None, "not_found"),
    ]
    assert items[2].input == f"{lines}:2"


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b", encoding="utf-8")
    (item,) = read_articles([str(path)])
    assert isinstance(item, InputError) and item.error == "unsupported_input"


def test_fallback_date_applies_to_files_without_one(tmp_path):
    import datetime as dt

    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (item,) = read_articles([str(tmp_path)], fallback_date=dt.date(2020, 1, 2))
    assert isinstance(item, Article) and item.published_at == dt.date(2020, 1, 2)


def test_error_messages_name_the_file_and_line_once(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "broken", "text": "tab\there"}\n{"id": "bytes", "text": "caf\xe9"}\n{"id": \n')
    items = list(read_articles([str(path)]))
    assert [(i.input, i.error, i.message) for i in items] == [
        (f"{path}:1", "invalid_json", f"{path}:1: invalid JSON: Invalid control character at column 30"),
        (f"{path}:2", "invalid_utf8", f"{path}:2: not UTF-8 (invalid continuation byte at byte 28 of the line)"),
        (f"{path}:3", "invalid_json", f"{path}:3: invalid JSON: Expecting value at column 8"),
    ]


def test_missing_inputs_and_record_counts(tmp_path):
    from pipeline.io.readers import count_records, missing_inputs

    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "1"}\n\n{"text": "2"}\nnot json\n', encoding="utf-8")
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"text": "3"}\n{"text": "4"}\n')
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "5"}\n' * 50)[:-8])
    assert missing_inputs([str(tmp_path), "-", str(tmp_path / "nope.jsonl"), "also-missing"]) == \
        [str(tmp_path / "nope.jsonl"), "also-missing"]
    items = list(read_articles([str(tmp_path)]))
    assert count_records([str(tmp_path)]) == len(items) == 1 + 3 + 2 + 51  # the cut file: its 50 lines, then an error
    assert count_records([str(tmp_path / "b.jsonl"), "-"]) is None  # stdin cannot be counted beforehand
