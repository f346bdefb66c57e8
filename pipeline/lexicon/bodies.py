"""Gazetteers of real bodies and regions: agencies, organisations, places.

The base model has no AGENCY type and cannot tell "State Department" (a
government body) from "Reuters" (a company) or "Northern Triangle" (a
region). These lists settle that for the bodies news writes about most, and
give each one a stable id and a canonical name, so every written form
("CBP", "Customs and Border Protection") joins on one entity.

Data lives in ``models/lexicon/{agencies,organisations,places}.jsonl`` (one
:class:`Entry` a line, the sources of each list in its ``_meta`` record); this
module only reads, checks and expands them.

Matching is on ORTH (exact case) on purpose: a lower-case description such
as "the foreign ministry" or "border officials" is not a name, and must not
become a mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from pipeline.resources import check_keys

LABELS = frozenset({"AGENCY", "ORG", "LOC", "GPE"})
KINDS = frozenset({
    # government
    "government", "department", "ministry", "agency", "office", "legislature", "committee", "court",
    "prosecutor", "police", "military", "intelligence", "central-bank", "electoral", "regulator",
    "statistics", "mission",
    # intergovernmental
    "un-agency", "un-body", "commission", "intergovernmental", "development-bank", "union",
    # other organisations
    "media", "company", "platform", "ngo", "research", "party", "union-labour", "armed-group",
    "university", "sports", "religious",
    # places
    "region", "continent", "sea", "river", "lake", "desert", "mountains", "strait", "gulf", "canal",
    "border", "island", "peninsula", "ocean", "valley", "forest", "park",
})
ENTRY_KEYS = frozenset({"id", "name", "label", "aliases", "acronyms", "country", "parent", "kind"})
ENTRY_REQUIRED = frozenset({"id", "name", "label"})
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ALPHA2_EXTRA = frozenset({"XK"})  # Kosovo: user-assigned, used by the EU and the IMF, absent from ISO 3166


@dataclass(frozen=True)
class Entry:
    """One real body or region, with every form it is written in."""

    id: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None
    kind: str | None = None

    @classmethod
    def from_dict(cls, d: dict, where: str) -> "Entry":
        check_keys(d, set(ENTRY_KEYS), set(ENTRY_REQUIRED), where)
        ident, name, label = d["id"], d["name"], d["label"]
        if not isinstance(ident, str) or not _ID_RE.match(ident):
            raise ValueError(f"{where}: id must be a lower-case slug, got {ident!r}")
        if label not in LABELS:
            raise ValueError(f"{where}: label must be one of {sorted(LABELS)}, got {label!r}")
        _check_form(name, where)
        for key in ("aliases", "acronyms"):
            if not isinstance(d.get(key, []), list):
                raise ValueError(f"{where}: {key} must be a list")
        aliases = tuple(d.get("aliases") or ())
        acronyms = tuple(d.get("acronyms") or ())
        for form in aliases + acronyms:
            _check_form(form, where)
        forms = (name,) + aliases + acronyms
        if len(set(forms)) != len(forms):
            raise ValueError(f"{where}: a form is listed twice in {ident}")
        country = d.get("country")
        if country is not None and not (isinstance(country, str) and _is_alpha2(country)):
            raise ValueError(f"{where}: country must be an ISO 3166-1 alpha-2 code, got {country!r}")
        parent = d.get("parent")
        if parent is not None and (not isinstance(parent, str) or not _ID_RE.match(parent) or parent == ident):
            raise ValueError(f"{where}: bad parent {parent!r}")
        kind = d.get("kind")
        if kind is not None and kind not in KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r}")
        return cls(ident, name, label, aliases, acronyms, country, parent, kind)

    @property
    def forms(self) -> tuple[str, ...]:
        """The written forms the data lists, canonical name first."""
        return (self.name,) + self.aliases + self.acronyms


def _check_form(form: object, where: str) -> None:
    if not isinstance(form, str) or not form or form != form.strip() or "  " in form:
        raise ValueError(f"{where}: bad written form {form!r}")
    if form == form.lower() and not any(ch.isdigit() for ch in form):
        # Lower-case forms would match descriptions ("the foreign ministry"), never names.
        raise ValueError(f"{where}: written form {form!r} has no capital")


@lru_cache(maxsize=512)
def _is_alpha2(code: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}", code):
        return False
    return code in _ALPHA2_EXTRA or pycountry.countries.get(alpha_2=code) is not None


def load_entries(records: Iterable[dict], ref: str) -> list[Entry]:
    """The entries of one gazetteer file, in file order; duplicate ids are an error."""
    entries: list[Entry] = []
    seen: set[str] = set()
    for n, record in enumerate(records, 1):
        entry = Entry.from_dict(record, f"{ref}[{n}:{record.get('id')}]")
        if entry.id in seen:
            raise ValueError(f"{ref}: duplicate id {entry.id!r}")
        seen.add(entry.id)
        entries.append(entry)
    return entries


# ---------------------------------------------------------------------------
# Written variants: how the same name appears in different house styles.

# Country prefixes as styles write them ("U.S." in AP style, "US" in Reuters/BBC style).
_PREFIX_SWAPS = (("U.S. ", "US "), ("U.N. ", "UN "), ("U.K. ", "UK "), ("E.U. ", "EU "))
# British and American spellings inside names of bodies.
_SPELLINGS = (("Defense", "Defence"), ("Organization", "Organisation"), ("Program", "Programme"),
              ("Center", "Centre"))
_SPELLING_SWAPS = tuple((a, re.compile(rf"\b{a}\b"), b) for us, uk in _SPELLINGS for a, b in ((us, uk), (uk, us)))
_ACRONYM_RE = re.compile(r"^[A-Z]{2,5}$")
_DOTTED_RE = re.compile(r"^(?:[A-Z]\.){2,5}$")


def written_variants(form: str) -> list[str]:
    """Other ways the same form is written, in a fixed order, without the form itself.

    Prefix style ("U.S." / "US"), apostrophe (' / ’), British or American
    spelling, accents dropped ("Centroamérica" / "Centroamerica"), and dotted
    acronyms ("FBI" / "F.B.I.", the style of some newspapers).
    """
    out: list[str] = []

    def add(value: str) -> None:
        if value != form and value not in out:
            out.append(value)

    bases = [form]
    for dotted, plain in _PREFIX_SWAPS:
        if form.startswith(dotted):
            bases.append(plain + form[len(dotted):])
        elif form.startswith(plain):
            bases.append(dotted + form[len(plain):])
    for base in list(bases):
        for a, word, b in _SPELLING_SWAPS:
            if a not in base:  # most names have none of these words: no regex run
                continue
            swapped = word.sub(b, base)
            if swapped != base and swapped not in bases:
                bases.append(swapped)
    for base in list(bases):
        if "’" in base:
            bases.append(base.replace("’", "'"))
        elif "'" in base:
            bases.append(base.replace("'", "’"))
    for base in list(bases):
        plain = _strip_accents(base)
        if plain != base and plain not in bases:
            bases.append(plain)
    if _ACRONYM_RE.match(form):
        bases.append(".".join(form) + ".")
    elif _DOTTED_RE.match(form):
        bases.append(form.replace(".", ""))
    for base in bases:
        add(base)
    return out


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _form_table(entries: Iterable[Entry]) -> dict[str, Entry]:
    """Every written form → its entry, in a fixed order.

    A form the data lists wins over a generated one of another entry; between
    two generated forms the earlier entry wins (the tests keep listed forms
    unique, so order only settles generated ones).
    """
    entries = list(entries)
    by_id = {entry.id: entry for entry in entries}
    listed: dict[str, Entry] = {}
    for entry in entries:
        for form in entry.forms:
            listed.setdefault(form, entry)
    table: dict[str, Entry] = {}
    for entry in entries:
        for form in _generated_forms(entry, by_id):
            if form not in table and listed.get(form, entry) is entry:
                table[form] = entry
    return table


def _generated_forms(entry: Entry, by_id: dict[str, Entry]) -> list[str]:
    """The listed forms with their variants, then the names with their owner's prefix ("U.S. Senate Banking
    Committee", "UN World Food Programme"), as house styles write them."""
    out: list[str] = []
    for form in entry.forms:
        out.append(form)
        out.extend(written_variants(form))
    prefixes = _owner_prefixes(entry, by_id)
    if prefixes:
        for form in (entry.name,) + entry.aliases:
            if not any(ch.islower() for ch in form) or form.startswith(_OWNER_WORDS):
                continue
            for prefix in prefixes:
                out.append(prefix + form)
                out.extend(written_variants(prefix + form))
    return out


# Country and body words that already open a name: no owner prefix goes before them.
_OWNER_WORDS = ("U.S.", "US ", "United States", "American", "UN ", "U.N.", "United Nations", "EU ", "E.U.",
                "European")
# How styles prefix the bodies of the U.S. federal government ("U.S. Census Bureau", "US Census Bureau").
_COUNTRY_PREFIXES = {"US": ("U.S. ", "US ")}
# Roots whose acronym prefixes the names of their member bodies ("UN Security Council", "EU Commission").
_ROOT_KINDS = frozenset({"un-body", "union"})


def _owner_prefixes(entry: Entry, by_id: dict[str, Entry]) -> tuple[str, ...]:
    if entry.label != "AGENCY":
        return ()
    prefixes = list(_COUNTRY_PREFIXES.get(entry.country or "", ()))
    root, seen = entry, {entry.id}
    while root.parent and root.parent in by_id and root.parent not in seen:
        root = by_id[root.parent]
        seen.add(root.id)
    if root is not entry and root.parent is None and root.kind in _ROOT_KINDS:
        prefixes.extend(acronym + " " for acronym in root.acronyms)
    return tuple(prefixes)


def phrase_patterns(entries: list[Entry]) -> list[dict]:
    """spaCy span_ruler phrase patterns (ORTH: exact case) for every form of every entry."""
    return [{"label": entry.label, "pattern": form, "id": entry.id} for form, entry in _form_table(entries).items()]


def index_by_form(entries: Iterable[Entry]) -> dict[str, Entry]:
    """Any written form (name, alias, acronym or a variant of one) → its entry, for canonicalisation."""
    return _form_table(entries)


# ---------------------------------------------------------------------------
# Country-local forms: "Mexico's Supreme Court" is the Mexican court, not the U.S. one.

def load_country_prefixes(rows: Iterable[list[str]], ref: str = "country_prefixes") -> dict[str, str]:
    """Demonyms and country names that open the name of a body ("Mexican", "Guatemala", "U.S.") → alpha-2."""
    table: dict[str, str] = {}
    for row in rows:
        if len(row) != 2 or not _is_alpha2(row[1]):
            raise ValueError(f"{ref}: bad row {row!r}")
        if row[0] in table and table[row[0]] != row[1]:
            raise ValueError(f"{ref}: {row[0]!r} names two countries")
        table[row[0]] = row[1]
    return table


def index_by_country_form(entries: Iterable[Entry], prefixes: dict[str, str]) -> dict[tuple[str, str], Entry]:
    """(alpha-2, form without its country) → entry.

    Derived from the listed forms: "Mexican Supreme Court" gives
    ("MX", "Supreme Court"), "National Police of Colombia" gives
    ("CO", "National Police"); a form without a country word counts for the
    entry's own country. Lets a consumer resolve a bare form by a country
    found nearby (a possessive owner, a nationality word).
    """
    by_country: dict[str, list[str]] = {}
    for form, code in prefixes.items():
        by_country.setdefault(code, []).append(form)
    for forms in by_country.values():
        forms.sort(key=lambda f: (-len(f), f))  # longest first: "South Korean" before "Korean"
    index: dict[tuple[str, str], Entry] = {}
    for form, entry in _form_table(entries).items():
        if entry.country is None:
            continue
        key = (entry.country, _local_form(form, by_country.get(entry.country, [])))
        index.setdefault(key, entry)
    return index


def _local_form(form: str, country_words: list[str]) -> str:
    for word in country_words:
        if form.startswith(word + " ") and len(form) > len(word) + 1:
            return form[len(word) + 1:]
        for tail in (f" of {word}", f" of the {word}"):
            if form.endswith(tail) and len(form) > len(tail):
                return form[: -len(tail)]
    return form


class Bodies:
    """Every listed body and region, indexed by written form and by (country, local form)."""

    def __init__(self, entries: list[Entry], country_prefixes: dict[str, str]) -> None:
        self.entries = entries
        self.by_id = {entry.id: entry for entry in entries}
        self.forms = index_by_form(entries)
        self.country_prefixes = country_prefixes
        self.local_forms = index_by_country_form(entries, country_prefixes)

    def phrase_patterns(self) -> list[dict]:
        return phrase_patterns(self.entries)

    def of_label(self, label: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.label == label]
