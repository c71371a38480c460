"""Actors and places: capitalised names and acronyms, counted by source (pure)."""

from bot.brief.actors import count_names, names_in
from bot.brief.gazetteer import is_demonym
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


def test_demonyms_and_language_names_are_not_actors_in_either_language() -> None:
    en = passage(
        1,
        "en.md#0",
        "Peruvian and Ecuadorian police met in Tumbes. Colombian gangs and Venezuelan "
        "lenders moved south, and Spanish agents and the DEA trained Peruvian officers.",
        places=("Tumbes",),
    )
    es = passage(
        2,
        "es.md#0",
        "Según el diario, Ecuatorianos y Peruanos cruzan a diario; Limeños y Piuranos viajan "
        "al norte. La Policía Nacional del Perú vigila el puente.",
        language="es",
        places=("Lima", "Piura"),
    )
    actors, places = count_names([en, es])
    names = {n.name for n in actors}
    assert {"DEA", "Policía Nacional del Perú"} <= names
    assert not names & {"Peruvian", "Ecuadorian", "Colombian", "Venezuelan", "Spanish"}
    assert not names & {"Ecuatorianos", "Peruanos", "Limeños", "Piuranos"}
    assert {n.name for n in places} == {"Tumbes"}


def test_countries_are_places_even_when_no_metadata_lists_them() -> None:
    p = passage(1, "a.md#0", "Officials from Argentina and Brasil met the DEA in Lima.")
    actors, places = count_names([p])
    assert {n.name for n in places} == {"Argentina", "Brasil"}
    assert [n.name for n in actors] == ["DEA", "Lima"]  # a city only its metadata makes a place


def test_is_demonym_by_form_and_by_language_name() -> None:
    for word in ["Peruvian", "Ecuadorians", "ecuatoriano", "colombianas", "limeño", "Chinese"]:
        assert is_demonym(word, ["Lima"]), word
    for word in ["Peru", "Lima", "Noboa", "Fujimori", "Christian", "Andina", "Sullana"]:
        assert not is_demonym(word, ["Lima"]), word
    assert is_demonym("Spanish") and is_demonym("inglés")
