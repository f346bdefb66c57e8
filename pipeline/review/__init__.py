"""``newsfacts show``: review pages over an extract output folder, for checking extraction by eye.

:func:`write_document_page` writes one document's page; :func:`write_index` writes the run's index and every
document's page beside it (an index linking to pages that do not exist would be of no use).
:mod:`pipeline.review.records` reads the records and texts, :mod:`pipeline.review.render` makes the HTML.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

from pipeline.review.records import (
    DocumentRecords,
    ReviewError,
    read_latest,
    read_texts,
)
from pipeline.review.render import document_page, index_page

__all__ = ["ReviewError", "page_file_name", "write_document_page", "write_index"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_file_name(doc_id: str) -> str:
    """The file name of a document's page beside the index: the doc_id when it is a safe file name, else a safe
    form of it with a hash of the doc_id (``a/b`` → ``a_b-<hash>.html``), so two doc_ids never share a page."""
    safe = _UNSAFE.sub("_", doc_id).strip("._") or "doc"
    if safe != doc_id or safe.lower() == "index":
        safe = f"{safe[:80]}-{hashlib.sha256(doc_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return f"{safe}.html"


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def write_document_page(out_dir: Path, doc_id: str, inputs: list[str], html_path: Path) -> DocumentRecords:
    """Write the review page of ``doc_id``; raises :class:`ReviewError` for an unknown id or a missing text."""
    documents = read_latest(out_dir, [doc_id])
    text = read_texts(inputs, documents)[doc_id]
    _write(html_path, document_page(documents[doc_id], text))
    return documents[doc_id]


def write_index(out_dir: Path, inputs: list[str], index_path: Path) -> dict[str, Path]:
    """Write the index of ``out_dir`` to ``index_path`` and each document's page beside it; returns the pages.

    Every text is read and checked before anything is written, so a missing text writes nothing.
    """
    documents = read_latest(out_dir)
    texts = read_texts(inputs, documents)
    pages = {doc_id: index_path.parent / page_file_name(doc_id) for doc_id in documents}
    clash = [doc_id for doc_id, page in pages.items() if page.name == index_path.name]
    if clash:
        raise ReviewError(f"the page of document {clash[0]!r} would overwrite the index {index_path}; "
                          "name the index otherwise, e.g. index.html")
    for doc_id, records in documents.items():
        _write(pages[doc_id], document_page(records, texts[doc_id], index_href=quote(index_path.name)))
    _write(index_path, index_page(out_dir.resolve().name or str(out_dir),
                                  [(records, quote(pages[doc_id].name)) for doc_id, records in documents.items()]))
    return pages
