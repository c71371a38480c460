"""Actors and places: capitalised names and acronyms, counted by source (pure)."""

from bot.brief.actors import count_names, names_in
from tests.bot.brief.conftest import passage


def test_multiword_names_acronyms_and_joined_names() -> None:
    names = names_in(
        "Ayer la Policía Nacional del Perú y la DEA detuvieron a Adolfo Macías en Guayaquil."
    )
    assert names == ["Policía Nacional del Perú", "DEA", "Adolfo Macías", "Guayaquil"]


def test_sentence_initial_function_words_are_not_names() -> None:
    assert names_in("The National Police of Peru arrived.") == ["National Police of Peru"]
    assert names_in("Según la Fiscalía, hubo 12 casos.") == ["Fiscalía"]
    # an opening word is a name only when the passages also capitalise it inside a sentence
    assert names_in("Reconoce la existencia del conflicto.", set()) == []
    assert names_in("Noboa firmó.", {"Noboa"}) == ["Noboa"]


def test_months_are_not_names() -> None:
    assert names_in("It happened in February 2024 in Sullana.") == ["Sullana"]


def test_counts_sources_not_mentions_and_splits_places_by_metadata() -> None:
    a = passage(
        1,
        "a.md#0",
        "The DEA met Daniel Noboa in Quito. Later Noboa thanked the DEA.",
        places=("Quito",),
    )
    b = passage(2, "b.md#0", "Officials said the DEA opened an office in Quito.")
    c = passage(3, "b.md#1", "The DEA again.")
    actors, places = count_names([a, b, c])
    by_name = {n.name: n for n in actors}
    assert by_name["DEA"].sources == 2  # three passages, two documents
    assert by_name["Daniel Noboa"].sources == 1 and "Noboa" not in by_name  # surname merged
    assert [n.name for n in places] == ["Quito"] and places[0].sources == 2
    assert actors[0].name == "DEA"  # most sources first
