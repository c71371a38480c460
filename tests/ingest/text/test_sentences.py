from ingest.text import split_sentences


def test_sentences_skip_headings_and_keep_abbreviations() -> None:
    text = "# Title\nEE. UU. firmó el acuerdo. Luego hubo 3 reuniones.\n- A point here."
    assert split_sentences(text) == [
        "EE. UU. firmó el acuerdo.",
        "Luego hubo 3 reuniones.",
        "A point here.",
    ]
