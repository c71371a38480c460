"""Actors and places: the names the cited passages use, and how many sources use each.

A name is a run of capitalised words (joined by "de", "del", "of", "the"…), or an
acronym. A capitalised word that opens a sentence is a name only when it is not one of a few
sentence-initial function words and the passages also write it capitalised inside a
sentence; a lone surname ("Noboa") is counted with the only two-word name that ends with it
("Daniel Noboa"). A name is a place when a source's metadata lists it among its places or it
names a country or region (:mod:`bot.brief.gazetteer`); a lone word that is a demonym or a
language name ("Peruvian", "Ecuatorianos", "Spanish") is neither an actor nor a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.brief.gazetteer import cldr_places, is_demonym
from bot.types import Passage
from ingest.text import fold, month_number, split_sentences

SENTENCE_INITIAL = frozenset(
    fold(word)
    for word in "el la los las lo un una unos unas en de del a al con por para según desde hasta tras "
    "entre sin sobre ante este esta estos estas ese esa esos esas su sus se si no ya pero y "
    "o como cuando donde aunque mientras también además así hoy porque pese "
    "the a an in on of at by for from to with as after before since during between this "
    "that these those its it their they he she we if but and or when while although also "
    "according however there because despite".split()
)
"""Function words that open sentences in Spanish and English: capitalised there, not names."""
MAX_ACTORS = 15
MAX_PLACES = 10

_WORD = r"(?:[A-ZÁÉÍÓÚÑ][\wÁÉÍÓÚÑáéíóúñü'’.-]*\w|[A-Z]{2,}\d*)"
_JOIN = r"(?:\s+(?:de la|de los|de las|del|de|of the|of|for the|for)\s+|\s+)"
_JOINERS = frozenset({"de", "del", "la", "los", "las", "of", "the", "for"})
_NAME = re.compile(rf"{_WORD}(?:{_JOIN}{_WORD})*")
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")


@dataclass(frozen=True)
class Named:
    """A name and the passages (of distinct documents or not) that use it."""

    name: str
    passages: tuple[Passage, ...]

    @property
    def sources(self) -> int:
        """How many documents use the name."""
        return len({p.doc_id for p in self.passages})


def names_in(sentence: str, known_inside: set[str] | None = None) -> list[str]:
    """The names of a sentence. An opening capitalised word counts only when it is in
    ``known_inside`` (names seen inside sentences) and is not a function word."""
    names: list[str] = []
    for m in _NAME.finditer(sentence):
        words = m[0].split()
        if m.start() == _first_letter(sentence):
            while words and fold(words[0]) in SENTENCE_INITIAL:
                words = words[1:]
            if len(words) == 1 and (known_inside is None or words[0] not in known_inside):
                continue
        while words and words[0] in _JOINERS:
            words = words[1:]
        while words and words[-1] in _JOINERS:
            words = words[:-1]
        name = re.sub(r"['’]s$", "", " ".join(words).rstrip("."))
        if _INITIALS.fullmatch(name):
            name += "."  # "U.S." is matched without its last dot
        if name and not all(month_number(w) for w in name.split()) and len(name) > 1:
            names.append(name)
    return names


def count_names(passages: list[Passage]) -> tuple[list[Named], list[Named]]:
    """The actors and the places the passages name, most sources first."""
    sentences = [(s, p) for p in passages for s in split_sentences(p.text)]
    inside = {
        name
        for s, _ in sentences
        for m in _NAME.finditer(s)
        if m.start() != _first_letter(s)
        for name in [m[0]]
    }
    found: dict[str, list[Passage]] = {}
    for sentence, passage in sentences:
        for name in names_in(sentence, inside):
            users = found.setdefault(name, [])
            if passage not in users:
                users.append(passage)
    listed = {fold(place) for p in passages for place in p.source.places}
    known_places = listed | cldr_places()
    _merge_surnames(found, known_places)
    named = [
        Named(name, tuple(users))
        for name, users in found.items()
        if " " in name or not is_demonym(name, listed)
    ]
    named.sort(key=lambda n: (-n.sources, -len(n.passages), n.name))
    places = [n for n in named if fold(n.name) in known_places]
    actors = [n for n in named if fold(n.name) not in known_places]
    return actors[:MAX_ACTORS], places[:MAX_PLACES]


def _merge_surnames(found: dict[str, list[Passage]], places: set[str]) -> None:
    for name in [n for n in found if " " not in n and fold(n) not in places]:
        longer = [
            n
            for n in found
            if n.count(" ") == 1 and n.endswith(" " + name) and fold(n) not in places
        ]
        if len(longer) == 1:
            users = found[longer[0]]
            users.extend(p for p in found.pop(name) if p not in users)


def _first_letter(sentence: str) -> int:
    m = re.search(r"\w", sentence)
    return m.start() if m else 0
