import gzip
import io
import json

from pipeline.io.articles import Article, InputError
from pipeline.io.readers import count_records, read_articles


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


# --- hostile input (issue 18): every problem is one error with its file and line, and reading goes on ---

def _errors(items):
    return [(i.input, i.error) for i in items if isinstance(i, InputError)]


def test_hostile_json_values_are_refused_with_file_and_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        '{"id": "a", "text": "A.", "x": NaN}',
        '{"id": "b", "text": "B.", "x": 1e999}',
        '{"id": "c", "text": "C.", "x": %s}' % ("1" * 4301),
        '{"id": "d", "text": "C.", "x": %s%s}' % ("[" * 200_000, "]" * 200_000),
        '{"id": "\\ud800", "text": "E."}',
        '{"id": "ok", "text": "Fine.", "n": %s, "f": 1e308}' % ("9" * 320),
    ]) + "\n", encoding="utf-8")
    items = list(read_articles([str(path)]))
    assert [(i.input, i.error, i.message) for i in items[:5]] == [
        (f"{path}:1", "non_finite_number", f"{path}:1: NaN is not a number JSON output can hold; write it as null or a string"),
        (f"{path}:2", "non_finite_number", f"{path}:2: the number 1e999 is too large for a 64-bit float; write it as a string"),
        (f"{path}:3", "number_too_long", f"{path}:3: an integer of 4,301 digits (more than 4,300); write it as a string"),
        (f"{path}:4", "too_deeply_nested", f"{path}:4: objects and arrays nested more than 64 levels deep"),
        (f"{path}:5", "lone_surrogate", f"{path}:5: field 'id' holds a lone surrogate (\\ud800 at character 1), "
         "which no UTF-8 text can hold; the producer's \\u escapes are broken"),
    ]
    assert isinstance(items[5], Article) and items[5].meta == {"f": 1e308, "n": int("9" * 320)}


def test_byte_order_mark_keeps_the_first_record(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "first", "text": "One."}\n{"id": "second", "text": "Two."}\n')
    stdin = io.TextIOWrapper(io.BytesIO(path.read_bytes()), encoding="utf-8")
    assert _kinds(read_articles([str(path)])) == [("Article", "first", None), ("Article", "second", None)]
    assert _kinds(read_articles(["-"], stdin=stdin)) == [("Article", "first", None), ("Article", "second", None)]


def test_corrupt_gzip_keeps_the_records_before_the_damage(tmp_path):
    first = "".join(json.dumps({"id": f"r{n}", "text": f"Record {n}."}) + "\n" for n in range(300))
    damaged = bytearray(gzip.compress(json.dumps({"id": "lost", "text": "Lost."}).encode() + b"\n"))
    damaged[10] = 0xFF  # the first deflate block header: "invalid block type"
    path = tmp_path / "damaged.jsonl.gz"
    path.write_bytes(gzip.compress(first.encode()) + bytes(damaged))
    items = list(read_articles([str(path)]))
    assert [i.doc_id for i in items[:-1]] == [f"r{n}" for n in range(300)]
    assert (items[-1].input, items[-1].error, items[-1].message) == (
        f"{path}:301", "unreadable",
        f"{path}:301: cannot read on from line 301 (Error -3 while decompressing data: invalid block type); "
        "the 300 lines before were read")
    assert count_records([str(path)]) == len(items) == 301


def test_records_over_the_maximum_size_are_skipped_without_being_held(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_MAX_RECORD_BYTES", "1000")
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "x" * 5000}) + "\n" + json.dumps({"id": "ok", "text": "Small."}) + "\n",
                    encoding="utf-8")
    (tmp_path / "big.txt").write_text("y" * 1001, encoding="utf-8")
    items = list(read_articles([str(tmp_path)]))
    assert [(i.input, getattr(i, "error", None), getattr(i, "message", None)) for i in items] == [
        (f"{path}:1", "record_too_large", f"{path}:1: a record of 5,025 bytes, over the maximum of 1,000; not read "
         "(raise NEWSFACTS_MAX_RECORD_BYTES if it is a genuine article)"),
        (f"{path}:2", None, None),
        (str(tmp_path / "big.txt"), "record_too_large", f"{tmp_path / 'big.txt'}: a record of 1,001 bytes, over the "
         "maximum of 1,000; not read (raise NEWSFACTS_MAX_RECORD_BYTES if it is a genuine article)"),
    ]


def test_gzip_bomb_is_read_no_further_than_its_budget(tmp_path, monkeypatch):
    from pipeline.io import readers

    monkeypatch.setattr(readers, "GZIP_FLOOR_BYTES", 1 << 20)
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"id": "a", "text": "A."}).encode() + b"\n" + b" " * (8 << 20)))
    items = list(read_articles([str(path)]))
    assert _kinds(items) == [("Article", "a", None), ("InputError", None, "decompression_limit")]
    assert items[1].input == f"{path}:2"


def test_walking_reports_what_it_cannot_read(tmp_path, monkeypatch):
    import os

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_text("Never read.", encoding="utf-8")
    (folder / "a.txt").write_text("Alpha.", encoding="utf-8")
    (folder / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    os.mkfifo(folder / "pipe.jsonl")
    os.mkfifo(folder / "other-pipe")  # not named like an input: ignored like any other file
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path) == str(folder / "locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_articles([str(folder)]))
    assert [(i.input, getattr(i, "error", None)) for i in items] == [
        (str(folder / "a.txt"), None), (str(folder / "gone.jsonl"), "dangling_symlink"),
        (str(folder / "locked"), "unreadable"), (str(folder / "pipe.jsonl"), "not_a_regular_file"),
    ]
    assert items[2].message == f"{folder / 'locked'}: cannot list this folder (Permission denied); the files in it were not read"
    assert count_records([str(folder)]) == 4
    # a named pipe given by name is refused at once, never opened (opening it would wait for a writer)
    (item,) = read_articles([str(folder / "pipe.jsonl")])
    assert item.error == "not_a_regular_file" and "newsfacts extract -" in item.message


def test_a_file_reached_twice_is_read_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Alpha.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "b", "text": "Beta."}\n', encoding="utf-8")
    items = list(read_articles([str(tmp_path), str(tmp_path / "sub"), str(tmp_path / "b.jsonl")]))
    assert [(i.input, i.doc_id, getattr(i, "error", None)) for i in items] == [
        (f"{tmp_path / 'b.jsonl'}:1", "b", None), (str(tmp_path / "sub" / "a.txt"), "sub/a", None),
        (str(tmp_path / "sub" / "a.txt"), None, "duplicate_input"), (str(tmp_path / "b.jsonl"), None, "duplicate_input"),
    ]


def test_output_folders_inside_inputs_are_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha.", encoding="utf-8")
    out = tmp_path / "out"
    (out / "_runs").mkdir(parents=True)
    (out / "documents").mkdir()
    (out / "documents" / "part-1.jsonl").write_text('{"doc_id": "a", "text": "not an article"}\n', encoding="utf-8")
    assert _kinds(read_articles([str(tmp_path)])) == [("Article", "a", None)]
    (item,) = read_articles([str(out)])
    assert item.error == "output_folder"


def test_broken_or_hostile_meta_keeps_the_article_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "A", "x": NaN}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta.", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text('{"title": broken', encoding="utf-8")
    a, b = read_articles([str(tmp_path)])
    assert (a.doc_id, a.title, a.meta, a.warnings) == ("a", None, {}, [("invalid_meta", (
        f"{tmp_path / 'a.meta.json'}: NaN is not a number JSON output can hold; write it as null or a string; "
        "the article was read without it"))])
    assert (b.doc_id, b.warnings) == ("b", [("invalid_meta", (
        f"{tmp_path / 'b.meta.json'}: invalid JSON: Expecting value at column 11; the article was read without it"))])
