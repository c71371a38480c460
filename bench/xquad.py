"""Cross-lingual retrieval quality on XQuAD: BM25, each dense embedder, and briefbot's fusion.

Usage::

    python bench/xquad.py --data ../shared/bench/xquad [--embedders use,e5] [--cache DIR]

Two pools of paragraphs (240 paragraphs in 48 articles, English and Spanish, aligned):

- English-only pool: every paragraph in English; questions in English and Spanish.
- Split pool: even-numbered articles in English, odd-numbered ones in Spanish (each article in
  one language only); every question asked in both languages, so a Spanish question about an
  even article has its answer only in English and its Spanish distractors are other articles.

briefbot's retrieval is reproduced exactly as the engine runs it: the union of each
retriever's top 40 becomes the candidate set, fused by ``bot.answer.fusion.fuse_scores``.
Prints R@1, R@5 and MRR per language pair, and each embedder's measured same-language bias.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package

from bot.answer.fusion import fuse_scores  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.embedders import get_embedder  # noqa: E402
from ingest.text import anchors, tokenize  # noqa: E402

POOL = 40


def load(data: Path) -> tuple[list[dict], list[dict]]:  # type: ignore[type-arg]
    """Paragraphs and questions, aligned across English and Spanish."""
    en = json.loads((data / "xquad.en.json").read_text(encoding="utf-8"))["data"]
    es = json.loads((data / "xquad.es.json").read_text(encoding="utf-8"))["data"]
    paragraphs, questions = [], []
    for a, (art_en, art_es) in enumerate(zip(en, es, strict=True)):
        for p_en, p_es in zip(art_en["paragraphs"], art_es["paragraphs"], strict=True):
            pid = len(paragraphs)
            title = str(art_en.get("title", "")).replace("_", " ")
            paragraphs.append(
                {"article": a, "title": title, "en": p_en["context"], "es": p_es["context"]}
            )
            for q_en, q_es in zip(p_en["qas"], p_es["qas"], strict=True):
                questions.append(
                    {"pid": pid, "article": a, "en": q_en["question"], "es": q_es["question"]}
                )
    return paragraphs, questions


def embed(name: str, emb, texts: list[str], kind: str, cache: Path | None) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Embeddings, cached on disk by embedder id, kind and content."""
    import hashlib

    key = hashlib.sha256(("\n".join(texts) + kind + emb.id).encode()).hexdigest()[:16]
    path = cache / f"{name}-{kind}-{key}.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    out = np.vstack([emb.encode(texts[i : i + 64], kind=kind) for i in range(0, len(texts), 64)])
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, out)
    return out


def bm25_scores(pool_texts: list[str], queries: list[str]) -> np.ndarray:
    """BM25 score of every (query, passage) pair, with briefbot's tokenizer."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenize(t) or ["_"] for t in pool_texts], show_progress=False)
    vocab = retriever.vocab_dict
    out = np.zeros((len(queries), len(pool_texts)), dtype=np.float32)
    for i, q in enumerate(queries):
        tokens = [t for t in tokenize(q) if t in vocab]
        if tokens:
            docs, scores = retriever.retrieve([tokens], k=len(pool_texts), show_progress=False)
            out[i, docs[0]] = scores[0]
    return out


def metrics(scores: np.ndarray, targets: np.ndarray) -> tuple[float, float, float]:
    """R@1, R@5 and MRR of score rows against the target column of each row."""
    target_scores = scores[np.arange(len(targets)), targets]
    ranks = (scores > target_scores[:, None]).sum(axis=1) + 1
    return float((ranks == 1).mean()), float((ranks <= 5).mean()), float((1 / ranks).mean())


def anchor_matrix(pool_texts: list[str], queries: list[str]) -> np.ndarray:
    """Share of each query's anchors (``ingest.text.anchors``) found in each passage."""
    pool = [anchors(t) for t in pool_texts]
    out = np.zeros((len(queries), len(pool_texts)))
    for i, q in enumerate(queries):
        wanted = anchors(q)
        if wanted:
            out[i] = [len(wanted & p) / len(wanted) for p in pool]
    return out


def fused(
    dense: dict[str, np.ndarray],
    lexical: np.ndarray | None,
    same: np.ndarray,
    anchor: np.ndarray | None = None,
) -> np.ndarray:
    """briefbot's fusion over each query's candidate set (union of the top ``POOL``)."""
    n_q, n_p = next(iter(dense.values())).shape
    out = np.full((n_q, n_p), -1e9)
    sources = [*dense.values()] + ([lexical] if lexical is not None else [])
    for i in range(n_q):
        cand = np.unique(np.concatenate([np.argsort(-s[i])[:POOL] for s in sources]))
        lex = lexical[i, cand] if lexical is not None else None
        anc = anchor[i, cand] if anchor is not None else None
        total = fuse_scores({k: v[i, cand] for k, v in dense.items()}, lex, same[i, cand], anc)
        out[i, cand] = total
    return out


def main() -> None:
    """Run the benchmark and print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="folder with xquad.en.json, xquad.es.json"
    )
    parser.add_argument("--embedders", default="use,e5", help="comma-separated embedder names")
    parser.add_argument("--cache", type=Path, default=ROOT / "data" / "bench-cache")
    parser.add_argument("--models-dir", type=Path, default=None)
    args = parser.parse_args()

    settings = (
        Settings(_env_file=None, models_dir=args.models_dir)
        if args.models_dir
        else Settings(_env_file=None)
    )  # type: ignore[call-arg]
    paragraphs, questions = load(args.data)
    names = [n.strip() for n in args.embedders.split(",") if n.strip()]
    targets = np.array([q["pid"] for q in questions])
    q_lang = {"en": [q["en"] for q in questions], "es": [q["es"] for q in questions]}
    p_lang = {"en": [p["en"] for p in paragraphs], "es": [p["es"] for p in paragraphs]}
    split_lang = np.array(["en" if p["article"] % 2 == 0 else "es" for p in paragraphs])
    split_texts = [p[str(lang)] for p, lang in zip(paragraphs, split_lang, strict=True)]
    article_lang = split_lang[targets]

    sims: dict[str, dict[str, np.ndarray]] = {}  # name -> key -> (n_q, n_p)
    ids: dict[str, str] = {}
    timing: dict[str, float] = {}
    for name in names:
        emb = get_embedder(name, settings)
        ids[name] = emb.id
        t0 = time.perf_counter()
        P = {lang: embed(name, emb, p_lang[lang], "passage", args.cache) for lang in ("en", "es")}
        Q = {lang: embed(name, emb, q_lang[lang], "query", args.cache) for lang in ("en", "es")}
        timing[name] = time.perf_counter() - t0
        split_P = np.where((split_lang == "en")[:, None], P["en"], P["es"])
        sims[name] = {
            "enpool-en": Q["en"] @ P["en"].T,
            "enpool-es": Q["es"] @ P["en"].T,
            "split-en": Q["en"] @ split_P.T,
            "split-es": Q["es"] @ split_P.T,
        }
        rel_en = np.einsum("ij,ij->i", Q["en"], P["en"][targets])
        rel_es_on_en = np.einsum("ij,ij->i", Q["es"], P["en"][targets])
        rel_es = np.einsum("ij,ij->i", Q["es"], P["es"][targets])
        rel_en_on_es = np.einsum("ij,ij->i", Q["en"], P["es"][targets])
        bias = ((rel_en - rel_es_on_en).mean() + (rel_es - rel_en_on_es).mean()) / 2
        print(
            f"{emb.id}: same-language bias {bias:.4f}; relevant cosine en-en {rel_en.mean():.3f}, "
            f"es-en {rel_es_on_en.mean():.3f}, es-es {rel_es.mean():.3f}, en-es {rel_en_on_es.mean():.3f}"
        )
    bm25 = {
        "enpool-en": bm25_scores(p_lang["en"], q_lang["en"]),
        "enpool-es": bm25_scores(p_lang["en"], q_lang["es"]),
        "split-en": bm25_scores(split_texts, q_lang["en"]),
        "split-es": bm25_scores(split_texts, q_lang["es"]),
    }

    anchor = {
        "enpool-en": anchor_matrix(p_lang["en"], q_lang["en"]),
        "enpool-es": anchor_matrix(p_lang["en"], q_lang["es"]),
        "split-en": anchor_matrix(split_texts, q_lang["en"]),
        "split-es": anchor_matrix(split_texts, q_lang["es"]),
    }

    def same_mask(pool: str, qlang: str) -> np.ndarray:
        plangs = np.full(len(paragraphs), "en") if pool == "enpool" else split_lang
        return np.tile(plangs == qlang, (len(questions), 1))

    systems: dict[str, dict[str, np.ndarray]] = {"BM25": bm25}
    for name in names:
        systems[ids[name]] = sims[name]
    if len(names) > 1:
        systems["fusion of dense only"] = {
            key: fused(
                {ids[n]: sims[n][key] for n in names},
                None,
                same_mask(key.split("-")[0], key.split("-")[1]),
            )
            for key in bm25
        }
    systems["briefbot (" + "+".join(ids[n] for n in names) + "+bm25)"] = {
        key: fused(
            {ids[n]: sims[n][key] for n in names},
            bm25[key],
            same_mask(key.split("-")[0], key.split("-")[1]),
            anchor[key],
        )
        for key in bm25
    }

    rows = []
    for system, table in systems.items():
        cells = []
        for key, mask in (
            ("split-en", article_lang == "en"),
            ("split-es", article_lang == "es"),
            ("split-es", article_lang == "en"),
            ("split-en", article_lang == "es"),
            ("enpool-en", None),
            ("enpool-es", None),
        ):
            s = table[key] if mask is None else table[key][mask]
            t = targets if mask is None else targets[mask]
            cells.append(metrics(s, t))
        rows.append((system, cells))
    header = [
        "split en→en",
        "split es→es",
        "split es→en",
        "split en→es",
        "en-pool en→en",
        "en-pool es→en",
    ]
    print(f"\n{len(questions)} questions, {len(paragraphs)} paragraphs; R@1 / R@5 / MRR\n")
    print("| retriever | " + " | ".join(header) + " | split mean R@1 |")
    print("|---|" + "---|" * (len(header) + 1))
    for system, cells in rows:
        mean_r1 = np.mean([c[0] for c in cells[:4]])
        print(
            f"| {system} | "
            + " | ".join(f"{a:.3f} / {b:.3f} / {c:.3f}" for a, b, c in cells)
            + f" | {mean_r1:.3f} |"
        )
    print(
        "\nembedding time (s, passages + queries, 0 when cached): "
        + ", ".join(f"{ids[n]} {timing[n]:.1f}" for n in names)
    )


if __name__ == "__main__":
    main()
