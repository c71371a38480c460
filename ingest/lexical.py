"""The lexical (BM25) index beside Chroma, maintained by ingest, loaded once per process.

Texts are lower-cased and accent-folded (so "extorsion" finds "extorsión"), and Spanish and
English stop words are dropped. The index stores the chunk ids in the same order as its rows
and the manifest *generation* it was built from, so readers can tell when it is stale.

Maintenance is incremental where it costs: ingest tokenises each chunk once, when it writes the
chunk, and the manifest keeps the tokens (see :class:`ingest.manifest.Manifest`). bm25s cannot
add documents to or remove them from a built index, so after a change the index is re-indexed
from the stored tokens (:meth:`LexicalIndex.build_tokens`): counting terms and writing a few
sparse arrays, with no text read or tokenised again. The bot loads the saved index once and
reloads it only when its generation changes (:meth:`LexicalIndex.refresh`); it never builds.
"""

from __future__ import annotations

import json
import math
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.text import tokenize

_LOAD_TRIES = 20


@dataclass(frozen=True)
class _Loaded:
    """One generation of the index in memory: replaced whole, so a search running while a
    newer generation loads sees one generation, never parts of two."""

    retriever: Any = None
    ids: tuple[str, ...] = ()
    generation: str | None = None
    n: int = 0
    df: Mapping[str, int] = field(default_factory=dict)
    by_language: Mapping[str, set[str]] = field(default_factory=dict)
    languages: Mapping[str, str] = field(default_factory=dict)


class LexicalIndex:
    """A bm25s index of every chunk, persisted in a folder."""

    def __init__(self, folder: Path) -> None:
        """Point at the index folder (it may not exist yet)."""
        self.folder = folder
        self._state = _Loaded()
        self._loading = threading.Lock()

    def generation(self) -> str | None:
        """The manifest generation the stored index was built from."""
        meta = self.folder / "meta.json"
        if not meta.exists():
            return None
        return str(json.loads(meta.read_text(encoding="utf-8")).get("generation"))

    def build(
        self,
        chunks: Iterable[tuple[str, str]],
        generation: str,
        languages: Mapping[str, str] | None = None,
    ) -> None:
        """Build from (chunk id, text) pairs and save atomically (tokenises every text)."""
        self.build_tokens(((cid, tokenize(text)) for cid, text in chunks), generation, languages)

    def build_tokens(
        self,
        chunks: Iterable[tuple[str, Sequence[str]]],
        generation: str,
        languages: Mapping[str, str] | None = None,
    ) -> None:
        """Build from (chunk id, tokens of :func:`tokenize`) pairs and save atomically.

        ``languages`` (chunk id -> language) adds document frequencies per language (see
        :meth:`spelled_in`).
        """
        import bm25s

        ids: list[str] = []
        corpus: list[list[str]] = []
        df: Counter[str] = Counter()
        by_language: dict[str, Counter[str]] = {}
        for cid, chunk_tokens in chunks:
            ids.append(cid)
            tokens = list(chunk_tokens) or ["_"]
            corpus.append(tokens)
            df.update(set(tokens))
            if languages and cid in languages:
                by_language.setdefault(languages[cid], Counter()).update(set(tokens))
        tmp = self.folder.with_name(self.folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if ids:
            retriever = bm25s.BM25()
            retriever.index(corpus, show_progress=False)
            retriever.save(str(tmp / "bm25"))
        (tmp / "ids.json").write_text(json.dumps(ids), encoding="utf-8")
        chunk_languages = [(languages or {}).get(cid, "") for cid in ids]
        (tmp / "languages.json").write_text(json.dumps(chunk_languages), encoding="utf-8")
        stats = {"n": len(ids), "df": df, "by_language": by_language}
        (tmp / "df.json").write_text(json.dumps(stats), encoding="utf-8")
        meta = {"generation": generation}
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        old = self.folder.with_name(self.folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            self.folder.rename(old)
        tmp.rename(self.folder)
        shutil.rmtree(old, ignore_errors=True)
        self._state = _Loaded()

    def load(self) -> bool:
        """Load the stored index into memory; False if there is none.

        A writer in another thread or process may replace the folder meanwhile: the files
        are read again until one generation was read whole.
        """
        with self._loading:
            for _ in range(_LOAD_TRIES):
                try:
                    before = self.generation()
                    state = self._read(before)
                    if state is None or self.generation() == before:
                        break
                except (OSError, ValueError, KeyError):  # the folder was swapped mid-read
                    pass
                time.sleep(0.05)
            else:
                return False
            if state is None:
                return False
            self._state = state
            return True

    def _read(self, generation: str | None) -> _Loaded | None:
        if not (self.folder / "ids.json").exists():
            return None
        import bm25s

        ids = tuple(json.loads((self.folder / "ids.json").read_text(encoding="utf-8")))
        stats = json.loads((self.folder / "df.json").read_text(encoding="utf-8"))
        langs = json.loads((self.folder / "languages.json").read_text(encoding="utf-8"))
        return _Loaded(
            retriever=bm25s.BM25.load(str(self.folder / "bm25")) if ids else None,
            ids=ids,
            generation=generation,
            n=int(stats["n"]),
            df=dict(stats["df"]),
            by_language={lang: set(tokens) for lang, tokens in stats["by_language"].items()},
            languages={cid: lang for cid, lang in zip(ids, langs, strict=True) if lang},
        )

    def refresh(self) -> None:
        """Load the stored index if it changed on disk since it was loaded (cheap when not)."""
        try:
            current = self.generation()
        except (OSError, ValueError):  # being replaced right now: the next call sees it
            return
        if current is not None and current != self._state.generation:
            self.load()

    def chunk_ids(self) -> list[str]:
        """The chunk ids of the index in memory, in index order."""
        return list(self._state.ids)

    @property
    def loaded_generation(self) -> str | None:
        """Generation of the index in memory."""
        return self._state.generation

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of a folded token (highest for unseen tokens)."""
        state = self._state
        df = state.df.get(token, 0)
        return math.log(1 + (state.n - df + 0.5) / (df + 0.5))

    def share(self, token: str) -> float:
        """Share of the indexed chunks that contain a folded token (0 when none does)."""
        state = self._state
        return state.df.get(token, 0) / state.n if state.n else 0.0

    def language_of(self, chunk_id: str) -> str | None:
        """The language of an indexed chunk (None when it has none or is not in the index)."""
        return self._state.languages.get(chunk_id)

    def spelled_in(self, token: str, language: str) -> bool | None:
        """Whether some chunk in ``language`` contains the folded token; None when no
        indexed chunk is in ``language``."""
        tokens = self._state.by_language.get(language)
        return None if tokens is None else token in tokens

    def coverage(self, query: str, texts: list[str]) -> float:
        """IDF-weighted share of the query's content words that occur in any of ``texts``."""
        terms = set(tokenize(query))
        if not terms or not self._state.n:
            return 0.0
        found: set[str] = set()
        for text in texts:
            found |= set(tokenize(text))
        weights = {t: self.idf(t) for t in terms}
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in found) / total if total else 0.0

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best ``k`` chunks, best first."""
        state = self._state
        if state.retriever is None or not state.ids:
            return []
        vocab = state.retriever.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens:
            return []
        k = min(k, len(state.ids))
        docs, scores = state.retriever.retrieve([tokens], k=k, show_progress=False)
        return [
            (state.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0
        ]
