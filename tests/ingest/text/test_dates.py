import pytest

from ingest.text import find_dates, parse_date, resolve_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-09", "2024-01-09"),
        ("9 de enero de 2024", "2024-01-09"),
        ("12 setiembre 2025", "2025-09-12"),
        ("January 9, 2024", "2024-01-09"),
        ("9 January 2024", "2024-01-09"),
        ("09/01/2024", "2024-01-09"),
        ("sometime in 2024", None),
        ("2024-02-30", None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: str | None) -> None:
    assert parse_date(value) == expected


def dates(text: str) -> list[str | None]:
    """Every date the text states, each completed from the one before it."""
    out: list[str | None] = []
    context = None
    for mention in find_dates(text):
        date = resolve_date(mention, context)
        context = date or context
        out.append(date)
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El 9 de enero de 2024 Noboa firmó el decreto.", ["2024-01-09"]),
        ("On 20 September 2023 the government declared it.", ["2023-09-20"]),
        ("On March 3, 2023 they met.", ["2023-03-03"]),
        ("En febrero de 2024 hubo tres ataques.", ["2024-02"]),
        ("Ecuador lo anunció en setiembre del 2021.", ["2021-09"]),
        ("In February 2024 the office opened.", ["2024-02"]),
        ("En 2023 hubo 8.000 muertes.", ["2023"]),
        ("In 2023 there were ten.", ["2023"]),
        ("A fines de 2023 subió la cifra.", ["2023"]),
        ("By late 2019 it had spread.", ["2019"]),
        ("Entre 2017 y 2019 este paso fue la entrada.", ["2017", "2019"]),
        ("Se vio en Lima el 3/2/2023 por la tarde.", ["2023-02-03"]),  # dateparser finds it
        ("The decree is dated 2024-01-09 in the registry.", ["2024-01-09"]),
    ],
)
def test_explicit_dates_at_the_precision_the_words_give(text: str, expected: list[str]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Se registraron 8.000 muertes y 2.000 heridos.",
        "El Decreto Supremo 105-2023-PCM lo dispuso.",
        "Surgieron en la década de 1990.",
        "It may rain in the highlands.",
        "Costó $2023 en total.",
    ],
)
def test_numbers_that_are_not_dates_are_not_dates(text: str) -> None:
    assert dates(text) == []


def test_a_date_without_its_year_takes_the_year_stated_before() -> None:
    text = "El 7 de enero de 2024 se fugó Fito. El 8 de enero Noboa decretó el estado de excepción."
    assert dates(text) == ["2024-01-07", "2024-01-08"]


def test_that_month_and_ese_mismo_mes_repeat_the_month_stated_before() -> None:
    assert dates("El 9 de enero de 2024 firmó. Ese mismo mes llegaron tropas.") == [
        "2024-01-09",
        "2024-01",
    ]
    assert dates("In November 2025 the mayor asked. That month there were 35 killings.") == [
        "2025-11",
        "2025-11",
    ]


def test_that_year_repeats_the_year() -> None:
    assert dates("En septiembre de 2023 informó la policía. Ese año hubo 409 denuncias.") == [
        "2023-09",
        "2023",
    ]


def test_a_context_date_less_precise_than_needed_gives_nothing() -> None:
    # "that month" after a year alone: the month is not stated anywhere
    assert dates("A fines de 2023 subió. Ese mismo mes hubo más.") == ["2023", None]
    assert dates("That month the police came.") == [None]
    assert dates("El 8 de enero Noboa decretó.") == [None]


def test_a_month_without_a_year_needs_context() -> None:
    assert dates("En 2019 empezó y en marzo se extendió.") == ["2019", "2019-03"]
    assert dates("In May the ministry acted.") == [None]
