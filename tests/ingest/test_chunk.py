from ingest.chunk import chunk_document
from ingest.loaders import make_doc


def _doc(text: str):  # type: ignore[no-untyped-def]
    return make_doc("folder/doc.md", text, {"title": "T", "language": "en"})


def test_ids_are_deterministic_and_spans_point_into_the_text() -> None:
    text = "\n\n".join(
        f"Paragraph {i}. " + "Sentence about Piura and Tumbes. " * 12 for i in range(8)
    )
    first = chunk_document(_doc(text), size=400, overlap=60)
    again = chunk_document(_doc(text), size=400, overlap=60)
    assert [c.chunk_id for c in first] == [f"folder/doc.md#{n}" for n in range(len(first))]
    assert [c.text for c in first] == [c.text for c in again]
    assert len(first) > 3
    for c in first:
        assert text[c.start : c.end] == c.text
        assert len(c.text) <= 400


def test_chunks_end_on_sentence_boundaries() -> None:
    text = " ".join(f"Sentence number {i} talks about the border crossing." for i in range(60))
    chunks = chunk_document(_doc(text), size=300, overlap=0)
    assert all(c.text.endswith(".") for c in chunks)


def test_pages_are_assigned_from_offsets() -> None:
    page_one = "First page text. " * 30
    page_two = "Second page text. " * 30
    doc = make_doc(
        "r.pdf",
        page_one + "\n\n" + page_two,
        {"title": "R"},
        pages=((1, 0), (2, len(page_one) + 2)),
    )
    chunks = chunk_document(doc, size=300, overlap=0)
    assert chunks[0].page == 1
    assert chunks[-1].page == 2


def test_repeated_text_gets_increasing_offsets() -> None:
    text = "\n\n".join(["The same paragraph about Tumbes repeats here."] * 40)
    chunks = chunk_document(_doc(text), size=200, overlap=0)
    starts = [c.start for c in chunks]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(text[c.start : c.end] == c.text for c in chunks)
