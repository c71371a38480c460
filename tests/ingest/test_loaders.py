from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.loaders import load_bytes, load_file, parse_markdown
from ingest.types import Loaded

MB = 1_000_000


def test_markdown_front_matter_wins_and_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: Nota\nsource: INEI\nsource_type: official\npublished: 2018-06-01\n"
        "language: es\ntopics: [census]\nplaces: [Piura]\n---\n\n# Heading\n\nPiura tiene dos millones de habitantes.\n",
        encoding="utf-8",
    )
    doc = load_file(path, "note.md", max_bytes=MB)
    assert doc.title == "Nota"
    assert doc.meta["source"] == "INEI"
    assert doc.meta["published"] == "2018-06-01"
    assert doc.meta["places"] == ["Piura"]
    assert doc.text.startswith("# Heading")
    assert len(doc.meta["content_hash"]) == 32


def test_title_falls_back_to_heading_then_file_name(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "# The heading\n\nSome English text about ports.", encoding="utf-8"
    )
    (tmp_path / "gota-a-gota.txt").write_text(
        "Préstamos diarios con intereses altos.", encoding="utf-8"
    )
    assert load_file(tmp_path / "a.md", "a.md", max_bytes=MB).title == "The heading"
    txt = load_file(tmp_path / "gota-a-gota.txt", "gota-a-gota.txt", max_bytes=MB)
    assert txt.title == "Gota a gota"
    assert txt.meta["language"] == "es"


def test_bom_crlf_and_latin1_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "bom.md").write_bytes("\ufeff# Título\r\n\r\nExtorsión en Piura.\r\n".encode())
    (tmp_path / "latin.txt").write_bytes("Extorsión y minería ilegal en Pataz.".encode("latin-1"))
    bom = load_file(tmp_path / "bom.md", "bom.md", max_bytes=MB)
    assert bom.title == "Título" and "\r" not in bom.text
    assert "Extorsión" in load_file(tmp_path / "latin.txt", "latin.txt", max_bytes=MB).text


def test_broken_front_matter_keeps_the_body_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text(
        "---\ntitle: [unclosed\n---\nBody text about Tumbes.", encoding="utf-8"
    )
    doc = load_file(tmp_path / "b.md", "b.md", max_bytes=MB)
    assert doc.text == "Body text about Tumbes."
    assert doc.warnings and "front matter" in doc.warnings[0]


def test_markdown_parser_gives_what_the_source_says() -> None:
    loaded = parse_markdown(b"---\nsource: INEI\n---\n# Censo\n\nPiura crece.\n")
    assert loaded == Loaded("# Censo\n\nPiura crece.", {"source": "INEI", "title": "Censo"})
    broken = parse_markdown(b"---\ntitle: [unclosed\n---\nBody.")
    assert broken.text == "Body." and len(broken.warnings) == 1


def test_a_parser_pages_warnings_and_the_download_url_reach_the_document() -> None:
    def paged(data: bytes) -> Loaded:
        return Loaded("One.\n\nTwo.", {"title": "Paged"}, ((1, 0), (2, 6)), ("odd page",))

    doc = load_bytes(b"raw", paged, "paged.bin", url="https://example.org/paged")
    assert (doc.title, doc.pages, doc.warnings) == ("Paged", ((1, 0), (2, 6)), ("odd page",))
    assert doc.meta["url"] == "https://example.org/paged"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"", "empty file"),
        ("blank.txt", b"   \n\n  ", "no text"),
        ("x.xyz", b"data", "unsupported file type"),
        ("big.txt", b"a" * 2000, "cap"),
    ],
)
def test_bad_files_raise_a_clear_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError, match=reason):
        load_file(path, name, max_bytes=1000)
