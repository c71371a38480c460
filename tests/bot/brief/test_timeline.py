"""Dated events from passages: precision, context, verbatim quotes, ranges, merging (pure)."""

from bot.brief.timeline import date_stated, events_of, in_range, timeline
from tests.bot.brief.conftest import CORPUS, passage


def test_events_carry_the_date_the_sentence_states_never_the_publication_date() -> None:
    p = passage(
        1,
        "a.md#0",
        "El 9 de enero de 2024 Noboa firmó el Decreto 111. La Policía retomó el canal de "
        "televisión. A fines de 2023 la violencia había crecido.",
        language="es",
        published="2024-01-10",
    )
    events = events_of(p)
    assert [(e.date, e.sentence[:20]) for e in events] == [
        ("2024-01-09", "El 9 de enero de 202"),
        ("2023", "A fines de 2023 la v"),
    ]
    assert all(e.text in p.text and date_stated(e.date, e.text) for e in events)
    assert not any(e.date.startswith("2024-01-10") for e in events)


def test_a_date_from_context_is_quoted_with_the_sentence_that_states_it() -> None:
    p = passage(
        1,
        "a.md#0",
        "El 7 de enero de 2024 se fugó el líder de Los Choneros. Siguieron motines en varias "
        "cárceles del país. El 8 de enero Noboa decretó un estado de excepción nacional.",
        language="es",
    )
    last = events_of(p)[-1]
    assert last.date == "2024-01-08"
    assert last.sentence.startswith("El 8 de enero Noboa")
    assert last.text.startswith("El 7 de enero de 2024") and last.text.endswith("nacional.")
    assert date_stated(last.date, last.text)


def test_that_month_resolves_from_the_previous_dated_sentence_of_the_same_passage() -> None:
    events = events_of(CORPUS[0])
    assert [e.date for e in events] == ["2023", "2023-09-20", "2023-09"]
    assert events[2].sentence.startswith("That month the police")


def test_a_sentence_keeps_only_its_most_precise_date_of_a_period() -> None:
    p = passage(1, "a.md#0", "In November 2025 the mayor of Sullana counted 35 killings that year.")
    assert [e.date for e in events_of(p)] == ["2025-11"]


def test_a_sentence_without_a_date_gives_no_event() -> None:
    assert events_of(passage(1, "a.md#0", "Police said the gangs moved to the border.")) == []


def test_in_range_compares_at_the_precision_of_each_date() -> None:
    assert in_range("2023", "2023-06", None)
    assert in_range("2023-09-20", "2023", "2023-12")
    assert not in_range("2023-05", "2023-06", None)
    assert not in_range("2025", None, "2024-12-31")
    assert in_range("1998", None, None)


def test_timeline_is_sorted_by_date_merges_repeats_across_documents_and_keeps_the_range() -> None:
    same = passage(
        9,
        "other.md#0",
        "On 20 September 2023 the government declared a state of emergency in Sullana province.",
    )
    groups = timeline([*CORPUS, same], since="2023-06", until="2024")
    dates = [g[0].date for g in groups]
    assert dates == sorted(dates)
    assert "1998" not in dates and "2024-02" in dates
    emergency = next(g for g in groups if g[0].date == "2023-09-20")
    assert {e.passage.doc_id for e in emergency} == {"rpp.md", "other.md"}


def test_date_stated_checks_year_month_and_day() -> None:
    assert date_stated("2024-01-09", "El 9 de enero de 2024 firmó")
    assert date_stated("2023-09", "On 20 September 2023 they")
    assert not date_stated("2023-10", "On 20 September 2023 they")
    assert not date_stated("2024-01-08", "El 9 de enero de 2024 firmó")
    assert not date_stated("2022", "El 9 de enero de 2024 firmó")


def test_a_sentence_with_several_dates_is_one_event_dated_by_its_first_date() -> None:
    es = passage(
        1,
        "a.md#0",
        "El Congreso la aprobó el 6 de marzo de 2024 y la ley se publicó el 20 de marzo de "
        "2024. A mediados de febrero de 2026 el jurado inscribió 36 fórmulas, con plazo de "
        "tachas hasta el 13 de marzo.",
        language="es",
    )
    en = passage(
        1,
        "b.md#0",
        "On 8 June 2023 Peru handed him to the FBI over a case that began in Aruba in 2005. "
        "Production began in July 2010 and the formal opening was in August that year.",
    )
    assert [e.date for e in events_of(es)] == ["2024-03-06", "2026-02"]
    assert [e.date for e in events_of(en)] == ["2023-06-08", "2010-07"]


def test_a_later_date_of_the_same_period_makes_the_first_more_precise() -> None:
    p = passage(1, "a.md#0", "In 2023 extortion grew, and on 20 September 2023 an emergency began.")
    assert [e.date for e in events_of(p)] == ["2023-09-20"]


def test_a_year_that_is_part_of_a_name_dates_a_sentence_only_when_it_states_no_other() -> None:
    es = passage(
        1,
        "a.md#0",
        "Según los Censos Nacionales 2017 publicados por el INEI en junio de 2018, Piura "
        "tenía 1,8 millones de habitantes. La Operación Mercurio 2019 intervino seis locales. "
        "El Senado desapareció con la Constitución de 1993, y en el referéndum de diciembre "
        "de 2018 se rechazó su regreso.",
        language="es",
    )
    en = passage(
        1,
        "b.md#0",
        "Section 517 of the Foreign Assistance Act of 1961 was added to the Act in 1996. "
        "After the 2025 strategy announced a corollary to the 1823 Monroe Doctrine, the "
        "label spread. Since 2024 the government has cut subsidies.",
    )
    assert [e.date for e in events_of(es)] == ["2018-06", "2019", "2018-12"]
    assert [e.date for e in events_of(en)] == ["1996", "2025", "2024"]


def test_a_sentence_met_in_overlapping_passages_is_one_event_in_the_timeline() -> None:
    first = passage(
        1,
        "a.md#0",
        "In 2024 the strike spread. On 2 October 2025 drivers marched to Congress in Lima.",
    )
    overlap = passage(
        2,
        "a.md#1",
        "On 2 October 2025 drivers marched to Congress in Lima. On 6 October a new strike began.",
    )
    edge = passage(
        3, "a.md#2", "October 2025 drivers marched to Congress in Lima. The strike ended in 2026."
    )
    groups = timeline([first, overlap, edge])
    assert [g[0].date for g in groups] == ["2024", "2025-10-02", "2025-10-06", "2026"]
    assert [len(g) for g in groups] == [1, 1, 1, 1]
