from ingest.text import anchor_share, anchors


def test_anchors_are_numbers_and_acronyms_in_any_language() -> None:
    assert anchors("In 2017 Paita moved 228,000 TEU; the DEA and NATO") == {
        "2017",
        "228000",
        "ETU",
        "ADE",
        "ANOT",
    }
    assert anchors("La OTAN y la DEA en 2017") & anchors("NATO, DEA, 2017") == {
        "ANOT",
        "ADE",
        "2017",
    }
    assert anchors("the 12 of April") == set()
    assert anchor_share({"2017", "ADE"}, "DEA report") == 0.5
    assert anchor_share(set(), "anything") == 0.0
