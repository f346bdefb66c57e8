"""Workers get parts of batches cut at the model's groups, and the records are those of the whole batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import GROUP_CHARS, PIECE_CHARS, _char_groups, process_batch, split_at_groups
from pipeline.io.articles import Article, InputError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _article(doc_id: str, chars: int) -> Article:
    return Article(doc_id, "x" * chars, "in.jsonl")


def test_parts_start_where_groups_start_and_keep_every_item_in_order() -> None:
    error = InputError("in.jsonl:3", "invalid_json", "bad line", None)
    long = _article("long", PIECE_CHARS + 1)  # processed in pieces on its own, in no group
    batch = [_article("a", 6000), _article("b", 3000), error, _article("c", 4000), long,
             _article("d", 9000), _article("e", 500)]
    parts = split_at_groups(batch)
    assert [[getattr(item, "doc_id", None) for item in part] for part in parts] == [
        ["a", "b", None], ["c", "long"], ["d", "e"]]
    assert [item for part in parts for item in part] == batch
    short = [a for a in batch if isinstance(a, Article) and len(a.text) <= PIECE_CHARS]
    assert [[a.doc_id for a in g] for g in _char_groups(short)] == [["a", "b"], ["c"], ["d", "e"]]
    assert GROUP_CHARS == 10_000


def test_a_batch_of_one_group_is_one_part() -> None:
    batch = [_article("a", 100), InputError("in.jsonl:2", "no_text", "no text", None), _article("b", 100)]
    assert split_at_groups(batch) == [batch]


@pytest.mark.model
def test_parts_give_the_records_of_the_whole_batch() -> None:
    from pipeline.nlp import cached_pipeline

    nlp = cached_pipeline(None)
    articles = [Article(path.stem, path.read_text(encoding="utf-8"), str(path), published_at=None)
                for path in sorted(CORPUS.glob("seed-*.txt"))]
    parts = split_at_groups(articles)
    assert len(parts) == 2  # five articles of 2,700 to 5,400 characters, 17,752 in all: two groups
    whole = process_batch(nlp, articles, "model")
    assert [record for part in parts for record in process_batch(nlp, part, "model")] == whole
