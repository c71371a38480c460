def test_pdf_cleaning_joins_hyphenated_words_but_keeps_real_hyphens() -> None:
    from ingest.text import clean_pdf_text

    assert clean_pdf_text("extor-\nsión en Piura") == "extorsión en Piura"
    assert clean_pdf_text("US-\nEcuador talks") == "US-Ecuador talks"
