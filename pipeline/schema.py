"""The output contract (schema version 4), defined once.

Every table's fields with their types and meaning. The README's schema
section is rendered from here (a test keeps them in step), and the JSON
Schemas that validate the writers' records are generated from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline import SCHEMA_VERSION


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, integer, number, boolean, date, object, array
    nullable: bool
    description: str
    items: tuple["Field", ...] | str | None = None  # array items (fields of an object, or a scalar type)
    properties: tuple["Field", ...] | None = None  # object fields
    only_for: tuple[str, ...] | None = None  # mentions: fields present only for these types


def F(name: str, type_: str, description: str, nullable: bool = False, **kw: Any) -> Field:
    return Field(name, type_, nullable, description, **kw)


COMMON = (
    F("schema_version", "integer", f"Version of this contract ({SCHEMA_VERSION})."),
    F("doc_id", "string", "The article's id: the input's `id`, the `.txt` path without extension, or a hash of the text."),
)
SPAN = (F("start", "integer", "Code-point offset, inclusive."), F("end", "integer", "Code-point offset, exclusive."))
SPAN_TEXT = SPAN + (F("text", "string", "As written."),)
# When an event happened or a statement was made: the TIMEX of its clause and the DATE mention that gives it.
DATE_REF = (F("timex_value", "string", "TIMEX3 value.", True), F("date_start", "date", "First day.", True),
            F("date_end", "date", "Last day.", True), F("mention_id", "string", "The DATE mention.", True))

TABLES: dict[str, tuple[Field, ...]] = {
    "documents": (
        COMMON[0], COMMON[1],
        F("title", "string", "From the input record.", True),
        F("url", "string", "From the input record.", True),
        F("source", "string", "From the input record.", True),
        F("published_at", "date", "Publication date (YYYY-MM-DD), the anchor of date resolution.", True),
        F("published_at_source", "string", "`input` (the record or `--published-at`), `dateline` (found at the top of the text) or null.", True),
        F("text_sha256", "string", "SHA-256 of the UTF-8 text; a changed text is processed again."),
        F("chars", "integer", "Length of the text in code points."),
        F("language", "string", "Language of the pipeline that processed the text."),
        F("boilerplate", "array", "Blocks that are not article text; nothing inside them is extracted.",
          items=(F("start", "integer", "Code-point offset."), F("end", "integer", "Code-point offset."),
                 F("kind", "string", "donation, disclaimer, comment_form, hashtags, author_box, syndication, newsletter, share, copyright."))),
        F("meta", "object", "Input keys outside the contract, as given."),
        F("pipeline_version", "string", "newsfacts version."),
        F("model", "string", "Base spaCy model and version, e.g. `en_core_web_sm-3.8.0`."),
    ),
    "mentions": (
        COMMON[0],
        F("mention_id", "string", "Deterministic: hash of doc_id, type and offsets."),
        COMMON[1],
        F("type", "string", "PERSON, AGENCY, ORG, GPE, LOC, NORP, DATE or FIGURE."),
        F("start", "integer", "Code-point offset, inclusive: `text[start:end] == mention.text`."),
        F("end", "integer", "Code-point offset, exclusive."),
        F("byte_start", "integer", "UTF-8 byte offset, inclusive."),
        F("byte_end", "integer", "UTF-8 byte offset, exclusive."),
        F("text", "string", "The mention as written."),
        F("sentence_index", "integer", "0-based index of its sentence in the document."),
        F("canonical", "string", "One name for everything that refers to the same entity in the document (null for DATE, FIGURE).", True),
        F("entity_id", "string", "`<type>:<folded-canonical>`, the same in every document (null for DATE, FIGURE); "
          "an unlisted body the text gives a country carries it: `agency:jp:ministry-of-foreign-affairs`.", True),
        F("extractor", "string", "What produced it: `model:ner`, `rule:gazetteer`, `rule:surname`, ... joined by `+`."),
        F("timex_type", "string", "DATE, TIME, DURATION or SET.", True, only_for=("DATE",)),
        F("timex_value", "string", "TIMEX3 value: `2021-03-23`, `2023-W51`, `P3M`, `PAST_REF` ...", True, only_for=("DATE",)),
        F("mod", "string", "TIMEX3 mod: START, MID, END, APPROX, MORE_THAN, LESS_THAN.", True, only_for=("DATE",)),
        F("date_start", "date", "First day of the interval the value covers.", True, only_for=("DATE",)),
        F("date_end", "date", "Last day of the interval the value covers.", True, only_for=("DATE",)),
        F("anchor", "date", "The date it was resolved against.", True, only_for=("DATE",)),
        F("number", "number", "Fully scaled value: `$4 billion` → 4000000000; a range's lower end.", True,
          only_for=("FIGURE",)),
        F("unit", "string", "`percent`, `percentage point`, an ISO 4217 code (sub-units scaled: `8 pence` → 0.08 "
          "`GBP`), a measure such as `km`, `year` for an age, or null for a count.", True, only_for=("FIGURE",)),
        F("counts", "string", "What is counted, as written: `migrant encounters`; null when nothing is (percentages, "
          "fractions, money spent on a plural or describing a noun).", True, only_for=("FIGURE",)),
        F("qualifier", "string", "approx, more_than, less_than, at_least, at_most.", True, only_for=("FIGURE",)),
        F("range_end", "number", "A range's upper end, scaled like `number`: `5.25% to 5.5%` → 5.5, `between 10 and "
          "20` → 20; null for a single figure. Since version 4.", True, only_for=("FIGURE",)),
        F("geo", "object", "Where the place is (GeoNames), when the name resolves to one place; null when it is "
          "unknown or ambiguous (\"Springfield\"). Since version 2.", True, only_for=("GPE", "LOC"), properties=(
            F("geonames_id", "integer", "GeoNames id: `https://www.geonames.org/<id>`."),
            F("latitude", "number", "WGS84 degrees: a city's point, a country's capital, a continent's centre; "
              "null for US states (no point in the source).", True),
            F("longitude", "number", "WGS84 degrees.", True),
            F("country", "string", "ISO 3166-1 alpha-2 (null for a continent).", True),
            F("feature_class", "string", "GeoNames feature class: `A` country or state, `P` city, `L` continent."))),
    ),
    "officials": (
        COMMON[0],
        F("official_id", "string", "Deterministic: hash of doc_id, person, title and span."),
        COMMON[1],
        F("entity_id", "string", "The person's entity_id (joins to mentions).", True),
        F("name", "string", "Canonical name of the person."),
        F("title", "string", "The title as written, without determiner or possessive."),
        F("org", "string", "Canonical name of the agency the role belongs to.", True),
        F("org_entity_id", "string", "The agency's entity_id.", True),
        F("country", "string", "ISO 3166-1 alpha-2 of the government served.", True),
        F("former", "boolean", "True for a past role (former, then-, ex-)."),
        SPAN[0], SPAN[1],
    ),
    "events": (
        COMMON[0],
        F("event_id", "string", "Deterministic: hash of doc_id, type and trigger offsets."),
        COMMON[1],
        F("type", "string", "MEETING, TRAVEL, STATEMENT, POLICY, AGREEMENT, MIGRATION or STATISTIC."),
        F("trigger", "object", "The word that names the event.", properties=SPAN_TEXT),
        F("sentence", "object", "The sentence it is reported in.", properties=SPAN),
        F("date", "object", "When it happened.", True, properties=DATE_REF),
        F("location", "object", "Where it happened.", True, properties=(
            F("canonical", "string", "Canonical place name."), F("entity_id", "string", "The place's entity_id.", True),
            F("mention_id", "string", "The GPE/LOC mention.", True))),
        F("participants", "array", "People, agencies and countries taking part.", items=(
            F("canonical", "string", "Canonical name."), F("entity_id", "string", "entity_id.", True),
            F("mention_id", "string", "The mention.", True), F("role", "string", "agent, patient, speaker ...", True))),
        F("figures", "array", "FIGURE mention ids reported by the event.", items="string"),
        F("cluster_id", "string", "The same for reports of the same real-world event in different documents.", True),
    ),
    "attributions": (
        COMMON[0],
        F("attribution_id", "string", "Deterministic: `a-` and a hash of doc_id and the cue's offsets."),
        COMMON[1],
        F("kind", "string", "`speech` (said, told, wrote, a colon before a quotation, \"in a statement\"), `thought` "
          "(believes, wants, expects) or `according_to`."),
        F("cue", "object", "The words that attribute: \"said\", \"according to\", \"in a statement\".",
          properties=SPAN_TEXT),
        F("source", "object", "Who the text credits, as written: \"he\", \"the district attorney\", \"Blinken\"; "
          "null when the text names no one (\"it was announced\").", True, properties=SPAN_TEXT),
        F("speaker", "object", "The source resolved to an entity of the document, through coreference for pronouns and "
          "descriptions; null when unresolved.", True, properties=(
            F("canonical", "string", "Canonical name."),
            F("entity_id", "string", "entity_id (joins to mentions and officials).", True),
            F("mention_id", "string", "The mention that names it: the source itself, or its antecedent.", True))),
        F("content", "object", "What is attributed: the span from the first fragment's start to the last fragment's "
          "end (it includes the cue when the content is split around it); null when there is none.", True,
          properties=SPAN_TEXT),
        F("content_fragments", "array", "The content's pieces in text order: one when it is continuous, two or more "
          "when the cue splits it (\"'…,' he said, '…'\"); empty when there is no content.",
          items=SPAN_TEXT),
        F("direct", "boolean", "True when the content is a verbatim quotation."),
        F("sentence", "object", "The sentence of the cue.", properties=SPAN),
        F("date", "object", "When it was said: the DATE of the cue's clause.", True, properties=DATE_REF),
        F("event_id", "string", "The STATEMENT event this report belongs to (joins to events).", True),
    ),
    "errors": (
        COMMON[0],
        F("doc_id", "string", "The document's id, if known.", True),
        F("input", "string", "File, and line for JSONL."),
        F("error", "string", "Short code: invalid_json, missing_text, invalid_utf8, processing_failed ..."),
        F("message", "string", "What went wrong, for people."),
    ),
}

# What a table is, where the field list alone does not say it (rendered under the table's heading).
TABLE_NOTES: dict[str, str] = {
    "attributions": "Since version 3. One row per attribution: a place where the text credits speech, writing, a "
                    "thought or a belief to a source (PolNeAR's sense), so several reports by one speaker are several "
                    "rows, linked through `event_id` to the one STATEMENT event they report.",
}


def field_names(table: str, mention_type: str | None = None) -> list[str]:
    return [f.name for f in TABLES[table] if f.only_for is None or mention_type in f.only_for]


def render_markdown() -> str:
    """The README's schema section."""
    lines = ["## Output schema (version %d)" % SCHEMA_VERSION, "",
             "Generated from `pipeline/schema.py`, the single definition the writers and tests use.", ""]
    for table, fields in TABLES.items():
        lines += [f"### {table}", ""]
        if table in TABLE_NOTES:
            lines += [TABLE_NOTES[table], ""]
        lines += ["| field | type | null | meaning |", "| --- | --- | --- | --- |"]
        for f in fields:
            type_ = f.type + (f" ({', '.join(f.only_for)} only)" if f.only_for else "")
            lines.append(f"| `{f.name}` | {type_} | {'yes' if f.nullable else ''} | {f.description} |")
            for sub in (f.properties or ()) + (f.items if isinstance(f.items, tuple) else ()):
                lines.append(f"| `{f.name}.{sub.name}` | {sub.type} | {'yes' if sub.nullable else ''} | {sub.description} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- generated schemas ----------------------------------------------------------------------------

_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
               "date": "string", "object": "object", "array": "array"}
_BQ_TYPES = {"string": "STRING", "integer": "INT64", "number": "FLOAT64", "boolean": "BOOL", "date": "DATE",
             "object": "RECORD", "array": "RECORD"}
MENTION_TYPES = ("PERSON", "AGENCY", "ORG", "GPE", "LOC", "NORP", "DATE", "FIGURE")
ATTRIBUTION_KINDS = ("speech", "thought", "according_to")


def _json_field(f: Field) -> dict[str, Any]:
    node: dict[str, Any] = {"type": _JSON_TYPES[f.type], "description": f.description}
    if f.type == "date":
        node["format"] = "date"
    if f.type == "object" and f.properties:
        node.update(_json_object(f.properties))
    if f.type == "array":
        if isinstance(f.items, tuple):
            node["items"] = {"type": "object", **_json_object(f.items)}
        else:
            node["items"] = {"type": _JSON_TYPES[f.items or "string"]}
    if f.nullable:
        node["type"] = [node["type"], "null"]
    return node


def _json_object(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {"properties": {f.name: _json_field(f) for f in fields},
            "required": [f.name for f in fields], "additionalProperties": False}


def json_schema(table: str) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of one table's records."""
    fields = TABLES[table]
    common = tuple(f for f in fields if f.only_for is None)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://newsfacts.invalid/schema/v{SCHEMA_VERSION}/{table}.json",
        "title": f"newsfacts {table} record (schema version {SCHEMA_VERSION})",
        "type": "object",
        **({"description": TABLE_NOTES[table]} if table in TABLE_NOTES else {}),
        "properties": {f.name: _json_field(f) for f in fields},
        "required": [f.name for f in common],
        "additionalProperties": False,
    }
    if table == "attributions":
        schema["properties"]["kind"]["enum"] = list(ATTRIBUTION_KINDS)
    if table == "mentions":
        schema["properties"]["type"]["enum"] = list(MENTION_TYPES)
        schema["allOf"] = []
        typed = [f for f in fields if f.only_for]
        for type_ in MENTION_TYPES:  # each type requires its own fields and forbids the other types'
            own = [f.name for f in typed if type_ in f.only_for]
            others = [f.name for f in typed if type_ not in f.only_for]
            then: dict[str, Any] = {"required": own} if own else {}
            if others:
                then["not"] = {"anyOf": [{"required": [name]} for name in others]}
            schema["allOf"].append({"if": {"properties": {"type": {"const": type_}}}, "then": then})
    return schema


def _bq_field(f: Field) -> dict[str, Any]:
    node: dict[str, Any] = {"name": f.name, "type": _BQ_TYPES[f.type], "description": f.description[:1024]}
    if f.type == "array":
        node["mode"] = "REPEATED"
        if isinstance(f.items, tuple):
            node["fields"] = [_bq_field(sub) for sub in f.items]
        else:
            node["type"] = _BQ_TYPES[f.items or "string"]
    else:
        node["mode"] = "NULLABLE" if (f.nullable or f.only_for) else "REQUIRED"
        if f.type == "object":
            if f.properties:
                node["fields"] = [_bq_field(sub) for sub in f.properties]
            else:
                node["type"] = "JSON"
    return node


def bigquery_schema(table: str) -> list[dict[str, Any]]:
    """A BigQuery schema file (``bq load --schema``) of one table."""
    return [_bq_field(f) for f in TABLES[table]]
