"""The HTML of the review pages: one document's text with its mentions highlighted, its tables, and the run's index.

Mentions are drawn by spaCy's displaCy span renderer from records (``displacy.render(..., style="span",
manual=True)``), one call per mention. displaCy joins its tokens with spaces and gives a span no id, so a
single call over the whole text would neither reproduce the text exactly nor let a table row jump to a mention;
called per mention, it draws the mention (coloured bar, type label) and this module writes the text between
mentions as it is, escaped, and wraps each drawing in an element whose id is the ``mention_id``.

Other offsets a row points to (an official's span, an event's trigger, an attribution's cue) get an element with
the record's id too: around their words when these hold only whole mentions, else (they would cut a mention, or
cross another such element) an empty anchor at their start. Mentions never overlap (``news_mentions`` guarantees
it), so every mention gets its own element.

Pages are self-contained: inline CSS, no script, no font or image, and a Content-Security-Policy that forbids
loading anything. Every piece of text from the input or the records is escaped.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy import displacy
from spacy.displacy.render import DEFAULT_DIR
from spacy.displacy.templates import TPL_SPANS

from pipeline import __version__
from pipeline.review.records import DocumentRecords, ReviewError

# displaCy's colours where it has the type, others in the same pastel range
TYPE_COLORS = {"PERSON": "#aa9cfc", "AGENCY": "#7fc8f8", "ORG": "#7aecec", "GPE": "#feca74", "LOC": "#ff9561",
               "NORP": "#c887fb", "DATE": "#bfe1d9", "FIGURE": "#f7b2c4"}
OTHER_COLOR = "#dddddd"
# displaCy's span templates without its whitespace (the page shows the text exactly) and with the label drawn by
# CSS from an attribute, so that a mention element's text is exactly the mention
SPAN_TEMPLATES = {
    "span": '<span class="nf-token" style="height: {total_height}px">{text}{span_slices}{span_starts}</span>',
    "slice": '<span class="nf-bar" style="background: {bg}; top: {top_offset}px"></span>',
    "start": '<span class="nf-bar nf-start" style="background: {bg}; top: {top_offset}px">'
             '<span class="nf-label" style="background: {bg}" data-label="{label}"></span></span>',
}
# displaCy wraps every rendering in a block (<div class="spans">); a mention sits inside a line, so it goes
_SPANS_OPEN, _SPANS_CLOSE = (part.strip() for part in TPL_SPANS.format(content="\0", dir=DEFAULT_DIR).split("\0"))
DISPLACY_OPTIONS = {"colors": TYPE_COLORS, "template": SPAN_TEMPLATES,
                    "top_offset": 22, "span_label_offset": 12, "top_offset_step": 8}

CSS = """
body{margin:0;background:#f6f6f4;color:#1d1d1f;font:14px/1.45 -apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif}
main{max-width:1220px;margin:0 auto;padding:18px 28px 60px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.nf-meta{color:#555;margin:0 0 10px}.nf-meta span{margin-right:14px;white-space:nowrap}
.nf-nav{margin:0 0 8px}.nf-legend{margin:8px 0 12px}
.nf-chip{display:inline-block;padding:1px 7px;margin:0 6px 4px 0;border-radius:3px;font-size:11px;font-weight:bold}
.nf-text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;border-radius:4px;padding:14px 18px;
 font-size:16px;line-height:2.7;overflow-wrap:anywhere}
a.nf-mention{color:inherit;text-decoration:none}
.nf-token{position:relative;display:inline-block;line-height:1.35;font-weight:600}
.nf-bar{position:absolute;left:-1px;width:calc(100% + 2px);height:4px}
.nf-start{border-top-left-radius:3px;border-bottom-left-radius:3px}
.nf-label{position:absolute;top:3px;left:0;padding:1px 3px;border-radius:3px;font-size:8.5px;line-height:1;
 font-weight:bold;color:#000;white-space:nowrap;pointer-events:none}
.nf-label::after{content:attr(data-label)}
a.nf-mention:target .nf-token,a.nf-mention:hover .nf-token{background:#fff1a8;outline:2px solid #e0a800}
.nf-target{border-bottom:1px dashed #999}
.nf-target:target{background:#fff1a8;outline:2px solid #e0a800}
.nf-anchor:target::before{content:"\\25B6";color:#d33}
.nf-boilerplate{color:#999}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#efefec;font-weight:600}
tr:target{background:#fff1a8}
a.nf-offsets{white-space:nowrap}
.nf-none{color:#999}
"""


@dataclass(frozen=True)
class Target:
    """Offsets a table row points to that are not a mention: an official's span, a trigger, a cue."""

    id: str
    start: int
    end: int
    kind: str  # official, trigger, cue


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _check_mentions(text: str, mentions: list[dict[str, Any]], doc_id: str) -> list[dict[str, Any]]:
    ordered = sorted(mentions, key=lambda m: (m["start"], m["end"]))
    previous = None
    for m in ordered:
        if not (0 <= m["start"] < m["end"] <= len(text)) or text[m["start"]:m["end"]] != m["text"]:
            raise ReviewError(f"{doc_id}: mention {m['mention_id']} ({m['start']}–{m['end']}, {m['text']!r}) does "
                              "not match the text; the output and the input disagree")
        if previous is not None and m["start"] < previous["end"]:
            raise ReviewError(f"{doc_id}: mentions {previous['mention_id']} and {m['mention_id']} overlap; "
                              "the output folder is damaged")
        previous = m
    return ordered


def mention_html(mention: dict[str, Any]) -> str:
    """One mention drawn by displaCy, in an element whose id is its mention_id and that links to its table row."""
    data = {"text": mention["text"], "tokens": [mention["text"]],
            "spans": [{"start_token": 0, "end_token": 1, "label": _e(mention["type"])}]}
    drawn = displacy.render(data, style="span", manual=True, options=DISPLACY_OPTIONS, jupyter=False)
    if drawn.startswith(_SPANS_OPEN) and drawn.endswith(_SPANS_CLOSE):  # its block wrapper, which a line must not hold
        drawn = drawn[len(_SPANS_OPEN):-len(_SPANS_CLOSE)]
    mid = _e(mention["mention_id"])
    return (f'<a class="nf-mention" id="{mid}" href="#row-{mid}" data-type="{_e(mention["type"])}" '
            f'data-start="{mention["start"]}" data-end="{mention["end"]}" title="{_e(_mention_summary(mention))}">'
            f"{drawn}</a>")


def _mention_summary(m: dict[str, Any]) -> str:
    parts = [m["type"], f"{m['start']}–{m['end']}"]
    if m.get("canonical"):
        parts.append(m["canonical"])
    value = _mention_value(m)
    if value:
        parts.append(value)
    return " · ".join(parts)


def _mention_value(m: dict[str, Any]) -> str:
    if m["type"] == "DATE":
        span = m.get("date_start") or ""
        if m.get("date_end") and m.get("date_end") != m.get("date_start"):
            span += f"…{m['date_end']}"
        return " ".join(x for x in (m.get("timex_value") or "", f"({span})" if span else "") if x)
    if m["type"] == "FIGURE":
        return " ".join(_e_num(x) for x in (m.get("number"), m.get("range_end") and f"–{m['range_end']}", m.get("unit"))
                        if x not in (None, ""))
    return ""


def _e_num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_text(text: str, doc_id: str, mentions: list[dict[str, Any]], targets: Iterable[Target] = (),
                boilerplate: Iterable[dict[str, Any]] = ()) -> str:
    """The article as HTML: exact text, each mention drawn by displaCy, each target marked or anchored."""
    ordered = _check_mentions(text, mentions, doc_id)
    starts = {m["start"]: m for m in ordered}
    start_list = [m["start"] for m in ordered]

    def inside(pos: int) -> dict[str, Any] | None:
        i = bisect_left(start_list, pos) - 1  # the last mention starting before pos
        return ordered[i] if i >= 0 and pos < ordered[i]["end"] else None

    def cuts_mention(start: int, end: int) -> bool:
        """True when [start, end) holds part of a mention but not all of it."""
        return inside(start) is not None or inside(end) is not None

    # wrappers: (start, end, rank, open tag, close tag); points: position → anchors
    candidates: list[tuple[int, int, int, str, str, Target | None]] = []
    points: dict[int, list[str]] = {}

    def point(t: Target) -> None:
        owner = inside(t.start)
        pos = owner["start"] if owner else max(0, min(t.start, len(text)))
        points.setdefault(pos, []).append(f'<span class="nf-anchor nf-{_e(t.kind)}" id="{_e(t.id)}"></span>')

    for t in targets:
        if 0 <= t.start < t.end <= len(text) and not cuts_mention(t.start, t.end):
            candidates.append((t.start, t.end, 0, f'<span class="nf-target nf-{_e(t.kind)}" id="{_e(t.id)}">',
                               "</span>", t))
        else:
            point(t)
    for block in boilerplate:  # no mention lies in boilerplate; a block that would cut one is left unstyled
        s, e = max(0, block["start"]), min(len(text), block["end"])
        if s < e and not cuts_mention(s, e):
            candidates.append((s, e, 1, f'<span class="nf-boilerplate" title="boilerplate: {_e(block.get("kind"))}">',
                               "</span>", None))
    wrappers: list[tuple[int, int, int, str, str, Target | None]] = []
    for cand in sorted(candidates, key=lambda c: (c[0], -c[1], c[2])):
        if any(w[0] < cand[0] < w[1] < cand[1] for w in wrappers):  # would cross an element already placed
            if cand[5] is not None:
                point(cand[5])
            continue
        wrappers.append(cand)

    bounds = sorted({0, len(text), *points, *(m["start"] for m in ordered), *(m["end"] for m in ordered),
                     *(w[0] for w in wrappers), *(w[1] for w in wrappers)})
    out: list[str] = []
    stack: list[tuple[int, int, int, str, str, Target | None]] = []
    opening = sorted(wrappers, key=lambda w: (w[0], -w[1], w[2]))
    k = 0
    for i, pos in enumerate(bounds):
        while stack and stack[-1][1] == pos:
            out.append(stack.pop()[4])
        out.extend(points.get(pos, ()))
        while k < len(opening) and opening[k][0] == pos:
            stack.append(opening[k])
            out.append(opening[k][3])
            k += 1
        if pos == len(text):
            break
        if pos in starts:
            out.append(mention_html(starts[pos]))
        elif inside(pos) is None:
            out.append(_e(text[pos:bounds[i + 1]]))
    while stack:
        out.append(stack.pop()[4])
    return f'<div class="nf-text" id="text">{"".join(out)}</div>'


def _targets(records: DocumentRecords) -> list[Target]:
    found = [Target(o["official_id"], o["start"], o["end"], "official") for o in records.officials]
    found += [Target(e["event_id"], e["trigger"]["start"], e["trigger"]["end"], "trigger") for e in records.events]
    found += [Target(a["attribution_id"], a["cue"]["start"], a["cue"]["end"], "cue") for a in records.attributions]
    return found


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta name=\"generator\" content=\"newsfacts {_e(__version__)}\">\n"
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def _table(table_id: str, caption: str, headers: list[str], rows: list[tuple[str, list[str]]]) -> str:
    """A table; ``rows`` are (row id, cells of ready HTML)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    if not rows:
        return f'<h2>{_e(caption)} (0)</h2>\n<p class="nf-none" id="{table_id}">none</p>'
    body = "\n".join(f'<tr id="row-{_e(rid)}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
                     for rid, cells in rows)
    return (f"<h2>{_e(caption)} ({len(rows)})</h2>\n<table id=\"{table_id}\">\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{body}\n</tbody>\n</table>")


class _Links:
    """Links from table cells to the text: to an offset element, or to a mention by its id."""

    def __init__(self, mentions: list[dict[str, Any]]) -> None:
        self.mentions = {m["mention_id"]: m for m in mentions}

    @staticmethod
    def offsets(target_id: str, start: int, end: int) -> str:
        return f'<a class="nf-offsets" href="#{_e(target_id)}">{start}–{end}</a>'

    def mention(self, mention_id: str | None, label: Any) -> str:
        if mention_id and mention_id in self.mentions:
            return f'<a class="nf-ref" href="#{_e(mention_id)}">{_e(label)}</a>'
        return _e(label) if label not in (None, "") else '<span class="nf-none">–</span>'


def _none() -> str:
    return '<span class="nf-none">–</span>'


def _cell(value: Any) -> str:
    return _none() if value in (None, "", []) else _e(value)


def document_page(records: DocumentRecords, text: str, index_href: str | None = None) -> str:
    """The review page of one document."""
    doc = records.document
    links = _Links(records.mentions)
    mentions = sorted(records.mentions, key=lambda m: (m["start"], m["end"]))
    article = render_text(text, records.doc_id, mentions, _targets(records), doc.get("boilerplate") or ())

    officials = [(o["official_id"], [
        links.offsets(o["official_id"], o["start"], o["end"]),
        links.mention(_official_mention(mentions, o, "entity_id"), o["name"]),
        _e(o["title"]), links.mention(_official_mention(mentions, o, "org_entity_id"), o.get("org")),
        _cell(o.get("country")),
        "former" if o.get("former") else "",
    ]) for o in sorted(records.officials, key=lambda o: (o["start"], o["end"]))]
    events = [(e["event_id"], [
        links.offsets(e["event_id"], e["trigger"]["start"], e["trigger"]["end"]),
        _e(e["type"]), _e(e["trigger"]["text"]),
        _date_cell(links, e.get("date")),
        links.mention((e.get("location") or {}).get("mention_id"), (e.get("location") or {}).get("canonical")),
        ", ".join(links.mention(p.get("mention_id"), p["canonical"]) + (f" ({_e(p['role'])})" if p.get("role") else "")
                  for p in e.get("participants") or ()) or _none(),
        ", ".join(links.mention(f, links.mentions[f]["text"] if f in links.mentions else f)
                  for f in e.get("figures") or ()) or _none(),
    ]) for e in sorted(records.events, key=lambda e: (e["trigger"]["start"], e["type"]))]
    figures = [(f"fig-{m['mention_id']}", [
        links.offsets(m["mention_id"], m["start"], m["end"]), _e(m["text"]),
        _cell(_e_num(m.get("number")) if m.get("number") is not None else None),
        _cell(_e_num(m.get("range_end")) if m.get("range_end") is not None else None),
        _cell(m.get("unit")), _cell(m.get("counts")), _cell(m.get("qualifier")),
    ]) for m in mentions if m["type"] == "FIGURE"]
    attributions = [(a["attribution_id"], [
        links.offsets(a["attribution_id"], a["cue"]["start"], a["cue"]["end"]),
        _e(a["kind"]), _e(a["cue"]["text"]),
        _cell((a.get("source") or {}).get("text")),
        links.mention((a.get("speaker") or {}).get("mention_id"), (a.get("speaker") or {}).get("canonical")),
        ("“" + _e(a["content"]["text"]) + "”") if a.get("content") else _none(),
        "direct" if a.get("direct") else "",
    ]) for a in sorted(records.attributions, key=lambda a: (a["cue"]["start"], a["cue"]["end"]))]
    mention_rows = [(m["mention_id"], [
        links.offsets(m["mention_id"], m["start"], m["end"]), _e(m["type"]), _e(m["text"]),
        _cell(m.get("canonical")), _cell(m.get("entity_id")), _cell(_mention_value(m)), _e(m.get("extractor")),
    ]) for m in mentions]

    counts = {t: len(getattr(records, t)) for t in ("mentions", "officials", "events", "attributions")}
    meta = [("published", f"{doc.get('published_at') or '–'} ({doc.get('published_at_source') or 'none'})"),
            ("source", doc.get("source")), ("url", doc.get("url")), ("chars", doc.get("chars")),
            ("model", doc.get("model")), ("pipeline", doc.get("pipeline_version")), ("run", records.run_id)]
    header = [
        f'<p class="nf-nav"><a href="{_e(index_href)}">← all documents</a></p>' if index_href else "",
        f"<h1>{_e(records.doc_id)}</h1>",
        f"<p class=\"nf-title\">{_e(doc['title'])}</p>" if doc.get("title") else "",
        '<p class="nf-meta">' + " ".join(f"<span>{_e(k)}: {_e(v)}</span>" for k, v in meta if v not in (None, ""))
        + "</p>",
        '<p class="nf-meta">' + " ".join(f"<span>{n} {_e(t)}</span>" for t, n in counts.items()) + "</p>",
        '<div class="nf-legend">' + "".join(
            f'<span class="nf-chip" style="background:{c}">{t}</span>' for t, c in TYPE_COLORS.items()) + "</div>",
    ]
    body = "\n".join([
        *[h for h in header if h], article,
        _table("officials", "Officials", ["offsets", "name", "title", "org", "country", "former"], officials),
        _table("events", "Events", ["trigger", "type", "word", "date", "location", "participants", "figures"], events),
        _table("figures", "Figures", ["offsets", "text", "number", "range end", "unit", "counts", "qualifier"], figures),
        _table("attributions", "Attributions", ["cue", "kind", "word", "source", "speaker", "content", "direct"],
               attributions),
        _table("mentions", "All mentions", ["offsets", "type", "text", "canonical", "entity_id", "value", "extractor"],
               mention_rows),
    ])
    return _page(f"{records.doc_id} — newsfacts review", body)


def _official_mention(mentions: list[dict[str, Any]], official: dict[str, Any], key: str) -> str | None:
    """The mention of the official's person (``key`` "entity_id") or organisation ("org_entity_id"): the one
    inside the official's span, else the first anywhere."""
    same = [m for m in mentions if official.get(key) and m.get("entity_id") == official[key]]
    within = [m for m in same if official["start"] <= m["start"] and m["end"] <= official["end"]]
    chosen = (within or same or [None])[0]
    return chosen["mention_id"] if chosen else None


def _date_cell(links: _Links, date: dict[str, Any] | None) -> str:
    if not date:
        return _none()
    value = date.get("timex_value") or ""
    span = date.get("date_start") or ""
    if date.get("date_end") and date["date_end"] != date.get("date_start"):
        span += f"…{date['date_end']}"
    label = value + (f" ({span})" if span and span != value else "")
    return links.mention(date.get("mention_id"), label)


def index_page(out_label: str, documents: list[tuple[DocumentRecords, str | None]]) -> str:
    """The run's index: one row per document, linking to its page (``href`` None: no page)."""
    rows = []
    for records, href in documents:
        doc = records.document
        name = f'<a href="{_e(href)}">{_e(records.doc_id)}</a>' if href else _e(records.doc_id)
        rows.append((records.doc_id, [
            name, _cell(doc.get("title")), _cell(doc.get("published_at")),
            *(f'{n}' for n in (doc.get("chars"), len(records.mentions), len(records.officials), len(records.events),
                                len(records.attributions))),
            _e(records.run_id),
        ]))
    table = _table("documents", "Documents", ["doc_id", "title", "published", "chars", "mentions", "officials",
                                              "events", "attributions", "run"], rows)
    body = f"<h1>newsfacts review: {_e(out_label)}</h1>\n" \
           "<p class=\"nf-meta\">The latest extraction of each document (as <code>newsfacts load</code> keeps it).</p>\n" \
           f"{table}"
    return _page(f"{out_label} — newsfacts review", body)
