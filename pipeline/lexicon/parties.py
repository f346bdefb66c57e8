"""Political parties: the party words news writes bare, and the listed parties they name.

Two lexicon tables meet here: ``parties.tsv`` (a party word as written →
the one country whose party it names: "Tory" → GB) and the organisation
gazetteer's entries of kind ``party`` (canonical names and listed forms).
Entities (typing "Labour", "Tory" as the party) and officials (a party office,
a party before a name) both ask this one view which listed party a word names.
"""

from __future__ import annotations

from pipeline.lexicon.bodies import Bodies, Entry


class Parties:
    def __init__(self, words: dict[str, str], bodies: Bodies) -> None:
        self.words = dict(words)  # party word as written (case-sensitive) → alpha-2
        self.entries: list[Entry] = [e for e in bodies.entries if e.kind == "party"]
        self.by_form: dict[str, Entry] = {}  # a listed form → its party
        for entry in sorted(self.entries, key=lambda e: e.id):
            for form in entry.forms:
                self.by_form.setdefault(form, entry)
        # a party word → the listed parties of its country whose names it opens ("Tory" → "Tory Party")
        self.named_by: dict[str, tuple[Entry, ...]] = {}
        for word, country in sorted(self.words.items()):
            found = {e.id: e for e in self.entries if e.country == country
                     and any(f == word or f == word + "s" or f.startswith(word + " ") for f in e.forms)}
            self.named_by[word] = tuple(found[k] for k in sorted(found))

    def party_of(self, word: str) -> Entry | None:
        """The one listed party a party word names, else None (none listed, or two)."""
        found = self.named_by.get(word, ())
        return found[0] if len(found) == 1 else None
