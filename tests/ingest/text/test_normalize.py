from ingest.text import strip_page_furniture


def test_pdf_cleaning_joins_hyphenated_words_but_keeps_real_hyphens() -> None:
    from ingest.text import clean_pdf_text

    assert clean_pdf_text("extor-\nsión en Piura") == "extorsión en Piura"
    assert clean_pdf_text("US-\nEcuador talks") == "US-Ecuador talks"


HEADER = "Briefing note — not an official document"


PORTS = ("Paita", "Tumbes", "Callao", "Talara", "Salaverry", "Chimbote", "Ilo", "Matarani")
CARGO = ("fruit", "fishmeal", "copper", "coffee", "timber", "rice", "fuel", "cement")


def _page(n: int) -> list[str]:
    """Eight body lines of page ``n``, each different in words from every other line."""
    port = PORTS[n - 1]
    return [f"In {port} the inspectors opened the {cargo} containers." for cargo in CARGO]


def _strip(pages: list[list[str]]) -> list[list[str]]:
    """:func:`strip_page_furniture` on pages given (and returned) as lists of lines."""
    return [
        page.split("\n") if page else []
        for page in strip_page_furniture(["\n".join(p) for p in pages])
    ]


def test_header_repeated_on_every_page_is_removed() -> None:
    pages = [[HEADER, *_page(n)] for n in range(1, 5)]
    assert _strip(pages) == [_page(n) for n in range(1, 5)]


def test_footer_with_changing_page_numbers_is_removed() -> None:
    pages = [[*_page(n), f"Page {n} of 5", f"Printed 2024-0{n}-1{n}"] for n in range(1, 6)]
    assert _strip(pages) == [_page(n) for n in range(1, 6)]


def test_whitespace_does_not_hide_a_repeated_line() -> None:
    spacing = ["Coastal  security review", " Coastal security  review ", "Coastal security review"]
    pages = [[title, *_page(n)] for n, title in enumerate(spacing, start=1)]
    assert _strip(pages) == [_page(n) for n in range(1, 4)]


def test_line_on_one_page_only_is_kept() -> None:
    pages = [[HEADER, *_page(n)] for n in range(1, 5)]
    pages[2].insert(1, "Annex: seizures by port")
    expected = [_page(n) for n in range(1, 5)]
    expected[2].insert(0, "Annex: seizures by port")
    assert _strip(pages) == expected


def test_line_at_the_edge_of_fewer_than_half_the_pages_is_kept() -> None:
    pages = [_page(n) for n in range(1, 9)]
    for n in (0, 3, 6):
        pages[n] = [HEADER, *pages[n]]
    assert _strip(pages) == pages
    pages[7] = [HEADER, *pages[7]]
    assert _strip(pages) == [_page(n) for n in range(1, 9)]


def test_line_repeated_mid_page_is_kept() -> None:
    pages = [[HEADER, *_page(n)] for n in range(1, 5)]
    for page in pages:
        page.insert(5, "Source: national police, 2023.")
    expected = [page[1:] for page in pages]
    assert _strip(pages) == expected


def test_furniture_line_in_the_middle_of_a_page_is_kept_there() -> None:
    pages = [[HEADER, *_page(n)] for n in range(1, 4)]
    pages[1].insert(5, HEADER)
    assert _strip(pages) == [_page(1), [*_page(2)[:4], HEADER, *_page(2)[4:]], _page(3)]


def test_two_page_document_needs_the_line_on_both_pages() -> None:
    both = [[HEADER, *_page(1), "Page 1 of 2"], [HEADER, *_page(2), "Page 2 of 2"]]
    assert _strip(both) == [_page(1), _page(2)]
    one = [[HEADER, *_page(1)], _page(2)]
    assert _strip(one) == one


def test_one_page_document_keeps_its_lines_but_not_its_page_number() -> None:
    page = [HEADER, *_page(1), "Page 1 of 1"]
    assert _strip([[*page, "1"]]) == [page]


def test_bare_page_number_is_removed_even_when_not_repeated() -> None:
    pages = [_page(n) for n in range(1, 7)]
    pages[1] = [*pages[1], "- 2 -"]
    pages[4] = ["5", *pages[4]]
    assert _strip(pages) == [_page(n) for n in range(1, 7)]


def test_bare_number_that_is_not_the_page_number_is_kept() -> None:
    pages = [[*_page(n), "1250", f"Page {n} of 3"] for n in (1, 2)] + [[*_page(3), "Page 3 of 3"]]
    assert _strip(pages) == [[*_page(1), "1250"], [*_page(2), "1250"], _page(3)]


def test_empty_pages_stay_empty_and_do_not_count() -> None:
    pages = [[], [HEADER, *_page(2)], [], [HEADER, *_page(4)], [], [HEADER, *_page(6)], [], []]
    assert _strip(pages) == [[], _page(2), [], _page(4), [], _page(6), [], []]
    assert _strip([]) == []
    assert _strip([[], []]) == [[], []]


def test_page_with_nothing_but_furniture_becomes_empty() -> None:
    pages = [
        [HEADER, *_page(1), "Page 1 of 3"],
        [HEADER, "Page 2 of 3"],
        [HEADER, *_page(3), "Page 3 of 3"],
    ]
    assert _strip(pages) == [_page(1), [], _page(3)]
