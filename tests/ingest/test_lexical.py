from pathlib import Path

from ingest.chunk import chunk_document
from ingest.lexical import LexicalIndex
from ingest.loaders import make_doc
from ingest.manifest import Manifest
from ingest.text import fold, tokenize


def test_tokens_are_folded_without_stop_words() -> None:
    assert fold("Extorsión") == "extorsion"
    assert tokenize("La extorsión en el Perú y the DEA") == ["extorsion", "peru", "dea"]


def test_build_load_search_and_coverage(tmp_path: Path) -> None:
    index = LexicalIndex(tmp_path / "lex")
    assert index.generation() is None and not index.load()
    index.build(
        [
            ("a#0", "Extorsión a transportistas en Lima."),
            ("b#0", "Minería ilegal de oro en Pataz."),
            ("c#0", "The port of Paita exports fish meal."),
        ],
        "g1",
    )
    assert index.load() and index.generation() == "g1"
    assert index.search("extorsion Lima", 2)[0][0] == "a#0"
    assert index.search("nothing matches zzz", 2) == []
    assert index.idf("zzzunseen") > index.idf("pataz")
    full = index.coverage("minería ilegal Pataz", ["Minería ilegal de oro en Pataz."])
    none = index.coverage("minería ilegal Pataz", ["The port of Paita exports fish meal."])
    assert full == 1.0 and none == 0.0


def test_refresh_reloads_only_when_the_generation_changes(tmp_path: Path) -> None:
    index = LexicalIndex(tmp_path / "lex")
    index.build([("a#0", "uno dos tres")], "g1")
    index.load()
    index.build([("a#0", "uno dos tres"), ("b#0", "cuatro cinco")], "g2")
    index.refresh()
    assert index.loaded_generation == "g2"
    assert index.search("cuatro", 1)[0][0] == "b#0"


def test_build_from_tokens_equals_build_from_texts(tmp_path: Path) -> None:
    texts = [("a#0", "Extorsión a transportistas en Lima."), ("b#0", "Oro ilegal en Pataz.")]
    from_texts, from_tokens = LexicalIndex(tmp_path / "t"), LexicalIndex(tmp_path / "k")
    from_texts.build(texts, "g")
    from_tokens.build_tokens([(cid, tokenize(text)) for cid, text in texts], "g")
    assert from_texts.load() and from_tokens.load()
    for query in ("extorsion lima", "oro pataz", "transportistas"):
        assert from_texts.search(query, 2) == from_tokens.search(query, 2)


def test_document_frequencies_per_language(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path / "m.sqlite")
    for doc_id, text, lang in [
        ("es.md", "El Medio Oriente y Euroandinos en Paita.", "es"),
        ("en.md", "The Middle East and Euroandinos at Paita.", "en"),
    ]:
        doc = make_doc(doc_id, text, {"language": lang})
        chunks = chunk_document(doc, size=200, overlap=0)
        manifest.record(doc, chunks, None, [tokenize(c.text) for c in chunks])
    languages = manifest.chunk_languages()
    assert sorted(languages.values()) == ["en", "es"]
    index = LexicalIndex(tmp_path / "lex")
    index.build_tokens(manifest.iter_tokens(), "g1", languages)
    index.load()
    assert index.spelled_in("euroandino", "es") and index.spelled_in("euroandino", "en")
    assert index.spelled_in("middle", "es") is False and index.spelled_in("middle", "en")
    assert index.spelled_in("middle", "fr") is None  # no statistics for that language
    assert index.share("paita") == 1.0 and index.share("zzz") == 0.0
    manifest.close()


def test_the_language_of_each_chunk_is_kept(tmp_path: Path) -> None:
    texts = [("es.md#0", "Extorsión en Lima."), ("en.md#0", "Extortion in Lima."), ("x#0", "?")]
    index = LexicalIndex(tmp_path / "lex")
    index.build(texts, "g1", {"es.md#0": "es", "en.md#0": "en"})
    assert index.load()
    assert index.language_of("es.md#0") == "es" and index.language_of("en.md#0") == "en"
    assert index.language_of("x#0") is None and index.language_of("unknown#0") is None


def test_searches_while_another_writer_replaces_the_index_see_one_generation(
    tmp_path: Path,
) -> None:
    import threading

    folder = tmp_path / "lex"
    writer, reader = LexicalIndex(folder), LexicalIndex(folder)

    def chunks(n: int) -> list[tuple[str, list[str]]]:
        # each generation has its own vocabulary size, so mixing two generations breaks bm25s
        return [(f"c{i}", [f"w{j}" for j in range(i, i + n)]) for i in range(n)]

    writer.build_tokens(chunks(5), "g0")
    reader.load()
    stop = threading.Event()
    errors: list[BaseException] = []

    def rewrite() -> None:
        n = 5
        while not stop.is_set():
            n = 5 + (n + 7) % 60
            writer.build_tokens(chunks(n), f"g{n}")

    def search() -> None:
        try:
            while not stop.is_set():
                reader.refresh()
                reader.search("w3 w40 w63", 5)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=rewrite)] + [
        threading.Thread(target=search) for _ in range(3)
    ]
    for t in threads:
        t.start()
    threading.Event().wait(3)
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    assert reader.loaded_generation is not None
