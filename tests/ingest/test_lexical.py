from pathlib import Path

from ingest.lexical import LexicalIndex, fold, tokenize


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
