"""Sentences that keep their context: leaning back, about the text, quotable slices."""

import pytest

from ingest.text import about_the_text, leans_back, quotable_sentences

EXTORTION = (
    "The government first declared a state of emergency in Trujillo province on 14 February "
    "2024 and then kept extending it, later adding neighbouring Virú. According to Diario "
    "Correo, the two provinces were under emergency rule continuously from February 2024 "
    "until November 2025."
)


@pytest.mark.parametrize(
    "sentence",
    [
        "According to Diario Correo, the two provinces were under emergency rule.",
        "Ese año el gobierno declaró el estado de emergencia.",
        "They were arrested in Tumbes.",
        "Según la policía, ambos grupos operan en la frontera.",
        "Sin embargo, la cifra bajó en 2024.",
        "The government declared a state of emergency there in September 2023.",
        "La policía detuvo ese año a 40 personas.",
        "El ejército envió tropas allí en 2024.",
        "On 11 July he told the court by video link that he accepted extradition.",
        "En septiembre de 2023 el gobierno lo declaró en dos distritos de Lima.",  # object "lo"
        "El juez le impuso una condena de 20 años.",
        "Fue inaugurado en junio de 2023 por los dos presidentes.",  # no subject of its own
        "Lo detuvieron en Tumbes en 2024.",
        "Años después, El Telégrafo describía que los viajeros llegaban directamente al CEBAF.",
        "Two years later the checkpoint was moved north.",
    ],
)
def test_sentences_that_lean_on_the_one_before(sentence: str) -> None:
    assert leans_back(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The government declared a state of emergency in Trujillo province.",
        "El Perú es el segundo productor mundial de hoja de coca.",
        "Theft of fuel rose in Talara.",  # "The..." is not "They"
        "Estados Unidos publica cada año el informe.",
        "In 2024 there were 35 contract killings in Sullana.",  # existential "there"
        "Police said there is no evidence of a link.",
        "Por lo tanto, la fiscalía abrió una investigación.",  # "lo" in a set phrase
        "Lo que más preocupa es la extorsión en Piura.",
        "Había 111 529 familias en la provincia.",  # existential, not a dropped subject
        "According to Le Monde, coca cultivation rose in 2023.",  # a name, not a pronoun
        "Les Échos reported the sale in March.",
        "Later elections in Peru were held in April 2026.",  # an adjective, not "later on"
    ],
)
def test_sentences_that_stand_on_their_own(sentence: str) -> None:
    assert not leans_back(sentence)


def test_sentences_about_the_text_itself() -> None:
    assert about_the_text("Esta nota resume la cobertura de la agencia AFP.")
    assert about_the_text("This note summarises wire-service reporting.")
    assert not about_the_text("The note demanded payment from the shop owner.")


def test_a_quote_keeps_the_sentence_it_leans_on_and_is_verbatim() -> None:
    items = quotable_sentences(EXTORTION)
    assert len(items) == 2 and all(i.quote in EXTORTION for i in items)
    assert items[0].quote == items[0].sentence
    assert items[1].sentence.startswith("According to Diario Correo, the two provinces")
    assert items[1].quote.startswith("The government first declared")  # Trujillo, Virú named
    assert items[1].quote.endswith("until November 2025.")


def test_sentences_about_the_text_are_not_quotable() -> None:
    text = "Ecuador exports cocaine by sea. Esta nota resume la cobertura de AFP. Fin del texto."
    quotes = [i.quote for i in quotable_sentences(text)]
    assert quotes == ["Ecuador exports cocaine by sea.", "Fin del texto."]


def test_a_sentence_opening_a_paragraph_is_not_joined_across_it() -> None:
    text = "Primer párrafo con un dato.\n\nEse año hubo elecciones en el país."
    assert [i.quote for i in quotable_sentences(text)] == [
        "Primer párrafo con un dato.",
        "Ese año hubo elecciones en el país.",
    ]


def test_a_chain_of_leaning_sentences_is_quoted_back_to_its_subject() -> None:
    text = (
        "Perú y Ecuador acordaron construir un centro binacional en Aguas Verdes. "
        "Fue financiado por ambos gobiernos. "
        "Lo inauguraron en junio de 2023 los dos presidentes. "
        "Sin embargo, las obras del acceso siguieron. "
        "Ahí trabajan hoy las dos aduanas."
    )
    quotes = [i.quote for i in quotable_sentences(text)]
    assert quotes[2].startswith("Perú y Ecuador acordaron")  # two sentences back, its subject
    assert quotes[2].endswith("los dos presidentes.")
    # at most two sentences back, however long the chain
    assert quotes[4].startswith("Lo inauguraron") and quotes[4].endswith("las dos aduanas.")
    assert all(q in text for q in quotes)
